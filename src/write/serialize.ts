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

const LEADING_INDEX = new Map(LEADING_KEYS.map((key, i) => [key, i]));

/**
 * How many keys an object has when its own order already is its serialization order (what
 * orderedKeys would give, apart from keys with undefined values, which both serializers skip);
 * otherwise -1. Two thirds of what emitters make is built in order: those are written by iterating
 * the object, without a key list to make and sort.
 */
export function keysInOrder(value: object): number {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return -1;
  let count = 0;
  let previous: string | undefined;
  let nextLeading = 0;
  for (const key in value) {
    count++;
    const leading = LEADING_INDEX.get(key);
    if (leading !== undefined) {
      // A leading key comes before every other key, and in LEADING_KEYS' order.
      if (previous !== undefined || leading < nextLeading) return -1;
      nextLeading = leading + 1;
    } else if (previous !== undefined && previous > key) return -1;
    else previous = key;
  }
  return count;
}

/** The keys to write an object by, or undefined when iterating the object gives them. */
const serializationOrder = (value: object) => (keysInOrder(value) >= 0 ? undefined : orderedKeys(value));

/**
 * The one YAML serializer for manifests: apiVersion, kind, metadata first, then keys in code-unit
 * order, and YAML 1.1 quoting, because Kubernetes reads manifests as YAML 1.1 (where yes, on and
 * 0600 are not strings unless quoted).
 */
export function toYaml(documents: readonly unknown[]): string {
  return documents.map((doc) => emitYamlDocument(doc, serializationOrder)).join('---\n');
}

/** The one JSON serializer for Terraform and the manifest: keys in code-unit order, two spaces, final newline. */
export function toJson(value: unknown): string {
  // Written straight from the value (what JSON.stringify(value, null, 2) of a key-ordered copy gives,
  // without the copy: a large compile serialized ~2,200 Terraform files this way).
  const parts: string[] = [];
  jsonValue(value, 0, parts, true);
  parts.push('\n');
  return parts.join('');
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

/** "\n" and the indentation of each depth. */
const NEWLINES: string[] = ['\n'];
const newlineOf = (depth: number) => (NEWLINES[depth] ??= `\n${'  '.repeat(depth)}`);

/**
 * Per depth, what comes before each key's value ("{" or "," first, the line break, the quoted key):
 * Terraform files repeat the same keys at the same depths, and quoting each key and joining it to
 * its line break was a fifth of writing them.
 */
const FIRST_KEYS: Map<string, string>[] = [];
const NEXT_KEYS: Map<string, string>[] = [];
function keyPart(depth: number, key: string, first: boolean): string {
  const byKey = ((first ? FIRST_KEYS : NEXT_KEYS)[depth] ??= new Map());
  let part = byKey.get(key);
  if (part === undefined) {
    if (byKey.size >= 10_000) byKey.clear();
    part = `${first ? '{' : ','}${newlineOf(depth + 1)}${JSON.stringify(key)}: `;
    byKey.set(key, part);
  }
  return part;
}

/** Appends the JSON of a value at `depth`; false when it has none (undefined, a function, a symbol). */
function jsonValue(value: unknown, depth: number, parts: string[], top = false): boolean {
  if (value === null) parts.push('null');
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    parts.push(JSON.stringify(value));
  else if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  else if (typeof value !== 'object') {
    if (top) parts.push('undefined');
    return top;
  } else if (Array.isArray(value)) jsonArray(value, depth, parts);
  else jsonObject(value as Record<string, unknown>, depth, parts);
  return true;
}

function jsonArray(list: readonly unknown[], depth: number, parts: string[]): void {
  if (list.length === 0) return void parts.push('[]');
  const inner = newlineOf(depth + 1);
  parts.push('[');
  for (let i = 0; i < list.length; i++) {
    parts.push(i === 0 ? inner : `,${inner}`);
    if (!jsonValue(list[i], depth + 1, parts)) parts.push('null');
  }
  parts.push(newlineOf(depth), ']');
}

/**
 * Past this many keys, a record of strings already in serialization order is written by one call of
 * JSON.stringify: the manifest lists every output file (46,000 at 5,000 workloads), and writing it
 * key by key took ~200 ms at the end of a compile, against ~30 ms.
 */
const FLAT_RECORD = 64;

function jsonObject(record: Record<string, unknown>, depth: number, parts: string[]): void {
  const count = keysInOrder(record);
  if (count >= FLAT_RECORD && everyValueIsText(record)) {
    // Its strings hold no line break (JSON escapes them): each one in the text is the layout's.
    const text = JSON.stringify(record, null, 2);
    parts.push(depth === 0 ? text : text.replaceAll('\n', newlineOf(depth)));
    return;
  }
  let first = true;
  if (count >= 0) for (const key in record) first = jsonEntry(record, key, depth, parts, first);
  else
    for (const key of indexKeysFirst(orderedKeys(record)))
      first = jsonEntry(record, key, depth, parts, first);
  parts.push(first ? '{}' : `${newlineOf(depth)}}`);
}

/** Appends a key and its value, unless JSON has none for it; returns whether the object is still empty. */
function jsonEntry(
  record: Record<string, unknown>,
  key: string,
  depth: number,
  parts: string[],
  first: boolean,
): boolean {
  const value = record[key];
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return first;
  parts.push(keyPart(depth, key, first));
  jsonValue(value, depth + 1, parts);
  return false;
}

/** Whether every value of a record is a string (JSON.stringify then writes it as this serializer would). */
function everyValueIsText(record: Record<string, unknown>): boolean {
  for (const key in record) if (typeof record[key] !== 'string') return false;
  return true;
}

const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
/**
 * Keys as an object built in their order holds them, which JSON text has always followed here:
 * array-index keys ("0", "9", "10") first, ascending as numbers, then the others in their order.
 */
function indexKeysFirst(keys: string[]): string[] {
  const isIndex = (key: string) => INDEX_KEY.test(key) && Number(key) < 4294967295;
  // Most keys start with a letter: the expression runs only for those that start with a digit.
  const digitFirst = (key: string) => key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57;
  if (!keys.some((key) => digitFirst(key) && isIndex(key))) return keys;
  const indexes = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((key) => !isIndex(key))];
}
