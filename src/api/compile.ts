import { hasErrors, sortDiagnostics, type StageResult } from '../compiler/diagnostics.js';
import type { LoadedProject } from '../compiler/load/index.js';
import type { Host } from '../compiler/host.js';
import type { OutputFile } from '../compiler/write/index.js';
import { toJson, toYaml } from '../compiler/write/serialize.js';
import { emitEnvironment } from '../emitters/index.js';
import { append, compareStrings } from '../util/compare.js';
import { type PlanApiOptions, type PlanApiResult, plan } from './plan.js';

export type CompileOptions = PlanApiOptions;

export interface CompileResult extends PlanApiResult {
  /** Every output file, serialized, sorted by path; empty when there is an error. */
  files: OutputFile[];
}

/** load → validate → resolve → plan → emit → serialize. Writing is separate: see writeOutput. */
export async function compile(
  options: CompileOptions,
  host: Host,
  preloaded?: StageResult<LoadedProject>,
): Promise<CompileResult> {
  const planned = await plan(options, host, preloaded);
  if (!planned.planned || hasErrors(planned.diagnostics)) return { ...planned, files: [] };
  const diagnostics = [...planned.diagnostics];
  const files: OutputFile[] = [];
  for (const environmentPlan of planned.planned.plans) {
    const emitted = emitEnvironment({ plan: environmentPlan });
    append(diagnostics, emitted.diagnostics);
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
