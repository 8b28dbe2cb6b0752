import type { Diagnostic } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import type { LoadedProject } from '../compiler/load/index.js';
import { manifestEnvironments, readManifest } from '../write/index.js';
import type { EphemeralRequest } from '../resolvers/environments.js';
import { compareStrings } from '../util/compare.js';

/**
 * Ephemeral clones the output folder holds (`--env pr-7 --extends staging` compiled them): a compile
 * of every environment compiles them again, so they follow their base instead of going stale. A
 * clone whose base is gone (or no longer allows clones) stays deployed: it is reported, with how to
 * tear it down.
 */
export function recordedClones(
  host: Host,
  outDir: string,
  loaded: LoadedProject,
): { clones: EphemeralRequest[]; diagnostics: Diagnostic[] } {
  const records = manifestEnvironments(readManifest(host, outDir));
  const bases = new Map<string, boolean>();
  for (const doc of loaded.platform) {
    const value = doc.value as {
      kind?: unknown;
      metadata?: { name?: unknown };
      spec?: { ephemeral?: { allowed?: unknown } };
    } | null;
    if (value?.kind === 'Environment' && typeof value.metadata?.name === 'string')
      bases.set(value.metadata.name, value.spec?.ephemeral?.allowed === true);
  }
  const clones: EphemeralRequest[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of Object.keys(records).sort(compareStrings)) {
    const { clonedFrom, teardown } = records[name] ?? {};
    if (!clonedFrom || teardown) continue;
    if (bases.get(clonedFrom) === true) {
      clones.push({ name, extends: clonedFrom });
      continue;
    }
    diagnostics.push({
      code: 'PAWS5011',
      severity: 'warning',
      message: `ephemeral environment "${name}" was cloned from "${clonedFrom}", which ${bases.has(clonedFrom) ? 'no longer allows clones' : 'is gone'}: it stays deployed as it was last compiled`,
      hint: `tear it down: paws teardown --env ${name}, terraform apply its teardown modules, then paws teardown --env ${name} --forget`,
    });
  }
  return { clones, diagnostics };
}
