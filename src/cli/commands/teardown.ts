import * as path from 'node:path';
import { compile } from '../../api/compile.js';
import { check } from '../../api/validate.js';
import type { Diagnostic } from '../../compiler/diagnostics.js';
import { createNodeHost, type Host, isWritable } from '../../compiler/host.js';
import type { SourceFile } from '../../compiler/load/source.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { readPreviousOutput, writeOutput } from '../../write/index.js';
import { type EnvironmentRecord, forgetTeardownModule, updateForTeardown } from '../../write/lifecycle.js';
import { terraformModuleFiles } from '../../compiler/terraform-paths.js';
import { resolveEnvironments } from '../../resolvers/environments.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { lockTimeoutMs } from './compile.js';
import { removedWarnings } from '../../api/diff.js';
import { type ProjectFlags, toPlanOptions } from './shared.js';

export interface TeardownFlags extends ProjectFlags {
  forget?: boolean;
  module?: string;
  format: 'text' | 'json';
}

const refuse = (message: string, hint: string): Diagnostic => ({
  code: 'PAWS5006',
  severity: 'error',
  message,
  hint,
});

/**
 * `paws teardown --env X`: X keeps only a teardown module (apply it to destroy what its state
 * holds) and loses its Kubernetes and ArgoCD files; `--forget` then removes what is left of it.
 * An ephemeral environment is named with its base (`--extends`), so its module can be rebuilt.
 */
export async function runTeardown(paths: string[], flags: TeardownFlags, io: CliIO): Promise<number> {
  const host = io.host ?? createNodeHost();
  const name = flags.env?.[0] ?? '';
  const fail = (diagnostics: Diagnostic[], sources = new Map()) => {
    printDiagnostics(diagnostics, sources, flags.format, io);
    if (flags.format === 'json') io.stdout(`${JSON.stringify({ ok: false, diagnostics }, null, 2)}\n`);
    return 1;
  };
  const checked = check(toPlanOptions(paths, { ...flags, env: [] }), host);
  if (!checked.project) return fail(checked.diagnostics, checked.sources);
  const outDir = flags.out ? path.posix.resolve(host.cwd(), flags.out) : checked.outDir;
  const shown = displayPathFor(host, outDir);
  const defined = resolveEnvironments(checked.project.platform.environments).environments;
  if (flags.module !== undefined) return forgetModule(host, outDir, name, flags, io);
  if (defined.some((e) => e.name === name))
    return fail([
      refuse(
        `environment "${name}" is still defined in the platform folder: paws tears down only environments that are gone`,
        `remove its Environment first (paws compile then keeps a teardown module by itself), or name an ephemeral one with --extends`,
      ),
    ]);
  const previous = readPreviousOutput(host, outDir);
  const record = previous?.environments[name];
  const what = await teardownOf(paths, flags, host, record, shown);
  if ('diagnostics' in what) return fail(what.diagnostics, what.sources);
  if (!isWritable(host)) throw new Error('the host cannot write files');
  const update = updateForTeardown(previous, name, {
    ...(flags.forget ? { forget: true } : {}),
    ...(what.modules !== undefined ? { modules: what.modules } : {}),
    ...((record?.clonedFrom ?? flags.extends) ? { clonedFrom: record?.clonedFrom ?? flags.extends } : {}),
  });
  const written = writeOutput(host, outDir, update.files, {
    environments: update.environments,
    keep: update.keep,
    lock: { timeoutMs: lockTimeoutMs(io), onWait: (message) => io.stderr(`${message}\n`) },
    inputs: checked.inputs,
  });
  const warnings =
    written.diagnostics.length === 0 && !flags.forget ? removedWarnings(update.removed, shown) : [];
  return reportTeardown(io, flags, { name, shown, written, warnings });
}

/**
 * What a teardown writes: nothing more for --forget of an environment already torn down; the
 * clone's module as compile would write it now for an ephemeral one (so a preview whose output was
 * not kept can still go); the recorded module otherwise. An error where none of these holds.
 */
async function teardownOf(
  paths: string[],
  flags: TeardownFlags,
  host: Host,
  record: EnvironmentRecord | undefined,
  shown: string,
): Promise<
  { modules?: Map<string, string> } | { diagnostics: Diagnostic[]; sources?: Map<string, SourceFile> }
