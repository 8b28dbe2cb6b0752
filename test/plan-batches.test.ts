import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.mjs';
import { createNodeHost } from '../src/index.js';
import { MAX_PLAN_BATCHES } from '../src/diff/batches.js';
import { runCli } from './helpers.js';

// The plan job at scale: a provider-region change in a 300-workload repository touches every module;
// the matrix must stay within GitHub's 256 jobs and plan every changed module, teardown ones too.
describe('plan batches for CI', () => {
  it('300 workloads, a region change and 3 workloads removed: ≤ 200 batches covering every changed and teardown module', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'paws-batches-'));
    try {
      generate(repo, 300);
      const host = createNodeHost(repo);
      expect((await runCli(['compile', '--image', 'reg/x:1'], { host })).exitCode).toBe(0);
      const environments = path.join(repo, 'platform/environments.yaml');
      writeFileSync(environments, readFileSync(environments, 'utf8').replaceAll('eu-west-1', 'eu-central-1'));
      for (const i of [3, 4, 5]) rmSync(path.join(repo, `services/svc-0000${i}`), { recursive: true });
      const run = await runCli(
        [
          'diff',
          '--format',
          'json',
          '--modules-out',
          'plan-modules',
          '--summary-out',
          'summary.md',
          '--image',
          'reg/x:1',
        ],
        { host },
      );
      // The pull-request comment stays under GitHub's limit.
      expect(readFileSync(path.join(repo, 'summary.md'), 'utf8').length).toBeLessThanOrEqual(60_000);
      expect(run.exitCode).toBe(2);
      const report = JSON.parse(run.stdout) as {
        modules: { path: string; status: string; teardown: boolean }[];
        planBatches: { batch: number; modules: { path: string; teardown: boolean }[] }[];
      };
      const changed = report.modules
        .filter((m) => m.status !== 'removed')
        .map((m) => m.path)
        .sort();
      expect(changed.length).toBeGreaterThan(MAX_PLAN_BATCHES);
      expect(report.planBatches.length).toBeLessThanOrEqual(MAX_PLAN_BATCHES);
      const planned = report.planBatches.flatMap((b) => b.modules.map((m) => m.path));
      expect([...planned].sort()).toEqual(changed);
      const teardown = report.planBatches.flatMap((b) => b.modules).filter((m) => m.teardown);
      expect(teardown.length).toBeGreaterThan(0);
      for (const file of planned) expect(existsSync(path.join(repo, 'plan-modules', file)), file).toBe(true);
      // A teardown module is written as it will be: backend and providers, no resources.
      const module = JSON.parse(
        readFileSync(path.join(repo, 'plan-modules', teardown[0]?.path as string), 'utf8'),
      );
      expect(module.resource).toBeUndefined();
      expect(module.terraform).toBeDefined();
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 60_000);
});
