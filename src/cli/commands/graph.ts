import { moduleGraph, planGraph, toDot, toMermaid } from '../../api/graph.js';
import type { CliIO } from '../io.js';
import { onlyEnvironment, planForCommand, type ProjectFlags } from './shared.js';

export async function runGraph(
  flags: ProjectFlags & { env?: string[]; format: 'dot' | 'mermaid'; modules?: boolean },
  io: CliIO,
): Promise<number> {
  const { result, ok } = await planForCommand(
    [],
    { ...flags, env: flags.env?.slice(0, 1) ?? [], allowMissingImage: true },
    io,
    'text',
    'project',
  );
  const chosen = onlyEnvironment(flags.env, result);
  if ('error' in chosen) {
    if (ok) io.stderr(chosen.error);
    return 1;
  }
  const plan = result.planned?.plans.find((p) => p.environment.name === chosen.name);
  if (!ok || !plan) return 1;
  const graph = flags.modules ? moduleGraph(plan) : planGraph(plan);
  io.stdout(flags.format === 'dot' ? toDot(graph, plan.environment.name) : toMermaid(graph));
  return 0;
}
