import { toJson as canonicalJson } from '../../write/serialize.js';
import { describeValue } from '../../compiler/values.js';
import type { PatchPlan, WorkloadPlan } from '../../compiler/plan/types.js';
import type { CliIO } from '../io.js';
import { oneLine } from '../../util/one-line.js';
import { planForCommand, type ProjectFlags } from './shared.js';

export async function runPlan(
  paths: string[],
  flags: ProjectFlags & { format: 'text' | 'json' },
  io: CliIO,
): Promise<number> {
  const { result, ok, selected } = await planForCommand(paths, flags, io, flags.format);
  // From a subfolder, the workloads there and the resources they use; not those they only reach.
  const plans = (result.planned?.plans ?? []).map((p) =>
    selected
      ? {
          ...p,
          workloads: p.workloads.filter((w) => selected.has(w.name)),
          resources: p.resources.filter((r) => r.workloads.some((w) => selected.has(w))),
        }
      : p,
  );
  if (flags.format === 'json') {
    io.stdout(canonicalJson({ plans, diagnostics: result.diagnostics }));
    return ok ? 0 : 1;
  }
  for (const p of plans) {
    io.stdout(`environment ${p.environment.name} (type ${p.environment.type})\n`);
    io.stdout('  resources:\n');
    for (const r of p.resources) {
      io.stdout(
        `    ${r.uid}  ← ${r.requestedBy.join(', ')}\n      definition ${r.definition.name} (${r.definition.driver}, ${r.definition.file}): ${r.why}\n`,
      );
      for (const [name, value] of Object.entries(r.outputs))
        io.stdout(`      ${name}: ${oneLine(describeValue(value))}\n`);
    }
    io.stdout('  workloads:\n');
    for (const w of p.workloads) {
      io.stdout(`    ${w.name} (${w.file})\n`);
      io.stdout(`      ${describeScale(w)}\n`);
      io.stdout(
        `      security profile ${w.securityProfile}${w.securityProfileWhy ? ` (${oneLine(w.securityProfileWhy)})` : ''}\n`,
      );
      for (const [name, container] of Object.entries(w.containers)) {
        io.stdout(`      container ${name}: ${oneLine(container.image)}\n`);
        for (const [key, variable] of Object.entries(container.env))
          io.stdout(`        ${key} = ${oneLine(describeValue(variable.value))}\n`);
      }
    }
    if (p.patches.length > 0) io.stdout('  patches, in the order they apply:\n');
    for (const patch of p.patches) {
      const change = patch.jsonPatch
        ? patch.jsonPatch.map((o) => `${o.operation.op} ${o.operation.path}`).join(', ')
        : 'merge patch';
      io.stdout(
        `    ${patch.name} (${patch.at.file}:${patch.at.line}): ${describeSelect(patch.select)}: ${change}\n`,
      );
    }
  }
  return ok ? 0 : 1;
}

function describeScale(w: WorkloadPlan): string {
  if (w.kind === 'CronJob') return `CronJob, schedule "${w.cronJob?.schedule}"`;
  if (w.kind === 'Job') return 'Job';
  if (w.autoscaling)
    return `${w.kind}, autoscaled ${w.autoscaling.min}–${w.autoscaling.max}${w.autoscaling.cpu ? `, cpu ${w.autoscaling.cpu}%` : ''}${w.autoscaling.memory ? `, memory ${w.autoscaling.memory}%` : ''}`;
  return `${w.kind}, ${w.replicas ?? 'autoscaled'} replica${w.replicas === 1 ? '' : 's'}`;
}

function describeSelect(select: PatchPlan['select']): string {
  const parts = [
    ...(select.kind ? [`kind ${select.kind}`] : []),
    ...(select.name ? [`name ${select.name}`] : []),
    ...(select.workloads ? [`workloads ${select.workloads.join(', ')}`] : []),
    ...Object.entries(select.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return parts.join(', ');
}
