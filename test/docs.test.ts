import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the install-and-run command and the test command', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run example');
    expect(firstBlock).toContain('npm test');
  });

  it('documents every diagnostic code, and no other, in one table', () => {
    const row = /^\|\s*(PAWS\d{4})\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|(.*)\|\s*$/gm;
    const rows = [...readme.matchAll(row)].map((m) => [m[1], m[2], m[3], m[4]?.trim()]);
    const expected = Object.entries(DIAGNOSTIC_CODES).map(([code, { stage, severity, summary }]) => [
      code,
      stage,
      severity,
      summary,
    ]);
    expect(rows).toEqual(expected);
  });
});

describe('README worked example', () => {
  it('shows the files of examples/custom-type exactly (and examples.test.ts compiles them)', () => {
    for (const file of ['platform/memcached.yaml', 'paws.yaml']) {
      const content = readFileSync(new URL(`../examples/custom-type/${file}`, import.meta.url), 'utf8');
      expect(readme).toContain(`\`\`\`yaml\n${content}\`\`\``);
    }
  });
});
