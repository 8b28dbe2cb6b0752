import { setFlagsFromString } from 'node:v8';

/**
 * From this many workloads a command runs paws' code long enough that V8's default tiering works
 * against it: functions are optimized after a few thousand bytecodes and, as the mix of documents
 * changes, thrown away and optimized again (~480 optimizing compiles and ~150 deoptimizations in a
 * validate of 1,000 workloads), on the same two cores that compile and write. Measured, validate
 * of 100 workloads: 1,075 → 893 ms; 1,000: 3.7 → 3.3 s wall, 5.7 → 4.3 s CPU. Below it, one file
 * takes ~15 ms longer with these settings, so short runs keep V8's.
 */
export const LONG_RUN_WORKLOADS = 50;

/** The V8 settings for a run over `workloads` workloads: none for short runs. */
export function longRunFlags(workloads: number): string[] {
  if (workloads < LONG_RUN_WORKLOADS) return [];
  // Optimize later (only code that stays hot) and smaller units, each quicker to compile.
  return ['--interrupt-budget=300000', '--no-turbo-inlining'];
}

let tuned = false;

/** Applies `longRunFlags` once per process; code already running keeps its tiering until it re-tiers. */
export function tuneForRun(workloads: number): void {
  if (tuned) return;
  const flags = longRunFlags(workloads);
  if (flags.length === 0) return;
  tuned = true;
  for (const flag of flags) setFlagsFromString(flag);
}
