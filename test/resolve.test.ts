import { describe, expect, it } from 'vitest';
import { isSecret } from '../src/compiler/values.js';
import { compile, createMemoryHost, type EnvironmentPlan, plan } from '../src/index.js';
import { brief } from './helpers.js';

const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec: { type: development }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  terraform: { providers: { aws: { region: eu-west-1 } } }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: preview }
spec: { extends: staging }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { type: production }
`;

const definition = (name: string, spec: string) =>
  `apiVersion: paws.dev/v1\nkind: ResourceDefinition\nmetadata: { name: ${name} }\nspec:\n${spec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;

const pgOutputs = `outputs:
  host: "{{resource.k8sName}}"
  port: 5432
  name: app
  database: app
  username: app
  password: { generate: password }`;

const workload = (name: string, body: string) =>
  `apiVersion: paws.dev/v1\nmetadata:\n  name: ${name}\n${body}`;

const api = workload(
  'api',
  `containers:
  main:
    image: acme/web
    variables:
      DATABASE_URL: "postgresql://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/app"
      PORT_TEXT: "\${resources.db.port}"
      PRICE: "$$5"
resources:
  db:
    type: postgres
`,
);

async function run(files: Record<string, string>, environmentsToPlan?: string[]) {
  const result = plan(
    { ...(environmentsToPlan ? { environments: environmentsToPlan } : {}) },
    createMemoryHost(files),
  );
  return result;
}

async function planFor(files: Record<string, string>, env: string): Promise<EnvironmentPlan> {
  const result = await run(files, [env]);
  expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([]);
  return result.planned?.plans[0] as EnvironmentPlan;
}

describe('resolve: specificity', () => {
  const defs = {
    'platform/env.yaml': environments,
    'platform/by-type.yaml': definition(
      'by-type',
      `type: postgres\nmatch: { environmentTypes: [production] }\ndriver: { kind: static }\n${pgOutputs}`,
    ),
    'platform/by-workload.yaml': definition(
      'by-workload',
      `type: postgres\nmatch: { workloads: [api] }\ndriver: { kind: static }\n${pgOutputs}`,
    ),
    'platform/by-env.yaml': definition(
      'by-env',
      `type: postgres\nmatch: { environments: [prod] }\ndriver: { kind: static }\n${pgOutputs}`,
    ),
    'platform/by-id.yaml': definition(
      'by-id',
      `type: postgres\nmatch: { resourceIds: [api.db] }\ndriver: { kind: static }\n${pgOutputs}`,
    ),
    'paws.yaml': api,
  };
  const winner = async (files: Record<string, string>) =>
    (await planFor(files, 'prod')).resources[0]?.definition.name;

  it.each([
    ['resourceIds beats environments, workloads and environmentTypes', [], 'by-id'],
    ['environments beats workloads and environmentTypes', ['platform/by-id.yaml'], 'by-env'],
    ['workloads beats environmentTypes', ['platform/by-id.yaml', 'platform/by-env.yaml'], 'by-workload'],
    [
      'environmentTypes alone',
      ['platform/by-id.yaml', 'platform/by-env.yaml', 'platform/by-workload.yaml'],
      'by-type',
    ],
  ])('%s', async (_name, removed, expected) => {
    const files = Object.fromEntries(
      Object.entries(defs).filter(([f]) => !(removed as string[]).includes(f)),
    );
    expect(await winner(files)).toBe(expected);
  });

  it('breaks a tie on the most specific criterion with the next one', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/a.yaml': definition(
        'env-only',
        `type: postgres\nmatch: { environments: [prod] }\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'platform/b.yaml': definition(
        'env-and-type',
        `type: postgres\nmatch: { environments: [prod], environmentTypes: [production] }\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'paws.yaml': api,
    };
    expect(await winner(files)).toBe('env-and-type');
  });

  it('reports an equal match as an error naming both definitions, whatever the file order', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/z.yaml': definition(
        'z-pg',
        `type: postgres\nmatch: { environmentTypes: [production] }\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'platform/a.yaml': definition(
        'a-pg',
        `type: postgres\nmatch: { environmentTypes: [production] }\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'paws.yaml': api,
    };
    const result = await run(files, ['prod']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3102@13:11']);
    expect(result.diagnostics[0]?.message).toContain('"a-pg" and "z-pg"');
    expect(result.diagnostics[0]?.related?.map((r) => r.file)).toEqual([
      'platform/a.yaml',
      'platform/z.yaml',
    ]);
  });

  it('reports no match with every candidate and the criterion it failed', async () => {
    const files = {
      'platform/env.yaml': environments.replace('spec: { type: production }', 'spec: { type: qa }'),
      'platform/a.yaml': definition(
        'dev-pg',
        `type: postgres\nmatch: { environmentTypes: [development] }\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'platform/b.yaml': definition(
        'large-pg',
        `type: postgres\nclasses: [large]\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'paws.yaml': api,
    };
    const result = await run(files, ['prod']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3101@13:11']);
    expect(result.diagnostics[0]?.message).toBe(
      'no definition matches resource "db" of workload "api" (postgres.default#api.db) in environment "prod" (type qa)',
    );
    expect(result.diagnostics[0]?.hint).toBe(
      'candidates: dev-pg (platform/a.yaml): environmentTypes [development] does not include "qa"; ' +
        'large-pg (platform/b.yaml): class "default" is not in its classes [large]; ' +
        'paws-aws-rds-postgres (<paws>/catalog/definitions/aws.yaml): environmentTypes [staging, production] does not include "qa"; ' +
        'paws-dev-postgres (<paws>/catalog/definitions/development.yaml): environmentTypes [development, preview] does not include "qa"',
    );
  });

  it('matches on class', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/a.yaml': definition('small', `type: postgres\ndriver: { kind: static }\n${pgOutputs}`),
      'platform/b.yaml': definition(
        'large',
        `type: postgres\nclasses: [large]\ndriver: { kind: static }\n${pgOutputs}`,
      ),
      'paws.yaml': api.replace('type: postgres', 'type: postgres\n    class: large'),
    };
    expect((await planFor(files, 'prod')).resources[0]?.definition.name).toBe('large');
  });
});

