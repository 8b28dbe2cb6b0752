import { describe, expect, it } from 'vitest';
import { oneLine } from '../src/util/one-line.js';
import { runCli } from './helpers.js';

// Values a developer writes reach messages (an image, a name, a variable). In CI, a line that
// starts with "::" is a workflow command: data must never start a line of what paws prints.
// Each payload, and a part of it to find in what is printed.
const forged = [
  ['::error file=README.md,line=1::forged', '::error file=README'],
  ['::add-mask::ghs_token', '::add-mask::'],
  ['\u001b]8;;https://evil.example\u0007link', 'https://evil'],
];

describe('data never starts a line of what paws prints', () => {
  it.each(forged)(
    'an image holding "\\n%s" (validate, plan; GITHUB_ACTIONS=true)',
    async (payload, marker) => {
      const spec = `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: ${JSON.stringify(`nginx:1\n${payload}`)}
    variables: { MODE: ${JSON.stringify(`a\r\n${payload}`)} }
`;
      let seen = 0;
      for (const argv of [['validate'], ['plan'], ['compile']]) {
        const run = await runCli(argv, { files: { 'paws.yaml': spec }, env: { GITHUB_ACTIONS: 'true' } });
        const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\n|\r|\u2028|\u2029/);
        const started = lines.filter((line) => line.includes(marker));
        seen += started.length;
        for (const line of started) expect(line.startsWith(marker), line).toBe(false);
        expect(`${run.stdout}${run.stderr}`).not.toContain('\u001b]8');
        // Only paws' own annotations are workflow commands.
        for (const line of lines.filter((l) => l.startsWith('::')))
          expect(line).toMatch(/^::(error|warning) (file=[^,]*,line=\d+,col=\d+,)?title=PAWS\d{4}::/);
      }
      expect(seen, 'the value is printed somewhere').toBeGreaterThan(0);
    },
  );

  it.each([
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['tab\tstays', 'tab\tstays'],
    ['\u001b[31m', '\\u001b[31m'],
    ['\u0085\u2028\u2029', '\\u0085\\u2028\\u2029'],
    ['café ✓', 'café ✓'],
  ])('oneLine(%j) is %j', (text, expected) => {
    expect(oneLine(text)).toBe(expected);
  });
});
