import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatMarkdown, formatSummary, SUMMARY_LIMIT, SUMMARY_MARKER } from '../src/diff/format.js';
import { diffLines, unifiedDiff } from '../src/diff/lines.js';
import { createMemoryHost, createNodeHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function lcs(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      (table[i] as number[])[j] =
        a[i - 1] === b[j - 1]
          ? (table[i - 1]?.[j - 1] ?? 0) + 1
          : Math.max(table[i - 1]?.[j] ?? 0, table[i]?.[j - 1] ?? 0);
  return table[a.length]?.[b.length] ?? 0;
}

describe('line diff', () => {
  it('turns one text into the other with a minimal edit script (200 seeded random cases)', () => {
    const random = seeded(42);
    for (let n = 0; n < 200; n++) {
      const make = () =>
        Array.from({ length: Math.floor(random() * 12) }, () => 'abcd'[Math.floor(random() * 4)] as string);
      const a = make();
      const b = make();
      const edits = diffLines(a, b);
      expect(edits.filter((e) => e.op !== '+').map((e) => e.line)).toEqual(a);
      expect(edits.filter((e) => e.op !== '-').map((e) => e.line)).toEqual(b);
      expect(edits.filter((e) => e.op === ' ').length).toBe(lcs(a, b));
    }
  });

  it('writes unified hunks with context', () => {
    const before = `${Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const after = before.replace('line 5', 'line five');
    expect(unifiedDiff(before, after, 'a/x', 'b/x')).toBe(
      '--- a/x\n+++ b/x\n@@ -3,7 +3,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n',
    );
    expect(unifiedDiff('same\n', 'same\n', 'a', 'b')).toBe('');
  });
});

const workload = (variable: string) =>
  `apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers:\n  main:\n    image: acme/web\n    variables: { MODE: ${variable} }\n    connections: [cache]\nresources:\n  cache: { type: redis }\n`;

describe('paws diff against an output folder', () => {
  async function compiled(variable = 'fast') {
    const host = createMemoryHost({ 'paws.yaml': workload(variable) });
    expect((await runCli(['compile'], { host })).exitCode).toBe(0);
    return host;
  }

  it('exits 0 when nothing changes', async () => {
    const host = await compiled();
    const { exitCode, stdout, stderr } = await runCli(['diff'], { host });
    expect(exitCode).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('no change against out\n');
  });

  it('exits 2 and prints a unified diff when something changes', async () => {
    const host = await compiled();
    host.writeFile('/work/paws.yaml', workload('slow'));
    const { exitCode, stdout, stderr } = await runCli(['diff'], { host });
    expect(exitCode).toBe(2);
    expect(stdout).toContain(
      '--- a/dev/kubernetes/api/manifests.yaml\n+++ b/dev/kubernetes/api/manifests.yaml\n',
    );
    expect(stdout).toContain('-              value: fast\n+              value: slow\n');
    expect(stderr).toContain('differ from out (dev: +0 ~1 -0)');
  });

  it('prints markdown for a pull request and JSON for tools', async () => {
    const host = await compiled();
    host.writeFile('/work/paws.yaml', workload('slow'));
    const markdown = await runCli(['diff', '--format', 'markdown'], { host });
    expect(markdown.exitCode).toBe(2);
    expect(markdown.stdout).toContain(
      '| environment | added | changed | removed |\n|---|---:|---:|---:|\n| dev | 0 | 1 | 0 |',
    );
    expect(markdown.stdout).toContain(
      '<details><summary><code>dev/kubernetes/api/manifests.yaml</code> (changed)</summary>',
    );
    const json = await runCli(['diff', '--format', 'json'], { host });
    expect(json.exitCode).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.files.map((f: { path: string; status: string }) => `${f.status} ${f.path}`)).toEqual([
      'changed dev/kubernetes/api/manifests.yaml',
    ]);
  });

  it('warns when a resource changes definition (a stateful resource would be replaced)', async () => {
    const host = await compiled();
    host.writeFile(
      '/work/platform/redis.yaml',
      'apiVersion: paws.dev/v1\nkind: ResourceDefinition\nmetadata: { name: shared-redis }\nspec:\n  type: redis\n  driver: { kind: static }\n  outputs: { host: redis.internal, port: 6379, username: app, password: { secretRef: { key: redis, property: password } } }\n',
    );
    const { exitCode, stderr } = await runCli(['diff', '--format', 'markdown'], { host });
    expect(exitCode).toBe(2);
    expect(stderr).toContain(
      'warning PAWS6001: redis.default#api.cache in dev changes definition: paws-dev-redis → shared-redis',
    );
    const markdown = await runCli(['diff', '--format', 'markdown'], { host });
    expect(markdown.stdout).toContain(
      '- **dev** `redis.default#api.cache`: `paws-dev-redis` → `shared-redis`',
    );
  });

  it('exits 1 on invalid specs', async () => {
    const host = await compiled();
    host.writeFile('/work/paws.yaml', 'apiVersion: paws.dev/v1\n');
    expect((await runCli(['diff'], { host })).exitCode).toBe(1);
  });

  it('keeps the markdown within the size limit, saying what it left out', () => {
    const changes = Array.from({ length: 50 }, (_, i) => ({
      path: `dev/f${i}.yaml`,
      environment: 'dev',
      status: 'added' as const,
      after: 'x\n'.repeat(100),
    }));
    const text = formatMarkdown(changes, [], 5000);
    expect(Buffer.byteLength(text)).toBeLessThan(5200);
    expect(text).toMatch(/\d+ more changed files not shown/);
  });
});

