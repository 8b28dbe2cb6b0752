import type { Explanation } from '../../compiler/plan/types.js';
import type { PolicyOutcome } from '../../resolvers/policies.js';
import { toJson as canonicalJson } from '../../write/serialize.js';
import { failedCriterion } from '../../resolvers/match.js';
import type { CliIO } from '../io.js';
import { onlyEnvironment, planForCommand, type ProjectFlags } from './shared.js';

/** Every candidate definition for one resource in one environment, each criterion pass/fail, and the winner. */
export async function runExplain(
  named: string | undefined,
  resource: string,
  flags: ProjectFlags & { env?: string[]; format: 'text' | 'json' },
  io: CliIO,
): Promise<number> {
  const { result, selected } = await planForCommand(
    [],
    { ...flags, env: flags.env?.slice(0, 1) ?? [], allowMissingImage: true },
    io,
    'json',
  );
  const chosen = onlyEnvironment(flags.env, result);
  const environment = 'name' in chosen ? chosen.name : '';
  const resolved = result.planned?.results.get(environment);
  if (!resolved) {
    for (const d of result.diagnostics)
      if (d.severity === 'error') io.stderr(`error ${d.code}: ${d.message}\n`);
    if ('error' in chosen && result.planned) io.stderr(chosen.error);
    return 1;
  }
  // Below a workload's folder the workload may be left out: the one workload there is meant.
  const focused = (result.project?.workloads.map((w) => w.name) ?? []).filter(
    (w) => !selected || selected.has(w),
  );
  const workload = named ?? (focused.length === 1 ? (focused[0] as string) : undefined);
  if (workload === undefined) {
    io.stderr(
      `error: name the workload too: paws explain <workload> ${resource} (workloads here: ${focused.join(', ')})\n`,
    );
    return 1;
  }
  const uid = resolved.workloadResources.get(`${workload}/${resource}`);
  const match = uid ? resolved.matches.get(uid) : undefined;
  if (!uid || !match) {
    const known = [...resolved.workloadResources.keys()].map((k) => k.replace('/', ' '));
    io.stderr(
      `error: workload "${workload}" has no resource "${resource}"\n  hint: known: ${known.join(', ')}\n`,
    );
    return 1;
  }
  const policies = policiesOf(resolved.policies ?? [], uid, workload);
  const explanation: Explanation = {
    environment,
    workload,
    resource,
    uid,
    candidates: match.candidates,
    ...(match.winner ? { winner: match.winner.definition } : {}),
    reason: match.reason,
    ...(policies.length > 0 ? { policies } : {}),
  };
  if (flags.format === 'json') {
    io.stdout(canonicalJson(explanation));
    return match.winner ? 0 : 1;
  }
  printExplanation(io, explanation, result.planned?.environments.find((e) => e.name === environment)?.type);
  return match.winner ? 0 : 1;
}

/** The rules that looked at a resource in its environment: for resources (of its type), or for its workload. */
function policiesOf(
  outcomes: readonly PolicyOutcome[],
  uid: string,
  workload: string,
): NonNullable<Explanation['policies']> {
  return outcomes
    .filter((o) => (o.for === 'resource' ? o.checked > 0 : o.for === 'workload' || o.for === 'container'))
    .map((o) => ({
      policy: o.policy,
      rule: o.rule,
      for: o.for,
      file: o.file,
      severity: o.severity,
      passed: !o.failed.some((id) => id === uid || id === workload || id.startsWith(`${workload}/`)),
    }));
}

/** The explanation as text: each candidate with its criteria, the winner, the policies. */
function printExplanation(io: CliIO, explanation: Explanation, type: string | undefined): void {
  const { environment, workload, resource, uid, candidates, winner, reason, policies } = explanation;
  io.stdout(`${workload}.${resource} in environment ${environment} (type ${type}) is ${uid}\n\n`);
  if (candidates.length === 0) io.stdout(`no definition of type "${uid.split('.')[0]}" exists\n`);
  for (const c of candidates) {
    io.stdout(`${c.matched ? '✓' : '✗'} ${c.definition}  (${c.builtin ? 'built-in' : c.file})\n`);
    io.stdout(`    classes [${c.classes.join(', ')}]: ${c.classPass ? 'pass' : 'fail'}\n`);
    for (const check of c.checks) {
      io.stdout(
        `    ${check.criterion} [${check.allowed.join(', ')}] ∋ ${check.actual.join(', ')}: ${check.pass ? 'pass' : 'fail'}\n`,
      );
    }
    if (c.checks.length === 0) io.stdout('    no match criteria: matches every environment\n');
    const failed = failedCriterion(c, uid.split('.')[1]?.split('#')[0] ?? 'default');
    if (failed) io.stdout(`    not a candidate: ${failed}\n`);
    else if (c.builtin && candidates.some((o) => o.matched && !o.builtin)) {
      io.stdout('    not used: built-in definitions are fallbacks, and a platform definition matches\n');
    }
  }
  io.stdout(`\n${winner ? `winner: ${winner}, ${reason}` : `no winner: ${reason}`}\n`);
  if (policies && policies.length > 0) {
    io.stdout(`\npolicies in ${environment}:\n`);
    for (const p of policies)
      io.stdout(
        `  ${p.passed ? '✓' : p.severity === 'deny' ? '✗' : '!'} ${p.policy}/${p.rule} (${p.for}, ${p.file})${p.passed ? '' : `: ${p.severity === 'deny' ? 'denied' : 'warned'}`}\n`,
      );
  }
}
