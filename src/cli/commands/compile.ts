import * as path from 'node:path';
import { type CompileResult, compile } from '../../api/compile.js';
import { inputsOf } from '../../api/validate.js';
import { streamOutput } from './compile-output.js';
import { collectAfterEnvironment } from '../collect-garbage.js';
import { onInterrupt } from '../interrupt.js';
import { tuneForRun } from '../jit-tuning.js';
import { createNodeHost, type Host, isWritable, type WritableHost } from '../../compiler/host.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { toYaml } from '../../write/serialize.js';
import { atlantisConfig } from '../../write/atlantis.js';
import { readPreviousOutput } from '../../write/index.js';
import { backstageEntities } from '../../emitters/backstage.js';
import { backstageOptions } from '../backstage-source.js';
import { selectedEnvironments } from '../../write/fingerprint.js';
import { loadProject } from '../../compiler/load/index.js';
import { fingerprintOf, unchangedOutput } from '../../api/unchanged.js';
import { selectWorkloads } from '../../api/selection.js';
import { recordedClones } from '../../api/clones.js';
import { append } from '../../util/compare.js';
import { scopeOf } from '../../emitters/scope.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { plural } from '../report.js';
import { type ProjectFlags, toPlanOptions } from './shared.js';
import { compiledRecords, removedWarnings } from '../../api/diff.js';

