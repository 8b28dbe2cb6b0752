import { builtinCatalogKey } from '../catalog/builtin.js';
import { hasErrors, type StageResult } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import type { LoadedProject } from '../compiler/load/index.js';
import { inputFingerprint, selectedEnvironments } from '../write/fingerprint.js';
import { hashOnDisk, manifestProblem, readManifest } from '../write/index.js';
import { environmentOf } from '../write/lifecycle.js';
import { writeStateBeside } from '../write/transaction.js';

/** The fingerprint of a loaded project's inputs, when it loaded cleanly and has one. */
export function fingerprintOf(
  loaded: StageResult<LoadedProject>,
  options: Parameters<typeof inputFingerprint>[1],
): string | undefined {
  return hasErrors(loaded.diagnostics)
    ? undefined
    : inputFingerprint(loaded.value, options, builtinCatalogKey());
}

/**
 * Whether the output folder already holds this compile's output: every selected environment was
 * compiled from the same inputs and its files are all there, as written (a compile of every
 * environment also needs the same set of platform environments, or one is gone). Returns the files.
 */
export function unchangedOutput(
  host: Host,
  outDir: string,
  fingerprint: string,
  loaded: LoadedProject,
  env: readonly string[] | undefined,
): string[] | undefined {
  // An interrupted write is finished (or undone) by a write, never skipped.
  if (writeStateBeside(host, outDir)) return undefined;
  const manifest = readManifest(host, outDir);
  if (!manifest?.environments || manifestProblem(manifest)) return undefined;
  const selected = selectedEnvironments(loaded, env);
  const records = manifest.environments;
  if (!selected.every((name) => records[name]?.inputs === fingerprint && !records[name]?.teardown))
    return undefined;
  if (!env || env.length === 0) {
    const platform = Object.keys(records).filter((n) => !records[n]?.clonedFrom && !records[n]?.teardown);
    if (platform.sort().join('\n') !== selected.join('\n')) return undefined;
  }
  const files = Object.keys(manifest.files).filter((file) => selected.includes(environmentOf(file)));
  // A file edited or deleted by hand is restored by a compile, so it must still be what paws wrote.
  const intact = (file: string) => hashOnDisk(host, `${outDir}/${file}`) === manifest.files[file];
  return files.every(intact) ? files : undefined;
}
