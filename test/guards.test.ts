import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost, createNodeHost } from '../src/index.js';
import { escapeTemplates } from '../src/util/terraform-text.js';
import { objectIn } from './support/manifests.js';

// Guards that a hand-made mutation once removed with the whole suite still passing: each test
// here fails when its guard goes.

const widgetType = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: widget }
spec:
  params: { type: object, properties: { name: { type: string } } }
  outputs: { type: object, properties: { token: { type: string, x-paws-secret: true }, id: { type: string } } }
`;
const widgetDefinition = (name: string, match = '') => `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: ${name} }
spec:
  type: widget
${match}  driver: { kind: static }
  outputs: { token: { secretRef: { key: widgets, property: ${name} } }, id: ${name} }
`;

describe('a secret output in another resource’s params is refused (PAWS3403)', () => {
  it('at the placeholder, naming the resource; a plain output there is fine', async () => {
    const spec = (output: string) => `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  key: { type: widget }
  user: { type: widget, params: { name: "for-\${resources.key.${output}}" } }
`;
    const files = (output: string) => ({
      'platform/widget.yaml': `${widgetType}---\n${widgetDefinition('widgets')}`,
      'paws.yaml': spec(output),
    });
    const refused = await compile({}, createMemoryHost(files('token')));
    const errors = refused.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(['PAWS3403@6:41']);
    expect(errors[0]?.message).toContain('params of widget.default#api.user use a secret value');
    expect(JSON.stringify(refused.files)).not.toContain('secretRef');
    const plain = await compile({}, createMemoryHost(files('id')));
    expect(plain.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('Terraform escaping covers keys', () => {
  it('a `${` that appears only in a key is escaped', () => {
    expect(escapeTemplates({ tags: { '${file("/etc/passwd")}': 'plain' } })).toEqual({
      tags: { '$${file("/etc/passwd")}': 'plain' },
    });
    expect(escapeTemplates({ '%{ for x in y }': ['a'] })).toEqual({ '%%{ for x in y }': ['a'] });
  });
});

describe('a shared resource matches a workloads criterion only when every workload using it is listed', () => {
  const workload = (name: string) => `apiVersion: paws.dev/v1
metadata: { name: ${name} }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  shared: { type: widget, id: common }
`;
  const files = (listed: string) => ({
    'platform/widget.yaml': `${widgetType}---\n${widgetDefinition('general')}---\n${widgetDefinition('special', `  match: { workloads: [${listed}] }\n`)}`,
    'a/paws.yaml': workload('alpha'),
    'b/paws.yaml': workload('beta'),
  });
  const chosen = async (listed: string) => {
    const result = await compile({}, createMemoryHost(files(listed)));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return result.planned?.plans[0]?.resources.find((r) => r.uid === 'widget.default#common')?.definition
      .name;
  };

  it('listing one of its two workloads does not match', async () => {
    expect(await chosen('alpha')).toBe('general');
  });

  it('listing both matches (and wins by specificity)', async () => {
    expect(await chosen('alpha, beta')).toBe('special');
  });
});

describe('outputs a cdktf definition computes are secret where the contract says so', () => {
  it('a computed output the type marks secret reaches the container from a Secret, never as text', async () => {
    const source = fileURLToPath(new URL('../examples/cdktf', import.meta.url));
    const dir = mkdtempSync(path.join(tmpdir(), 'paws-cdktf-secret-'));
    try {
      cpSync(source, dir, { recursive: true, filter: (p) => !/\/(expected|out)$/.test(p) });
      const type = path.join(dir, 'platform/sns.yaml');
      writeFileSync(
        type,
        readFileSync(type, 'utf8').replace(
          'arn: { type: string, description: ARN of the topic. }',
          'arn: { type: string, description: ARN of the topic., x-paws-secret: true }',
        ),
      );
      const result = await compile({}, createNodeHost(dir));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const deployment = objectIn(result.files, 'prod/kubernetes/notifier', 'Deployment');
      const env = deployment?.spec.template.spec.containers[0].env as {
        name: string;
        value?: string;
        valueFrom?: unknown;
      }[];
      const arn = env.find((e) => e.name === 'TOPIC_ARN');
      expect(arn?.value).toBeUndefined();
      expect(arn?.valueFrom).toMatchObject({ secretKeyRef: { key: expect.any(String) } });
      // Secret by the contract: a param (rendered as plain text) may not hold it.
      const workload = path.join(dir, 'paws.yaml');
      writeFileSync(
        workload,
        `${readFileSync(workload, 'utf8')}  copy:\n    type: sns-topic\n    params: { displayName: "\${resources.events.arn}" }\n`,
      );
      const refused = await compile({}, createNodeHost(dir));
      expect(refused.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
        'PAWS3403',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
