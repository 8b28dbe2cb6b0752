import type { ContainerPlan } from '../compiler/plan/types.js';
import { compareStrings } from '../util/compare.js';
import type { Container } from './objects.js';

/**
 * Score's `before` in Kubernetes terms: a container that must finish first (`ready: complete`) is an
 * init container; one that must only have started (`started`), or be healthy (`healthy`, judged by
 * its readiness probe as a startup probe), is a native sidecar (an init container with
 * `restartPolicy: Always`, Kubernetes >= 1.29). Init containers are ordered so that each comes
 * before the containers it names. Validation has refused unknown names and cycles.
 */
export function splitInitContainers(
  plans: Record<string, ContainerPlan>,
  specs: readonly Container[],
): { initContainers: Container[]; containers: Container[] } {
  const byName = new Map(specs.map((c) => [c.name, c]));
  const init = Object.keys(plans)
    .filter((name) => plans[name]?.before)
    .sort(compareStrings);
  const ordered: string[] = [];
  const placed = new Set<string>();
  // An init container goes after every init container that must come before it.
  const mustPrecede = (name: string) =>
    init.filter((other) => other !== name && Object.hasOwn(plans[other]?.before ?? {}, name));
  const place = (name: string, trail: Set<string>) => {
    if (placed.has(name) || trail.has(name)) return;
    trail.add(name);
    for (const first of mustPrecede(name)) place(first, trail);
    placed.add(name);
    ordered.push(name);
  };
  for (const name of init) place(name, new Set());
  const initContainers = ordered.map((name) => {
    const spec = byName.get(name) as Container;
    const readiness = Object.values(plans[name]?.before ?? {}).map((b) => b.ready);
    if (readiness.every((r) => r === 'complete')) {
      // Probes are not allowed on init containers that run to completion.
      const { livenessProbe: _live, readinessProbe: _ready, ...rest } = spec;
      return rest;
    }
    const healthy = readiness.includes('healthy') && spec.readinessProbe;
    return { ...spec, restartPolicy: 'Always', ...(healthy ? { startupProbe: spec.readinessProbe } : {}) };
  });
  return { initContainers, containers: specs.filter((c) => !plans[c.name]?.before) };
}
