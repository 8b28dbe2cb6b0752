import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compareStrings } from '../util/compare.js';
import type { LoadedProject } from '../compiler/load/index.js';
import { PAWS_VERSION } from '../compiler/version.js';
import { runsCode } from '../drivers/kinds.js';

let build: string | undefined;
/** The identity of this build of paws (dist/build-id.json, written by the build); "source" when run from src. */
function buildId(): string {
  if (build === undefined) {
    try {
      build = (
        JSON.parse(readFileSync(new URL('../build-id.json', import.meta.url), 'utf8')) as { build: string }
      ).build;
    } catch {
      build = 'source';
    }
  }
  return build;
}

/**
 * A hash of everything a compile's output depends on: this build of paws and its built-in catalog, every source
 * read (workloads, platform files, paws.config.yaml), every asset (mounted files, template files)
 * and the options that change the output. Equal fingerprints give equal output, so a recompile of
 * unchanged inputs need not plan anything. Undefined when the output depends on what paws does not
 * read itself: a cdktf module imports code of its own.
 */
export function inputFingerprint(
  loaded: LoadedProject,
  options: {
    image?: string;
    images?: Readonly<Record<string, string>>;
    extends?: string;
    /** The workloads a compile given paths writes: another selection writes other files. */
    only?: readonly string[];
  },
  catalogKey: string,
): string | undefined {
  const usesCode = loaded.platform.some((doc) =>
    runsCode(String((doc.value as { spec?: { driver?: { kind?: unknown } } } | null)?.spec?.driver?.kind)),
  );
  if (usesCode) return undefined;
  const hash = createHash('sha256');
  const field = (text: string) => hash.update(`${text.length}:${text}`);
  field(PAWS_VERSION);
  field(buildId());
  field(catalogKey);
  const images = Object.entries(options.images ?? {}).sort(([a], [b]) => compareStrings(a, b));
  if (options.only) field(JSON.stringify(['only', ...options.only]));
  field(
    JSON.stringify([options.image ?? null, options.extends ?? null, ...(images.length > 0 ? [images] : [])]),
  );
  for (const [name, source] of [...loaded.sources].sort(([a], [b]) => compareStrings(a, b))) {
    field(name);
    field(source.text);
  }
  for (const [name, text] of [...loaded.assets].sort(([a], [b]) => compareStrings(a, b))) {
    field(name);
    field(text);
  }
  return hash.digest('hex');
}

/** The environments a compile selects, read from the loaded documents alone (no validation). */
export function selectedEnvironments(loaded: LoadedProject, env?: readonly string[]): string[] {
  if (env && env.length > 0) return [...env].sort(compareStrings);
  const names = loaded.platform.flatMap((doc) => {
    const value = doc.value as { kind?: unknown; metadata?: { name?: unknown } } | null;
    return value?.kind === 'Environment' && typeof value.metadata?.name === 'string'
      ? [value.metadata.name]
      : [];
  });
  return names.length > 0 ? [...new Set(names)].sort(compareStrings) : ['dev'];
}
