/**
 * The paws library API. The CLI is a thin layer over these functions; all file access goes through
 * the Host, so callers (and tests) can run everything in memory.
 */
import { type Diagnostic, hasErrors, sortDiagnostics } from './compiler/diagnostics.js';
import type { Host } from './compiler/host.js';
import { type LoadOptions, loadProject, type SourceFile } from './compiler/load/index.js';
import type { ValidatedProject } from './compiler/model.js';
import { type ValidateOptions, validateProject } from './compiler/validate/index.js';
import type { OutputFile } from './compiler/write/index.js';
import { toJson, toYaml } from './compiler/write/serialize.js';
import { emitEnvironment } from './emitters/index.js';
import { compareStrings } from './util/compare.js';
import { type PlanOptions, type PlanResult, planProject } from './compiler/plan/index.js';

export type { Diagnostic, DiagnosticCode, Location, Severity } from './compiler/diagnostics.js';
export { DIAGNOSTIC_CODES, hasErrors } from './compiler/diagnostics.js';
export type { DirEntry, FileStat, Host } from './compiler/host.js';
export { createMemoryHost, createNodeHost, isWritable, type WritableHost } from './compiler/host.js';
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
  /** Files definitions point at (templateFile) and workloads mount (source:), by absolute path. */
  assets: Map<string, string>;
  /** Absolute output folder (from --out, paws.config.yaml, or ./out). */
  outDir: string;
}

/** load → validate: everything `paws validate` checks. */
export function validate(options: CheckOptions, host: Host): CheckResult {
  const loaded = loadProject(options, host);
  const { sources, assets, outDir } = loaded.value;
  // Files that loaded are validated even when others did not, so one run reports every problem.
  const validated = validateProject(loaded.value, options);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  return hasErrors(diagnostics)
    ? { diagnostics, sources, assets, outDir }
    : { diagnostics, project: validated.value, sources, assets, outDir };
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
  const planned = await planProject(checked.project, {
    ...options,
    readFile: (file) => checked.assets.get(file),
  });
  return {
    ...checked,
    diagnostics: sortDiagnostics([...checked.diagnostics, ...planned.diagnostics]),
    planned,
  };
}

export type CompileOptions = PlanApiOptions;

export interface CompileResult extends PlanApiResult {
  /** Every output file, serialized, sorted by path; empty when there is an error. */
  files: OutputFile[];
}

/** load → validate → resolve → plan → emit → serialize. Writing is separate: see writeOutput. */
export async function compile(options: CompileOptions, host: Host): Promise<CompileResult> {
  const planned = await plan(options, host);
  if (!planned.planned || hasErrors(planned.diagnostics)) return { ...planned, files: [] };
  const diagnostics = [...planned.diagnostics];
  const files: OutputFile[] = [];
  for (const environmentPlan of planned.planned.plans) {
    const emitted = emitEnvironment({ plan: environmentPlan });
    diagnostics.push(...emitted.diagnostics);
    for (const file of emitted.files) {
      files.push({
        path: file.path,
        content: file.format === 'json' ? toJson(file.value) : toYaml(file.documents),
      });
    }
  }
  const seen = new Set<string>();
  for (const file of files) {
    // Emitters name files after unique names; two files on one path would be a bug, not bad input.
    if (seen.has(file.path)) throw new Error(`two output files would be written to ${file.path}`);
    seen.add(file.path);
  }
  const sorted = sortDiagnostics(diagnostics);
  return {
    ...planned,
    diagnostics: sorted,
    files: hasErrors(sorted) ? [] : files.sort((a, b) => compareStrings(a.path, b.path)),
  };
}

export { MANIFEST_FILE, type OutputFile, writeOutput } from './compiler/write/index.js';
