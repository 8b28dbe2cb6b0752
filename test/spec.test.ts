import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../scripts/generate.mjs';
import { schemaErrors } from '../src/validate/schemas.js';
import { readSchema, SCHEMA_FILES, type SchemaKind } from '../src/spec-files.js';

const generatedDir = fileURLToPath(new URL('../src/generated/', import.meta.url));

describe('spec/', () => {
  it('generated types and validators are up to date (run npm run generate)', async () => {
    const files = (await generate()) as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual([
      'config.ts',
      'environment.ts',
      'patch.ts',
      'policy.ts',
      'resource-definition.ts',
      'resource-type.ts',
      'validators/config.cjs',
      'validators/environment.cjs',
      'validators/patch.cjs',
      'validators/policy.cjs',
      'validators/resourceDefinition.cjs',
      'validators/resourceType.cjs',
      'validators/score.cjs',
      'validators/workload.cjs',
      'workload.ts',
    ]);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(`${generatedDir}${name}`, 'utf8'), `src/generated/${name} is stale`).toBe(content);
    }
  });

  it('the Score schema is the upstream file, unchanged', () => {
    // sha256 of score-spec/spec score-v1b1.json as published (see spec/README.md).
    const ours = fileURLToPath(new URL('../spec/score-v1b1.schema.json', import.meta.url));
    expect(createHash('sha256').update(readFileSync(ours)).digest('hex')).toBe(
      'd326c718112ceff4bb90a32e997cc81e9067b00a93516c7d6b715018a3ece940',
    );
  });

  // Descriptions become editor hover text, so every field of paws's own schemas has one.
  it.each(Object.keys(SCHEMA_FILES).filter((k) => k !== 'score') as SchemaKind[])(
    'every field of %s has a description',
    (kind) => {
      const missing: string[] = [];
      const visit = (schema: unknown, where: string) => {
        if (!schema || typeof schema !== 'object') return;
        const s = schema as Record<string, unknown>;
        const properties = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
        for (const [name, property] of Object.entries(properties)) {
          if (typeof property.description !== 'string' && typeof property.$ref !== 'string')
            missing.push(`${where}.${name}`);
          visit(property, `${where}.${name}`);
        }
        for (const key of ['items', 'additionalProperties', 'not'])
          if (typeof s[key] === 'object') visit(s[key], `${where}[${key}]`);
        for (const key of ['oneOf', 'anyOf', 'allOf'])
          if (Array.isArray(s[key]))
            for (const [i, b] of (s[key] as unknown[]).entries()) visit(b, `${where}.${key}[${i}]`);
        for (const [name, def] of Object.entries((s.$defs ?? {}) as Record<string, unknown>))
          visit(def, `$defs.${name}`);
      };
      visit(readSchema(kind), kind);
      expect(missing).toEqual([]);
    },
  );

  it('the paws workload schema is a superset of Score: it accepts every Score field', () => {
    const full = {
      apiVersion: 'paws.dev/v1',
      metadata: { name: 'example', 'extra-key': 'x', annotations: { 'prefix.com/key': 'v' } },
      service: { ports: { web: { port: 80, targetPort: 8080, protocol: 'TCP' } } },
      containers: {
        main: {
          image: 'nginx',
          command: ['/bin/sh'],
          args: ['-c'],
          variables: { A: 'b' },
          files: {
            '/a': { content: 'x', mode: '0600', noExpand: true },
            '/b': { binaryContent: 'AA==' },
            '/c': { source: 'f' },
          },
          volumes: { '/data': { source: 'v', path: '/p', readOnly: true } },
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '128M' } },
          livenessProbe: {
            httpGet: {
              port: 8080,
              path: '/',
              scheme: 'HTTP',
              host: 'h',
              httpHeaders: [{ name: 'X', value: 'y' }],
            },
          },
          readinessProbe: { exec: { command: ['true'] } },
          before: { init: { ready: 'complete' } },
        },
      },
      resources: {
        db: {
          type: 'postgres',
          class: 'large',
          id: 'shared.db',
          params: { a: 1 },
          metadata: { annotations: { owner: 'y' } },
        },
      },
    };
    expect(schemaErrors('workload', full).map((e) => [e.instancePath, e.message])).toEqual([]);
    expect(schemaErrors('score', { ...full, apiVersion: 'score.dev/v1b1' })).toEqual([]);
  });
});
