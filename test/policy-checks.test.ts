import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// Rules are checked when the platform is read, inside comprehensions and calls too: a typo there
// would otherwise fail on every workload's file, or never.
const policy = (forWhat: string, expression: string) => `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: images }
spec:
  rules:
    - name: checked
      for: ${forWhat}
      expression: ${JSON.stringify(expression)}
      message: not allowed
`;
const workload = `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: "registry.example.com/api:1" } }
`;

async function problems(forWhat: string, expression: string) {
  const result = await compile(
    {},
    createMemoryHost({ 'platform/policy.yaml': policy(forWhat, expression), 'paws.yaml': workload }),
  );
  return result.diagnostics.filter((d) => d.code === 'PAWS2602').map((d) => d.message);
}

describe('policy expressions are checked all the way down (PAWS2602)', () => {
  it.each([
    [
      'workload',
      'workload.containers.all(c, c.imgae.startsWith("registry.example.com/"))',
      'c has no field "imgae"; did you mean "image"?',
    ],
    [
      'container',
      'container.image.startWith("registry.example.com/")',
      'there is no function "startWith"; did you mean "startsWith"?',
    ],
  ])('for %s: %s', async (forWhat, expression, message) => {
    expect(await problems(forWhat, expression)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['workload', 'workload.containers.all(c, c.image.startsWith("registry.example.com/"))'],
    ['container', 'container.image.startsWith("registry.example.com/") && size(container.tag) > 0'],
    ['workload', 'workload.ports.all(p, p > 0)'],
    ['workload', 'workload.replicas == null || type(workload.replicas) == int'],
  ])('for %s: %s passes', async (forWhat, expression) => {
    expect(await problems(forWhat, expression)).toEqual([]);
  });
});

describe('whole numbers are CEL ints', () => {
  it('type(workload.replicas) == int holds (a JS number alone would be a double)', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'platform/policy.yaml': policy(
          'workload',
          'workload.replicas == null || type(workload.replicas) == int',
        ),
        'paws.yaml': workload,
      }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('a typed param a rule reads exists in some resource type', () => {
  it('resource.params.instanceClas is PAWS2602 with did-you-mean; instanceClass passes', async () => {
    expect(await problems('resource', 'resource.params.instanceClas != "db.r6g.16xlarge"')).toEqual([
      expect.stringContaining('no resource type has a param "instanceClas"; did you mean "instanceClass"?'),
    ]);
    expect(
      await problems(
        'resource',
        '!has(resource.params.instanceClass) || resource.params.instanceClass != "db.r6g.16xlarge"',
      ),
    ).toEqual([]);
  });
});
