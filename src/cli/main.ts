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
