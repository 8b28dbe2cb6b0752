import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { ResourceType, WorkloadSpec } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';

/**
 * A route of the built-in `route` type sends traffic to a port of its workload's Service: that port
 * must exist, or the HTTPRoute would point nowhere. A platform's own `route` type means its own rules.
 */
export function checkRoutePorts(
  doc: LoadedDocument,
  spec: WorkloadSpec,
  resourceTypes: ReadonlyMap<string, ResourceType>,
): Diagnostic[] {
  if (!resourceTypes.get('route')?.builtin) return [];
  const ports = Object.entries(spec.service?.ports ?? {}).flatMap(([name, p]) =>
    p ? [{ name, port: p.port }] : [],
  );
  const described = ports.map((p) => `${p.name} (${p.port})`).join(', ');
  const diagnostics: Diagnostic[] = [];
  for (const [name, resource] of Object.entries(spec.resources ?? {})) {
    if (resource?.type !== 'route') continue;
    const port = (resource.params as { port?: unknown } | undefined)?.port;
    if (ports.length === 0) {
      diagnostics.push({
        code: 'PAWS2510',
        severity: 'error',
        message: `route "${name}" sends traffic to workload "${spec.metadata.name}", which has no service ports`,
        ...locate(doc, toPointer(['resources', name, 'type'])),
        hint: 'declare the port under service.ports, e.g. service: { ports: { web: { port: 80, targetPort: 8080 } } }',
      });
      continue;
    }
    if (port === undefined || (typeof port === 'string' && port.includes('${'))) continue;
    const found = ports.some((p) => p.name === port || p.port === port || String(p.port) === port);
    if (found) continue;
    const suggestion =
      typeof port === 'string'
        ? didYouMean(
            port,
            ports.map((p) => p.name),
          )
        : undefined;
    diagnostics.push({
      code: 'PAWS2510',
      severity: 'error',
      message: `route "${name}" names port ${JSON.stringify(port)}, which the service of workload "${spec.metadata.name}" does not have${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...locate(doc, toPointer(['resources', name, 'params', 'port'])),
      hint: `service ports: ${described}; give a port's name or number`,
    });
  }
  return diagnostics;
}
