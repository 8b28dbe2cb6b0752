import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const samplesDir = path.resolve(repo, '../shared/score/samples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? yamlFiles(full) : name.endsWith('.yaml') ? [full] : [];
    });
}

const samples = yamlFiles(samplesDir);

describe('every Score sample validates unchanged', () => {
  it('finds the sample corpus', () => {
    expect(samples.length).toBeGreaterThanOrEqual(19);
  });

  it.each(samples.map((file) => [path.relative(samplesDir, file), file]))('%s', async (_name, file) => {
    const { exitCode, stdout, stderr } = await runCli(
      [
        'validate',
        file,
        '--platform',
        'test/fixtures/score-platform',
        '--image',
        'registry.example.com/app:1',
      ],
      { host: createNodeHost(repo) },
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^valid: 1 workload;/);
    expect(exitCode).toBe(0);
  });
});
