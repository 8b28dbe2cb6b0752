import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The built CLI killed at random points (kill -9 and SIGINT) of a compile that changes and removes
// files; the next compile must leave the output as an uninterrupted one would, nothing beside it.
// scripts/interrupted-writes.mjs runs the full check (300 workloads, 20 kills) by hand.
describe('interrupted writes converge', () => {
  it('6 kill -9 and 3 SIGINT at random points of a 30-workload compile', () => {
    const output = execFileSync(
      process.execPath,
      [
        'scripts/interrupted-writes.mjs',
        '--workloads',
        '30',
        '--kills',
        '6',
        '--interrupts',
        '3',
        '--seed',
        '3',
      ],
      { encoding: 'utf8' },
    );
    const summary = JSON.parse(output.trim().split('\n').at(-1) as string);
    expect(summary).toMatchObject({ workloads: 30, tries: 9, converged: 9 });
  }, 120_000);
});
