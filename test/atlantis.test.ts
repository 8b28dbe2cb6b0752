import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { atlantisConfig, type AtlantisConfig } from '../src/write/atlantis.js';
import { createMemoryHost } from '../src/index.js';
import { readTree } from './support/files.js';
import { runCli } from './helpers.js';

// An existing orchestrator applies the modules: paws writes Atlantis' repo config for them.
const shopDir = fileURLToPath(new URL('../examples/shop', import.meta.url));
const golden = new URL('./data/atlantis-shop.yaml', import.meta.url);

/** The rules of Atlantis' repo config that a generated file can break (runatlantis.io, repo-level atlantis.yaml). */
function atlantisProblems(config: AtlantisConfig): string[] {
  const problems: string[] = [];
  if (config.version !== 3) problems.push('version must be 3');
  const names = new Set<string>();
  const places = new Set<string>();
  for (const p of config.projects) {
    if (!p.dir || p.dir.startsWith('/') || p.dir.split('/').includes('..'))
      problems.push(`${p.name}: dir must be relative, inside the repository`);
    if (names.has(p.name)) problems.push(`${p.name}: names are unique`);
    names.add(p.name);
    const place = `${p.dir}|${p.workspace}`;
    if (places.has(place)) problems.push(`${p.name}: two projects of one dir and workspace`);
    places.add(place);
    if (!Number.isInteger(p.execution_order_group) || p.execution_order_group < 0)
      problems.push(`${p.name}: execution_order_group`);
    for (const pattern of p.autoplan.when_modified)
      if (pattern.startsWith('/')) problems.push(`${p.name}: when_modified is relative to dir`);
  }
  const byName = new Map(config.projects.map((p) => [p.name, p]));
  for (const p of config.projects)
    for (const d of p.depends_on ?? []) {
      if (!byName.has(d)) problems.push(`${p.name}: depends on unknown ${d}`);
      else if ((byName.get(d)?.execution_order_group ?? 0) > p.execution_order_group)
        problems.push(`${p.name}: depends on a later group`);
    }
  // No cycle: every project reaches the end of its dependencies.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problems.push(`cycle through ${name}`);
      return;
    }
    state.set(name, 'visiting');
    for (const d of byName.get(name)?.depends_on ?? []) visit(d);
    state.set(name, 'done');
  };
  for (const p of config.projects) visit(p.name);
  return problems;
}

describe('paws compile --atlantis', () => {
  it('the shop: golden, within Atlantis’ rules, a project per module with the order of order.json', async () => {
    const host = createMemoryHost(readTree(shopDir, ['out', 'node_modules', 'expected', 'cdktf.out']));
    const run = await runCli(
      ['compile', '--image', 'registry.example.com/shop/api:1.0.0', '--atlantis', 'atlantis.yaml'],
      { host },
    );
    expect(run.exitCode).toBe(0);
    const text = new TextDecoder().decode(host.files.get('/work/atlantis.yaml'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
    const config = parse(text) as AtlantisConfig;
    expect(atlantisProblems(config)).toEqual([]);
    const modules = [...host.files.keys()].filter((p) =>
      /^\/work\/out\/[^/]+\/terraform\/.*main\.tf\.json$/.test(p),
    );
    expect(config.projects.map((p) => `/work/${p.dir}/main.tf.json`).sort()).toEqual(modules.sort());
    // depends_on is order.json's edges.
    for (const env of ['prod', 'staging', 'pr-preview']) {
      const order = JSON.parse(
        new TextDecoder().decode(host.files.get(`/work/out/${env}/terraform/order.json`)),
      );
      for (const [module, { dependsOn }] of Object.entries(
        order.modules as Record<string, { dependsOn: string[] }>,
      )) {
        const project = config.projects.find((p) => p.name === `${env}/${module}`);
        expect(project?.depends_on ?? [], `${env}/${module}`).toEqual(
          dependsOn.map((d) => `${env}/${d}`).sort(),
        );
      }
    }
  });

  it('edges, layers and teardown modules become depends_on and execution order groups', () => {
    const order = {
      layers: [['_shared/vpc'], ['api', 'web']],
      modules: {
        '_shared/vpc': { dependsOn: [] },
        api: { dependsOn: ['_shared/vpc'] },
        web: { dependsOn: ['_shared/vpc', 'api'] },
      },
      teardown: ['old-b', 'old-a'],
    };
    const paths = ['_shared/vpc', 'api', 'web', 'old-a', 'old-b'].map(
      (m) => `prod/terraform/${m}/main.tf.json`,
    );
    const config = atlantisConfig(
      [...paths, 'prod/terraform/order.json'],
      (p) => (p === 'prod/terraform/order.json' ? JSON.stringify(order) : undefined),
      'rendered',
    );
    expect(atlantisProblems(config)).toEqual([]);
    const of = (name: string) => config.projects.find((p) => p.name === name);
    expect(of('prod/web')).toMatchObject({
      dir: 'rendered/prod/terraform/web',
      execution_order_group: 1,
      depends_on: ['prod/_shared/vpc', 'prod/api'],
    });
    expect(of('prod/_shared/vpc')?.depends_on).toBeUndefined();
    expect(of('prod/old-b')).toMatchObject({ execution_order_group: 2 });
    expect(of('prod/old-a')).toMatchObject({ execution_order_group: 3, depends_on: ['prod/old-b'] });
  });

  it('the rule check finds what Atlantis refuses', () => {
    const broken = {
      version: 3,
      automerge: false,
      parallel_plan: true,
      parallel_apply: false,
      projects: [
        {
          name: 'a',
          dir: '../x',
          workspace: 'default',
          autoplan: { enabled: true, when_modified: ['*.tf.json'] },
          execution_order_group: 0,
          depends_on: ['b'],
        },
        {
          name: 'b',
          dir: 'y',
          workspace: 'default',
          autoplan: { enabled: true, when_modified: ['*.tf.json'] },
          execution_order_group: 0,
          depends_on: ['a'],
        },
      ],
    } as AtlantisConfig;
    expect(atlantisProblems(broken)).toEqual([
      'a: dir must be relative, inside the repository',
      'cycle through a',
    ]);
  });
});
