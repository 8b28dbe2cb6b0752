import { type Diagnostic, hasErrors, sortDiagnostics, type StageResult } from '../compiler/diagnostics.js';
import type { LoadedProject } from '../compiler/load/index.js';
import type { Host } from '../compiler/host.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import type { OutputFile } from '../compiler/write/index.js';
import { toJson, toYaml } from '../compiler/write/serialize.js';
import { type EmittedFile, emitEnvironmentFiles } from '../emitters/index.js';
import { append, compareStrings } from '../util/compare.js';
import { type PlanApiOptions, type PlanApiResult, plan } from './plan.js';

export interface CompileOptions extends PlanApiOptions {
  /**
   * Given each environment's files as soon as it is emitted (then they are not kept in the result),
   * so a writer can put them on disk while the next environment compiles. An error found later
   * means the whole compile failed: what was given must then be dropped.
   */
  onFiles?: (plan: EnvironmentPlan, files: OutputFile[]) => void;
}

export interface CompileResult extends PlanApiResult {
  /** Every output file, serialized, sorted by path; empty when there is an error or with onFiles. */
  files: OutputFile[];
}

function serialize(file: EmittedFile): string {
  return file.format === 'json' ? toJson(file.value) : toYaml(file.documents);
}

/** load → validate → resolve → plan → emit → serialize, each environment emitted once it resolved. */
export async function compile(
  options: CompileOptions,
  host: Host,
  preloaded?: StageResult<LoadedProject>,
): Promise<CompileResult> {
  const emitted = { files: [] as OutputFile[], diagnostics: [] as Diagnostic[], failed: false };
  const seen = new Set<string>();
  const emitOne = (environmentPlan: EnvironmentPlan) => {
    const files: OutputFile[] = [];
    // Each file is serialized as soon as it is made: its objects die young, where an environment's
    // worth of them outlived V8's young generation and was copied twice by the collector.
    const diagnostics = emitEnvironmentFiles({ plan: environmentPlan }, (file) => {
      // Emitters name files after unique names; two files on one path would be a bug, not bad input.
      if (seen.has(file.path)) throw new Error(`two output files would be written to ${file.path}`);
      seen.add(file.path);
      files.push({ path: file.path, content: serialize(file) });
    });
    append(emitted.diagnostics, diagnostics);
    if (hasErrors(diagnostics)) emitted.failed = true;
    // Every environment is emitted, so one run reports every problem; after an error nothing is written.
    if (emitted.failed) return;
    files.sort((a, b) => compareStrings(a.path, b.path));
    if (options.onFiles) options.onFiles(environmentPlan, files);
    else append(emitted.files, files);
  };
  const { onFiles: _, ...planOptions } = options;
  const planned = await plan({ ...planOptions, onPlanned: emitOne }, host, preloaded);
  if (!planned.planned || hasErrors(planned.diagnostics)) return { ...planned, files: [] };
  const sorted = sortDiagnostics([...planned.diagnostics, ...emitted.diagnostics]);
  return {
    ...planned,
    diagnostics: sorted,
    files: hasErrors(sorted) ? [] : emitted.files.sort((a, b) => compareStrings(a.path, b.path)),
  };
}
