/**
 * Whether a JSON text (already known to parse) has an object with the same key twice: JSON.parse
 * keeps the last silently, where YAML (and Terraform) refuse it. One pass over the text, tracking
 * the keys of each open object.
 */
export function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let top: Set<string> | null | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (top) {
        // A string directly followed by ":" inside an object is a key.
        let j = end;
        while (j < text.length && isJsonSpace(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === COLON) {
          const raw = text.slice(i + 1, end - 1);
          const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
          if (top.has(key)) return true;
          top.add(key);
        }
      }
      i = end;
      continue;
    }
    if (c === OPEN_OBJECT) stack.push((top = new Set()));
    else if (c === OPEN_ARRAY) stack.push((top = null));
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    i++;
  }
  return false;
}

const QUOTE = 0x22;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** The whitespace JSON allows between tokens. */
const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index just after the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return i;
}
const BACKSLASH = 0x5c;
