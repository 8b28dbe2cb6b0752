import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../src/drivers/template-engine.js';
import { createMemoryHost, validate } from '../src/index.js';
import { brief } from './helpers.js';

const examples = fileURLToPath(new URL('../examples', import.meta.url));

/** The Gateway API 1.6 CRD's rule for PathPrefix and Exact values (mirrored from its CEL validations). */
function acceptedAsPrefix(value: string): boolean {
  return (
    value.startsWith('/') &&
    /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(value) &&
    !['//', '/./', '/../', '%2f', '%2F', '#'].some((s) => value.includes(s)) &&
    !value.endsWith('/..') &&
    !value.endsWith('/.')
  );
}

function httpRoutes(dir: string): { file: string; type: string; value: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return httpRoutes(full);
    if (!name.endsWith('.yaml')) return [];
    return parseAllDocuments(readFileSync(full, 'utf8')).flatMap((d) => {
      const route = d.toJS() as {
        kind?: string;
        spec: { rules: { matches?: { path?: { type: string; value: string } }[] }[] };
      };
      if (route?.kind !== 'HTTPRoute') return [];
      return route.spec.rules.flatMap((r) =>
        (r.matches ?? []).flatMap((m) => (m.path ? [{ file: full, ...m.path }] : [])),
      );
    });
  });
}

describe('HTTPRoute paths pass the Gateway API rules', () => {
  it('every emitted route of the examples: a prefix the CRD accepts, or a regular expression', () => {
    const routes = httpRoutes(examples);
    expect(routes.length).toBeGreaterThan(3);
    expect(routes.some((r) => r.type === 'RegularExpression' && r.value === '/my/[^/]+/path')).toBe(true);
    for (const r of routes)
      if (r.type === 'PathPrefix') expect(acceptedAsPrefix(r.value), `${r.file}: ${r.value}`).toBe(true);
  });

  it.each([
    ['/', 'PathPrefix'],
    ['/api/v1', 'PathPrefix'],
    ['/my/[^/]+/path', 'RegularExpression'],
    ['/a//b', 'RegularExpression'],
    ['/a/../b', 'RegularExpression'],
    ['/a%2Fb', 'RegularExpression'],
    ['/x.*', 'PathPrefix'],
  ])('gatewayPathType %j is %s, agreeing with the CRD rule', (value, type) => {
    expect(renderTemplate('{{gatewayPathType p}}', { p: value })).toBe(type);
    expect(acceptedAsPrefix(value)).toBe(type === 'PathPrefix');
  });
});

describe('a route names a port of its workload’s Service (PAWS2510, at its place)', () => {
  const spec = (service: string, port: string) => `apiVersion: score.dev/v1b1
metadata: { name: web }
${service}containers: { main: { image: acme/web } }
resources:
  dns: { type: dns }
  route:
    type: route
    params: { host: "\${resources.dns.host}", path: /, port: ${port} }
`;
  const service = 'service: { ports: { http: { port: 80, targetPort: 8080 } } }\n';

  it.each([
    ['a port name', service, 'http', []],
    ['a port number', service, '80', []],
    ['a number written as text', service, '"80"', []],
    ['an unknown name, with a suggestion', service, 'htp', ['PAWS2510@9:61 did you mean "http"?']],
    ['a target port instead of the port', service, '8080', ['PAWS2510@9:61']],
    ['a workload with no service', '', 'http', ['PAWS2510@7:11']],
  ])('%s', async (_name, svc, port, expected) => {
    const result = await validate({}, createMemoryHost({ 'score.yaml': spec(svc, port) }));
    expect(
      result.diagnostics.map(
        (d) =>
          `${brief(d)}${d.message.includes('did you mean') ? ` did you mean "${d.message.split('"').at(-2)}"?` : ''}`,
      ),
    ).toEqual(expected);
  });
});
