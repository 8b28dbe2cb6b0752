import type { StageResult } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import type { LoadedProject } from '../compiler/load/index.js';
import type { CheckOptions, CheckResult } from './validate.js';

export interface ValidateResult extends Pick<CheckResult, 'diagnostics' | 'sources' | 'project'> {
  /** Whether no error was found. */
  valid: boolean;
}

/**
 * Every check `compile` runs, without writing: load, schemas, resolution in every selected
 * environment (matching, params, contracts, policies), emission and serialization. What
 * `paws validate` reports; `check` is the quick part (load and schemas) alone.
 */
export async function validate(
  options: CheckOptions & { environments?: readonly string[] },
  host: Host,
  preloaded?: StageResult<LoadedProject>,
  onEnvironment: () => void = () => undefined,
): Promise<ValidateResult> {
  // Resolution loads ajv and Handlebars: only when asked for.
  const { compile } = await import('./compile.js');
  const result = await compile(
    {
      ...options,
      keepPlans: false,
      // Each text is made (serializing is part of the check) and dropped at once.
      sink: { file: (path) => ({ path }), environment: onEnvironment },
    },
    host,
    preloaded,
  );
  return {
    diagnostics: result.diagnostics,
    sources: result.sources,
    ...(result.project ? { project: result.project } : {}),
    valid: !result.diagnostics.some((d) => d.severity === 'error'),
  };
}
