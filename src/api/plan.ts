import { mergeAcrossEnvironments, type StageResult, sortDiagnostics } from '../compiler/diagnostics.js';
import type { LoadedProject } from '../compiler/load/index.js';
import type { Host } from '../compiler/host.js';
import { type PlanOptions, type PlanResult, planProject } from '../resolvers/project.js';
import { type CheckOptions, type CheckResult, check } from './validate.js';

export interface PlanApiOptions extends CheckOptions, PlanOptions {}

export interface PlanApiResult extends CheckResult {
  /** Present when validation passed; holds per-environment results even when some failed. */
  planned?: PlanResult;
}

/** load → validate → resolve → plan, for the selected environments. */
export async function plan(
  options: PlanApiOptions,
  host: Host,
  preloaded?: StageResult<LoadedProject>,
): Promise<PlanApiResult> {
  const checked = check(options, host, preloaded);
  if (!checked.project) return checked;
  const planned = await planProject(checked.project, {
    ...options,
    readFile: (file) => checked.assets.get(file),
  });
  return {
    ...checked,
    diagnostics: sortDiagnostics([
      ...checked.diagnostics,
      ...mergeAcrossEnvironments(planned.diagnostics, planned.results.size),
    ]),
    planned,
  };
}
