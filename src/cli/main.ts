import { PAWS_VERSION } from '../compiler/version.js';
import { Command, CommanderError, Option } from 'commander';
import type { runCompile as runCompileType } from './commands/compile.js';
import type { runDiff as runDiffType } from './commands/diff.js';
import type { runPlan as runPlanType } from './commands/plan.js';
import type { runTeardown as runTeardownType } from './commands/teardown.js';
import { type CliIO, processIO } from './io.js';
import { createNodeHost } from '../compiler/host.js';

/** `--env a,b --env c` → [a, b, c]. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

type Adder = (command: Command) => Command;

/** The arguments and options most commands share, declared once and added with `use`. */
const paths: Adder = (command) =>
  command.argument('[paths...]', 'workload files, folders or globs (default: search the working directory)');
const platform: Adder = (command) =>
  command.option(
    '--platform <dir>',
    'platform folder (default: "platform" in paws.config.yaml, else ./platform)',
  );
const image: Adder = (command) =>
  command
    .option(
      '--image <image>',
      'image for containers written image: "." (built by CI); <workload>=<image> for one workload (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--images <file>', 'images per workload: a JSON or YAML map of workload name to image');
const envs =
  (what: string): Adder =>
  (command) =>
    command.option(
      '--env <names>',
      `environment(s) to ${what}, repeatable or comma-separated (default: all)`,
      collect,
    );
const env: Adder = (command) => command.requiredOption('--env <name>', 'environment', collect);
const oneEnv: Adder = (command) =>
  command.option('--env <name>', 'environment (default: the only one, when there is one)', collect);
const extendsBase: Adder = (command) =>
  command.option(
    '--extends <base>',
    'make --env an ephemeral environment for this run, cloned from <base> (which must set spec.ephemeral.allowed)',
  );
const format =
  (choices: string[] = ['text', 'json'], fallback = 'text'): Adder =>
  (command) =>
    command.addOption(new Option('--format <format>', 'output format').choices(choices).default(fallback));

function use(command: Command, ...adders: Adder[]): Command {
  for (const add of adders) add(command);
  return command;
}

type Format = 'text' | 'json';

const HELP_WIDTH = 80;

/** What each command registration needs: a way to declare a command, the IO, and where its exit code goes. */
interface Ctx {
  command: (name: string, description: string) => Command;
  io: CliIO;
  done: (code: number) => void;
}

/** validate and compile: a project from its files to its output. */
function projectCommands(ctx: Ctx): void {
  const { command, io } = ctx;
  use(
    command(
      'validate',
      'check workload specs and the platform folder as compile does, without writing; exit 0 when valid, 1 when not',
    ).argument(
      '[paths...]',
      'workload files, folders or globs (default: paws.yaml, *.paws.yaml, score*.yaml and *.score.yaml below the working directory)',
    ),
    platform,
    image,
    format(),
  )
    .option('--out <dir>', 'output folder, skipped when searching for specs (default: ./out)')
    .option('--schema-only', 'only load and check against the schemas (fast; skips resolution)')
    .action(
      async (
        files: string[],
        options: { platform?: string; image?: string; out?: string; format: Format; schemaOnly?: boolean },
      ) => {
        const { runValidate } = await import('./commands/validate.js');
        ctx.done(await runValidate({ paths: files, ...options }, io));
      },
    );

  use(
    command(
      'compile',
      'compile every workload for each environment and write Terraform, Kubernetes and ArgoCD files',
    ),
    paths,
    platform,
    image,
    envs('compile'),
    extendsBase,
    format(),
  )
    .option('--out <dir>', 'output folder (default: "out" in paws.config.yaml, else ./out)')
    .option(
      '--force',
      'write into a non-empty folder that has no .paws-manifest.json (other files are left alone)',
    )
    .option(
      '--atlantis <file>',
      "also write an Atlantis repo config (atlantis.yaml) for the output's Terraform modules, in apply order",
    )
    .option(
      '--backstage <file>',
      'also write Backstage catalog entities (a Component per workload, a Resource per resource and environment) to this file',
    )
    .action(async (files: string[], options: Parameters<typeof runCompileType>[1]) => {
      const { runCompile } = await import('./commands/compile.js');
      ctx.done(await runCompile(files, options, io));
    });
}

