import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LONG_RUN_WORKLOADS, longRunFlags } from '../src/cli/jit-tuning.js';

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
