/**
 * The paws library API. The CLI is a thin layer over these functions; all file access goes through
 * the Host, so callers (and tests) can run everything in memory.
 */
import * as path from 'node:path';
import { type Diagnostic, hasErrors, sortDiagnostics } from './compiler/diagnostics.js';
import type { Host } from './compiler/host.js';
import { type LoadOptions, loadProject, type SourceFile } from './compiler/load/index.js';
import type { ValidatedProject } from './compiler/model.js';
import { type ValidateOptions, validateProject } from './compiler/validate/index.js';
import { type PlanOptions, type PlanResult, planProject } from './compiler/plan/index.js';

export type { Diagnostic, DiagnosticCode, Location, Severity } from './compiler/diagnostics.js';
export { DIAGNOSTIC_CODES, hasErrors } from './compiler/diagnostics.js';
export type { DirEntry, FileStat, Host } from './compiler/host.js';
export { createMemoryHost, createNodeHost } from './compiler/host.js';
export type { SourceFile } from './compiler/load/index.js';
export type * from './compiler/model.js';
export type * from './compiler/plan/types.js';
export type { Value, JsonValue } from './compiler/values.js';
export type { ResolvedEnvironment } from './resolvers/environments.js';

export interface CheckOptions extends LoadOptions, ValidateOptions {}

export interface CheckResult {
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** The validated project; present when there was no error. */
  project?: ValidatedProject;
  /** Every source read, by display path, for code frames. */
  sources: Map<string, SourceFile>;
  /** Files definitions point at (templateFile), by absolute path. */
  assets: Map<string, string>;
}

/** load → validate: everything `paws validate` checks. */
export function validate(options: CheckOptions, host: Host): CheckResult {
  const loaded = loadProject(options, host);
  const { sources, assets } = loaded.value;
  // Files that loaded are validated even when others did not, so one run reports every problem.
  const validated = validateProject(loaded.value, options);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  return hasErrors(diagnostics)
    ? { diagnostics, sources, assets }
    : { diagnostics, project: validated.value, sources, assets };
}

export interface PlanApiOptions extends CheckOptions, PlanOptions {}

export interface PlanApiResult extends CheckResult {
  /** Present when validation passed; holds per-environment results even when some failed. */
  planned?: PlanResult;
}

/** load → validate → resolve → plan, for the selected environments. */
export async function plan(options: PlanApiOptions, host: Host): Promise<PlanApiResult> {
  const checked = validate(options, host);
  if (!checked.project) return checked;
  const readAsset = (definitionFile: string, relative: string) =>
    checked.assets.get(path.posix.resolve(path.posix.dirname(definitionFile), relative));
  const planned = await planProject(checked.project, { ...options, readAsset });
  return {
    ...checked,
    diagnostics: sortDiagnostics([...checked.diagnostics, ...planned.diagnostics]),
    planned,
  };
}
