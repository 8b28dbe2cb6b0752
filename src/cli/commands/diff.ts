import * as path from 'node:path';
import { compile } from '../../api/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics.js';
import { createNodeHost, type Host, isWritable } from '../../compiler/host.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { loadProject } from '../../compiler/load/index.js';
import { fingerprintOf, unchangedOutput } from '../../api/unchanged.js';
import { selectWorkloads } from '../../api/selection.js';
import { type PlanBatch } from '../../diff/batches.js';
import { recordedClones } from '../../api/clones.js';
import { destructive, type Action, type LikelyRename } from '../../diff/actions.js';
import { formatActionsText } from '../../diff/format-actions.js';
import { collectAfterEnvironment } from '../collect-garbage.js';
import { tuneForRun } from '../jit-tuning.js';
import { type OutputUpdate } from '../../write/lifecycle.js';
import type { compareOutputs, definitionChanges } from '../../diff/compare.js';
import { type ModuleChange, resourceDefinitions } from '../../diff/compare.js';
import { fileDiff, formatMarkdown, formatSummary, formatText, summarizeChanges } from '../../diff/format.js';
import { type CliIO, useColor } from '../io.js';
import { git, withWorktree } from '../git/worktree.js';
import { printDiagnostics } from '../print.js';
import { plural } from '../report.js';
import {
  compareWithOutput,
  compiledRecords,
  compileForDiff,
  type OutputSide,
  readOutputFolder,
} from '../../api/diff.js';
import { type ProjectFlags, toPlanOptions } from './shared.js';

export interface DiffFlags extends ProjectFlags {
  against?: string;
  againstRef?: string;
  format: 'text' | 'markdown' | 'summary' | 'json';
  /** Where the full diff is, named in the summary. */
  fullDiff?: string;
  /** Also write the pull-request summary to this file (one compile for the diff and the comment). */
  summaryOut?: string;
  /** Exit 3 when a stateful resource would be replaced or deleted. */
  failOnDestroy?: boolean;
  /** Write each changed root module (as it would be, teardown modules included) below this folder, for plan jobs. */
  modulesOut?: string;
}

/** Compiles the specs as they are at a git ref, in a temporary worktree, with the same options. */
async function compileAtRef(
  ref: string,
  paths: readonly string[],
  flags: DiffFlags,
  cwd: string,
): Promise<{ side?: OutputSide; diagnostics: Diagnostic[] }> {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd);
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return {
      diagnostics: [
        {
          code: 'PAWS6002',
          severity: 'error',
          message: `--against-ref ${ref}: ${stderr || 'not a git repository, or no such commit'}`,
          hint: 'run paws diff inside a git checkout, with a branch, tag or commit that exists (fetch it first in CI)',
        },
      ],
    };
  }
  return withWorktree(top, ref, async (worktree) => {
    const host = createNodeHost(path.join(worktree, path.relative(top, cwd)));
    const result = await compile(toPlanOptions(paths, flags), host);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      return {
        diagnostics: errors.map((d) => ({
          ...d,
          code: 'PAWS6003' as const,
          message: `at ${ref}: ${d.code} ${d.message}`,
        })),
      };
    }
    return {
      side: {
        files: new Map(result.files.map((f) => [f.path, f.content])),
        resources: resourceDefinitions(result.planned?.plans ?? []),
        environments: compiledRecords(result.planned?.plans ?? []),
      },
      diagnostics: [],
    };
  });
}

/** What the diff compares with: the output of another git ref, or an output folder. */
async function beforeSide(
  paths: string[],
  flags: DiffFlags,
  host: Host,
  outDir: string,
): Promise<{ side: OutputSide; against: string } | { diagnostics: Diagnostic[] }> {
  if (flags.againstRef) {
    const ref = await compileAtRef(flags.againstRef, paths, flags, host.cwd());
    return ref.side ? { side: ref.side, against: flags.againstRef } : { diagnostics: ref.diagnostics };
  }
  const dir = flags.against ? path.posix.resolve(host.cwd(), flags.against) : outDir;
  const read = readOutputFolder(host, dir);
  return 'code' in read ? { diagnostics: [read] } : { side: read, against: displayPathFor(host, dir) };
}

