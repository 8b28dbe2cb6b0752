import {
  type Diagnostic,
  hasErrors,
  mergeAcrossEnvironments,
  sortDiagnostics,
  type StageResult,
} from '../compiler/diagnostics.js';
import type { LoadedProject } from '../compiler/load/index.js';
import type { Host } from '../compiler/host.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import type { OutputFile } from '../write/index.js';
import { toJson, toYaml } from '../write/serialize.js';
import { type EmittedFile, emitEnvironmentFiles } from '../emitters/index.js';
import { scopeOf } from '../emitters/scope.js';
import { append, compareStrings } from '../util/compare.js';
import { type PlanApiOptions, type PlanApiResult, plan } from './plan.js';

export interface CompileOptions<F extends { path: string } = OutputFile> extends PlanApiOptions {
  /**
   * Given each environment's files as soon as it is emitted (then they are not kept in the result),
   * so a writer can put them on disk while the next environment compiles. An error found later
   * means the whole compile failed: what was given must then be dropped.
   */
  onFiles?: (plan: EnvironmentPlan, files: OutputFile[]) => void;
  /** Like onFiles, but each file's text goes to `file` as soon as it is serialized; only what that returns is kept. */
  sink?: FileSink<F>;
  /**
   * Emit only the files these workloads may change (their folders, the resources they use, and the
   * files of the whole environment); every other workload's files are left out, for the writer to
   * keep as they are. What `paws compile <paths>` uses.
   */
  only?: readonly string[];
}

/**
 * Where an environment's files go as they are made. An environment's texts kept until its last file
 * was serialized outlived V8's young generation (~300 MB copied twice at 5,000 workloads); a sink
 * can encode or drop each one at once.
 */
export interface FileSink<F extends { path: string }> {
  file(path: string, text: string): F;
  /** Every file of an environment, sorted by path, once the last one is made. */
  environment(plan: EnvironmentPlan, files: F[]): void;
}

export interface CompileResult extends PlanApiResult {
  /** Every output file, serialized, sorted by path; empty when there is an error or with onFiles. */
  files: OutputFile[];
}

function serialize(file: EmittedFile): string {
  return file.format === 'json' ? toJson(file.value) : toYaml(file.documents);
}

/** The sink asked for; else the files are kept as text, given to onFiles or to the result. */
function sinkOf<F extends { path: string }>(
  options: CompileOptions<F>,
  result: OutputFile[],
): FileSink<{ path: string }> {
  if (options.sink) return options.sink;
  const { onFiles } = options;
  const texts: FileSink<OutputFile> = {
    file: (path, content) => ({ path, content }),
    environment: (plan, files) => (onFiles ? onFiles(plan, files) : append(result, files)),
  };
  return texts;
}

/** load → validate → resolve → plan → emit → serialize, each environment emitted once it resolved. */
export async function compile<F extends { path: string } = OutputFile>(
  options: CompileOptions<F>,
  host: Host,
  preloaded?: StageResult<LoadedProject>,
): Promise<CompileResult> {
  const emitted = { files: [] as OutputFile[], diagnostics: [] as Diagnostic[], failed: false };
  const seen = new Set<string>();
  const sink = sinkOf(options, emitted.files);
  const only = options.only ? new Set(options.only) : undefined;
  const emitOne = (environmentPlan: EnvironmentPlan) => {
    const files: { path: string }[] = [];
    const inScope = only ? scopeOf(environmentPlan, only) : () => true;
    // Each file is serialized as soon as it is made: its objects die young, where an environment's
    // worth of them outlived V8's young generation and was copied twice by the collector.
    const diagnostics = emitEnvironmentFiles({ plan: environmentPlan }, (file) => {
      // Emitters name files after unique names; two files on one path would be a bug, not bad input.
      if (seen.has(file.path)) throw new Error(`two output files would be written to ${file.path}`);
      seen.add(file.path);
      if (!inScope(file.path)) return;
      files.push(sink.file(file.path, serialize(file)));
    });
    append(
      emitted.diagnostics,
      diagnostics.map((d) => ({ ...d, environments: [environmentPlan.environment.name] })),
    );
    if (hasErrors(diagnostics)) emitted.failed = true;
    // Every environment is emitted, so one run reports every problem; after an error nothing is written.
    if (emitted.failed) return;
    files.sort((a, b) => compareStrings(a.path, b.path));
    sink.environment(environmentPlan, files);
  };
  const { onFiles: _, sink: __, only: ___, ...planOptions } = options;
  const planned = await plan({ ...planOptions, onPlanned: emitOne }, host, preloaded);
  if (!planned.planned || hasErrors(planned.diagnostics)) return { ...planned, files: [] };
  const environments = planned.planned.results.size;
  const sorted = sortDiagnostics(
    mergeAcrossEnvironments([...planned.diagnostics, ...emitted.diagnostics], environments),
  );
  return {
    ...planned,
    diagnostics: sorted,
    files: hasErrors(sorted) ? [] : emitted.files.sort((a, b) => compareStrings(a.path, b.path)),
  };
}
