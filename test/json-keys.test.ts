import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasDuplicateKeys } from '../src/util/json-keys.js';

describe('rendered JSON read with JSON.parse reads as YAML would', () => {
  it.each([
    ['{"a": 1, "b": {"a": 2}}', false],
    ['{"a": 1, "a": 2}', true],
    ['{"a": {"x": 1, "x": 2}}', true],
    ['[{"a": 1}, {"a": 1}]', false],
    ['{"k\\"ey": 1, "k\\u0022ey": 2}', true],
    ['{"a": "b:", "c": ["a", "a"]}', false],
    // Whitespace JSON allows between a key and its colon: space, tab, line feed, carriage return.
    ['{"a" : 1, "a" : 2}', true],
    ['{"a"\t:1,"a"\t:2}', true],
    ['{"a"\n:1,"a"\n:2}', true],
    ['{"a"\r:1,"a"\r:2}', true],
    // After a nested object or list closes, the keys are the parent's again.
    ['{"a": {}, "a": 1}', true],
    ['{"x": [1], "x": 2}', true],
    ['{"x": [{"y": 1}], "y": 2}', false],
    // An escaped key is the same key as the plain one it spells.
    ['{"a": 1, "\\u0061": 2}', true],
  ])('%s: duplicate keys %s', (text, expected) => {
    expect(hasDuplicateKeys(text)).toBe(expected);
  });

  it('any JSON value: same value as the YAML parser, and no duplicate reported (seeded)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(hasDuplicateKeys(text)).toBe(false);
        // Compared as JSON text: -0 is the one value the two readers tell apart, and it prints as 0.
        expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(parse(text) ?? null));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
