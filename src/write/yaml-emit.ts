/**
 * A small YAML emitter for plain JSON data (what emitters produce), in block style, safe for YAML 1.1
 * readers like Kubernetes: a string is written plain only when no YAML 1.1 or 1.2 reader could take it
 * for anything else, otherwise double-quoted with JSON escapes (a subset of YAML's), and multi-line
 * strings as literal blocks. It exists because the general-purpose serializer was the largest cost of
 * a large compile; a property test checks that every value reads back equal.
 */

/** Plain scalars a YAML 1.1 or 1.2 reader would turn into something other than this string. */
const RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|=|<<)$/;
/** Anything number-like in YAML 1.1 or 1.2: decimal, octal, hex, binary, floats, sexagesimal, with _ separators. */
const NUMBER_LIKE = /^[-+]?[0-9._:]*(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xob][0-9a-fA-F_]+$/;
const SAFE_PLAIN = /^[A-Za-z0-9_./@$%^&()=+;,<>'"\\-][A-Za-z0-9_ ./@$%^&()=+;,<>'"\\:#{}[\]!*|?-]*$/;

/** Keys and common values repeat across thousands of objects: each string is judged once. */
const plainSafe = new Map<string, boolean>();
function isPlainSafe(text: string): boolean {
  let safe = plainSafe.get(text);
  if (safe === undefined) {
    if (plainSafe.size >= 200_000) plainSafe.clear();
    plainSafe.set(text, (safe = judgePlainSafe(text)));
  }
  return safe;
}

function judgePlainSafe(text: string): boolean {
  if (text === '' || text.trim() !== text) return false;
  if (RESERVED.test(text) || NUMBER_LIKE.test(text)) return false;
  if (!SAFE_PLAIN.test(text)) return false;
  // Indicators that change meaning inside a plain scalar, or at its start.
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^-[^\s-]/.test(text)) return false;
  if (/^-{3}|^\.{3}/.test(text)) return false;
  if (/[{}[\],]/.test(text)) return false;
  return true;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoted(String(value));
  const text = String(value);
  return isPlainSafe(text) ? text : quoted(text);
}

function isBlockString(value: unknown): value is string {
  // Literal blocks keep text readable; they cannot hold trailing spaces on lines reliably or
  // carriage returns, so those stay double-quoted.
  return (
    typeof value === 'string' &&
    value.includes('\n') &&
    !value.endsWith('\n\n') &&
    !/[\r\t]|[ ]\n|^\s|[^\S\n]$/.test(value) &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must stay quoted
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)
  );
}

function literalBlock(text: string, indent: string): string {
  const chomp = text.endsWith('\n') ? '' : '-';
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
  return `|${chomp}\n${lines.join('\n')}`;
}

function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object' || value === null) return false;
  // Whether Object.keys would be empty, without making the list for every object written.
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** The keys to write a mapping by; undefined: in the order the object holds them. */
type KeyOrder = (value: object) => readonly string[] | undefined;

const INDENTS: string[] = [''];
const indentOf = (depth: number) => (INDENTS[depth] ??= '  '.repeat(depth));

/**
 * Per depth, the line start of each key met ("<indent><key>:", or "<indent>- <key>:" for the first
 * key of a mapping in a sequence): thousands of manifests repeat the same keys at the same depths,
 * and building each line from its parts was most of what serializing them allocated.
 */
const KEY_LINES: Map<string, string>[] = [];
const DASH_KEY_LINES: Map<string, string>[] = [];
function keyLine(depth: number, key: string, dash: boolean): string {
  const table = dash ? DASH_KEY_LINES : KEY_LINES;
  const byKey = (table[depth] ??= new Map());
  let line = byKey.get(key);
  if (line === undefined) {
    if (byKey.size >= 10_000) byKey.clear();
    line = `${dash ? `${indentOf(depth - 1)}- ` : indentOf(depth)}${scalar(key)}:`;
    byKey.set(key, line);
  }
  return line;
}

/** Appends the lines of a mapping or sequence at `depth`; `dash`: the mapping is an item of a sequence. */
function emit(value: unknown, depth: number, out: string[], order: KeyOrder, dash = false): void {
  if (Array.isArray(value)) {
    emitItems(value, depth, out, order);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = order(record);
  let first = dash;
  if (keys) for (const key of keys) first = emitEntry(record, key, depth, out, order, first);
  else for (const key in record) first = emitEntry(record, key, depth, out, order, first);
}

/** Appends a key and its value unless the value is undefined; returns whether no key was written yet. */
function emitEntry(
  record: Record<string, unknown>,
  key: string,
  depth: number,
  out: string[],
  order: KeyOrder,
  first: boolean,
): boolean {
  const item = record[key];
  if (item === undefined) return first;
  const line = keyLine(depth, key, first);
  if (item === null || typeof item !== 'object' || (Array.isArray(item) && item.length === 0))
    out.push(`${line} ${inline(item, indentOf(depth + 1))}`);
  else {
    const at = out.push(line);
    emit(item, depth + 1, out, order);
    // A mapping with no key, or none whose value is defined, has no line of its own: {} (as JSON).
    if (out.length === at) out[at - 1] = `${line} {}`;
  }
  return false;
}

function emitItems(items: readonly unknown[], depth: number, out: string[], order: KeyOrder): void {
  const indent = indentOf(depth);
  for (const item of items) {
    if (item === null || typeof item !== 'object' || (Array.isArray(item) && item.length === 0)) {
      out.push(`${indent}- ${inline(item, indentOf(depth + 1))}`);
      continue;
    }
    const start = out.length;
    emit(item, depth + 1, out, order, true);
    // A mapping with no key, or none whose value is defined, has no line: it is still an item ({}).
    if (out.length === start) out.push(`${indent}- {}`);
    // A sequence in a sequence: its first line goes on the dash line.
    else if (Array.isArray(item))
      out[start] = `${indent}- ${(out[start] as string).slice(indent.length + 2)}`;
  }
}

function inline(value: unknown, indent: string): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  if (isBlockString(value)) return literalBlock(value, indent);
  return scalar(value);
}

/** One YAML document (no leading "---"), ending with a newline; `order` gives each mapping's keys. */
export function emitYamlDocument(value: unknown, order: KeyOrder = Object.keys): string {
  if (value === null || typeof value !== 'object' || isEmptyCollection(value))
    return `${inline(value, '')}\n`;
  const out: string[] = [];
  emit(value, 0, out, order);
  if (out.length === 0) return '{}\n';
  // Joined with the final newline, so the text is one flat string (a concatenation after the join would
  // make a rope that every later reader, such as the UTF-8 encoder, must flatten first).
  out.push('');
  return out.join('\n');
}
