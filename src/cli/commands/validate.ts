import { createNodeHost } from '../../compiler/host.js';
import { type CheckOptions, type CheckResult, check } from '../../api/validate.js';
import { validate } from '../../api/validate-all.js';
import type { CliIO } from '../io.js';
import { collectAfterEnvironment } from '../collect-garbage.js';
import { tuneForRun } from '../jit-tuning.js';
import { loadProject } from '../../compiler/load/index.js';
import { printDiagnostics } from '../print.js';
import { plural } from '../report.js';
import { neighbourhood } from '../../api/selection.js';

export interface ValidateCommandOptions extends CheckOptions {
  format: 'text' | 'json';
  /** Only load and schema checks (the quick pass of an editor or a pre-commit hook). */
  schemaOnly?: boolean;
}

/**
 * Every check compile runs (resolution in every environment, params, contracts, emission), without
 * writing; with --schema-only, only loading and the schemas.
 */
export async function runValidate(options: ValidateCommandOptions, io: CliIO): Promise<number> {
  const host = io.host ?? createNodeHost();
  // Like git, from a subfolder: the project's platform, the workloads below the working directory.
  const scoped = { scope: 'here' as const, ...options };
  if (options.schemaOnly) return report(check(scoped, host, loadProject(scoped, host)), options.format, io);
  // The selected workloads with those they reach, so references across workloads resolve.
  const near = neighbourhood(host, options);
  const loaded = near?.loaded ?? loadProject(scoped, host);
  tuneForRun(loaded.value.workloads.length);
  // Each environment's files are checked and dropped, as compile writes them: nothing piles up.
  const result = await validate(near?.options ?? scoped, host, loaded, () => collectAfterEnvironment());
  const diagnostics = near ? result.diagnostics.filter(near.concerns) : result.diagnostics;
  return report({ ...result, diagnostics }, options.format, io, near?.selected);
}

/** Prints what a validate found; exit 1 on an error. */
function report(
  result: Pick<CheckResult, 'diagnostics' | 'sources'> & { project?: CheckResult['project'] },
  format: ValidateCommandOptions['format'],
  io: CliIO,
  selected?: ReadonlySet<string>,
): number {
  const failed = printDiagnostics(result.diagnostics, result.sources, format, io);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ valid: !failed, diagnostics: result.diagnostics }, null, 2)}\n`);
  } else if (result.project && !failed) {
    const { workloads, platform } = result.project;
    const custom = [...platform.resourceTypes.values()].filter((t) => !t.builtin).length;
    const reached = selected ? workloads.length - selected.size : 0;
    io.stdout(
      `valid: ${plural(selected?.size ?? workloads.length, 'workload')}${reached > 0 ? ` (with ${reached} it refers to)` : ''}; platform: ${plural(platform.environments.length, 'environment')}, ` +
        `${plural(platform.resourceTypes.size, 'resource type')} (${custom} from the platform folder), ` +
        `${plural(platform.definitions.length, 'definition')} (${platform.definitions.filter((d) => d.builtin).length} built-in)\n`,
    );
  }
  return failed ? 1 : 0;
}
