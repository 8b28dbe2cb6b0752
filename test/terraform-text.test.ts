import { describe, expect, it } from 'vitest';
import { escapeTemplate, escapeTemplates, isLiveTemplate, readTemplate } from '../src/util/terraform-text.js';

// The one sink where text becomes code: each case is how Terraform reads the template.
describe('Terraform templates: escaping data and reading it back', () => {
  it.each([
    ['plain', false, 'plain'],
    ['${var.x}', true, undefined],
    ['%{ if x }', true, undefined],
    ['$${var.x}', false, '${var.x}'],
    ['%%{ if x }', false, '%{ if x }'],
    ['$$${x}', false, '$${x}'],
    ['100% {ok}', false, '100% {ok}'],
    ['$', false, '$'],
  ])('%j: live %s, text %j', (template, live, text) => {
    expect(isLiveTemplate(template)).toBe(live);
    expect(readTemplate(template)).toEqual(live ? { live: true } : { live: false, text });
  });

  it.each(['${a}', '%{b}', '$${c}', 'x${y}z%{w}', '{}', '$$', 'plain'])(
    'data %j escaped reads back as itself and is never live',
    (text) => {
      const escaped = escapeTemplate(text);
      expect(isLiveTemplate(escaped)).toBe(false);
      expect(readTemplate(escaped)).toEqual({ live: false, text });
    },
  );

  it('escapes every string and key of a value, and returns a value with nothing to escape as it is', () => {
    const clean = { a: ['b', 1, null, true], c: { d: 'e' } };
    expect(escapeTemplates(clean)).toBe(clean);
    expect(escapeTemplates({ '${k}': ['%{v}', 2, null], n: { m: '${x}' } })).toEqual({
      '$${k}': ['%%{v}', 2, null],
      n: { m: '$${x}' },
    });
    expect(escapeTemplates(['ok', '${x}'])).toEqual(['ok', '$${x}']);
    expect(escapeTemplates(7)).toBe(7);
    expect(escapeTemplates(null)).toBe(null);
  });
});
