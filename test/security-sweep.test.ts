import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';
import { API_WITH_DB, POSTGRES_OUTPUTS, staticPostgres } from './support/fixtures.js';
import { objectIn } from './support/manifests.js';

const withSource = (source: string) =>
  `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: acme/web
    files:
      /etc/app/config: { source: ${JSON.stringify(source)} }
`;

describe('files.<target>.source reads only inside the workload’s repository', () => {
  const repo = {
    '.git/config': '[remote "origin"]\n  url = https://x-access-token:ghs_secret@github.com/acme/shop\n',
    'services/api/config.txt': 'listen 8080\n',
  };
  it.each([
    ['/etc/passwd', 'is outside the repository'],
    ['../../../outside.txt', 'is outside the repository'],
    ['/proc/self/environ', 'is outside the repository'],
    ['../../.git/config', 'is inside .git'],
    ['linked.txt', 'is outside the repository'],
  ])('%s is refused (PAWS2505) and never read into the output', async (source, reason) => {
    const host = createMemoryHost(
      {
        ...repo,
        'services/api/paws.yaml': withSource(source),
        '../outside.txt': 'secret',
        'services/api/linked.txt': 'x',
      },
      { links: { '/work/services/api/linked.txt': '/home/runner/.aws/credentials' } },
    );
    const result = await compile({}, host);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.file}:${d.line}:${d.column}`)).toEqual([
      'PAWS2505@services/api/paws.yaml:7:34',
    ]);
    expect(errors[0]?.message).toContain(reason);
    expect(result.files).toEqual([]);
    const diff = await runCli(['diff', '--format', 'markdown'], { host });
    expect(diff.stdout).not.toContain('ghs_secret');
  });

  it('a source inside the repository is read', async () => {
    const host = createMemoryHost({ ...repo, 'services/api/paws.yaml': withSource('config.txt') });
    const result = await compile({}, host);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(JSON.stringify(objectIn(result.files, 'dev/kubernetes/api', 'ConfigMap'))).toContain(
      'listen 8080',
    );
  });
});

describe('every built-in AWS definition emits resolved Terraform', () => {
  const workload = `apiVersion: paws.dev/v1
metadata: { name: api }
containers:
  main:
    image: acme/web
    variables: { MQ: "\${resources.mq.host}", DB: "\${resources.db.host}" }
resources:
  db: { type: postgres }
  my: { type: mysql }
  cache: { type: redis }
  assets: { type: s3 }
  mq: { type: amqp }
  queue: { type: sqs }
  dns: { type: dns }
`;
  const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  terraform: { providers: { aws: { region: eu-west-1 } } }
  dns: { zone: staging.example.com, target: gw.staging.example.com }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  terraform: { providers: { aws: { region: eu-west-1 } } }
  dns: { zone: example.com, target: gw.example.com }
`;

  it('AWS outputs are Terraform expressions (the amqp host cut from the broker endpoint), never unresolved tokens', async () => {
    const result = await compile(
      {},
      createMemoryHost({ 'paws.yaml': workload, 'platform/env.yaml': environments }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const modules = result.files.filter((f) => f.path.endsWith('main.tf.json'));
    expect(modules).toHaveLength(2);
    for (const file of result.files)
      expect(file.content, file.path).not.toMatch(/TfToken\[|\$\{TOKEN|Token\[TOKEN/);
    const prod = JSON.parse(modules.find((m) => m.path.startsWith('prod/'))?.content ?? '{}');
    expect(prod.locals.paws_outputs_amqp_default_api_mq.host).toBe(
      '${trimsuffix(trimprefix(element(aws_mq_broker.amqp_default_api_mq.instances[0].endpoints, 0), "amqps://"), ":5671")}',
    );
    // A partial compile gives the same module: nothing depends on what else was compiled.
    const alone = await compile(
      { environments: ['prod'] },
      createMemoryHost({ 'paws.yaml': workload, 'platform/env.yaml': environments }),
    );
    expect(alone.files.find((f) => f.path === 'prod/terraform/api/main.tf.json')?.content).toBe(
      modules.find((m) => m.path.startsWith('prod/'))?.content,
    );
  });
});

describe('a secret written as a literal never shows in a code frame', () => {
  const files = {
    'paws.yaml': API_WITH_DB,
    'platform/db.yaml': staticPostgres('leaky-db', {
      ...POSTGRES_OUTPUTS,
      password: '"hunter2-very-secret"',
    }),
  };

  it.each([['compile'], ['plan'], ['graph', '--env', 'dev'], ['diff'], ['definitions', 'check']])(
    'paws %s',
    async (...args) => {
      const run = await runCli(args, { files });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('PAWS3304');
      expect(run.stderr).toContain('password: ********');
      expect(run.stderr).not.toContain('hunter2');
      const json = await runCli([...args, '--format', 'json'], { files });
      expect(json.stdout + json.stderr).not.toContain('hunter2');
    },
  );
});

describe('definitions check and compile render a resource the same way', () => {
  it('a static definition that reads {{secrets.password.name}} fails both (PAWS3305)', async () => {
    const files = {
      'paws.yaml': API_WITH_DB,
      'platform/db.yaml': staticPostgres('static-db', {
        ...POSTGRES_OUTPUTS,
        host: '"db-{{secrets.password.name}}"',
      }),
    };

    const check = await runCli(['definitions', 'check'], { files });
    const compiled = await runCli(['compile'], { files });
    expect(check.exitCode).toBe(1);
    expect(compiled.exitCode).toBe(1);
    const first = (text: string) => /error (PAWS\d+): ([^\n]*)/.exec(text)?.slice(1, 3);
    expect(first(check.stderr)).toEqual(first(compiled.stderr));
    expect(first(check.stderr)?.[0]).toBe('PAWS3305');
  });
});

describe('templates see data, never Handlebars internals', () => {
  const definitionWith = (host: string) => ({
    'paws.yaml': API_WITH_DB,
    'platform/db.yaml': staticPostgres('odd-db', { ...POSTGRES_OUTPUTS, host: JSON.stringify(host) }),
  });

  it.each([
    ['{{blockHelperMissing}}', 'not a helper paws offers'],
    ['{{#helperMissing}}x{{/helperMissing}}', 'not a helper paws offers'],
    ['{{log "leak"}}', 'not a helper paws offers'],
    ['{{lookup this "constructor"}}', 'templates see only own data'],
    ['{{params.constructor}}', '"constructor" is not data'],
    ['{{resource.__proto__}}', '"__proto__" is not data'],
  ])('%s is a positioned PAWS3305 with a plain message', async (template, message) => {
    const result = await compile({}, createMemoryHost(definitionWith(template)));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.file}:${d.line}`)).toEqual(['PAWS3305@platform/db.yaml:8']);
    expect(errors[0]?.message).toContain(message);
    expect(errors[0]?.message).not.toMatch(/Cannot read properties|undefined \(reading/);
  });
});

describe('the output folder never holds or lies in an input', () => {
  it.each([['platform'], ['.'], ['services'], ['platform/out']])(
    '--out %s --force is refused (PAWS5003)',
    async (out) => {
      const files = {
        'services/api/paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\n',
        'platform/env.yaml':
          'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: dev }\nspec: {}\n',
      };
      const host = createMemoryHost(files);
      const run = await runCli(['compile', '--out', out, '--force'], { host });
      expect(run.exitCode).toBe(1);
      // An output folder holding the specs hides them from discovery (PAWS1010) before it is refused.
      expect(run.stderr).toMatch(out === 'services' ? /PAWS1010/ : /PAWS5003/);
      expect([...host.files.keys()].sort()).toEqual([
        '/work/platform/env.yaml',
        '/work/services/api/paws.yaml',
      ]);
    },
  );
});

describe('paws diff --against reads only what lies inside the folder', () => {
  it.each(['dev/../../../etc/hostname', '/proc/self/environ', '../.git/config'])(
    'a manifest listing %j is refused (PAWS5007) and nothing it names is printed',
    async (entry) => {
      const host = createMemoryHost({
        'paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\n',
        '.git/config': 'token = ghs_secret\n',
      });
      expect((await runCli(['compile'], { host })).exitCode).toBe(0);
      const manifest = JSON.parse(new TextDecoder().decode(host.files.get('/work/out/.paws-manifest.json')));
      manifest.files[entry] = 'f'.repeat(64);
      host.files.set('/work/out/.paws-manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
      for (const format of ['text', 'markdown', 'json']) {
        const run = await runCli(['diff', '--against', 'out', '--format', format], { host });
        expect(run.exitCode).toBe(1);
        expect(run.stdout + run.stderr).toContain('PAWS5007');
        expect(run.stdout + run.stderr).not.toContain('ghs_secret');
      }
    },
  );
});
