import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../src/compiler/diagnostics.js';
import { runCli } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const filesUnder = (dir: string, ending: string): string[] =>
  readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory())
      return name === 'generated' ? [] : filesUnder(relative, ending);
    return name.endsWith(ending) ? [relative] : [];
  });
const text = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('the diagnostic catalogue (DIAGNOSTIC_CODES)', () => {
  it('every place that reports a code gives it the catalogue’s severity (one severity per code)', () => {
    const wrong: string[] = [];
    let sites = 0;
    for (const file of filesUnder('src', '.ts'))
      for (const m of text(file).matchAll(/code: '(PAWS\d{4})',\s*severity: '(error|warning)'/g)) {
        sites++;
        const entry = DIAGNOSTIC_CODES[m[1] as DiagnosticCode];
        if (entry?.severity !== m[2])
          wrong.push(`${file}: ${m[1]} as ${m[2]}, catalogued ${entry?.severity}`);
      }
    expect(wrong).toEqual([]);
    expect(sites).toBeGreaterThan(80);
  });

  it('a warning says so in its summary, and only a warning does', () => {
    for (const [code, entry] of Object.entries(DIAGNOSTIC_CODES))
      expect(entry.summary.includes('(warning)'), code).toBe(entry.severity === 'warning');
  });

  it('every code is produced by some test (named in a test file), with the gaps named', () => {
    const tests = filesUnder('test', '.ts')
      .filter((file) => !file.endsWith('diagnostic-catalogue.test.ts'))
      .map(text)
      .join('\n');
    const untested = Object.keys(DIAGNOSTIC_CODES).filter((code) => !tests.includes(code));
    // Two whose conditions paws' own checks prevent first (the emitter's block conflict, a ref that
    // fails to compile is tested through the CLI's worktree only on a real git repository).
    expect(untested).toEqual(['PAWS4001', 'PAWS6003']);
  });

  it('paws explain-code prints a code’s entry, and suggests one for a typo', async () => {
    const run = await runCli(['explain-code', 'paws3014'], {});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'PAWS3014 (warning, resolve): Autoscaling targets CPU or memory utilization, but a container requests none of it: the autoscaler never scales (warning).\n',
    );
    const typo = await runCli(['explain-code', 'PAWS31O4'], {});
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr).toContain('error: paws has no diagnostic PAWS31O4; did you mean PAWS3104?');
  });
});
