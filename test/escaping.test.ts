import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, type OutputFile } from '../src/index.js';
import { escapeTemplate, escapeTemplates, readTemplate } from '../src/util/terraform-text.js';

/**
 * Every sink a developer's value reaches, read back the way its consumer reads it: Terraform's
 * template strings, Kubernetes' $(VAR) expansion, the ExternalSecret's Go template.
 */

const platform = {
  'platform/environments.yaml': `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: cloud }
spec:
  type: staging
  terraform: { providers: { aws: { region: eu-west-1 } } }
  secretStore: { kind: ClusterSecretStore, name: aws-secrets-manager }
`,
  'platform/topic.yaml': `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: topic }
spec:
  params:
    type: object
    properties:
      name: { type: string }
      tags: { type: object, additionalProperties: { type: string } }
  outputs:
    type: object
    required: [name, arn, label]
    properties:
      name: { type: string }
      arn: { type: string }
      label: { type: string }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: sns-topic }
spec:
  type: topic
  params: { tags: {} }
  driver:
    kind: terraform
    template: |
      resource:
        aws_sns_topic:
          {{resource.tfName}}:
            name: {{json params.name}}
            tags: {{json params.tags}}
      locals:
        {{resource.tfName}}_name: {{json params.name}}
  outputs:
    name: "{{params.name}}"
    arn: "\${aws_sns_topic.{{resource.tfName}}.arn}"
    label: "\${aws_sns_topic.{{resource.tfName}}.arn}/{{params.name}}"
`,
};

/** A workload whose developer wrote `value` literally (Score's `$$` escape for every `$`). */
function workload(value: string, tagKey = 'team'): string {
  const score = value.replace(/\$/g, '$$$$');
  return stringify({
    apiVersion: 'paws.dev/v1',
    metadata: { name: 'api' },
    containers: {
      main: {
        image: 'nginx',
        variables: {
          LITERAL: score,
          TOPIC_NAME: '${resources.topic.name}',
          MIXED: `${score}|\${resources.topic.arn}|${score}`,
        },
        files: { '/etc/app/value.txt': { content: score } },
      },
    },
    resources: {
      topic: { type: 'topic', params: { name: score, tags: { [tagKey]: score } } },
    },
  });
}

async function compileWith(value: string, tagKey?: string) {
  const result = await compile({}, createMemoryHost({ ...platform, 'paws.yaml': workload(value, tagKey) }));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  const file = (p: string) => result.files.find((f) => f.path === p) as OutputFile;
  const module = JSON.parse(file('cloud/terraform/api/main.tf.json').content);
  const tf = 'topic_default_api_topic';
  const objects = result.files
    .filter((f) => f.path.startsWith('cloud/kubernetes/api/'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()));
  return { module, tf, objects, files: result.files };
}

/** What Terraform makes of a string of Terraform JSON: the literal text, or a failure if it would evaluate. */
function terraformReads(template: string): string {
  const read = readTemplate(template);
  if (read.live) throw new Error(`Terraform would evaluate ${JSON.stringify(template)}`);
  return read.text;
}

/** Kubernetes' expansion of an env value with no variables defined: `$$` → `$`; `$(` must not appear unescaped. */
function kubernetesReads(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '$') {
      out += '$';
      i++;
    } else if (value[i] === '$' && value[i + 1] === '(') {
      throw new Error(`Kubernetes would expand ${JSON.stringify(value)}`);
    } else out += value[i];
  }
  return out;
}

/**
 * Go's text/template on the only actions paws writes: `{{ "text" }}` and `{{ index . "key" }}`
 * (each read as `<key>`). Any other `{{` is an action paws did not mean to write.
 */
