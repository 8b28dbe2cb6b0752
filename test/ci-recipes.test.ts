import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const recipe = (name: string) => readFileSync(new URL(`../examples/ci/${name}`, import.meta.url), 'utf8');

describe('CI recipes', () => {
  it.each(['github-actions.yml', 'gitlab-ci.yml'])(
    '%s is valid YAML that validates, then diffs against the base branch',
    (name) => {
      const text = recipe(name);
      expect(() => parse(text)).not.toThrow();
      expect(text).toMatch(/npx paws validate --image "\$IMAGE"/);
      expect(text).toMatch(
        /npx paws diff --image "\$IMAGE" --against-ref "origin\/\$[A-Z_]+" --format markdown/,
      );
    },
  );

  it('uses only flags paws diff and validate have', async () => {
    const diff = (await runCli(['diff', '--help'])).stdout;
    for (const flag of ['--image', '--against-ref', '--format']) expect(diff).toContain(flag);
    expect((await runCli(['validate', '--help'])).stdout).toContain('--image');
  });
});
