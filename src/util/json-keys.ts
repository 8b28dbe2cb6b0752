/**
 * Whether a JSON text (already known to parse) has an object with the same key twice: JSON.parse
 * keeps the last silently, where YAML (and Terraform) refuse it. One pass over the text, tracking
 * the keys of each open object.
 */
export function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      // A string directly followed by ":" inside an object is a key.
      let j = end;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (top && text[j] === ':') {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.has(key)) return true;
        top.add(key);
      }
      i = end;
      continue;
    }
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    i++;
  }
  return false;
}

/** The index just after the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return i;
}
