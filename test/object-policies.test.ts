import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// Policies see what will be applied: the emitted objects after every patch. A patch (the platform's,
// or a developer's where the environment allows it) cannot take an object past a rule.
const environment = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  kubernetes: { securityProfiles: [restricted, baseline, privileged] }
  workloadPatches:
    - { kind: Deployment, paths: [/spec/template/spec/containers, /spec/template/spec/nodeSelector] }
`;
const policy = `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: guard }
spec:
  rules:
    - name: registry
      for: container
      expression: "container.registry == 'registry.example.com'"
      message: images come from registry.example.com
    - name: pinned
      for: container
      expression: "!container.latest"
      message: pin a tag
    - name: unprivileged
      for: container
      expression: "!container.securityContext.privileged"
      message: no privileged containers
    - name: gpu-nodes-only-for-ml
      for: object
      kinds: [Deployment, StatefulSet]
      condition: "has(object.spec.template.spec.nodeSelector)"
      expression: "!('gpu' in object.spec.template.spec.nodeSelector) || ('acme.com/team' in workload.annotations && workload.annotations['acme.com/team'] == 'ml')"
      message: GPU nodes are for the ML team
    - name: service-accounts-have-no-token
      for: object
      kinds: [ServiceAccount]
      expression: "has(object.automountServiceAccountToken) && object.automountServiceAccountToken == false"
      message: service accounts mount no token
`;
const workload = (extra = '') => `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: registry.example.com/api:1.2.3 } }
${extra}`;

async function errors(files: Record<string, string>) {
  const result = await compile(
    {},
    createMemoryHost({ 'platform/env.yaml': environment, 'platform/policy.yaml': policy, ...files }),
  );
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map(
      (d) =>
        `${d.code}@${d.file}:${d.line}:${d.column} ${d.message.replace(/^policy "guard" \(platform\/policy.yaml\), /, '')}`,
    );
}

describe('policies over the objects as they will be applied', () => {
  it('a clean workload passes every rule, object rules included', async () => {
    expect(await errors({ 'paws.yaml': workload() })).toEqual([]);
  });

  it('a platform Patch that swaps the image for docker.io/library/nginx:latest fails registry and pinned at the patch', async () => {
    const found = await errors({
      'paws.yaml': workload(),
      'platform/patch.yaml': `apiVersion: paws.dev/v1
kind: Patch
metadata: { name: debug-image }
spec:
  select: { kind: Deployment }
  jsonPatch:
    - { op: replace, path: /spec/template/spec/containers/0/image, value: docker.io/library/nginx:latest }
`,
    });
    expect(found).toEqual([
      'PAWS3601@platform/patch.yaml:7:28 rule "pinned": container "main" of Deployment/api in environment "prod" after patch "debug-image": pin a tag',
      'PAWS3601@platform/patch.yaml:7:28 rule "registry": container "main" of Deployment/api in environment "prod" after patch "debug-image": images come from registry.example.com',
    ]);
  });

  it("a developer's patch that makes the container privileged fails the rule at the operation", async () => {
    const found = await errors({
      'paws.yaml': workload(`securityProfile: privileged
patches:
  - select: { kind: Deployment }
    jsonPatch:
      - { op: add, path: /spec/template/spec/containers/0/securityContext, value: { privileged: true } }
`),
    });
    expect(found).toEqual([
      'PAWS3601@paws.yaml:8:26 rule "unprivileged": container "main" of Deployment/api in environment "prod" after patch "api/patches/0": no privileged containers',
    ]);
  });

  it('an object rule reads the patched object, with the workload beside it', async () => {
    const patch = `patches:
  - select: { kind: Deployment }
    mergePatch: { spec: { template: { spec: { nodeSelector: { gpu: "true" } } } } }
`;
    expect(await errors({ 'paws.yaml': workload(patch) })).toEqual([
      'PAWS3601@paws.yaml:5:13 rule "gpu-nodes-only-for-ml": Deployment/api in environment "prod" after patch "api/patches/0": GPU nodes are for the ML team',
    ]);
    const ml = workload(patch).replace(
      'metadata: { name: api }',
      'metadata: { name: api, annotations: { acme.com/team: ml } }',
    );
    expect(await errors({ 'paws.yaml': ml })).toEqual([]);
  });

  it('an object rule that fails on what paws emits is reported at the workload', async () => {
    const found = await errors({
      'paws.yaml': workload(),
      'platform/patch.yaml': `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: probes }
spec:
  rules:
    - name: readiness
      for: object
      kinds: [Deployment]
      expression: "object.spec.template.spec.containers.all(c, has(c.readinessProbe))"
      message: every container has a readiness probe
`,
    });
    expect(found).toEqual([
      'PAWS3601@paws.yaml:2:19 policy "probes" (platform/patch.yaml), rule "readiness": Deployment/api in environment "prod": every container has a readiness probe',
    ]);
  });
});

describe('patched objects are checked against their kind’s schema (PAWS4008)', () => {
  it('nodeSelector: "gpu" by patch is refused at the patch; an object passes', async () => {
    const patch = (value: string) =>
      workload(`patches:
  - select: { kind: Deployment }
    jsonPatch:
      - { op: add, path: /spec/template/spec/nodeSelector, value: ${value} }
`);
    const result = await compile(
      {},
      createMemoryHost({ 'platform/env.yaml': environment, 'paws.yaml': patch('gpu') }),
    );
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'PAWS4008@paws.yaml:7:26 after patch "api/patches/0", Deployment/api in environment "prod" is not one the cluster accepts: spec.template.spec.nodeSelector must be an object',
    ]);
    const good = await compile(
      {},
      createMemoryHost({ 'platform/env.yaml': environment, 'paws.yaml': patch('{ disktype: ssd }') }),
    );
    expect(good.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
