import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// A patch cannot take a pod past its security profile: patched objects are checked again.
const environment = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  workloadPatches:
    - { kind: Deployment, paths: [/spec/template/spec/containers, /spec/template/spec/tolerations] }
`;
const workload = (patches: string) => `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
patches:
${patches}`;

async function errors(files: Record<string, string>) {
  const result = await compile({}, createMemoryHost({ 'platform/env.yaml': environment, ...files }));
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${d.file}:${d.line} ${d.message}`);
}

describe('patched pods keep their security profile (PAWS4006)', () => {
  it('a developer’s patch that makes the container privileged, where containers may be patched', async () => {
    const found = await errors({
      'paws.yaml': workload(
        '  - select: { kind: Deployment }\n    jsonPatch: [{ op: add, path: /spec/template/spec/containers/0/securityContext/privileged, value: true }]\n',
      ),
    });
    expect(found).toEqual([
      'PAWS4006@paws.yaml:5 after patch "api/patches/0", Deployment/api in environment "prod" breaks the restricted security profile: container "main" is privileged',
    ]);
  });

  it('a platform Patch that puts pods on the host network', async () => {
    const found = await errors({
      'paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\n`,
      'platform/patch.yaml': `apiVersion: paws.dev/v1\nkind: Patch\nmetadata: { name: host-net }\nspec:\n  select: { kind: Deployment }\n  mergePatch: { spec: { template: { spec: { hostNetwork: true } } } }\n`,
    });
    expect(found).toEqual([
      'PAWS4006@platform/patch.yaml:5 after patch "host-net", Deployment/api in environment "prod" breaks the restricted security profile: hostNetwork: true',
    ]);
  });

  it('a patch within the profile passes', async () => {
    const found = await errors({
      'paws.yaml': workload(
        '  - select: { kind: Deployment }\n    mergePatch: { spec: { template: { spec: { tolerations: [{ key: gpu, operator: Exists }] } } } }\n',
      ),
    });
    expect(found).toEqual([]);
  });
});

describe('a workload’s own patch never changes an image (PAWS4007)', () => {
  it('setting docker.io/library/nginx:latest by patch passes no image policy: refused at the patch', async () => {
    const found = await errors({
      'paws.yaml': workload(
        '  - select: { kind: Deployment }\n    jsonPatch: [{ op: replace, path: /spec/template/spec/containers/0/image, value: "docker.io/library/nginx:latest" }]\n',
      ),
    });
    expect(found).toEqual([
      'PAWS4007@paws.yaml:5 patch "api/patches/0" changes the image of Deployment/api in environment "prod" (main: docker.io/library/nginx:latest)',
    ]);
  });
});
