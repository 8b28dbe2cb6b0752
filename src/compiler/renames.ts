import type { WorkloadSpec } from './model.js';

/** Where a Score file (whose schema has no movedFrom) declares renames: `"cache2=cache, db2=db"`. */
export const MOVED_ANNOTATION = 'paws.dev/moved-resources';

/**
 * The workload's renamed resources, new name → the name it had: `movedFrom` on a resource
 * (paws.dev/v1), or the annotation. A renamed resource keeps the identity it was created with.
 */
export function renamesOf(spec: Pick<WorkloadSpec, 'metadata' | 'resources'>): Map<string, string> {
  const renames = new Map<string, string>();
  const annotation = (spec.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations?.[
    MOVED_ANNOTATION
  ];
  if (typeof annotation === 'string') {
    for (const pair of parseMovedAnnotation(annotation).pairs) renames.set(pair.to, pair.from);
  }
  for (const [name, resource] of Object.entries(spec.resources ?? {})) {
    const from = (resource as { movedFrom?: unknown } | undefined)?.movedFrom;
    if (typeof from === 'string') renames.set(name, from);
  }
  return renames;
}

/** `new=old` pairs separated by commas; what does not read as one is returned as bad. */
export function parseMovedAnnotation(text: string): { pairs: { to: string; from: string }[]; bad: string[] } {
  const pairs: { to: string; from: string }[] = [];
  const bad: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9-]{0,61}[a-z0-9])=([a-z0-9][a-z0-9-]{0,61}[a-z0-9])$/.exec(part);
    if (match) pairs.push({ to: match[1] as string, from: match[2] as string });
    else bad.push(part);
  }
  return { pairs, bad };
}
