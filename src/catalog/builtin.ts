import { createHash } from 'node:crypto';
import { append } from '../util/compare.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { createSourceFile } from '../compiler/load/source.js';
import { type LoadedDocument, type NodeSpan, parseYamlDocuments } from '../compiler/load/yaml.js';

/**
 * The built-in catalog ships as YAML in the package's catalog/ folder, written in the same format
 * platform engineers use, and goes through the same validation. Parsing it costs ~80 ms at start-up,
 * so the build stores the parsed documents (with their source positions) next to this module; the
 * cache is used only while its key, a hash of the YAML files, still matches.
 */
const CATALOG_FILES = [
  'types.yaml',
  'definitions/development.yaml',
  'definitions/aws.yaml',
  'definitions/cluster.yaml',
] as const;
const CACHE = new URL('./catalog-cache.json', import.meta.url);

interface CachedDocument {
  index: number;
  value: unknown;
  spans: [string, NodeSpan][];
}

interface Cache {
  key: string;
  files: { name: string; documents: CachedDocument[]; diagnostics: Diagnostic[] }[];
  /** Every document passed its schema when the build wrote the cache (scripts/catalog-cache.mjs checks). */
  checked?: boolean;
}

function readCatalogFiles(): { name: string; url: URL; text: string }[] {
  return CATALOG_FILES.map((name) => {
    const url = new URL(`../../catalog/${name}`, import.meta.url);
    return { name, url, text: readFileSync(url, 'utf8') };
  });
}

function cacheKey(files: readonly { name: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  return hash.digest('hex');
}

function parse(files: readonly { name: string; url: URL; text: string }[]): Cache['files'] {
  return files.map((file) => {
    const source = createSourceFile(file.url.pathname, `<paws>/catalog/${file.name}`, file.text);
    const parsed = parseYamlDocuments(source);
    return {
      name: file.name,
      documents: parsed.documents.map((d) => ({ index: d.index, value: d.value, spans: [...d.spans] })),
      diagnostics: parsed.diagnostics,
    };
  });
}

let shipped: { files: ReturnType<typeof readCatalogFiles>; key: string } | undefined;
/** The package's catalog files and their hash, read once per process (a compile asks twice: load and fingerprint). */
function shippedCatalog(): { files: ReturnType<typeof readCatalogFiles>; key: string } {
  if (!shipped) {
    const files = readCatalogFiles();
    shipped = { files, key: cacheKey(files) };
  }
  return shipped;
}

/** A hash of the built-in catalog's files: what the catalog holds, for fingerprints of a compile's inputs. */
export function builtinCatalogKey(): string {
  return shippedCatalog().key;
}

/**
 * The built-in documents; `checked` when they come from the build's cache, whose documents all passed
 * their schemas then (the same files, by the cache's key), so they need not be checked on every run.
 */
export function loadBuiltinCatalog(): {
  documents: LoadedDocument[];
  diagnostics: Diagnostic[];
  checked: boolean;
} {
  const { files, key } = shippedCatalog();
  let parsed: Cache['files'] | undefined;
  let checked = false;
  if (existsSync(CACHE)) {
    const cache = JSON.parse(readFileSync(CACHE, 'utf8')) as Cache;
    if (cache.key === key) {
      parsed = cache.files;
      checked = cache.checked === true;
    }
  }
  parsed ??= parse(files);
  const documents: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  parsed.forEach((entry, i) => {
    const file = files[i] as (typeof files)[number];
    const source = createSourceFile(file.url.pathname, `<paws>/catalog/${file.name}`, file.text);
    for (const doc of entry.documents) {
      documents.push({
        source,
        index: doc.index,
        value: doc.value,
        spans: new Map(doc.spans),
        renames: new Map(),
      });
    }
    append(diagnostics, entry.diagnostics);
  });
  return { documents, diagnostics, checked };
}

/**
 * Run by the build (scripts/catalog-cache.mjs) after compiling; `checked` when it validated every
 * document against its schema.
 */
export function writeCatalogCache(options: { checked?: boolean } = {}): string {
  const files = readCatalogFiles();
  const cache: Cache = {
    key: cacheKey(files),
    files: parse(files),
    ...(options.checked ? { checked: true } : {}),
  };
  writeFileSync(CACHE, JSON.stringify(cache));
  return CACHE.pathname;
}