const NOTHING_CHANGED = {
  actions: [],
  renames: [],
  batches: [],
  modules: [],
  changes: [],
  definitions: [],
  removed: [],
  diagnostics: [],
};

/**
 * The folder a diff compares with, when it holds exactly what a compile of these inputs writes
 * (nothing to compile or compare); undefined otherwise.
 */
function unchangedAgainst(
  host: Host,
  flags: DiffFlags,
  options: ReturnType<typeof toPlanOptions>,
  loaded: ReturnType<typeof loadProject>,
  only: readonly string[] | undefined,
): string | undefined {
  if (flags.againstRef) return undefined;
  const fingerprint = fingerprintOf(loaded, {
    ...options,
    ...(flags.extends ? { extends: flags.extends } : {}),
    ...(only ? { only: [...only] } : {}),
  });
  const dir = flags.against ? path.posix.resolve(host.cwd(), flags.against) : loaded.value.outDir;
  if (!fingerprint || !unchangedOutput(host, dir, fingerprint, loaded.value, flags.env)) return undefined;
  return displayPathFor(host, dir);
}

/** Prints diagnostics that end the diff (and, as JSON, says so); returns the exit code 1. */
function failed(
  io: CliIO,
  flags: DiffFlags,
  diagnostics: Diagnostic[],
  sources: Parameters<typeof printDiagnostics>[1],
) {
  printDiagnostics(diagnostics, sources, flags.format === 'json' ? 'json' : 'text', io);
  if (flags.format === 'json') io.stdout(`${JSON.stringify({ ok: false, diagnostics }, null, 2)}\n`);
  return 1;
}

