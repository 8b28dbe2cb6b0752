import { emitYamlDocument } from './yaml-emit.js';

/** Keys that lead an object, in this order; every other key follows in code-unit order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];
const LEADING = new Set(LEADING_KEYS);

/** The keys of an object in serialization order: leading keys first, then code-unit order. */
export function orderedKeys(value: object): string[] {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let leads = false;
  let skipped = false;
  for (const key of keys) {
    if (record[key] === undefined) skipped = true;
    else if (LEADING.has(key)) leads = true;
  }
  // Most objects have neither: their own fresh key list is sorted in place.
  const rest = leads || skipped ? keys.filter((key) => record[key] !== undefined && !LEADING.has(key)) : keys;
  sortKeys(rest);
  if (!leads) return rest;
  const leading = LEADING_KEYS.filter((k) => Object.hasOwn(record, k) && record[k] !== undefined);
  return [...leading, ...rest];
}

/**
 * The one YAML serializer for manifests: apiVersion, kind, metadata first, then keys in code-unit
 * order, and YAML 1.1 quoting, because Kubernetes reads manifests as YAML 1.1 (where yes, on and
 * 0600 are not strings unless quoted).
 */
export function toYaml(documents: readonly unknown[]): string {
  return documents.map((doc) => emitYamlDocument(doc, orderedKeys)).join('---\n');
}

/** The one JSON serializer for Terraform and the manifest: keys in code-unit order, two spaces, final newline. */
export function toJson(value: unknown): string {
  // Written straight from the value (what JSON.stringify(value, null, 2) of a key-ordered copy gives,
  // without the copy), by concatenation: a list of the pieces joined at the end cost a third more
  // (the manifest of 45,000 files: ~220 ms against ~165 ms).
  return `${jsonText(value, '\n') ?? 'undefined'}\n`;
}

/**
 * Code-unit order, as the default sort gives (`<` on strings compares UTF-16 code units too). Most
 * objects have a few keys: sorted in place here, since each Array.prototype.sort call allocates its
 * work arrays (a fifth of what a large compile allocated was the sorting of small key lists).
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 12) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
}

/** The JSON of a value; undefined when it has none (undefined, a function, a symbol). */
function jsonText(value: unknown, newline: string): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return JSON.stringify(value);
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  if (typeof value !== 'object') return undefined;
  return Array.isArray(value)
    ? jsonArray(value, newline)
    : jsonObject(value as Record<string, unknown>, newline);
}

function jsonArray(list: readonly unknown[], newline: string): string {
  if (list.length === 0) return '[]';
  const inner = `${newline}  `;
  let out = '[';
  for (let i = 0; i < list.length; i++)
    out += `${i === 0 ? inner : `,${inner}`}${jsonText(list[i], inner) ?? 'null'}`;
  return `${out}${newline}]`;
}

function jsonObject(record: Record<string, unknown>, newline: string): string {
  const inner = `${newline}  `;
  let out = '';
  for (const key of indexKeysFirst(orderedKeys(record))) {
    // Functions and symbols have no JSON; undefined values are not among the ordered keys.
    const text = jsonText(record[key], inner);
    if (text !== undefined) out += `${out === '' ? `{${inner}` : `,${inner}`}${JSON.stringify(key)}: ${text}`;
  }
  return out === '' ? '{}' : `${out}${newline}}`;
}

const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
/**
 * Keys as an object built in their order holds them, which JSON text has always followed here:
 * array-index keys ("0", "9", "10") first, ascending as numbers, then the others in their order.
 */
function indexKeysFirst(keys: string[]): string[] {
  const isIndex = (key: string) => INDEX_KEY.test(key) && Number(key) < 4294967295;
  if (!keys.some(isIndex)) return keys;
  const indexes = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((key) => !isIndex(key))];
}