describe('resolve: shared and required resources', () => {
  const platform = {
    'platform/env.yaml': environments,
    'platform/pg.yaml': definition('pg', `type: postgres\ndriver: { kind: static }\n${pgOutputs}`),
  };
  const worker = (params: string) =>
    workload(
      'worker',
      `containers:\n  main:\n    image: acme/web\nresources:\n  db:\n    type: postgres\n    id: shop-db\n${params}`,
    );

  it('shares a resource between workloads that name the same id', async () => {
    const files = {
      ...platform,
      'a/paws.yaml': worker('    params: { version: "16" }\n'),
      'b/paws.yaml': worker('    params: { version: "16" }\n').replace('worker', 'billing'),
    };
    const p = await planFor(files, 'dev');
    expect(p.resources.map((r) => [r.uid, r.workloads])).toEqual([
      ['postgres.default#shop-db', ['billing', 'worker']],
    ]);
  });

  it('reports a shared resource declared with different params', async () => {
    const files = {
      ...platform,
      'a/paws.yaml': worker('    params: { version: "16" }\n'),
      'b/paws.yaml': worker('    params: { version: "15" }\n').replace('worker', 'billing'),
    };
    const result = await run(files, ['dev']);
    // billing (b/) is read first: workloads are taken in name order, not file order.
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.file}`)).toEqual(['PAWS3103@8:3 a/paws.yaml']);
    expect(result.diagnostics[0]?.related?.[0]).toMatchObject({ file: 'b/paws.yaml', line: 8 });
  });

  const vpcType = `apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: aws-vpc }\nspec:\n  outputs: { type: object, properties: { id: { type: string } }, required: [id] }\n`;
  const vpc = definition(
    'vpc',
    'type: aws-vpc\ndriver: { kind: terraform, template: "resource: { aws_vpc: { {{resource.tfName}}: { cidr_block: 10.0.0.0/16 } } }" }\noutputs:\n  id: "${aws_vpc.{{resource.tfName}}.id}"',
  );
  const rds = (requires: string) =>
    definition(
      'rds',
      `type: postgres\ndriver: { kind: terraform, template: 'resource: { aws_db_instance: { {{resource.tfName}}: { engine: postgres } } }' }\nrequires:\n${requires}\noutputs:\n  host: "\${aws_db_instance.{{resource.tfName}}.address}"\n  port: 5432\n  name: app\n  database: app\n  username: app\n  password: "\${aws_db_instance.{{resource.tfName}}.password}"\n  `,
    );

  it('gives each resource its own private required resource when requires has no id', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/types.yaml': vpcType,
      'platform/defs.yaml': `${vpc}---\n${rds('  network: { type: aws-vpc }')}`,
      'paws.yaml': api.replace(
        'resources:\n  db:\n    type: postgres\n',
        'resources:\n  db:\n    type: postgres\n  other:\n    type: postgres\n',
      ),
    };
    const p = await planFor(files, 'staging');
    expect(p.resources.map((r) => `${r.uid} <- ${r.requestedBy.join(',')}`)).toEqual([
      'aws-vpc.default#api.db.network <- postgres.default#api.db/network',
      'aws-vpc.default#api.other.network <- postgres.default#api.other/network',
      'postgres.default#api.db <- api.db',
      'postgres.default#api.other <- api.other',
    ]);
    expect(p.resources[2]?.dependsOn).toEqual(['aws-vpc.default#api.db.network']);
  });

  it('shares a required resource that has an id, and hands its outputs to the template', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/types.yaml': vpcType,
      'platform/defs.yaml': `${vpc}---\n${rds('  network: { type: aws-vpc, id: main }').replace('name: app\n', 'name: "{{requires.network.id}}"\n')}`,
      'paws.yaml': api.replace(
        'resources:\n  db:\n    type: postgres\n',
        'resources:\n  db:\n    type: postgres\n  other:\n    type: postgres\n',
      ),
    };
    const p = await planFor(files, 'staging');
    expect(p.resources.map((r) => r.uid)).toEqual([
      'aws-vpc.default#main',
      'postgres.default#api.db',
      'postgres.default#api.other',
    ]);
    // The shared network is in a root module of its own: the database reads it through remote state.
    expect(p.resources[1]?.outputs.name).toEqual({
      kind: 'terraform',
      template:
        '${data.terraform_remote_state._shared__aws-vpc-main-4a30ea.outputs.aws-vpc_default_main__id}',
      secret: false,
      resource: 'postgres.default#api.db',
      output: 'name',
    });
  });

  it('reports a cycle through shared requires, printing it', async () => {
    const loopType = (name: string) =>
      `apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: ${name} }\nspec:\n  outputs: { type: object }\n`;
    const files = {
      'platform/env.yaml': environments,
      'platform/types.yaml': `${loopType('alpha')}---\n${loopType('beta')}`,
      'platform/defs.yaml': `${definition('alpha', 'type: alpha\ndriver: { kind: static }\nrequires:\n  b: { type: beta, id: bb }')}---\n${definition('beta', 'type: beta\ndriver: { kind: static }\nrequires:\n  a: { type: alpha, id: aa }')}`,
      'paws.yaml': workload(
        'api',
        'containers:\n  main:\n    image: acme/web\nresources:\n  xx:\n    type: alpha\n    id: aa\n',
      ),
    };
    const result = await run(files, ['dev']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3201@8:3']);
    expect(result.diagnostics[0]?.message).toBe(
      'resources depend on each other in a cycle: alpha.default#aa → beta.default#bb → alpha.default#aa',
    );
  });

  describe('an escaped placeholder ($${…}) in params is text, not a reference', () => {
    const freeType = `apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: free }\nspec:\n  params: { type: object, properties: { name: { type: string } } }\n  outputs: { type: object, properties: { arn: { type: string } } }\n`;
    const files = (tt: string, uu: string) => ({
      'platform/env.yaml': environments,
      'platform/types.yaml': freeType,
      'platform/defs.yaml': definition('free', 'type: free\ndriver: { kind: static }\noutputs: { arn: x }'),
      'paws.yaml': workload(
        'api',
        `containers:\n  main:\n    image: acme/web\nresources:\n  tt:\n    type: free\n    params: { name: ${JSON.stringify(tt)} }\n  uu:\n    type: free\n    params: { name: ${JSON.stringify(uu)} }\n`,
      ),
    });

    it('on its own resource: no cycle', async () => {
      const result = await run(files('x $${resources.tt.arn}', 'y'), ['dev']);
      expect(result.diagnostics.map(brief)).toEqual([]);
    });

    it('on another resource: no edge (the order stays by name)', async () => {
      const p = await planFor(files('x $${resources.uu.arn}', 'y $${resources.tt.arn}'), 'dev');
      expect(p.resources.map((r) => `${r.uid} <- ${r.dependsOn.join(',')}`)).toEqual([
        'free.default#api.tt <- ',
        'free.default#api.uu <- ',
      ]);
    });

    it('a real reference still makes an edge, and a self-reference is one cycle, reported once', async () => {
      const p = await planFor(files('x ${resources.uu.arn}', 'y'), 'dev');
      expect(p.resources.find((r) => r.uid.endsWith('tt'))?.dependsOn).toEqual(['free.default#api.uu']);
      const cycle = await run(files('x ${resources.tt.arn}', 'y'), ['dev']);
      expect(cycle.diagnostics.map(brief)).toEqual(['PAWS3201@8:3']);
    });
  });

  it('reports definitions that require each other privately without end', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/types.yaml': `apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: alpha }\nspec:\n  outputs: { type: object }\n`,
      'platform/defs.yaml': definition(
        'alpha',
        'type: alpha\ndriver: { kind: static }\nrequires:\n  again: { type: alpha }',
      ),
      'paws.yaml': workload(
        'api',
        'containers:\n  main:\n    image: acme/web\nresources:\n  xx:\n    type: alpha\n',
      ),
    };
    const result = await run(files, ['dev']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3201@8:5']);
    expect(result.diagnostics[0]?.message).toBe('definitions require each other without end: alpha → alpha');
  });
});

describe('resolve: outputs and contracts', () => {
  const files = (outputs: string) => ({
    'platform/env.yaml': environments,
    'platform/pg.yaml': definition('pg', `type: postgres\ndriver: { kind: static }\n${outputs}`),
    'paws.yaml': api,
  });

  it.each([
    [
      'a missing output',
      pgOutputs.replace('  name: app\n', ''),
      ['PAWS3301@7:3'],
      'does not produce the output "name"',
    ],
    [
      'an extra output',
      `${pgOutputs}\n  hostname: x`,
      ['PAWS3302@14:5'],
      'produces output "hostname", which type "postgres" does not declare',
    ],
    [
      'a mistyped output',
      pgOutputs.replace('port: 5432', 'port: "five"'),
      ['PAWS3303@9:11'],
      'declares it as integer',
    ],
    [
      'a secret as a plain literal',
      pgOutputs.replace('password: { generate: password }', 'password: hunter2'),
      ['PAWS3304@13:5'],
      'is secret',
    ],
    [
      'a template error',
      pgOutputs.replace('{{resource.k8sName}}', '{{resource.nope}}'),
      ['PAWS3305@8:14'],
      'template uses "nope"',
    ],
  ])('reports %s at its place in the definition', async (_name, outputs, expected, says) => {
    const result = await run(files(outputs), ['dev']);
    expect(result.diagnostics.map(brief)).toEqual(expected);
    expect(result.diagnostics[0]?.message).toContain(says);
    expect(JSON.stringify(result.diagnostics)).not.toContain('hunter2" ');
  });

  it('binds placeholders with Score rules and propagates secret taint through concatenation', async () => {
    const p = await planFor(files(pgOutputs), 'dev');
    const env = p.workloads[0]?.containers.main?.env ?? {};
    expect(env.PRICE?.value).toEqual({ kind: 'literal', value: '$5' });
    expect(env.PORT_TEXT?.value).toEqual({ kind: 'literal', value: '5432' });
    const url = env.DATABASE_URL?.value;
    expect(url && isSecret(url)).toBe(true);
    expect(url).toMatchObject({ kind: 'concat' });
    expect(JSON.stringify(url)).toContain('"generated"');
  });
});

describe('resolve: connections', () => {
  const kv = `apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: kv }\nspec:\n  outputs: { type: object }\n`;
  const files = (containers: string) => ({
    'platform/env.yaml': environments,
    'platform/kv.yaml': `${kv}---\n${definition('kv', 'type: kv\ndriver: { kind: static }\noutputs:\n  host: a\n  name_host: b')}`,
    'platform/pg.yaml': definition('pg', `type: postgres\ndriver: { kind: static }\n${pgOutputs}`),
    'paws.yaml': workload(
      'api',
      `containers:\n  main:\n    image: acme/web\n${containers}resources:\n  db:\n    type: postgres\n  db-name:\n    type: kv\n  other:\n    type: kv\n`,
    ),
  });

  it('injects <RESOURCE>_<OUTPUT> for every output; an explicit variable wins', async () => {
    const p = await planFor(files('    variables: { DB_PORT: "1234" }\n    connections: [db]\n'), 'dev');
    const env = p.workloads[0]?.containers.main?.env ?? {};
    expect(Object.keys(env)).toEqual([
      'DB_DATABASE',
      'DB_HOST',
      'DB_NAME',
      'DB_PASSWORD',
      'DB_PORT',
      'DB_USERNAME',
    ]);
    expect(env.DB_PORT).toEqual({ value: { kind: 'literal', value: '1234' }, from: 'variables' });
    expect(env.DB_HOST?.from).toEqual({ connection: 'db', output: 'host' });
    expect(env.DB_PASSWORD?.value.kind).toBe('generated');
  });

  it('reports two injected variables with one name', async () => {
    const f = files('    connections: [db-name, other, db]\n');
    f['paws.yaml'] = f['paws.yaml'].replace('type: postgres', 'type: kv');
    const result = await run(f, ['dev']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3402@7:19']);
    expect(result.diagnostics[0]?.message).toBe(
      'connections inject DB_NAME_HOST twice: from db.name_host and from db-name.host',
    );
  });
});

describe('resolve: environments', () => {
  const files = {
    'platform/env.yaml': environments,
    'platform/pg.yaml': definition(
      'pg',
      `type: postgres\nmatch: { environmentTypes: [staging] }\ndriver: { kind: static }\n${pgOutputs}`,
    ),
    'paws.yaml': api,
  };

  it('resolves an environment that extends staging exactly like staging, except for its name', async () => {
    const staging = await planFor(files, 'staging');
    const preview = await planFor(files, 'preview');
    expect(preview.environment.lineage).toEqual(['preview', 'staging']);
    expect(preview.environment.type).toBe('staging');
    // Everything but the name (and where the name shows: namespaces, project) is the same.
    const rename = (p: EnvironmentPlan) =>
      JSON.stringify({
        ...p,
        environment: { ...p.environment, name: 'ENV', lineage: [], file: '' },
      }).replaceAll(`-${p.environment.name}"`, '-ENV"');
    expect(rename(preview)).toBe(rename(staging));
  });

  it('reports an unknown base and a cycle of extends', async () => {
    const broken =
      environments.replace('spec: { extends: staging }', 'spec: { extends: stagin }') +
      '---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: aa }\nspec: { extends: bb }\n---\napiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: bb }\nspec: { extends: aa }\n';
    const result = await run({ ...files, 'platform/env.yaml': broken });
    // One diagnostic per broken chain; the other environments still resolve (and fail here for lack of definitions).
    const environmentErrors = result.diagnostics.filter((d) => d.code.startsWith('PAWS300'));
    expect(environmentErrors.map(brief)).toEqual(['PAWS3001@16:18', 'PAWS3002@31:18']);
    expect(environmentErrors[1]?.message).toBe('environment "bb" extends itself through aa → bb → aa');
    expect(environmentErrors[0]?.message).toContain('did you mean "staging"');
  });

  it('reports an unknown --env', async () => {
    expect((await run(files, ['prd'])).diagnostics.map((d) => d.message)).toEqual([
      'environment "prd" is not defined; did you mean "prod"?',
    ]);
  });

  it('compiles for one embedded development environment when the platform defines none', async () => {
    const result = await run({ 'paws.yaml': workload('web', 'containers:\n  main:\n    image: acme/web\n') });
    expect(result.diagnostics).toEqual([]);
    expect(result.planned?.plans.map((p) => [p.environment.name, p.environment.type])).toEqual([
      ['dev', 'development'],
    ]);
  });
});

