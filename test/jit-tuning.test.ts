import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.mjs';
import { LONG_RUN_WORKLOADS, longRunFlags } from '../src/cli/jit-tuning.js';
import { compile, createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';

const bin = fileURLToPath(new URL('../bin/paws.js', import.meta.url));

describe('V8 settings for long runs', () => {
  it.each([
    [0, false],
    [1, false],
    [LONG_RUN_WORKLOADS - 1, false],
    [LONG_RUN_WORKLOADS, true],
    [5000, true],
  ])('%i workloads: tuned %s', (workloads, tuned) => {
    expect(longRunFlags(workloads).length > 0).toBe(tuned);
  });

  it('names only flags this Node knows (V8 ignores an unknown one)', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of longRunFlags(LONG_RUN_WORKLOADS)) {
      const name = flag.replace(/^--(no-)?/, '').replace(/=.*/, '');
      expect(known).toContain(`--${name} (`);
    }
  });
});

describe('a long run writes the same bytes', () => {
  it('the CLI over 60 generated workloads (tuned) writes what compile() writes in this process (not tuned)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paws-long-run-'));
    try {
      generate(dir, LONG_RUN_WORKLOADS + 10);
      const out = path.join(dir, 'out');
      const run = spawnSync(process.execPath, [bin, 'compile', '--out', out], { cwd: dir, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const expected = await compile({}, createMemoryHost(readTree(dir)));
      expect(expected.files.length).toBeGreaterThan(3 * LONG_RUN_WORKLOADS);
      const written = readTree(out);
      for (const file of expected.files) expect(written[file.path], file.path).toBe(file.content);
      // Each file's hash in the manifest (made by whichever thread wrote it) is its content's.
      const manifest = JSON.parse(written['.paws-manifest.json'] as string) as {
        files: Record<string, string>;
      };
      for (const file of expected.files)
        expect(manifest.files[file.path], file.path).toBe(
          createHash('sha256').update(file.content).digest('hex'),
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
