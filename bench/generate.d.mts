/** Writes a synthetic monorepo of `n` workloads and three environments into `dir`. */
export function generate(dir: string, n: number): void;
/** The paws.yaml of workload `i` (`variant` 1 changes its images). */
export function workloadYaml(i: number, variant?: number): string;
