import { describe, expect, it } from 'vitest';
import { plainTemplate, renderPlain } from '../src/drivers/plain-template.js';
import { renderPlainly, renderTemplate, renderWithHandlebars } from '../src/drivers/template-engine.js';

const HELPERS = new Map<string, (...args: unknown[]) => unknown>([
  ['json', (v) => JSON.stringify(v)],
  ['lower', (v) => String(v).toLowerCase()],
]);
const BUILTINS = new Set(['if', 'each']);
const plain = (template: string) => plainTemplate(template, HELPERS, BUILTINS);

describe('plain templates: text, {{paths}} and helper calls', () => {
  it.each([
    [
      '${aws_sqs_queue.{{resource.tfName}}.arn}',
      ['${aws_sqs_queue.', '.arn}'],
      [{ path: ['resource', 'tfName'] }],
    ],
    ['{{ a }}-{{b.c-d}}', ['', '-', ''], [{ path: ['a'] }, { path: ['b', 'c-d'] }]],
    ['no mustache: { } "quoted"', ['no mustache: { } "quoted"'], []],
    [
      '"{{json (lower a.b) "x" -1.5}}"',
      ['"', '"'],
      [
        {
          helper: 'json',
          args: [{ helper: 'lower', args: [{ path: ['a', 'b'] }] }, { literal: 'x' }, { literal: -1.5 }],
        },
      ],
    ],
  ])('%s is plain', (template, texts, expressions) => {
    expect(plain(template)).toEqual({ texts, expressions });
  });

  it.each([
    '{{json}}',
    '{{if a}}',
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
    '{{json a b=c}}',
    "{{json 'single'}}",
    '{{json "esc\\"aped"}}',
    '{{unknown a}}',
    '{{json (unknown a)}}',
    '{{json (lower a}}',
    '{{(lower a)}}',
    'x }} y {{a}}',
    '{"a": {{a}}}',
  ])('%s is left to Handlebars', (template) => {
    expect(plain(template)).toBeUndefined();
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
  ])('renders {{a.b}} of %j only when certain', (context, expected) => {
    expect(renderPlain(plain('{{a.b}}')!, context, HELPERS)).toBe(expected);
  });

  it('passes a missing last step to a helper as undefined, and leaves a missing step before it to Handlebars', () => {
    expect(renderPlain(plain('{{json a.missing}}')!, { a: {} }, HELPERS)).toBe('');
    expect(renderPlain(plain('{{json a.b.c}}')!, { a: {} }, HELPERS)).toBeUndefined();
    expect(renderPlain(plain('{{json a.constructor}}')!, { a: {} }, HELPERS)).toBeUndefined();
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
  '{{json a.b}}',
  '{{json a}}',
  '{{json a.zz}}',
  '{{json a.b.c.d}}',
  '{{default a.zz "fallback"}}',
  '{{default a.b a.c}}',
  '{{concat "p-" a.b (lower a.c)}}',
  '{{snake (lower a.b)}}',
  '{{eq a.b 7}}',
  '{{k8sName a.d}}',
  '{{json 5}}',
  '{{json -1.5}}',
  '{{join a.b ","}}',
  '{{idName a.c}}',
  '{{upper x}}',
  '{{required a.b "needed"}}',
  '{{lookup a "b"}}',
  '{{cloudName x a.b 12}}',
];
const VALUES: unknown[] = [
  's',
  'Mixed-Case.Name',
  '${x}',
  0,
  -1.5,
  7,
  true,
  false,
  null,
  [],
  ['p', 'q'],
  '',
  'a}}b',
];

describe('a plain template renders exactly what Handlebars renders (property test)', () => {
  it('for 3,000 random templates and contexts', () => {
    const next = random(20261203);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const value = (depth: number): unknown =>
      depth > 0 && next() < 0.4
        ? { b: value(depth - 1), c: value(depth - 1), d: value(depth - 1) }
        : pick(VALUES);
    let plainRendered = 0;
    for (let i = 0; i < 3000; i++) {
      const template = Array.from({ length: 1 + Math.floor(next() * 5) }, () => pick(PIECES)).join('');
      const context: Record<string, unknown> = next() < 0.9 ? { a: value(2) } : {};
      if (next() < 0.5) context.x = pick(VALUES);
      const outcome = (render: () => string) => {
        try {
          return render();
        } catch (error) {
          return error as Error;
        }
      };
      const expected = outcome(() => renderWithHandlebars(template, context));
      const actual = outcome(() => renderTemplate(template, context));
      const shown = `${JSON.stringify(template)} with ${JSON.stringify(context)}`;
      if (expected instanceof Error) expect(String(actual), shown).toBe(String(expected));
      else expect(actual, shown).toBe(expected);
      const plainly = outcome(() => renderPlainly(template, context) as string);
      if (plainly !== undefined) {
        expect(plainly, shown).toBe(expected);
        plainRendered++;
      }
    }
    // The property is exercised: many templates took the plain path.
    expect(plainRendered).toBeGreaterThan(200);
  });
});
