import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { plainTemplate, renderPlain } from '../src/drivers/plain-template.js';
import { renderTemplate } from '../src/drivers/template-engine.js';

const HELPERS = new Set(['json', 'if']);

describe('plain templates: text and {{paths}} only', () => {
  it.each([
    ['${aws_sqs_queue.{{resource.tfName}}.arn}', ['${aws_sqs_queue.', '.arn}'], [['resource', 'tfName']]],
    ['{{ a }}-{{b.c-d}}', ['', '-', ''], [['a'], ['b', 'c-d']]],
    ['no mustache: { } "quoted"', ['no mustache: { } "quoted"'], []],
  ])('%s is plain', (template, texts, paths) => {
    expect(plainTemplate(template, HELPERS)).toEqual({ texts, paths });
  });

  it.each([
    '{{json a}}',
    '{{json}}',
    '{{#if a}}x{{/if}}',
    '{{{a}}}',
    '\\{{a}}',
    '{{~a}}',
    '{{! note }}',
    '{{this}}',
    '{{a.true}}',
    '{{../a}}',
    '{{@root.a}}',
    '{{a.[b c]}}',
    '{{a.0}}',
    'x }} y {{a}}',
    '{"a": {{a}}}',
  ])('%s is left to Handlebars', (template) => {
    expect(plainTemplate(template, HELPERS)).toBeUndefined();
  });

  it.each([
    [{ a: { b: 'x' } }, 'x'],
    [{ a: { b: 7 } }, '7'],
    [{ a: { b: false } }, 'false'],
    [{ a: { b: null } }, undefined],
    [{ a: { b: { c: 1 } } }, undefined],
    [{ a: { b: ['x'] } }, undefined],
    [{ a: {} }, undefined],
    [{ a: Object.create({ b: 'inherited' }) }, undefined],
    [{ a: 'text' }, undefined],
  ])('renders %j only when certain', (context, expected) => {
    expect(renderPlain(plainTemplate('{{a.b}}', HELPERS)!, context)).toBe(expected);
  });
});

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '{{a}}',
  '{{a.b}}',
  '{{ a.b }}',
  '{{a.c.d}}',
  'x',
  '{',
  '}',
  '\\',
  '"',
  ' ',
  '.',
  '-',
  '{{x}}',
  '$',
];
const VALUES: unknown[] = ['s', '${x}', 0, -1.5, true, false, null, [], ['p', 'q'], '', 'a}}b'];

describe('a plain template renders exactly what Handlebars renders (property test)', () => {
  const reference = Handlebars.create();
  it('for 2,000 random templates and contexts', () => {
    const next = random(20261203);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const value = (depth: number): unknown =>
      depth > 0 && next() < 0.4
        ? { b: value(depth - 1), c: value(depth - 1), d: value(depth - 1) }
        : pick(VALUES);
    let plain = 0;
    for (let i = 0; i < 2000; i++) {
      const template = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(PIECES)).join('');
      const context: Record<string, unknown> = next() < 0.9 ? { a: value(2) } : {};
      if (next() < 0.5) context.x = pick(VALUES);
      let expected: string | Error;
      try {
        expected = reference.compile(template, { strict: true, noEscape: true })(context);
      } catch (error) {
        expected = error as Error;
      }
      let actual: string | Error;
      try {
        actual = renderTemplate(template, context);
      } catch (error) {
        actual = error as Error;
      }
      if (plainTemplate(template, HELPERS) && !(expected instanceof Error)) plain++;
      const shown = `${JSON.stringify(template)} with ${JSON.stringify(context)}`;
      if (expected instanceof Error) expect(actual, shown).toBeInstanceOf(Error);
      else expect(actual, shown).toBe(expected);
    }
    // The property is exercised: many of the templates took the plain path.
    expect(plain).toBeGreaterThan(300);
  });
});
