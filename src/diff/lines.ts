/**
 * Line diff (Myers' O(ND) algorithm) and unified-diff hunks, for `paws diff`. Output files are text
 * of moderate size, so the straightforward version with a trace of V arrays is enough.
 */
export type Edit = { op: ' ' | '-' | '+'; line: string };

export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edits.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && (vd[offset + k - 1] as number) < (vd[offset + k + 1] as number))
        ? k + 1
        : k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] as number);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: ' ', line: a[--x] as string });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) edits.push({ op: '+', line: b[--y] as string });
    else edits.push({ op: '-', line: a[--x] as string });
  }
  while (x > 0 && y > 0) {
    edits.push({ op: ' ', line: a[--x] as string });
    y--;
  }
  return edits.reverse();
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff with `context` lines around each change; empty when the texts are equal. */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldName: string,
  newName: string,
  context = 3,
): string {
  if (oldText === newText) return '';
  const edits = diffLines(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  const positions = edits.map((e) => {
    const p = { oldLine, newLine };
    if (e.op !== '+') oldLine++;
    if (e.op !== '-') newLine++;
    return p;
  });
  while (i < edits.length) {
    if ((edits[i] as Edit).op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are within 2 × context lines of each other.
    for (let j = i; j < edits.length; j++) {
      if ((edits[j] as Edit).op !== ' ') end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(edits.length, end + context + 1);
    const hunk = edits.slice(start, stop);
    const first = positions[start] as { oldLine: number; newLine: number };
    const oldCount = hunk.filter((e) => e.op !== '+').length;
    const newCount = hunk.filter((e) => e.op !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? first.oldLine - 1 : first.oldLine},${oldCount} +${newCount === 0 ? first.newLine - 1 : first.newLine},${newCount} @@`,
    );
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    i = stop;
  }
  return `${out.join('\n')}\n`;
}
