import type { Location } from '../diagnostics.js';

/** A decoded input file with a line index, so any offset maps to line:column. */
export interface SourceFile {
  /** Absolute POSIX path. */
  path: string;
  /** Path shown to the user (relative to the working directory). */
  displayPath: string;
  text: string;
  lineStarts: number[];
}

export function createSourceFile(path: string, displayPath: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) lineStarts.push(i + 1);
  }
  return { path, displayPath, text, lineStarts };
}

export function locationAt(source: SourceFile, offset: number): Location {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file: source.displayPath, line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** The text of a 1-based line, without its line break. */
export function lineText(source: SourceFile, line: number): string | undefined {
  const start = source.lineStarts[line - 1];
  if (start === undefined) return undefined;
  const end = source.lineStarts[line] ?? source.text.length;
  return source.text.slice(start, end).replace(/\r?\n$|\r$/, '');
}
