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