describe('paws diff against a git ref', () => {
  const example = fileURLToPath(new URL('../examples/custom-type', import.meta.url));

  it('compiles the ref in a temporary worktree and compares', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'paws-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=paws', '-c', 'user.email=paws@example.com', ...args], {
          cwd: repo,
          stdio: 'pipe',
        });
      git('init', '-q', '-b', 'main');
      for (const [file, content] of Object.entries(readTree(example, ['out', 'expected']))) {
        mkdirSync(path.dirname(path.join(repo, 'app', file)), { recursive: true });
        writeFileSync(path.join(repo, 'app', file), content);
      }
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      const host = createNodeHost(path.join(repo, 'app'));
      expect((await runCli(['diff', '--against-ref', 'main'], { host })).exitCode).toBe(0);
      writeFileSync(
        path.join(repo, 'app/paws.yaml'),
        readTree(example)['paws.yaml']?.replace('1.0.0', '1.1.0') ?? '',
      );
      const changed = await runCli(['diff', '--against-ref', 'main'], { host });
      expect(changed.exitCode).toBe(2);
      expect(changed.stdout).toContain('+          image: registry.example.com/catalog:1.1.0');
      const missing = await runCli(['diff', '--against-ref', 'no-such-branch'], { host });
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr).toContain('PAWS6002');
      expect(
        execFileSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).trim().split('\n'),
      ).toHaveLength(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('paws diff: the pull-request summary', () => {
  it('stays under 60,000 characters for thousands of changed files, marker first, the full diff named', () => {
    const changes = Array.from({ length: 5000 }, (_, i) => ({
      path: `prod/kubernetes/workload-${String(i).padStart(4, '0')}/deployment.yaml`,
      environment: 'prod',
      status: 'changed' as const,
      before: 'a',
      after: 'b',
    }));
    const text = formatSummary(changes, [], ['old'], 'https://ci.example.com/run/1');
    expect(text.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(text.startsWith(`${SUMMARY_MARKER}\n## paws diff`)).toBe(true);
    expect(text).toContain('| prod | 0 | 5000 | 0 |');
    expect(text).toMatch(/- … and \d+ more\n/);
    expect(text).toContain('Environment **old** is gone');
    expect(text.trimEnd().endsWith('The full diff is in https://ci.example.com/run/1.')).toBe(true);
  });

  it('stays under 60,000 characters with 1,088 definition changes, 300 environments, 5,000 actions and renames', () => {
    const environments = Array.from({ length: 300 }, (_, i) => `env-${String(i).padStart(3, '0')}`);
    const changes = environments.flatMap((environment) =>
      Array.from({ length: 20 }, (_, i) => ({
        path: `${environment}/kubernetes/workload-${i}/manifests.yaml`,
        environment,
        status: 'changed' as const,
        before: 'a',
        after: 'b',
      })),
    );
    const definitions = Array.from({ length: 1088 }, (_, i) => ({
      environment: environments[i % 300] as string,
      uid: `postgres.default#svc-${String(i).padStart(5, '0')}.db`,
      before: 'paws-aws-rds-postgres',
      after: 'shared-db-static',
    }));
    const actions = Array.from({ length: 5000 }, (_, i) => ({
      environment: environments[i % 300] as string,
      kind: 'terraform' as const,
      address: `svc-${i}: aws_db_instance.postgres_default_svc_${i}_db`,
      action: (i % 2 ? 'delete' : 'replace') as 'delete' | 'replace',
      stateful: true,
      reason: 'identifier change',
    }));
    const renames = Array.from({ length: 400 }, (_, i) => ({
      environment: 'prod',
      workload: `svc-${i}`,
      from: 'cache',
      to: 'cache2',
      type: 'redis',
    }));
    const text = formatSummary(
      changes,
      definitions,
      environments,
      'the job summary',
      undefined,
      actions,
      renames,
    );
    expect(text.length).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(text).toContain('- … and 1068 more resources change definition');
    expect(text).toContain('… and 280 more environments gone');
    expect(text).toContain('Destroys data');
    expect(text.trimEnd().endsWith('The full diff is in the job summary.')).toBe(true);
  });

  it('says "no change" when the diff empties, so the comment is replaced', () => {
    expect(formatSummary([], [], [])).toBe(
      `${SUMMARY_MARKER}\n## paws diff\n\nNo change in the generated output.\n`,
    );
  });

  it('--summary-out writes it beside the chosen format, from one compile', async () => {
    const host = createMemoryHost({
      'paws.yaml':
        'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\n',
    });
    const run = await runCli(['diff', '--format', 'markdown', '--summary-out', 'summary.md'], { host });
    expect(run.exitCode).toBe(2);
    const summary = new TextDecoder().decode(host.files.get('/work/summary.md'));
    expect(summary.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(summary).toContain('| dev | 2 | 0 | 0 |');
    expect(run.stdout).toContain('### Files');
  });
});