> {
  const name = flags.env?.[0] ?? '';
  if (flags.forget) {
    if (!record)
      return { diagnostics: [refuse(`${shown} holds no environment "${name}"`, 'check --env and --out')] };
    if (!record.teardown)
      return {
        diagnostics: [
          refuse(
            `environment "${name}" in ${shown} still has its full Terraform module: tear it down first`,
            `paws teardown --env ${name}${record.clonedFrom ? ` --extends ${record.clonedFrom}` : ''}, apply the teardown module, then --forget`,
          ),
        ],
      };
    return {};
  }
  if (flags.extends) {
    const compiled = await compile(toPlanOptions(paths, flags), host);
    if (compiled.files.length === 0) return { diagnostics: compiled.diagnostics, sources: compiled.sources };
    const files = new Map(compiled.files.map((f) => [f.path, f.content]));
    return {
      modules: new Map(terraformModuleFiles(name, files.keys()).map((p) => [p, files.get(p) as string])),
    };
  }
  if (!record)
    return {
      diagnostics: [
        refuse(
          `${shown} holds no environment "${name}"`,
          'name an ephemeral environment with its base (--extends), or check --env and --out',
        ),
      ],
    };
  return {};
}

/** Prints what a teardown did (or its errors); exit 1 when it failed. */
function reportTeardown(
  io: CliIO,
  flags: TeardownFlags,
  done: { name: string; shown: string; written: ReturnType<typeof writeOutput>; warnings: Diagnostic[] },
): number {
  const { name, shown, written, warnings } = done;
  const failed = printDiagnostics([...written.diagnostics, ...warnings], new Map(), flags.format, io);
  if (flags.format === 'json')
    io.stdout(
      `${JSON.stringify({ ok: !failed, out: shown, environment: name, forgotten: flags.forget === true, written: written.written, removed: written.removed, diagnostics: [...written.diagnostics, ...warnings] }, null, 2)}\n`,
    );
  else if (!failed)
    io.stdout(
      flags.forget
        ? `forgot environment ${name}: ${written.removed.length} files removed from ${shown}\n`
        : `tore down environment ${name} in ${shown}: ${written.written.length} written, ${written.removed.length} removed\n`,
    );
  return failed ? 1 : 0;
}

/**
 * `paws teardown --env X --module M --forget`: after terraform apply destroyed what a teardown module
 * of a live environment held (a workload or shared resource that is gone), the module goes too.
 */
function forgetModule(
  host: ReturnType<typeof createNodeHost> | NonNullable<CliIO['host']>,
  outDir: string,
  name: string,
  flags: TeardownFlags,
  io: CliIO,
): number {
  const shown = displayPathFor(host, outDir);
  const module = flags.module ?? '';
  const fail = (diagnostic: Diagnostic) => {
    printDiagnostics([diagnostic], new Map(), flags.format, io);
    if (flags.format === 'json')
      io.stdout(`${JSON.stringify({ ok: false, diagnostics: [diagnostic] }, null, 2)}\n`);
    return 1;
  };
  if (!flags.forget)
    return fail(
      refuse(
        '--module only forgets a teardown module: paws compile makes them by itself when a workload or shared resource goes',
        `paws teardown --env ${name} --module ${module} --forget, after terraform apply in it`,
      ),
    );
  const update = forgetTeardownModule(readPreviousOutput(host, outDir), name, module);
  if ('refused' in update)
    return fail(
      refuse(`${shown}: ${update.refused}`, 'see "teardown" in the environment\'s terraform/order.json'),
    );
  if (!isWritable(host)) throw new Error('the host cannot write files');
  const written = writeOutput(host, outDir, update.files, {
    environments: update.environments,
    keep: update.keep,
    lock: { timeoutMs: lockTimeoutMs(io), onWait: (message) => io.stderr(`${message}\n`) },
  });
  const failed = printDiagnostics(written.diagnostics, new Map(), flags.format, io);
  if (flags.format === 'json')
    io.stdout(
      `${JSON.stringify({ ok: !failed, out: shown, environment: name, module, forgotten: true, written: written.written, removed: written.removed, diagnostics: written.diagnostics }, null, 2)}\n`,
    );
  else if (!failed) io.stdout(`forgot teardown module ${module} of environment ${name} in ${shown}\n`);
  return failed ? 1 : 0;
}
