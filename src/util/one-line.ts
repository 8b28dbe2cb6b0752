/**
 * Data inside a line paws prints: line breaks and control characters escaped (`\n` as `\\n`), so
 * no data can start a line of its own. CI runners read lines that start with `::` as workflow
 * commands (GitHub) and terminals act on escape sequences; a value from a pull request must not
 * forge either. Tabs stay.
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

// C0 controls but tab, DEL, C1 controls (U+0085 is a line break to some readers), and the Unicode
// line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
