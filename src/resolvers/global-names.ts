import type { Diagnostic } from '../compiler/diagnostics.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import type { ResourceDefinition } from '../compiler/model.js';
import type { ResourceInstance } from '../compiler/plan/types.js';

/**
 * A warning when resources of this environment take names that are global (S3 buckets, through the
 * `prefixed` helper) and the platform gave no cloudNamePrefix: another company may hold the name.
 */
export function globalNamesWithoutPrefix(
  environment: ResolvedEnvironment,
  definitions: readonly ResourceDefinition[],
  instances: ReadonlyMap<string, ResourceInstance>,
): Diagnostic[] {
  if (environment.cloudNamePrefix) return [];
  const global = [...instances.values()].filter((instance) => {
    const definition = definitions.find((d) => d.name === instance.definition.name);
    return /\bprefixed\s+environment\.cloudNamePrefix\b/.test(definition?.spec.driver.template ?? '');
  });
  if (global.length === 0) return [];
  const named = global.slice(0, 3).map((i) => i.uid);
  return [
    {
      code: 'PAWS3010',
      severity: 'warning',
      message: `environment "${environment.name}" names ${global.length === 1 ? 'a resource' : `${global.length} resources`} in a namespace every cloud account shares (${named.join(', ')}${global.length > 3 ? ', …' : ''}), with no cloudNamePrefix of its own: another account may already hold the name`,
      ...(environment.file ? { file: environment.file } : {}),
      hint: "set spec.cloudNamePrefix on the Environment (your organisation's short name, say): every global name starts with it",
    },
  ];
}
