import { type Diagnostic, hasErrors, sortDiagnostics, type StageResult } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import {
  type LoadedProject,
  type LoadOptions,
  loadProject,
  type SourceFile,
} from '../compiler/load/index.js';
import type { ValidatedProject } from '../compiler/model.js';
import { type ValidateOptions, validateProject } from '../validate/index.js';

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
  /** Every input by absolute path (specs, platform files and folder, assets): never written over. */
  inputs: string[];
}

/** Every input by absolute path: specs, platform files and folder, assets. */
export function inputsOf(project: LoadedProject): string[] {
  return [
    ...[...project.sources.values()].map((source) => source.path),
    ...project.assets.keys(),
    ...(project.platformDir ? [project.platformDir] : []),
  ];
}

/**
 * load → validate: the files and their schemas and semantic rules, without resolving anything (what
 * `paws validate --schema-only` checks; `validate` checks everything).
 */
export function check(
  options: CheckOptions,
  host: Host,
  preloaded?: StageResult<LoadedProject>,
): CheckResult {
  const loaded = preloaded ?? loadProject(options, host);
  const { sources, assets, outDir } = loaded.value;
  const inputs = inputsOf(loaded.value);
  // Files that loaded are validated even when others did not, so one run reports every problem.
  const validated = validateProject(loaded.value, options);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...validated.diagnostics]);
  return hasErrors(diagnostics)
    ? { diagnostics, sources, assets, outDir, inputs }
    : { diagnostics, project: validated.value, sources, assets, outDir, inputs };
}
