import type { Diagnostic } from '../diagnostics.js';
import { locate } from '../load/index.js';
import { toPointer } from '../load/pointer.js';
import type { Environment, Patch, Policy } from '../model.js';
import { didYouMean } from '../suggest.js';
import { DEFAULT_ENVIRONMENT_NAME } from '../environment.js';

/** The environment types paws gives a meaning to, whether or not an Environment uses them yet. */
const KNOWN_TYPES = ['development', 'staging', 'production', 'preview'];

/**
 * Every environment and environment type a Policy or Patch scopes itself to exists: a typo
 * (`environmentTypes: [prodution]`) would otherwise turn a guardrail off without a word.
 */
export function checkScopes(
  environments: readonly Environment[],
  scoped: readonly (Policy | Patch)[],
): Diagnostic[] {
  const names = environments.length > 0 ? environments.map((e) => e.name) : [DEFAULT_ENVIRONMENT_NAME];
  const types = [
    ...new Set([
      ...KNOWN_TYPES,
      ...environments.flatMap((e) => {
        const spec = e.spec as { type?: string; ephemeral?: { type?: string } };
        return [spec.type, spec.ephemeral?.type].filter((t): t is string => typeof t === 'string');
      }),
    ]),
  ].sort();
  const diagnostics: Diagnostic[] = [];
  for (const object of scoped) {
    const spec = object.spec as { environments?: string[]; environmentTypes?: string[] };
    const check = (field: 'environments' | 'environmentTypes', known: readonly string[], what: string) => {
      (spec[field] ?? []).forEach((value, index) => {
        if (known.includes(value)) return;
        const suggestion = didYouMean(value, known);
        diagnostics.push({
          code: 'PAWS2203',
          severity: 'error',
          message: `${String((object.document.value as { kind?: unknown }).kind)} "${object.name}" applies to ${what} "${value}", which ${field === 'environments' ? 'no Environment is named' : 'no Environment has'}${suggestion ? `; did you mean "${suggestion}"?` : ''}: it would apply nowhere there`,
          ...locate(object.document, toPointer(['spec', field, String(index)])),
          hint: `${field === 'environments' ? 'environments' : 'environment types'}: ${known.join(', ')}`,
        });
      });
    };
    check('environments', names, 'environment');
    check('environmentTypes', types, 'environment type');
  }
  return diagnostics;
}
