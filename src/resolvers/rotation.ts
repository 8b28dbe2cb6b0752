import type { ResolvedEnvironment } from '../compiler/environment.js';
import type { LoadedDocument } from '../compiler/load/index.js';

/** On a workload's resource: raise it to rotate that resource's generated secrets alone. */
export const ROTATION_ANNOTATION = 'paws.dev/rotation';

/**
 * The version of a resource's write-only values: 1, plus the environment's rotation counter, plus
 * the `paws.dev/rotation` annotation on the workload resource that declares it.
 */
export function rotationOf(
  environment: ResolvedEnvironment,
  req: { origin: { doc: LoadedDocument }; declaredBy?: { resource: string } },
): number {
  type Resources = Record<string, { metadata?: { annotations?: Record<string, unknown> } }>;
  const resources = (req.origin.doc.value as { resources?: Resources }).resources;
  const annotations = req.declaredBy
    ? (resources?.[req.declaredBy.resource]?.metadata?.annotations ?? {})
    : {};
  const own = Number(annotations[ROTATION_ANNOTATION] ?? 0);
  return 1 + (environment.rotation ?? 0) + (Number.isInteger(own) && own > 0 ? own : 0);
}
