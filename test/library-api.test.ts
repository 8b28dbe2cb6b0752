import { describe, expect, it } from 'vitest';
import {
  catalogReport,
  check,
  compareWithOutput,
  compile,
  compileForDiff,
  createMemoryHost,
  moduleGraph,
  plan,
  planGraph,
  readOutputFolder,
  toDot,
  toMermaid,
  writeOutput,
} from '../src/index.js';
import { loadProject } from '../src/compiler/load/index.js';
import { resolveEnvironments } from '../src/resolvers/environments.js';

// What the CLI prints, the library returns as data: a portal or a bot needs no CLI.
const files = {
  'platform/envs.yaml': `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { type: production }
`,
  'api/paws.yaml': `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: acme/api:1 } }
resources: { db: { type: postgres }, cache: { type: redis } }
`,
};

describe('the library does what the CLI prints', () => {
  it('graph: the plan’s workloads and resources, as data, mermaid and dot', async () => {
    const result = await plan({}, createMemoryHost(files));
    const prod = result.planned?.plans[0];
    if (!prod) throw new Error('no plan');
    const graph = planGraph(prod);
    expect(graph.nodes.map((n) => `${n.kind}:${n.label}`).sort()).toEqual([
      'resource:postgres.default#api.db\npaws-aws-rds-postgres (terraform)',
      'resource:redis.default#api.cache\npaws-aws-elasticache-redis (terraform)',
      'workload:api',
    ]);
    expect(graph.edges).toHaveLength(2);
    expect(toMermaid(graph)).toMatch(/^(graph|flowchart) /);
    expect(toDot(graph, 'prod')).toContain('digraph');
    expect(moduleGraph(prod).nodes.length).toBeGreaterThan(0);
  });

  it('catalog: types, definitions and who serves what in each environment', () => {
    const checked = check({ paths: [] }, createMemoryHost(files));
    if (!checked.project) throw new Error('no project');
    const report = catalogReport(
      checked.project,
      resolveEnvironments(checked.project.platform.environments).environments,
    );
    const postgres = report.served.find((s) => s.type === 'postgres' && s.class === 'default');
    expect(postgres).toMatchObject({
      environment: 'prod',
      definitions: ['paws-aws-rds-postgres'],
      usedByWorkloads: true,
      gap: false,
    });
    expect(report.environments[0]).toMatchObject({
      name: 'prod',
      type: 'production',
      securityProfiles: ['restricted', 'baseline'],
    });
    expect(report.types.find((t) => t.name === 'redis')?.secretOutputs).toEqual(['password']);
  });

  it('diff: what a change does to an output folder, as data', async () => {
    const host = createMemoryHost(files);
    const first = await compile({}, host);
    writeOutput(host, first.outDir, first.files);
    host.writeFile(
      '/work/api/paws.yaml',
      files['api/paws.yaml'].replace(
        'resources: { db: { type: postgres }, cache: { type: redis } }',
        'resources: { cache: { type: redis } }',
      ),
    );
    const loaded = loadProject({}, host);
    const compiled = await compileForDiff({}, host, loaded);
    const before = readOutputFolder(host, first.outDir);
    if ('code' in before) throw new Error(before.message);
    const report = compareWithOutput({ side: before, against: 'out' }, compiled, {
      selected: false,
      warnings: [],
    });
    expect(report.changes.length).toBeGreaterThan(0);
    // The database goes with the resource: a stateful delete the diff names before it happens.
    expect(report.actions.filter((a) => a.action === 'delete' && a.stateful).map((a) => a.address)).toEqual([
      'api: aws_db_instance.postgres_default_api_db',
    ]);
  });
});
