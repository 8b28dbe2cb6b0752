import { describe, expect, it } from 'vitest';
import { compileCel } from '../src/util/cel.js';
import { quantityValue } from '../src/util/cel-kubernetes.js';
import { compile, createMemoryHost } from '../src/index.js';

function run(expression: string, variables: Record<string, unknown> = {}) {
  const compiled = compileCel(expression);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.evaluate(variables);
}
const value = (expression: string, variables?: Record<string, unknown>) => {
  const result = run(expression, variables);
  return result.ok ? result.value : `error: ${result.message}`;
};

describe("Kubernetes' CEL libraries", () => {
  it.each([
    // lists
    ['[1, 2, 3].isSorted()', true],
    ["['b', 'a'].isSorted()", false],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.5].sum()', 4],
    ['[3, 1, 2].min()', 1n],
    ["['a', 'c', 'b'].max()", 'c'],
    ["['a', 'b', 'a'].indexOf('a')", 0n],
    ["['a', 'b', 'a'].lastIndexOf('a')", 2n],
    ["['a'].indexOf('z')", -1n],
    // regex
    ["'image:1.2.3'.find('[0-9]+[.][0-9]+')", '1.2'],
    ["'abc'.find('[0-9]')", ''],
    ["'a1b22c333'.findAll('[0-9]+') == ['1', '22', '333']", true],
    ["'a1b22c333'.findAll('[0-9]+', 2) == ['1', '22']", true],
    // sets
    ['sets.contains([1, 2, 3], [1, 3])', true],
    ['sets.contains([1, 2], [4])', false],
    ['sets.equivalent([1, 2, 2], [2, 1])', true],
    ["sets.intersects(['a', 'b'], ['b', 'c'])", true],
    ["sets.intersects(['a'], ['c'])", false],
    // quantities
    ["quantity('1Gi') == quantity('1024Mi')", true],
    ["quantity('250m').isLessThan(quantity('1'))", true],
    ["quantity('2G').isGreaterThan(quantity('1Gi'))", true],
    ["quantity('512Mi').compareTo(quantity('1Gi'))", -1n],
    ["quantity('1k').asInteger()", 1000n],
    ["quantity('1.5').isInteger()", false],
    ["quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi')", true],
    ["isQuantity('1Gi') && !isQuantity('1GB')", true],
    // URLs
    ["url('https://example.com:8443/a/b?x=1&x=2').getHost()", 'example.com:8443'],
    ["url('https://example.com:8443/a/b').getHostname()", 'example.com'],
    ["url('https://example.com:8443/a').getPort()", '8443'],
    ["url('https://example.com/a%20b').getEscapedPath()", '/a%20b'],
    ["url('https://example.com').getScheme()", 'https'],
    ["url('/just/a/path').getHost()", ''],
    ["isURL('https://example.com') && !isURL('not a url')", true],
  ])('%s', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it('getQuery gives each key with all its values', () => {
    const query = "url('https://x.example/?a=1&a=2&b=3').getQuery()";
    expect(value(`${query}['a'] == ['1', '2'] && ${query}['b'] == ['3'] && size(${query}) == 2`)).toBe(true);
  });

  it.each([
    ["quantity('1GB')", 'is not a quantity'],
    ["url('not a url')", 'is not a URL'],
    ['[].min()', 'empty list'],
    ["quantity('1.5').asInteger()", 'not a whole number'],
  ])('%s fails (a rule using it fails closed)', (expression, message) => {
    expect(String(value(expression))).toContain(message);
  });

  it.each([
    ['100m', 0.1],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e3', 1000],
    ['-2k', -2000],
    ['.5', 0.5],
    ['1Gb', undefined],
    ['', undefined],
  ])('quantity %j is %j', (text, expected) => {
    expect(quantityValue(text)).toBe(expected);
  });

  it('a rule written with them is accepted when the platform is read, and denies at the line', async () => {
    const policy = `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: limits }
spec:
  rules:
    - name: memory-at-most-2gi
      for: container
      condition: container.resources.limits.memory != null
      expression: "quantity(container.resources.limits.memory).compareTo(quantity('2Gi')) <= 0"
      message: at most 2Gi of memory
    - name: known-teams
      for: workload
      expression: "sets.contains(['shop', 'pay'], [workload.name.find('^[a-z]+')])"
      message: a known team prefix
`;
    const result = await compile(
      {},
      createMemoryHost({
        'platform/policy.yaml': policy,
        'paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: shop-api }\ncontainers:\n  main:\n    image: acme/api:1\n    resources: { limits: { memory: 4Gi } }\n',
      }),
    );
    expect(result.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(['PAWS3601@6:16']);
  });

  it('an unknown function of a namespace is refused when the platform is read', async () => {
    const result = await compile(
      {},
      createMemoryHost({
        'platform/policy.yaml':
          'apiVersion: paws.dev/v1\nkind: Policy\nmetadata: { name: p }\nspec:\n  rules:\n    - { name: r, for: workload, expression: "sets.containz([1], [1])", message: m }\n',
        'paws.yaml':
          'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/api:1 } }\n',
      }),
    );
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'PAWS2602 policy "p": there is no function "sets.containz"; did you mean "sets.contains"?',
    ]);
  });
});