function goTemplateReads(template: string): string {
  let out = '';
  for (let i = 0; i < template.length;) {
    if (!template.startsWith('{{', i)) {
      out += template[i];
      i++;
      continue;
    }
    const action = /^\{\{ (?:("(?:[^"\\]|\\.)*")|index \. ("(?:[^"\\]|\\.)*")) \}\}/.exec(template.slice(i));
    if (!action) throw new Error(`unexpected action at ${i} in ${JSON.stringify(template)}`);
    out += action[1] !== undefined ? JSON.parse(action[1]) : `<${JSON.parse(action[2] as string)}>`;
    i += action[0].length;
  }
  return out;
}

const hostile = [
  '${file("/etc/passwd")}',
  '${path.cwd}-%{ if true }y%{ endif }',
  '$${already}%%{escaped}',
  '$$${x}',
  '{{ .secret }}{{',
  '{',
  '$(HOME) $$(HOME) $',
  'quote " back \\ slash\nnew line',
];

describe('escaping: a developer value never becomes a live Terraform expression', () => {
  it('the reproduction: $${file(...)} in params reaches the resource as literal text', async () => {
    const { module, tf } = await compileWith('${file("/etc/passwd")}');
    expect(module.resource.aws_sns_topic[tf].name).toBe('$${file("/etc/passwd")}');
    expect(terraformReads(module.resource.aws_sns_topic[tf].name)).toBe('${file("/etc/passwd")}');
  });

  it('the output variant: the published outputs hold escaped text, the definition’s reference stays live', async () => {
    const { module, tf } = await compileWith('${path.cwd}-%{ if true }y%{ endif }');
    const published = module.locals[`paws_outputs_${tf}`];
    expect(published.name).toBe('$${path.cwd}-%%{ if true }y%%{ endif }');
    expect(published.arn).toBe(`\${aws_sns_topic.${tf}.arn}`);
    expect(published.label).toBe(`\${aws_sns_topic.${tf}.arn}/$\${path.cwd}-%%{ if true }y%%{ endif }`);
    expect(module.resource.aws_secretsmanager_secret_version[tf].secret_string).toBe(
      `\${jsonencode(local.paws_outputs_${tf})}`,
    );
  });

  it('Handlebars never renders data as a template: a value that looks like one stays text', async () => {
    const { module, tf } = await compileWith('{{resource.uid}} {{environment.name}} {{{json params}}}');
    expect(module.resource.aws_sns_topic[tf].name).toBe(
      '{{resource.uid}} {{environment.name}} {{{json params}}}',
    );
  });

  it.each(hostile)('no string or key of the module evaluates anything but references: %j', async (value) => {
    const { module } = await compileWith(value, value);
    const live: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node === 'string') {
        if (readTemplate(node).live) live.push(node);
      } else if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object')
        for (const [key, item] of Object.entries(node)) {
          walk(key);
          walk(item);
        }
    };
    walk(module);
    // What stays live is what the definition and paws wrote: references to resources and locals.
    for (const text of live) {
      const rest = text.replace(/\$\{[a-z_]+\.[A-Za-z0-9_.-]+\}|\$\{jsonencode\(local\.[a-z0-9_-]+\)\}/g, '');
      expect(readTemplate(rest).live, text).toBe(false);
    }
  });
});