/** diff and teardown: what a change does, and removing an environment. */
function changeCommands(ctx: Ctx): void {
  const { command, io } = ctx;
  use(
    command(
      'diff',
      'compile in memory and show what changes against an output folder or a git ref; exit 0 no change, 2 changes, 1 error, 3 destroys data (with --fail-on-destroy)',
    ),
    paths,
    platform,
    image,
    envs('compare'),
    extendsBase,
    format(['text', 'markdown', 'summary', 'json']),
  )
    .option('--out <dir>', 'output folder to compare with when neither --against nor --against-ref is given')
    .option('--against <dir>', 'compare with this output folder (default: the output folder)')
    .option(
      '--against-ref <ref>',
      'compare with the output of the specs at this git ref (compiled in a temporary worktree)',
    )
    .option(
      '--summary-out <file>',
      'also write the pull-request summary (under 60,000 characters) to this file',
    )
    .option('--full-diff <where>', 'where the summary says the full diff is (a link or a name)')
    .option(
      '--modules-out <dir>',
      'also write each changed Terraform root module (teardown modules included) below this folder, for plan jobs',
    )
    .option(
      '--fail-on-destroy',
      'exit 3 when a stateful resource (a database, bucket, queue, volume …) would be replaced or deleted',
    )
    .action(async (files: string[], options: Parameters<typeof runDiffType>[1]) => {
      const { runDiff } = await import('./commands/diff.js');
      ctx.done(await runDiff(files, options, io));
    });

  use(
    command(
      'teardown',
      'remove an environment that is gone (or an ephemeral one) from the output, keeping a Terraform module that destroys its resources',
    ),
    paths,
    platform,
    image,
    env,
    extendsBase,
    format(),
  )
    .option('--out <dir>', 'output folder (default: "out" in paws.config.yaml, else ./out)')
    .option('--forget', 'after terraform apply destroyed its resources: remove the teardown module too')
    .option(
      '--module <module>',
      'with --forget: remove one teardown module of an environment that stays (a removed workload or shared resource)',
    )
    .action(async (files: string[], options: Parameters<typeof runTeardownType>[1]) => {
      const { runTeardown } = await import('./commands/teardown.js');
      ctx.done(await runTeardown(files, options, io));
    });
}

/** plan and explain: how the project resolves. */
function inspectCommands(ctx: Ctx): void {
  const { command, io } = ctx;
  use(
    command(
      'plan',
      'resolve every resource per environment and print the plan (definitions chosen, values bound)',
    ),
    paths,
    platform,
    image,
    envs('plan'),
    extendsBase,
    format(),
  ).action(async (files: string[], options: Parameters<typeof runPlanType>[1]) => {
    const { runPlan } = await import('./commands/plan.js');
    ctx.done(await runPlan(files, options, io));
  });

  use(
    command(
      'explain',
      "show every candidate definition for a workload's resource in an environment, each criterion, and the winner",
    )
      .argument('<workload>', "workload name (metadata.name); may be left out below a workload's folder")
      .argument('[resource]', 'resource name in that workload'),
    platform,
    image,
    oneEnv,
    format(),
  ).action(
    async (
      first: string,
      second: string | undefined,
      options: { platform?: string; image?: string; env?: string[]; format: Format },
    ) => {
      const { runExplain } = await import('./commands/explain.js');
      ctx.done(await runExplain(second === undefined ? undefined : first, second ?? first, options, io));
    },
  );
}

