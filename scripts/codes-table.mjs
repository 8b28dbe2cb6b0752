// Rewrites the diagnostics table in README.md from DIAGNOSTIC_CODES (run after npm run build).
import { readFileSync, writeFileSync } from 'node:fs';
import { DIAGNOSTIC_CODES } from '../dist/compiler/diagnostics.js';

const file = new URL('../README.md', import.meta.url);
const lines = readFileSync(file, 'utf8').split('\n');
const isRow = (line) => /^\|\s*PAWS\d{4}/.test(line ?? '');
const first = lines.findIndex(isRow);
let last = first;
while (isRow(lines[last + 1])) last++;
const rows = Object.entries(DIAGNOSTIC_CODES).map(
  ([code, { severity, stage, summary }]) => `| ${code} | ${stage} | ${severity} | ${summary} |`,
);
lines.splice(first, last - first + 1, ...rows);
writeFileSync(file, lines.join('\n'));