/** Strings built from the pieces that mean something to one sink or another. */
const dangerous = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '${',
        '%{',
        '$$',
        '$',
        '%',
        '{',
        '}',
        '{{',
        '}}',
        '$(',
        ')',
        '"',
        "'",
        '\\',
        '\n',
        '\t',
      ),
      fc.constantFrom('é', '💥', '\u2028', 'a', ' ', ':', '#', '-', '|', '&', '*', '!', 'x'),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('escaping: property: every sink gives back the literal a developer wrote', () => {
  it('Terraform arguments, keys, published outputs; env values; file contents; ESO templates', async () => {
    await fc.assert(
      fc.asyncProperty(dangerous, dangerous, async (value, key) => {
        const { module, tf, objects } = await compileWith(value, `k${key}`);
        const topic = module.resource.aws_sns_topic[tf];
        expect(terraformReads(topic.name)).toBe(value);
        const [tagKey, tagValue] = Object.entries(topic.tags)[0] as [string, string];
        expect(terraformReads(tagKey)).toBe(`k${key}`);
        expect(terraformReads(tagValue)).toBe(value);
        expect(terraformReads(module.locals[`${tf}_name`])).toBe(value);
        expect(terraformReads(module.locals[`paws_outputs_${tf}`].name)).toBe(value);

        const deployment = objects.find((o) => o.kind === 'Deployment');
        const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
        expect(kubernetesReads(env.find((e) => e.name === 'LITERAL')?.value ?? '')).toBe(value);
        const config = objects.find((o) => o.kind === 'ConfigMap');
        expect(Object.values(config.data)).toEqual([value]);
        const external = objects.find((o) => o.kind === 'ExternalSecret');
        const mixed = external.spec.target.template.data['env-main-MIXED'] as string;
        expect(goTemplateReads(mixed)).toMatch(
          new RegExp(`^${escapeRegExp(value)}\\|<[a-z0-9-]+>\\|${escapeRegExp(value)}$`),
        );
      }),
      { numRuns: 60, seed: 20261123 },
    );
  }, 60_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasTerraform)(
  'escaping: terraform itself reads the literal back (skipped without terraform)',
  () => {
    it('terraform console evaluates the emitted strings to the developer’s text', async () => {
      const values = hostile.slice(0, 6);
      const emitted: string[] = [];
      for (const value of values) {
        const { module, tf } = await compileWith(value);
        emitted.push(module.resource.aws_sns_topic[tf].name, module.locals[`paws_outputs_${tf}`].name);
      }
      const dir = mkdtempSync(path.join(tmpdir(), 'paws-tf-escape-'));
      try {
        writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ locals: { v: emitted } }));
        const run = spawnSync('terraform', ['console'], {
          cwd: dir,
          input: 'base64encode(jsonencode(local.v))\n',
          encoding: 'utf8',
          env: { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
        });
        const printed = JSON.parse(run.stdout.trim()) as string;
        expect(JSON.parse(Buffer.from(printed, 'base64').toString('utf8'))).toEqual(
          values.flatMap((v) => [v, v]),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('escaping: the helpers', () => {
  it.each([
    ['${a}', '$${a}'],
    ['%{a}', '%%{a}'],
    ['$${a}', '$$${a}'],
    ['%${a}', '%$${a}'],
    ['$%{a}', '$%%{a}'],
    ['no templates $ % { }', 'no templates $ % { }'],
  ])('escapeTemplate(%j) = %j, read back exactly', (text, escaped) => {
    expect(escapeTemplate(text)).toBe(escaped);
    expect(readTemplate(escaped)).toEqual({ live: false, text });
  });

  it('escapeTemplates escapes every string and key deep in a value, and returns a value with nothing to escape as it is', () => {
    const data = JSON.parse('{"a":["x",{"${k}":"%{v}"}],"n":1,"__proto__":"p","b":{"c":"ok"}}');
    const escaped = escapeTemplates(data);
    expect(escaped).toEqual(JSON.parse('{"a":["x",{"$${k}":"%%{v}"}],"n":1,"__proto__":"p","b":{"c":"ok"}}'));
    expect(Object.hasOwn(escaped, '__proto__')).toBe(true);
    expect(data.a[1]).toEqual(JSON.parse('{"${k}":"%{v}"}'));
    const clean = { a: ['x', { k: 'v $ % { }' }], n: 1 };
    expect(escapeTemplates(clean)).toBe(clean);
  });

  it('a template with an interpolation or a directive is live', () => {
    expect(readTemplate('x${a}').live).toBe(true);
    expect(readTemplate('%{ if a }').live).toBe(true);
    expect(readTemplate('$$${a}').live).toBe(false);
  });

  it('YAML output keeps the structure: a value cannot add keys or documents', () => {
    expect(parse(stringify({ a: 'x\n---\nkind: Secret' })).a).toBe('x\n---\nkind: Secret');
  });
});
