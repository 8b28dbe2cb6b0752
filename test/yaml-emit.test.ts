import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitYamlDocument } from '../src/write/yaml-emit.js';

const tricky = fc.constantFrom(
  '',
  ' ',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'true',
  'null',
  '~',
  '0600',
  '0x1f',
  '1e3',
  '1_000',
  '12:30',
  '.inf',
  '-',
  '- a',
  'a: b',
  'a #b',
  '#x',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  '"q"',
  "'q'",
  '{a}',
  '[a]',
  'a,b',
  '---',
  '...',
  'a\nb',
  'a\nb\n',
  'a\n\nb\n',
  'a\n\n',
  ' a\nb',
  'a \nb',
  'tab\there',
  'cr\r\n',
  '\u2028',
  'ünï',
  '${resources.db.host}',
  '{{ index . "k" }}',
  'http://x:80/y',
  'key:',
  '? x',
  ': x',
  '<<',
  '=',
  'a: ',
  'x # y',
  '512Mi',
  '1h',
  '6e0edf',
  '1:20',
  '0o17',
  '0b101',
  '1_000.5',
  '+1',
  '-.5',
  '1e',
  '1.2.3',
  'e0',
  '0.',
  '._',
  '190:20:30',
  '1e+3',
  'Infinity',
  'NaN',
  '-inf',
);
const text = fc.oneof(tricky, fc.string(), fc.string({ unit: 'grapheme-ascii' }));
const key = fc.oneof(
  tricky.filter((k) => k !== '<<'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('the YAML emitter', () => {
  it('writes documents that YAML 1.1 and 1.2 readers read back equal (5,000 seeded cases)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 6 }), (value) => {
        const text = emitYamlDocument(value);
        expect(parse(text, { version: '1.1' })).toEqual(value);
        expect(parse(text, { version: '1.2' })).toEqual(value);
      }),
      { seed: 20261122, numRuns: 5000 },
    );
  });

  it('writes a mapping whose every value is undefined as {} (what JSON writes)', () => {
    const value = {
      items: [{ a: undefined }, { b: 1, c: undefined }, [[{ d: undefined }]]],
      e: { f: undefined },
    };
    const text = emitYamlDocument(value);
    expect(text).toBe('items:\n  - {}\n  - b: 1\n  - - - {}\ne: {}\n');
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(emitYamlDocument({ a: undefined })).toBe('{}\n');
  });

  it('keeps ordinary manifests readable', () => {
    expect(
      emitYamlDocument({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'x' } },
        data: { mode: '0600', on: 'yes', conf: 'a: 1\nb: 2\n' },
        items: [{ key: 'k', path: 'p' }, 'plain'],
      }),
    ).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app.kubernetes.io/name: x\ndata:\n  mode: "0600"\n  "on": "yes"\n  conf: |\n    a: 1\n    b: 2\nitems:\n  - key: k\n    path: p\n  - plain\n',
    );
  });
});
