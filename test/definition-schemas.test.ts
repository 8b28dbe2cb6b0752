import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../src/index.js';
import { runCli } from './helpers.js';

// `paws definitions check` checks what a platform's templates render against the schemas the cluster
// and Terraform hold, at the template's line: a typo there used to pass and fail at apply time.
const type = `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: thing }
spec:
  outputs: { type: object, properties: { id: { type: string } }, required: [id] }
`;
const definition = (driver: string) => `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: thing-def }
spec:
  type: thing
${driver}
  outputs: { id: x }
`;
const kubernetes = (replicas: string) => `  driver:
    kind: kubernetes
    template: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: "{{resource.k8sName}}" }
      spec:
        ${replicas}: 1
        selector: { matchLabels: { app: thing } }
        template:
          metadata: { labels: { app: thing } }
          spec: { containers: [{ name: main, image: "acme/thing:1" }] }`;
const terraform = (bucket: string, forceDestroy: string) => `  driver:
    kind: terraform
    template: |
      resource:
        aws_s3_bucket:
          "{{resource.tfName}}":
            ${bucket}: acme-things
            ${forceDestroy}: true`;

async function check(files: Record<string, string>) {
  const host = createMemoryHost({ 'platform/type.yaml': type, ...files });
  const run = await runCli(['definitions', 'check'], { host });
  return { exitCode: run.exitCode, lines: run.stderr.split('\n').filter((l) => l.includes(' error ')) };
}

describe('definitions check validates what templates render (PAWS3107)', () => {
  it('a kubernetes template with replicsa: 1, at its line', async () => {
    const { exitCode, lines } = await check({ 'platform/def.yaml': definition(kubernetes('replicsa')) });
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      'platform/def.yaml:13:9: error PAWS3107: template of definition "thing-def" renders what the cluster would refuse: Deployment/thing-sample-sample-188904: spec has no field "replicsa"',
    ]);
  });

  it('a terraform template with bukket and force_destroy_typo, each at its line', async () => {
    const { exitCode, lines } = await check({
      'platform/def.yaml': definition(terraform('bukket', 'force_destroy_typo')),
    });
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      'platform/def.yaml:12:13: error PAWS3107: template of definition "thing-def" renders what Terraform would refuse: resource.aws_s3_bucket.thing_default_sample_sample: "bukket" is not an argument of this block',
      'platform/def.yaml:13:13: error PAWS3107: template of definition "thing-def" renders what Terraform would refuse: resource.aws_s3_bucket.thing_default_sample_sample: "force_destroy_typo" is not an argument of this block',
    ]);
  });

  it('a template file: the line in that file', async () => {
    const { lines } = await check({
      'platform/def.yaml': definition('  driver: { kind: kubernetes, templateFile: deployment.tpl }'),
      'platform/deployment.tpl': kubernetes('replicsa')
        .split('\n')
        .slice(3)
        .map((line) => line.slice(6))
        .join('\n'),
    });
    expect(lines).toEqual([
      'platform/deployment.tpl:5:3: error PAWS3107: template of definition "thing-def" renders what the cluster would refuse: Deployment/thing-sample-sample-188904: spec has no field "replicsa"',
    ]);
  });

  it('the same templates, spelled right, pass', async () => {
    expect((await check({ 'platform/def.yaml': definition(kubernetes('replicas')) })).exitCode).toBe(0);
    expect(
      (await check({ 'platform/def.yaml': definition(terraform('bucket', 'force_destroy')) })).exitCode,
    ).toBe(0);
  });
});
