/**
 * Score placeholders, with Score's exact rules: `${a.b.c}` is a reference split on unescaped dots,
 * `\.` is a literal dot inside a key, `$$` is a literal `$`, and a `$` before anything else is
 * itself. An unterminated `${` is an error.
 */

export type PlaceholderSegment =
  | { kind: 'text'; text: string }
  | {
      kind: 'ref';
      /** The reference split into keys, escapes removed: ["resources", "db", "host"]. */
      path: string[];
      /** The placeholder as written, `${…}` included. */
      raw: string;
      /** Offset of `${` in the input string. */
      offset: number;
    };

export type PlaceholderParse =
  { ok: true; segments: PlaceholderSegment[] } | { ok: false; offset: number; message: string };

export function parsePlaceholders(input: string): PlaceholderParse {
  const segments: PlaceholderSegment[] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$') {
      text += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      text += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      text += '$';
      i++;
      continue;
    }
    const close = input.indexOf('}', i + 2);
    if (close === -1) {
      return {
        ok: false,
        offset: i,
        message: `unterminated placeholder "${input.slice(i, i + 40)}": "\${" has no closing "}"`,
      };
    }
    const inner = input.slice(i + 2, close);
    const path = splitKeys(inner);
    if (path.some((key) => key === '')) {
      return {
        ok: false,
        offset: i,
        message: `malformed placeholder "\${${inner}}": ${inner === '' ? 'it is empty' : 'it has an empty key (two dots, or a leading or trailing dot)'}`,
      };
    }
    if (text) segments.push({ kind: 'text', text });
    text = '';
    segments.push({ kind: 'ref', path, raw: input.slice(i, close + 1), offset: i });
    i = close + 1;
  }
  if (text) segments.push({ kind: 'text', text });
  return { ok: true, segments };
}

function splitKeys(inner: string): string[] {
  const keys: string[] = [];
  let key = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\' && inner[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      keys.push(key);
      key = '';
    } else key += c;
  }
  keys.push(key);
  return keys;
}

export function hasPlaceholder(input: string): boolean {
  const parsed = parsePlaceholders(input);
  return !parsed.ok || parsed.segments.some((s) => s.kind === 'ref');
}

/** Writes a reference path back as placeholder text, escaping dots inside keys. */
export function formatReference(path: readonly string[]): string {
  return `\${${path.map((key) => key.replace(/\./g, '\\.')).join('.')}}`;
}