/** init: a first paws.yaml (and platform folder). */
function initCommand(ctx: Ctx): void {
  const { command, io } = ctx;
  command(
    'init',
    'create a paws.yaml to start from (and with --platform a starter platform folder); never overwrites',
  )
    .option('--name <name>', 'workload name (default: the folder name)')
    .option('--platform', 'also create platform/environments.yaml with dev, staging and prod')
    .action(async (options: { name?: string; platform?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      ctx.done(runInit(options, io));
    });
}

/** graph: the resource graph, or the Terraform modules and their order. */
function graphCommand(ctx: Ctx): void {
  const { command, io } = ctx;
  use(
    command('graph', 'print the resource graph of an environment (workloads, resources, dependencies)'),
    platform,
    image,
    oneEnv,
    format(['dot', 'mermaid'], 'mermaid'),
  )
    .option(
      '--modules',
      "the environment's Terraform root modules and which ones each reads (the apply order)",
    )
    .action(
      async (options: {
        platform?: string;
        image?: string;
        env?: string[];
        format: 'dot' | 'mermaid';
        modules?: boolean;
      }) => {
        const { runGraph } = await import('./commands/graph.js');
        ctx.done(await runGraph(options, io));
      },
    );
}

/** catalog, definitions check and schema: the platform and the spec kinds. */

function platformCommands(ctx: Ctx): void {
  const { command, io } = ctx;
  use(
    command(
      'catalog',
      'list resource types, classes, definitions, and which definition serves each type per environment',
    ),
    platform,
    image,
    envs('show'),
    format(['text', 'json', 'backstage']),
  ).action(
    async (options: { platform?: string; image?: string; env?: string[]; format: Format | 'backstage' }) => {
      const { runCatalog } = await import('./commands/catalog.js');
      ctx.done(await runCatalog(options, io));
    },
  );

  use(
    command('definitions', 'work with resource definitions')
      .command('check')
      .description(
        "render every definition (built-in and platform) with sample inputs and check it against its type's contract",
      ),
    platform,
    format(),
  ).action(async (options: { platform?: string; format: Format }) => {
    const { runDefinitionsCheck } = await import('./commands/definitions.js');
    ctx.done(await runDefinitionsCheck(options, io));
  });

  command('explain-code', 'say what a diagnostic code means: its severity, stage and meaning')
    .argument('<code>', 'a code such as PAWS3104')
    .action(async (code: string) => {
      const { runExplainCode } = await import('./commands/explain-code.js');
      ctx.done(runExplainCode(code, io));
    });

  command('schema', 'print the JSON Schema of a spec kind, for editors')
    .argument(
      '[kind]',
      'workload | score | environment | resource-type | resource-definition | config',
      'workload',
    )
    .action(async (kind: string) => {
      const { runSchema } = await import('./commands/schema.js');
      ctx.done(runSchema(kind, io));
    });
}

/**
 * --image (repeatable, <workload>=<image> for one workload) and --images FILE become the options
 * every command takes: `image` for every workload, `images` per workload.
 */
async function imageOptions(action: Command, io: CliIO): Promise<void> {
  const opts = action.opts() as { image?: string[]; images?: string };
  if (opts.image === undefined && opts.images === undefined) return;
  const { readImagesFile, splitImageFlags } = await import('./images.js');
  const flags = splitImageFlags(opts.image ?? []);
  if ('error' in flags) return action.error(`error: ${flags.error}`);
  const fromFile =
    opts.images === undefined ? {} : await readImagesFile(io.host ?? createNodeHost(), opts.images);
  if ('error' in fromFile) return action.error(`error: ${fromFile.error as string}`);
  const images = { ...fromFile, ...flags.images };
  action.setOptionValue('image', flags.image);
  action.setOptionValue('images', Object.keys(images).length > 0 ? images : undefined);
}

/**
 * The CLI: flags → options → library call → printed result → exit code. Command implementations are
 * imported only when their command runs, so `paws --help` loads commander and nothing else.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command('paws')
    .description(
      'Compile env-agnostic workload specs (paws.yaml, score.yaml) into Terraform, Kubernetes and ArgoCD, per environment.',
    )
    .version(PAWS_VERSION, '-v, --version')
    .showHelpAfterError('(run "paws help" for the list of commands)')
    .exitOverride()
    // Help wraps at 80 columns on every terminal: the same text everywhere, which `paws --help`
    // prints from dist/help.txt (written by the build) without loading the CLI.
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
    });
  const command = (name: string, description: string) => program.command(name).description(description);
  program.hook('preAction', (_program, action) => imageOptions(action, io));
  const ctx: Ctx = { command, io, done: (code) => (exitCode = code) };
  initCommand(ctx);
  projectCommands(ctx);
  changeCommands(ctx);
  inspectCommands(ctx);
  graphCommand(ctx);
  platformCommands(ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    const { reportInternalError } = await import('./internal-error.js');
    return reportInternalError(error, io);
  }
  return exitCode;
}
