import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../src/drivers/template-engine.js';

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
    if (!name.startsWith('httproute-')) return [];
    return parseAllDocuments(readFileSync(full, 'utf8')).flatMap((d) => {
      const route = d.toJS() as {
        spec: { rules: { matches?: { path?: { type: string; value: string } }[] }[] };
      };
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
