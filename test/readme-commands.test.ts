import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeHost } from '../src/index.js';
import { runCli } from './helpers.js';
import { shopRepository } from './support/repo.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Shell-like words: single and double quotes group, a # outside quotes starts a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '#') break;
    else if (c === ' ') {
      if (started || current) out.push(current);
      current = '';
      started = false;
    } else current += c;
  }
  if (started || current) out.push(current);
  return out;
}

/** Every ```sh block of the README with its paws commands (npm commands run in CI itself). */
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((m) => (m[1] as string).split('\n').filter((l) => l.startsWith('paws ')))
  .filter((lines) => lines.length > 0);

describe('every paws command in the README runs as written (in a copy of examples/shop)', () => {
  it('finds the commands', () => {
    expect(blocks.flat().length).toBeGreaterThanOrEqual(20);
  });

  it.each(blocks.map((lines, i) => [i + 1, lines] as const))('block %i', async (_i, lines) => {
    const dir = shopRepository('paws-readme-');
    try {
      const host = createNodeHost(dir);
      for (const line of lines) {
        const [, ...args] = words(line);
        const { exitCode, stderr } = await runCli(args, { host });
        const expected = /exit 2/.test(line)
          ? [2]
          : /exit 0/.test(line)
            ? [0]
            : args[0] === 'diff'
              ? [0, 2]
              : [0];
        expect(expected, `${line}\n${stderr}`).toContain(exitCode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