/** Exit 0: no change; 2: changes; 1: error (like terraform plan -detailed-exitcode). */
export async function runDiff(paths: string[], flags: DiffFlags, io: CliIO): Promise<number> {
  const host = io.host ?? createNodeHost();
  const compared = flags.against ? path.posix.resolve(host.cwd(), flags.against) : undefined;
  // Given paths, only those workloads change; every other one stays as it is (never pruned).
  const selection =
    paths.length > 0 && !flags.againstRef
      ? selectWorkloads(host, toPlanOptions(paths, flags), compared)
      : undefined;
  const options = selection?.options ?? toPlanOptions(paths, flags);
  const loaded = selection?.loaded ?? loadProject(options, host);
  const unchanged = unchangedAgainst(host, flags, options, loaded, selection?.workloads);
  if (unchanged !== undefined) return reportDiff(io, flags, host, { against: unchanged, ...NOTHING_CHANGED });
  tuneForRun(loaded.value.workloads.length);
  // The clones the compared output holds are compiled again, as compile does: a stale one differs.
  const recorded =
    (!flags.env || flags.env.length === 0) && !flags.againstRef
      ? recordedClones(host, compared ?? loaded.value.outDir, loaded.value)
      : { clones: [], diagnostics: [] };
  const compiled = await compileForDiff(
    {
      ...options,
      ...(selection ? { only: selection.workloads } : {}),
      ...(recorded.clones.length > 0 ? { clones: recorded.clones } : {}),
    },
    host,
    loaded,
    collectAfterEnvironment,
  );
  const { result, files } = compiled;
  const jsonLike = flags.format === 'json' ? 'json' : 'text';
  if (printDiagnostics(result.diagnostics, result.sources, jsonLike, io) || files.length === 0) {
    if (flags.format === 'json')
      io.stdout(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    return 1;
  }
  const side = await beforeSide(paths, flags, host, result.outDir);
  if ('diagnostics' in side) return failed(io, flags, side.diagnostics, new Map());
  const report = compareWithOutput(side, compiled, {
    ...(flags.env ? { environments: flags.env } : {}),
    selected: selection !== undefined,
    warnings: recorded.diagnostics,
  });
  if (flags.format !== 'json') printDiagnostics(report.warnings, new Map(), 'text', io);
  if (flags.modulesOut)
    writeModules(host, path.posix.resolve(host.cwd(), flags.modulesOut), report.batches, report.afterFiles);
  const { warnings: _warnings, afterFiles: _afterFiles, ...shown } = report;
  return reportDiff(io, flags, host, { ...shown, diagnostics: [...result.diagnostics, ...report.warnings] });
}

interface DiffReport {
  against: string;
  /** Changed modules to plan, in at most 200 batches, apply order. */
  batches: PlanBatch[];
  /** What each change does per Terraform resource and Kubernetes object. */
  actions: Action[];
  /** Undeclared likely renames (a private resource gone, one of its type come, in one workload). */
  renames: LikelyRename[];
  modules: ModuleChange[];
  changes: ReturnType<typeof compareOutputs>;
  definitions: ReturnType<typeof definitionChanges>;
  removed: OutputUpdate['removed'];
  diagnostics: Diagnostic[];
}

/** The diff as `--format json` prints it. */
function diffJson(report: DiffReport, destroys: ReturnType<typeof destructive>) {
  const { changes } = report;
  return {
    ok: true,
    against: report.against,
    changed: changes.length > 0,
    summary: Object.fromEntries(summarizeChanges(changes)),
    definitionChanges: report.definitions,
    actions: report.actions,
    destructive: destroys,
    likelyRenames: report.renames,
    removedEnvironments: report.removed.filter((r) => !r.live),
    modules: report.modules,
    planBatches: report.batches,
    files: changes.map((c) => ({
      path: c.path,
      environment: c.environment,
      status: c.status,
      diff: fileDiff(c),
    })),
    diagnostics: report.diagnostics,
  };
}

/** Prints the diff in the chosen format (and the summary file); exit 0 without changes, else 2. */
function reportDiff(io: CliIO, flags: DiffFlags, host: Host, report: DiffReport): number {
  const { against, changes, definitions, removed, actions, renames } = report;
  const destroys = destructive(actions);
  if (flags.summaryOut) {
    if (!isWritable(host)) throw new Error('the host cannot write files');
    const summary = formatSummary(
      changes,
      definitions,
      removed.filter((r) => !r.live).map((r) => r.name),
      flags.fullDiff,
    );
    host.writeFile(path.posix.resolve(host.cwd(), flags.summaryOut), summary);
  }

  if (flags.format === 'json') io.stdout(`${JSON.stringify(diffJson(report, destroys), null, 2)}\n`);
  else if (flags.format === 'summary')
    io.stdout(
      formatSummary(
        changes,
        definitions,
        removed.filter((r) => !r.live).map((r) => r.name),
        flags.fullDiff,
        undefined,
        actions,
        renames,
      ),
    );
  else if (flags.format === 'markdown')
    io.stdout(formatMarkdown(changes, definitions, undefined, actions, renames));
  else {
    io.stdout(formatActionsText(actions, renames) + formatText(changes, useColor(io)));
    const summary = [...summarizeChanges(changes)]
      .map(([env, c]) => `${env}: +${c.added} ~${c.changed} -${c.removed}`)
      .join(', ');
    io.stderr(
      changes.length === 0
        ? `no change against ${against}\n`
        : `${plural(changes.length, 'file')} differ from ${against} (${summary})\n`,
    );
  }
  // 3 gates CI on what destroys data (like a plan's exit codes, a distinct answer per outcome).
  if (flags.failOnDestroy && destroys.length > 0) return 3;
  return changes.length > 0 ? 2 : 0;
}

/**
 * The changed root modules as they would be written, below `dir` at their output paths: a plan job
 * runs terraform there without compiling (a fresh compile has no teardown modules to plan).
 */
function writeModules(
  host: Host,
  dir: string,
  batches: readonly PlanBatch[],
  files: ReadonlyMap<string, string>,
): void {
  if (!isWritable(host)) throw new Error('the host cannot write files');
  for (const { path: file } of batches.flatMap((b) => b.modules)) {
    const target = `${dir}/${file}`;
    host.mkdir(path.posix.dirname(target));
    host.writeFile(target, files.get(file) ?? '');
  }
}