describe('resolve: params and placeholder binding', () => {
  const volumeDef = definition(
    'vol',
    'type: volume\ndriver: { kind: static }\noutputs:\n  source: { persistentVolumeClaim: { claimName: "{{resource.k8sName}}" } }',
  );
  const base = {
    'platform/env.yaml': environments,
    'platform/pg.yaml': definition(
      'pg',
      `type: postgres\ndriver: { kind: static }\nparams: { version: "15" }\n${pgOutputs}`,
    ),
    'platform/vol.yaml': volumeDef,
  };

  it('applies definition params under workload params, then checks the type schema', async () => {
    const ok = await planFor(
      {
        ...base,
        'paws.yaml': api.replace('type: postgres\n', 'type: postgres\n    params: { database: orders }\n'),
      },
      'dev',
    );
    expect(ok.resources[0]?.params).toEqual({ version: '15', database: 'orders' });
    const bad = await run(
      {
        ...base,
        'paws.yaml': api.replace('type: postgres\n', 'type: postgres\n    params: { version: 16 }\n'),
      },
      ['dev'],
    );
    expect(bad.diagnostics.map(brief)).toEqual(['PAWS3104@14:24']);
    expect(bad.diagnostics[0]?.message).toBe(
      'params of type "postgres": resources.db.params.version must be a string, not the number 16',
    );
  });

  it('binds metadata keys with escaped dots, JSON text of objects, keys inside literal outputs, and whole-resource volume sources', async () => {
    const w = workload(
      'api',
      `  annotations:\n    example.com/team: checkout\ncontainers:\n  main:\n    image: acme/web\n    variables:\n      TEAM: "\${metadata.annotations.example\\\\.com/team}"\n      SOURCE: "\${resources.data.source}"\n      CLAIM: "\${resources.data.source.persistentVolumeClaim.claimName}"\n    volumes:\n      /data: { source: "\${resources.data}" }\nresources:\n  data:\n    type: volume\n`,
    );
    const p = await planFor({ ...base, 'paws.yaml': w }, 'dev');
    const container = p.workloads[0]?.containers.main;
    const claim = p.resources[0]?.names.kubernetes;
    expect(container?.env.TEAM?.value).toEqual({ kind: 'literal', value: 'checkout' });
    expect(container?.env.SOURCE?.value).toEqual({
      kind: 'literal',
      value: `{"persistentVolumeClaim":{"claimName":"${claim}"}}`,
    });
    expect(container?.env.CLAIM?.value).toEqual({ kind: 'literal', value: claim });
    expect(container?.volumes['/data']).toEqual({
      source: { resource: 'volume.default#api.data' },
      readOnly: false,
    });
  });

  it('reports a key read inside an output known only after apply', async () => {
    const files = {
      'platform/env.yaml': environments,
      'platform/pg.yaml': definition(
        'pg',
        `type: postgres\ndriver: { kind: terraform }\n${pgOutputs.replace('"{{resource.k8sName}}"', '"${aws_db_instance.x.address}"')}`,
      ),
      'paws.yaml': api.replace('PRICE: "$$5"', 'PRICE: "${resources.db.host.inner}"'),
    };
    const result = await run(files, ['dev']);
    expect(result.diagnostics.map(brief)).toEqual(['PAWS3401@10:14']);
    expect(result.diagnostics[0]?.message).toContain('known only after deployment');
  });
});

describe('resolve: built-in definitions are fallbacks for any class', () => {
  it('a redis of class small compiles with the built-ins alone', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\nresources: { cache: { type: redis, class: small } }\n',
      }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.planned?.plans[0]?.resources[0]?.definition.name).toBe('paws-dev-redis');
  });
});
