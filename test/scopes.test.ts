import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// A guardrail whose scope names no environment applies nowhere: a typo must not turn it off.
const environments = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec: { type: staging }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { type: production }
`;
const policy = (scope: string) => `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: pinned-images }
spec:
${scope}
  rules:
    - name: pinned
      for: container
      expression: "!container.image.endsWith(':latest')"
      message: images are pinned
`;
const patch = (scope: string) => `apiVersion: paws.dev/v1
kind: Patch
metadata: { name: spread }
spec:
${scope}
  select: { kind: Deployment }
  mergePatch: { metadata: { labels: { spread: "yes" } } }
`;
const workload = `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: "nginxinc/nginx-unprivileged:latest" } }
`;

async function codes(platform: string) {
  const result = await compile(
    {},
    createMemoryHost({
      'platform/envs.yaml': environments,
      'platform/guard.yaml': platform,
      'paws.yaml': workload,
    }),
  );
  return result.diagnostics
    .filter((d) => d.code === 'PAWS2203')
    .map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe('scopes of Policies and Patches name what exists (PAWS2203)', () => {
  it.each([
    [
      'a Policy',
      policy('  environmentTypes: [prodution]'),
      '5:22 Policy "pinned-images" applies to environment type "prodution", which no Environment has; did you mean "production"?: it would apply nowhere there',
    ],
    [
      'a Policy',
      policy('  environments: [stagign]'),
      '5:18 Policy "pinned-images" applies to environment "stagign", which no Environment is named; did you mean "staging"?: it would apply nowhere there',
    ],
    [
      'a Patch',
      patch('  environments: [prod, prd]'),
      '5:24 Patch "spread" applies to environment "prd", which no Environment is named; did you mean "prod"?: it would apply nowhere there',
    ],
  ])('%s with a typo in its scope is refused at the typo', async (_kind, platform, expected) => {
    expect(await codes(platform)).toEqual([expected]);
  });

  it('a rule for a resource type the platform does not have is refused at the type', async () => {
    const rule = `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: small-databases }
spec:
  rules:
    - name: small
      for: resource
      resourceTypes: [postgres, postgress]
      expression: "true"
      message: small
`;
    expect(await codes(rule)).toEqual([
      '8:33 rule "small" of Policy "small-databases" is for resource type "postgress", which the platform does not have; did you mean "postgres"?: it would check nothing there',
    ]);
  });

  it('an Environment that opens a kind no workload file holds to workload patches is refused at the kind', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'platform/envs.yaml': environments.replace(
          'spec: { type: staging }',
          'spec: { type: staging, workloadPatches: [{ kind: Deploymnet, paths: [/spec/template/metadata] }] }',
        ),
        'paws.yaml': workload,
      }),
    );
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'PAWS2203 4:50 Environment "staging" lets workloads patch kind "Deploymnet", which no workload file holds; did you mean "Deployment"?',
    ]);
  });

  it.each([
    ['existing names and types', policy('  environments: [prod]\n  environmentTypes: [staging]')],
    ['a type paws knows that no Environment uses yet', patch('  environmentTypes: [preview]')],
  ])('%s pass', async (_name, platform) => {
    expect(await codes(platform)).toEqual([]);
  });
});
