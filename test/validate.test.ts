import { describe, expect, it } from 'vitest';
import { brief, validateFiles } from './helpers.js';

const head = (name = 'api') => `apiVersion: paws.dev/v1\nmetadata:\n  name: ${name}\n`;

interface Case {
  name: string;
  yaml: string;
  options?: { image?: string };
  expected: string[];
  /** Fragments the diagnostics' messages or hints must contain. */
  says?: string[];
}

// Line numbers below count from the `apiVersion` line (1).
const cases: Case[] = [
  {
    name: 'a minimal workload is valid',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n`,
    expected: [],
  },
  {
    name: 'missing containers',
    yaml: head(),
    expected: ['PAWS2102@1:1'],
    says: ['missing the required field "containers"'],
  },
  {
    name: 'unknown field, with a suggestion',
    yaml: `${head()}containers:\n  main:\n    imgae: nginx\n`,
    expected: ['PAWS2102@5:3', 'PAWS2101@6:5'],
    says: ['unknown field "imgae"', 'did you mean "image"'],
  },
  {
    name: 'wrong type: a number where text is expected',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      PORT: 8080\n`,
    expected: ['PAWS2103@8:13'],
    says: ['must be a string, not the number 8080', 'quote it'],
  },
  {
    name: 'wrong type: a list where a mapping is expected',
    yaml: `${head()}containers:\n  - image: acme/web\n`,
    expected: ['PAWS2103@5:3'],
    says: ['containers must be a mapping, not a list'],
  },
  {
    name: 'workload name shorter than 2 characters',
    yaml: `${head('a')}containers:\n  main:\n    image: acme/web\n`,
    expected: ['PAWS2104@3:9'],
    says: ['metadata.name "a" must be 2–63 characters'],
  },
  {
    name: 'workload name longer than 63 characters',
    yaml: `${head('x'.repeat(64))}containers:\n  main:\n    image: acme/web\n`,
    expected: ['PAWS2104@3:9'],
  },
  {
    name: 'workload name with uppercase and underscore',
    yaml: `${head('My_App')}containers:\n  main:\n    image: acme/web\n`,
    expected: ['PAWS2104@3:9'],
  },
  {
    name: 'container name breaking the label rule points at the key',
    yaml: `${head()}containers:\n  Main_1:\n    image: acme/web\n`,
    expected: ['PAWS2104@5:3'],
    says: ['name "Main_1" in containers'],
  },
  {
    name: 'unknown apiVersion, with a suggestion',
    yaml: 'apiVersion: paws.dev/v2\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n',
    expected: ['PAWS2001@1:13'],
    says: ['did you mean "paws.dev/v1"'],
  },
  {
    name: 'missing apiVersion',
    yaml: 'metadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n',
    expected: ['PAWS2001@1:1'],
  },
  {
    name: 'placeholder with an unknown root',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      A: "x-\${env.HOME}"\n`,
    expected: ['PAWS2402@8:13'],
    says: ['only "metadata" and "resources" exist'],
  },
  {
    name: 'unterminated placeholder',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      A: abc \${metadata.name\n`,
    expected: ['PAWS2401@8:14'],
    says: ['unterminated placeholder'],
  },
  {
    name: 'placeholder to an undeclared resource',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      A: \${resources.dbb.host}\n${'resources:\n  db:\n    type: postgres\n'}`,
    expected: ['PAWS2403@8:10'],
    says: ['does not declare', 'did you mean "db"'],
  },
  {
    name: 'placeholder to an output the type does not provide',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      A: \${resources.db.hostname}\nresources:\n  db:\n    type: postgres\n`,
    expected: ['PAWS2404@8:10'],
    says: ['has no output "hostname"', 'host, port, name, database, username, password'],
  },
  {
    name: 'placeholder to a metadata key that does not exist',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      A: \${metadata.nmae}\n`,
    expected: ['PAWS2403@8:10'],
    says: ['did you mean "name"'],
  },
  {
    name: 'placeholders in file content and resource params are checked, $$ escapes',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    files:\n      /etc/app.conf:\n        content: |\n          price: $$5\n          host: \${resources.db.hots}\nresources:\n  db:\n    type: postgres\n  cache:\n    type: redis\n    params:\n      version: \${resources.nope.x}\n`,
    expected: ['PAWS2404@11:17', 'PAWS2403@18:16'],
  },
  {
    name: 'noExpand content is not checked for placeholders',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    files:\n      /etc/t.tpl:\n        noExpand: true\n        content: "\${whatever}"\n`,
    expected: [],
  },
  {
    name: 'image "." needs --image',
    yaml: `${head()}containers:\n  main:\n    image: "."\n`,
    expected: ['PAWS2501@6:12'],
  },
  {
    name: 'image "." with --image',
    yaml: `${head()}containers:\n  main:\n    image: "."\n`,
    options: { image: 'app:1' },
    expected: [],
  },
  {
    name: 'relative and parent-escaping file and volume targets',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    files:\n      etc/app.conf: { content: x }\n      /etc/../root/x: { content: y }\n    volumes:\n      data: { source: vol }\n`,
    expected: ['PAWS2502@8:7', 'PAWS2502@9:7', 'PAWS2502@11:7'],
  },
  {
    name: 'a file needs exactly one of content, binaryContent, source',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    files:\n      /etc/a: { mode: "0600" }\n      /etc/b: { content: x, source: b.txt }\n`,
    expected: ['PAWS2107@8:7', 'PAWS2107@9:7'],
    says: ['must set exactly one of content, binaryContent, source'],
  },
  {
    name: 'target inside the map form of files',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    files:\n      /etc/a: { target: /etc/a, content: x }\n`,
    expected: ['PAWS2101@8:17'],
  },
  {
    name: 'a probe needs httpGet or exec',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    livenessProbe: {}\n`,
    expected: ['PAWS2107@7:5'],
    says: ['at least one of httpGet, exec'],
  },
  {
    name: 'enum value with the wrong case',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\nservice:\n  ports:\n    web: { port: 80, protocol: tcp }\n`,
    expected: ['PAWS2105@9:32'],
    says: ['did you mean "TCP"'],
  },
  {
    name: 'port out of range',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\nservice:\n  ports:\n    web: { port: 70000 }\n`,
    expected: ['PAWS2106@9:18'],
  },
  {
    name: 'unknown resource type, with a suggestion',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\nresources:\n  db:\n    type: postgress\n`,
    expected: ['PAWS2301@9:11'],
    says: ['did you mean "postgres"'],
  },
  {
    name: 'connections to an undeclared resource',
    yaml: `${head()}containers:\n  main:\n    image: acme/web\n    connections: [db, cache]\nresources:\n  db:\n    type: postgres\n`,
    expected: ['PAWS2503@7:23'],
  },
  {
    name: 'connections is a paws extension: a Score file may not use it',
    yaml: 'apiVersion: score.dev/v1b1\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n    connections: ["*"]\n',
    expected: ['PAWS2101@7:5'],
  },
];

