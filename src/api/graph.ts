import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { SHARED_FOLDER } from '../compiler/identity.js';
import { orderName } from '../compiler/terraform-paths.js';
import { moduleGroups } from '../emitters/terraform.js';
import { plural } from '../util/plural.js';

/**
 * An environment's graphs, as data and as text (`paws graph`): workloads and the resources they use,
 * or the Terraform root modules and which ones each reads (the apply order).
 */
export interface Graph {
  nodes: { id: string; label: string; kind: 'workload' | 'resource' }[];
  edges: { from: string; to: string; label: string }[];
}

/** Workloads point at the resources they declare; resources at the resources they need. */
export function planGraph(plan: EnvironmentPlan): Graph {
  const nodes: Graph['nodes'] = [
    ...plan.workloads.map((w) => ({ id: `workload:${w.name}`, label: w.name, kind: 'workload' as const })),
    ...plan.resources.map((r) => ({
      id: r.uid,
      label: `${r.uid}\n${r.definition.name} (${r.definition.driver})`,
      kind: 'resource' as const,
    })),
  ];
  const edges: Graph['edges'] = [
    ...plan.workloads.flatMap((w) =>
      Object.entries(w.resources).map(([name, uid]) => ({
        from: `workload:${w.name}`,
        to: uid,
        label: name,
      })),
    ),
    ...plan.resources.flatMap((r) =>
      r.dependsOn.map((dep) => ({
        from: r.uid,
        to: dep,
        label: Object.entries(r.requires).find(([, uid]) => uid === dep)?.[0] ?? 'params',
      })),
    ),
  ];
  return { nodes, edges };
}

/**
 * The environment's Terraform root modules, each pointing at the modules it reads (what order.json
 * layers): which states a change touches and what CI applies first.
 */
export function moduleGraph(plan: EnvironmentPlan): Graph {
  const groups = moduleGroups(plan);
  return {
    nodes: groups.map((g) => ({
      id: `module:${orderName(g.path)}`,
      label: `${orderName(g.path)}\n${plural(g.resources.length, 'resource')}`,
      kind: g.path.startsWith(`${SHARED_FOLDER}/`) ? ('resource' as const) : ('workload' as const),
    })),
    edges: groups.flatMap((g) =>
      g.dependsOn.map((dep) => ({
        from: `module:${orderName(g.path)}`,
        to: `module:${dep}`,
        label: 'reads',
      })),
    ),
  };
}

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(graph: Graph, environment: string): string {
  const lines = [
    `digraph ${quote(`paws-${environment}`)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica"];',
  ];
  for (const node of graph.nodes) {
    lines.push(
      `  ${quote(node.id)} [label=${quote(node.label)}, shape=${node.kind === 'workload' ? 'box' : 'ellipse'}];`,
    );
  }
  for (const edge of graph.edges)
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}];`);
  return `${lines.join('\n')}\n}\n`;
}

export function toMermaid(graph: Graph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const text = (s: string) => s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const id = ids.get(node.id);
    lines.push(
      node.kind === 'workload' ? `  ${id}["${text(node.label)}"]` : `  ${id}(["${text(node.label)}"])`,
    );
  }
  for (const edge of graph.edges)
    lines.push(`  ${ids.get(edge.from)} -->|${text(edge.label)}| ${ids.get(edge.to)}`);
  return `${lines.join('\n')}\n`;
}
