import { describe, expect, it } from 'vitest';
import { formatReference, parsePlaceholders } from '../src/compiler/placeholders.js';

// Score's substitution rules, one row per rule.
const cases: [string, string, unknown][] = [
  ['plain text', 'hello', [{ kind: 'text', text: 'hello' }]],
  [
    'one reference',
    '${metadata.name}',
    [{ kind: 'ref', path: ['metadata', 'name'], raw: '${metadata.name}', offset: 0 }],
  ],
  [
    'text around references',
    'a-${resources.db.host}:${resources.db.port}',
    [
      { kind: 'text', text: 'a-' },
      { kind: 'ref', path: ['resources', 'db', 'host'], raw: '${resources.db.host}', offset: 2 },
      { kind: 'text', text: ':' },
      { kind: 'ref', path: ['resources', 'db', 'port'], raw: '${resources.db.port}', offset: 23 },
    ],
  ],
  ['$$ is a literal $', 'cost $$5 and $${HOME}', [{ kind: 'text', text: 'cost $5 and ${HOME}' }]],
  ['a lone $ stays', 'a $b $', [{ kind: 'text', text: 'a $b $' }]],
  [
    '\\. escapes a dot inside a key',
    '${metadata.annotations.example\\.com/owner}',
    [
      {
        kind: 'ref',
        path: ['metadata', 'annotations', 'example.com/owner'],
        raw: '${metadata.annotations.example\\.com/owner}',
        offset: 0,
      },
    ],
  ],
];

describe('placeholders', () => {
  it.each(cases)('%s', (_name, input, segments) => {
    expect(parsePlaceholders(input)).toEqual({ ok: true, segments });
  });

  it.each([
    ['unterminated', 'x ${metadata.name', 2, 'unterminated'],
    ['empty', 'x ${}', 2, 'it is empty'],
    ['empty key', '${resources..host}', 0, 'empty key'],
  ])('rejects %s placeholders with the offset of "${"', (_name, input, offset, message) => {
    const parsed = parsePlaceholders(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.offset).toBe(offset);
      expect(parsed.message).toContain(message);
    }
  });

  it('writes a reference back with escaped dots', () => {
    expect(formatReference(['metadata', 'annotations', 'a.b'])).toBe('${metadata.annotations.a\\.b}');
  });
});