/** Seconds from PAWS_LOCK_TIMEOUT, else one minute. */
export function lockTimeoutMs(io: CliIO): number {
  const seconds = Number(io.env('PAWS_LOCK_TIMEOUT'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

/** A compile whose inputs have not changed since the output was written: nothing to do. */
function reportUnchanged(
  io: CliIO,
  format: 'text' | 'json',
  shown: string,
  environments: string[],
  held: string[],
): number {
  if (format === 'json')
    io.stdout(
      `${JSON.stringify({ ok: true, out: shown, environments, written: [], removed: [], unchanged: held.length, inputsUnchanged: true, diagnostics: [] }, null, 2)}\n`,
    );
  else
    io.stdout(
      `compiled ${plural(environments.length, 'environment')} (${environments.join(', ')}) into ${shown}: ` +
        `0 written, 0 removed, ${held.length} unchanged (inputs unchanged since the last compile)\n`,
    );
  return 0;
}

type CompileFlags = ProjectFlags & {
  force?: boolean;
  format: 'text' | 'json';
  backstage?: string;
  /** Also write an Atlantis repo config for the output's Terraform modules to this file. */
  atlantis?: string;
};

export async function runCompile(paths: string[], flags: CompileFlags, io: CliIO): Promise<number> {
  const host = io.host ?? createNodeHost();
  const outFlag = flags.out ? path.posix.resolve(host.cwd(), flags.out) : undefined;
  // Given paths, only those workloads are written; every other one keeps its files (never pruned).
  const selection =
    paths.length > 0 ? selectWorkloads(host, toPlanOptions(paths, flags), outFlag) : undefined;
  const options = selection?.options ?? toPlanOptions(paths, flags);
  const loaded = selection?.loaded ?? loadProject(options, host);
  const fingerprint = fingerprintOf(loaded, {
    ...options,
    ...(flags.extends ? { extends: flags.extends } : {}),
    ...(selection ? { only: selection.workloads } : {}),
  });
  const outDir = outFlag ?? loaded.value.outDir;
  // The Backstage file comes from the plans: a compile that asks for it plans.
  const held =
    fingerprint && !flags.force && !flags.backstage
      ? unchangedOutput(host, outDir, fingerprint, loaded.value, flags.env)
      : undefined;
  if (held) {
    const environments = selectedEnvironments(loaded.value, flags.env);
    // The Atlantis config is read off the output folder, which holds this compile's output already.
    if (flags.atlantis && isWritable(host)) writeAtlantis(host, flags.atlantis, outDir, flags.format, io);
    return reportUnchanged(io, flags.format, displayPathFor(host, outDir), environments, held);
  }
  if (!isWritable(host)) throw new Error('the host cannot write files');
  tuneForRun(loaded.value.workloads.length);
  return compileAndWrite(host, io, flags, {
    options,
    loaded,
    outDir,
    fingerprint,
    selected: selection?.workloads,
  });
}

/** The output folder a compile streams into: locked, staged, each environment's records and scope. */
function outputFolder(
  host: WritableHost,
  io: CliIO,
  flags: CompileFlags,
  run: Pick<CompileRun, 'loaded' | 'outDir' | 'fingerprint' | 'selected'>,
) {
  const { selected } = run;
  return streamOutput(
    host,
    run.outDir,
    {
      force: flags.force ?? false,
      lock: { timeoutMs: lockTimeoutMs(io), onWait: (message) => io.stderr(`${message}\n`) },
      inputs: inputsOf(run.loaded.value),
    },
    (plan) => compiledRecords([plan], run.fingerprint)[plan.environment.name] ?? {},
    selected ? (plan) => scopeOf(plan, new Set(selected)) : undefined,
  );
}

interface CompileRun {
  options: ReturnType<typeof toPlanOptions>;
  loaded: ReturnType<typeof loadProject>;
  outDir: string;
  fingerprint: ReturnType<typeof fingerprintOf>;
  selected: string[] | undefined;
}

/** A compile that writes: every environment streamed into the output folder as it is planned. */
async function compileAndWrite(
  host: WritableHost,
  io: CliIO,
  flags: CompileFlags,
  run: CompileRun,
): Promise<number> {
  const { options, loaded, outDir, selected } = run;
  // A compile of every environment compiles the clones the output holds too: they follow their base.
  const recorded =
    !flags.env || flags.env.length === 0
      ? recordedClones(host, outDir, loaded.value)
      : { clones: [], diagnostics: [] };
  const output = outputFolder(host, io, flags, run);
  const expected = selectedEnvironments(loaded.value, flags.env).length + recorded.clones.length;
  // Ctrl-C or a CI timeout (handled between environments): the staged files, the lock and the
  // staging folder go before the process ends, so nothing is left beside the output folder.
  const forget = io.host ? () => false : onInterrupt(() => output.abort());
  try {
    // A progress line on a terminal only: nothing on a pipe or in CI.
    const progress = flags.format === 'text' && io.isTTY && !io.env('CI');
    const result = await compile(
      {
        ...options,
        ...(selected ? { only: selected } : {}),
        ...(recorded.clones.length > 0 ? { clones: recorded.clones } : {}),
        sink: output.sink(() => collectAfterEnvironment(output.environments().length < expected)),
        // Each plan is written as it comes; only the Backstage file needs them all at the end.
        keepPlans: flags.backstage !== undefined,
        ...(progress ? { onProgress: (message: string) => io.stderr(`\rpaws: ${message}…\u001b[K`) } : {}),
      },
      host,
      loaded,
    );
    if (progress) io.stderr('\r\u001b[K');
    append(result.diagnostics, recorded.diagnostics);
    const failed = printDiagnostics(result.diagnostics, result.sources, flags.format, io);
    if (failed || output.count() === 0) {
      if (flags.format === 'json')
        io.stdout(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
      return failed ? 1 : 0;
    }
    const code = writeCompiled(
      host,
      result,
      output,
      { ...flags, outDir, scoped: selected !== undefined },
      io,
    );
    if (code === 0 && flags.backstage) writeBackstage(host, flags.backstage, result, flags.format, io);
    if (code === 0 && flags.atlantis) writeAtlantis(host, flags.atlantis, outDir, flags.format, io);
    return code;
  } finally {
    forget();
    output.abort();
  }
}

/**
 * The Atlantis repo config of every Terraform module the output folder holds, in the file --atlantis
 * names (the deploy repository's root), with directories relative to it.
 */
function writeAtlantis(
  host: WritableHost,
  file: string,
  outDir: string,
  format: CompileFlags['format'],
  io: CliIO,
): void {
  const target = path.posix.resolve(host.cwd(), file);
  const previous = readPreviousOutput(host, outDir);
  const prefix = path.posix.relative(path.posix.dirname(target), outDir);
  const config = atlantisConfig(previous?.paths ?? [], (p) => previous?.read(p), prefix);
  host.writeFile(target, toYaml([config]));
  if (format === 'text')
    io.stderr(
      `wrote the Atlantis config (${plural(config.projects.length, 'project')}) to ${displayPathFor(host, target)}\n`,
    );
}

/** The Backstage entities of the compiled environments, in the file --backstage names. */
function writeBackstage(
  host: WritableHost,
  file: string,
  result: CompileResult,
  format: CompileFlags['format'],
  io: CliIO,
): void {
  const target = path.posix.resolve(host.cwd(), file);
  host.writeFile(
    target,
    toYaml(backstageEntities(result.planned?.plans ?? [], backstageOptions(result.project, host, io))),
  );
  if (format === 'text')
    io.stderr(`wrote the Backstage catalog entities to ${displayPathFor(host, target)}\n`);
}

/** Puts a compile's output in place (environments gone become teardown modules) and reports what changed. */
function writeCompiled(
  host: Host,
  result: CompileResult,
  output: ReturnType<typeof streamOutput>,
  flags: CompileFlags & { outDir: string; scoped: boolean },
  io: CliIO,
): number {
  const { outDir } = flags;
  // Only a compile of every platform environment and every workload may decide that one is gone.
  const everything = (!flags.env || flags.env.length === 0) && !flags.scoped;
  const platformNames = result.planned?.environments.filter((e) => !e.clonedFrom).map((e) => e.name);
  const { written, removed } = output.finish(everything ? platformNames : undefined);
  const shown = displayPathFor(host, outDir);
  const warnings = written.diagnostics.length === 0 ? removedWarnings(removed, shown) : [];
  const failed = printDiagnostics([...written.diagnostics, ...warnings], new Map(), flags.format, io);
  const environments = output.environments();
  if (flags.format === 'json') {
    io.stdout(
      `${JSON.stringify({ ok: !failed, out: shown, environments, written: written.written, removed: written.removed, unchanged: written.unchanged.length, diagnostics: [...result.diagnostics, ...written.diagnostics, ...warnings] }, null, 2)}\n`,
    );
  } else if (!failed) {
    io.stdout(
      `compiled ${plural(environments.length, 'environment')} (${environments.join(', ')}) into ${shown}: ` +
        `${written.written.length} written, ${written.removed.length} removed, ${written.unchanged.length} unchanged\n`,
    );
    // Once per compile that changed something: what the clusters need to run this output.
    const needs = written.written.length > 0 ? output.needs() : [];
    if (needs.length > 0)
      io.stderr(`note: the output needs ${needs.join(', ')} (see "Cluster prerequisites" in the README)\n`);
  }
  return failed ? 1 : 0;
}