describe('validate: schema and semantic checks', () => {
  it.each(cases)('$name', ({ yaml, options, expected, says }) => {
    const result = validateFiles({ 'paws.yaml': yaml }, options);
    expect(result.diagnostics.map(brief)).toEqual(expected);
    const text = result.diagnostics.map((d) => `${d.message}\n${d.hint}`).join('\n');
    for (const fragment of says ?? []) expect(text).toContain(fragment);
  });
});

describe('validate: Score deprecated forms are upgraded before validation', () => {
  const score = (containers: string) =>
    `apiVersion: score.dev/v1b1\nmetadata:\n  name: api\ncontainers:\n  main:\n    image: acme/web\n${containers}`;

  it('turns lists of files and volumes into maps keyed by target, and read_only into readOnly', () => {
    const result = validateFiles({
      'score.yaml': score(
        '    files:\n      - target: /etc/a\n        content: x\n    volumes:\n      - target: /data\n        source: vol\n        read_only: true\n',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const container = result.project?.workloads[0]?.spec.containers.main;
    expect(container?.files).toEqual({ '/etc/a': { content: 'x' } });
    expect(container?.volumes).toEqual({ '/data': { source: 'vol', readOnly: true } });
  });

  it('reports errors inside the list form at the position written', () => {
    const result = validateFiles({
      'score.yaml': score('    files:\n      - target: /etc/a\n        content: x\n        mode: "9999"\n'),
    });
    expect(result.diagnostics.map(brief)).toEqual(['PAWS2104@10:15']);
  });

  it('reports two items with one target, and an item without target', () => {
    const result = validateFiles({
      'score.yaml': score(
        '    files:\n      - target: /etc/a\n        content: x\n      - target: /etc/a\n        content: y\n      - content: z\n',
      ),
    });
    expect(result.diagnostics.map(brief)).toEqual(['PAWS2504@10:17', 'PAWS2102@12:9']);
  });
});

describe('validate: across files', () => {
  const workload = (name: string) => `${head(name)}containers:\n  main:\n    image: acme/web\n`;

  it('reports a workload name used twice, with the first place as related', () => {
    const result = validateFiles({ 'a/paws.yaml': workload('api'), 'b/paws.yaml': workload('api') });
    expect(result.diagnostics.map(brief)).toEqual(['PAWS2201@3:9']);
    expect(result.diagnostics[0]?.file).toBe('b/paws.yaml');
    expect(result.diagnostics[0]?.related?.[0]).toMatchObject({ file: 'a/paws.yaml', line: 3, column: 9 });
  });

  it('validates platform documents by kind', () => {
    const platform = [
      'apiVersion: paws.dev/v1\nkind: Enviroment\nmetadata: { name: dev }\nspec: {}\n',
      'apiVersion: paws.dev/v2\nkind: Environment\nmetadata: { name: dev }\nspec: {}\n',
      'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: prod }\nspec: { type: production }\n',
      'apiVersion: paws.dev/v1\nkind: Environment\nmetadata: { name: prod }\nspec: { type: production }\n',
      'apiVersion: paws.dev/v1\nkind: ResourceDefinition\nmetadata: { name: pg }\nspec: { type: postgres, driver: { kind: helm } }\n',
    ].join('---\n');
    const result = validateFiles({ 'paws.yaml': workload('api'), 'platform/all.yaml': platform });
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.file}`)).toEqual([
      'PAWS2002@2:7 platform/all.yaml',
      'PAWS2001@6:13 platform/all.yaml',
      'PAWS2201@18:19 platform/all.yaml',
      'PAWS2105@24:41 platform/all.yaml',
    ]);
    expect(result.diagnostics[0]?.message).toContain('did you mean "Environment"');
  });

  it('lets a platform ResourceType add a type workloads can use', () => {
    const files = {
      'paws.yaml': `${head()}containers:\n  main:\n    image: acme/web\n    variables:\n      Q: \${resources.jobs.url}\nresources:\n  jobs:\n    type: queue\n`,
      'platform/queue.yaml':
        'apiVersion: paws.dev/v1\nkind: ResourceType\nmetadata: { name: queue }\nspec:\n  outputs:\n    type: object\n    properties: { url: { type: string } }\n',
    };
    expect(validateFiles(files).diagnostics).toEqual([]);
  });
});
