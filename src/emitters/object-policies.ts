import type { Diagnostic, Location } from '../compiler/diagnostics.js';
import type { EnvironmentPlan, GuardPlan, GuardRule, PatchPlan } from '../compiler/plan/types.js';
import { containerView, type ContainerObject } from '../resolvers/policy-views.js';
import { verdictOf } from '../resolvers/policies.js';
import { podOf } from './pod-security.js';

type Emitted = { apiVersion?: string; kind?: string; metadata?: { name?: string } };

/** One document as emission made it, after each patch that changed it, and as it will be applied. */
export interface PatchedDocument {
  before: unknown;
  /** The object after each patch that selected it, in order. */
  steps: { patch: PatchPlan; object: unknown }[];
  after: unknown;
  workload: string | undefined;
}

const describe = (object: unknown) => {
  const o = object as Emitted;
  return `${o.kind}/${o.metadata?.name}`;
};

/** Where a patch is written: its first operation, else its select. */
const patchAt = (patch: PatchPlan): Location => patch.jsonPatch?.[0]?.at ?? patch.at;

/**
 * Checks the emitted objects as they will be applied: every object rule on every object (of its
 * kinds), and every container rule again on a container a patch changed. A violation that the
 * object did not have before a patch is the patch's: it is reported at the first patch after which
 * the rule fails. Any other is reported at the workload (or, for an object of no workload, at the rule).
 */
export function objectGuard(
  plan: EnvironmentPlan,
  diagnostics: Diagnostic[],
): (document: PatchedDocument) => void {
  const guards = plan.guards as GuardPlan;
  const objectRules = guards.rules.filter((rule) => rule.for === 'object');
  const containerRules = guards.rules.filter((rule) => rule.for === 'container');
  return (document) => {
    const workload = document.workload === undefined ? undefined : guards.workloads[document.workload];
    const base = { environment: guards.environment, workload: workload?.variable ?? null };
    for (const rule of objectRules) {
      const kind = (document.after as Emitted).kind ?? '';
      if (rule.kinds && !rule.kinds.includes(kind)) continue;
      const variables = (object: unknown) => ({ ...base, object });
      const verdict = verdictOf(rule, variables(document.after));
      if (!verdict.applies || !verdict.failed) continue;
      const blame = blameOf(document, (object) => failsOn(rule, variables(object)));
      diagnostics.push(
        violation(rule, guards, `${describe(document.after)}`, verdict.message, blame, workload?.at),
      );
    }
    if (containerRules.length === 0 || document.steps.length === 0) return;
    for (const [name, views] of changedContainers(document)) {
      for (const rule of containerRules) {
        const variables = (view: unknown) => ({ ...base, container: view });
        const verdict = verdictOf(rule, variables(views.after));
        if (!verdict.applies || !verdict.failed || (views.before && failsOn(rule, variables(views.before))))
          continue;
        const blame = blameOf(document, (object) => {
          const view = viewsOf(object).get(name);
          return view !== undefined && failsOn(rule, variables(view));
        });
        const what = `container "${name}" of ${describe(document.after)}`;
        diagnostics.push(violation(rule, guards, what, verdict.message, blame, workload?.at));
      }
    }
  };
}

const failsOn = (rule: GuardRule, variables: Record<string, unknown>) => {
  const verdict = verdictOf(rule, variables);
  return verdict.applies && verdict.failed;
};

/** The first patch after which a check fails, when the object as emitted passed it. */
function blameOf(document: PatchedDocument, fails: (object: unknown) => boolean): PatchPlan | undefined {
  if (document.steps.length === 0 || fails(document.before)) return undefined;
  return document.steps.find((step) => fails(step.object))?.patch;
}

function violation(
  rule: GuardRule,
  guards: GuardPlan,
  what: string,
  message: string,
  blame: PatchPlan | undefined,
  workloadAt: Location | undefined,
): Diagnostic {
  const deny = rule.severity === 'deny';
  return {
    code: deny ? 'PAWS3601' : 'PAWS3602',
    severity: deny ? 'error' : 'warning',
    message: `policy "${rule.policy}" (${rule.file}), rule "${rule.rule}": ${what} in environment "${guards.environment.name}"${blame ? ` after patch "${blame.name}"` : ''}: ${message}`,
    ...(blame ? patchAt(blame) : (workloadAt ?? rule.at)),
    related: [{ message: 'the rule', ...rule.at }],
    hint: blame
      ? `the rule is ${rule.expression}; change the patch, or ask the platform team`
      : `the rule is ${rule.expression}`,
  };
}

/** The views of each container of an object's pod, by name. */
function viewsOf(object: unknown): Map<string, Record<string, unknown>> {
  const pod = podOf(object);
  const views = new Map<string, Record<string, unknown>>();
  if (!pod) return views;
  const context = pod.securityContext as Record<string, unknown> | undefined;
  for (const container of [
    ...((pod.initContainers as ContainerObject[] | undefined) ?? []),
    ...((pod.containers as ContainerObject[] | undefined) ?? []),
  ])
    views.set(String(container?.name), containerView(container ?? {}, context));
  return views;
}

/** The containers whose view a patch changed (or added), with their views before and after. */
function changedContainers(
  document: PatchedDocument,
): Map<string, { before?: Record<string, unknown>; after: Record<string, unknown> }> {
  const before = viewsOf(document.before);
  const changed = new Map<string, { before?: Record<string, unknown>; after: Record<string, unknown> }>();
  for (const [name, after] of viewsOf(document.after)) {
    const was = before.get(name);
    if (was === undefined || JSON.stringify(was) !== JSON.stringify(after))
      changed.set(name, { ...(was ? { before: was } : {}), after });
  }
  return changed;
}
