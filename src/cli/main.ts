import { Command, CommanderError, Option } from 'commander';
import { type CliIO, processIO } from './io.js';

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
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  program
    .command('init')
    .description(
      'create a paws.yaml to start from (and with --platform a starter platform folder); never overwrites',
    )
    .option('--name <name>', 'workload name (default: the folder name)')
    .option('--platform', 'also create platform/environments.yaml with dev, staging and prod')
    .action(async (options: { name?: string; platform?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      exitCode = runInit(options, io);
    });

  program
    .command('validate')
    .description('load and check workload specs and the platform folder; exit 0 when valid, 1 when not')
    .argument(
      '[paths...]',
      'workload files, folders or globs (default: paws.yaml, *.paws.yaml and score.yaml below the working directory)',
    )
    .option('--platform <dir>', 'platform folder (default: "platform" in paws.config.yaml, else ./platform)')
    .option('--image <image>', 'image for containers written image: "." (built by CI)')
    .option('--out <dir>', 'output folder, skipped when searching for specs (default: ./out)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        paths: string[],
        options: { platform?: string; image?: string; out?: string; format: 'text' | 'json' },
      ) => {
        const { runValidate } = await import('./commands/validate.js');
        exitCode = runValidate({ paths, ...options }, io);
      },
    );

  const collect = (value: string, previous: string[] = []) => [
    ...previous,
    ...value.split(',').filter(Boolean),
  ];
  const projectOptions = (command: Command) =>
    command
      .option(
        '--platform <dir>',
        'platform folder (default: "platform" in paws.config.yaml, else ./platform)',
      )
      .option('--image <image>', 'image for containers written image: "." (built by CI)');

  projectOptions(
    program
      .command('compile')
      .description(
        'compile every workload for each environment and write Terraform, Kubernetes and ArgoCD files',
      )
      .argument('[paths...]', 'workload files, folders or globs (default: search the working directory)')
      .option(
        '--env <names>',
        'environment(s) to compile, repeatable or comma-separated (default: all)',
        collect,
      )
      .option('--out <dir>', 'output folder (default: "out" in paws.config.yaml, else ./out)')
      .option(
        '--force',
        'write into a non-empty folder that has no .paws-manifest.json (other files are left alone)',
      ),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        paths: string[],
        options: {
          platform?: string;
          image?: string;
          env?: string[];
          out?: string;
          force?: boolean;
          format: 'text' | 'json';
        },
      ) => {
        const { runCompile } = await import('./commands/compile.js');
        exitCode = await runCompile(paths, options, io);
      },
    );

  projectOptions(
    program
      .command('diff')
      .description(
        'compile in memory and show what changes against an output folder or a git ref; exit 0 no change, 2 changes, 1 error',
      )
      .argument('[paths...]', 'workload files, folders or globs (default: search the working directory)')
      .option(
        '--env <names>',
        'environment(s) to compare, repeatable or comma-separated (default: all)',
        collect,
      )
      .option(
        '--out <dir>',
        'output folder to compare with when neither --against nor --against-ref is given',
      )
      .option('--against <dir>', 'compare with this output folder (default: the output folder)')
      .option(
        '--against-ref <ref>',
        'compare with the output of the specs at this git ref (compiled in a temporary worktree)',
      ),
  )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .action(
      async (
        paths: string[],
        options: {
          platform?: string;
          image?: string;
          env?: string[];
          out?: string;
          against?: string;
          againstRef?: string;
          format: 'text' | 'markdown' | 'json';
        },
      ) => {
        const { runDiff } = await import('./commands/diff.js');
        exitCode = await runDiff(paths, options, io);
      },
    );

  projectOptions(
    program
      .command('plan')
      .description(
        'resolve every resource per environment and print the plan (definitions chosen, values bound)',
      )
      .argument('[paths...]', 'workload files, folders or globs (default: search the working directory)')
      .option(
        '--env <names>',
        'environment(s) to plan, repeatable or comma-separated (default: all)',
        collect,
      ),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        paths: string[],
        options: { platform?: string; image?: string; env?: string[]; format: 'text' | 'json' },
      ) => {
        const { runPlan } = await import('./commands/plan.js');
        exitCode = await runPlan(paths, options, io);
      },
    );

  projectOptions(
    program
      .command('explain')
      .description(
        "show every candidate definition for a workload's resource in an environment, each criterion, and the winner",
      )
      .argument('<workload>', 'workload name (metadata.name)')
      .argument('<resource>', 'resource name in that workload')
      .requiredOption('--env <name>', 'environment', collect),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      async (
        workload: string,
        resource: string,
        options: { platform?: string; image?: string; env: string[]; format: 'text' | 'json' },
      ) => {
        const { runExplain } = await import('./commands/explain.js');
        exitCode = await runExplain(workload, resource, options, io);
      },
    );

  projectOptions(
    program
      .command('graph')
      .description('print the resource graph of an environment (workloads, resources, dependencies)')
      .requiredOption('--env <name>', 'environment', collect),
  )
    .addOption(new Option('--format <format>', 'graph format').choices(['dot', 'mermaid']).default('mermaid'))
    .action(
      async (options: { platform?: string; image?: string; env: string[]; format: 'dot' | 'mermaid' }) => {
        const { runGraph } = await import('./commands/graph.js');
        exitCode = await runGraph(options, io);
      },
    );

  projectOptions(
    program
      .command('catalog')
      .description(
        'list resource types, classes, definitions, and which definition serves each type per environment',
      ),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { platform?: string; image?: string; format: 'text' | 'json' }) => {
      const { runCatalog } = await import('./commands/catalog.js');
      exitCode = runCatalog(options, io);
    });

  const definitions = program.command('definitions').description('work with resource definitions');
  definitions
    .command('check')
    .description(
      "render every definition (built-in and platform) with sample inputs and check it against its type's contract",
    )
    .option('--platform <dir>', 'platform folder (default: "platform" in paws.config.yaml, else ./platform)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { platform?: string; format: 'text' | 'json' }) => {
      const { runDefinitionsCheck } = await import('./commands/definitions.js');
      exitCode = await runDefinitionsCheck(options, io);
    });

  program
    .command('schema')
    .description('print the JSON Schema of a spec kind, for editors')
    .argument(
      '[kind]',
      'workload | score | environment | resource-type | resource-definition | config',
      'workload',
    )
    .action(async (kind: string) => {
      const { runSchema } = await import('./commands/schema.js');
      exitCode = runSchema(kind, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    const { reportInternalError } = await import('./internal-error.js');
    return reportInternalError(error, io);
  }
  return exitCode;
}

const PAWS_VERSION = '0.1.0';
