import type { Diagnostic, Location } from '../compiler/diagnostics.js';
import { locate, spanOf } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { Policy, ValidatedProject, Workload } from '../compiler/model.js';
import type {
  BoundJson,
  EnvironmentPlan,
  GuardPlan,
  GuardRule,
  PolicyRuleRef,
  ResourceInstance,
  WorkloadPlan,
} from '../compiler/plan/types.js';
import type { RuleSubject } from '../validate/policies.js';
import { environmentValues } from '../compiler/workload-settings.js';
import { SHARED_NAMESPACE_WORKLOAD } from '../compiler/identity.js';
import { compileCel } from '../util/cel.js';
import { compareStrings } from '../util/compare.js';
import { appliesIn, namespaceFor } from './environments.js';
import { containerView, cronView } from './policy-views.js';
import { containerSecurity, podSecurity } from '../compiler/security-context.js';

type Rule = Policy['spec']['rules'][number];

/** One thing a rule is checked for: its variables, and where a violation is reported. */
interface Subject {
  kind: RuleSubject;
  /** How outcomes name it. */
  id: string;
  /** What the message calls it: `workload "api"`, `container "main" of workload "api"` … */
  label: string;
  type?: string;
  variables: Record<string, unknown>;
  /** Where a violation that reads `<variable>.<field>…` points. */
  locate: (fields: string[]) => Location | Record<string, never>;
}

/** The outcome of one rule in one environment, for diagnostics and `paws explain`. */
export interface PolicyOutcome extends PolicyRuleRef {
  /** How many subjects the rule was checked for (its condition held). */
  checked: number;
  /** The subjects it failed for: resource uids, workload names, `<workload>/<container>`, the environment's name. */
  failed: string[];
}

/**
 * Evaluates every policy that applies in the environment over its plan: each rule for each subject
 * it is for (and whose condition holds). A rule that is false, or that fails to evaluate (as a
 * ValidatingAdmissionPolicy fails closed), is an error (deny) or a warning (warn) at the value the
 * rule reads in the developer's file.
 */
export function evaluatePolicies(
  project: ValidatedProject,
  plan: EnvironmentPlan,
): { diagnostics: Diagnostic[]; outcomes: PolicyOutcome[] } {
  const env = plan.environment;
  const policies = project.platform.policies
    .filter((policy) => appliesIn(policy.spec, env))
    .sort((a, b) => compareStrings(a.name, b.name));
  // Object rules read what emission makes: they are checked there, on every object after patches.
  const checks = policies.flatMap((policy) =>
    policy.spec.rules.flatMap((rule, index) => (rule.for === 'object' ? [] : [prepare(policy, rule, index)])),
  );
  const guards = guardsOf(project, plan, policies);
  if (guards) plan.guards = guards;
  const diagnostics: Diagnostic[] = [];
  if (checks.length === 0) return { diagnostics, outcomes: [] };
  // One subject at a time, every rule for it: nothing is built that no rule reads, or kept after.
  const wanted = new Set(checks.map((c) => c.rule.for));
  for (const subject of subjectsOf(project, plan, wanted))
    for (const check of checks)
      if (check.rule.for === subject.kind) evaluate(check, subject, env.name, diagnostics);
  return { diagnostics, outcomes: checks.map((c) => c.outcome) };
}

interface Check {
  policy: Policy;
  rule: Rule;
  index: number;
  /** The first field the expression reads on its subject: where a violation points. */
  reads: string[];
  outcome: PolicyOutcome;
}

function prepare(policy: Policy, rule: Rule, index: number): Check {
  return {
    policy,
    rule,
    index,
    reads: firstField(rule.expression, rule.for),
    outcome: {
      policy: policy.name,
      rule: rule.name,
      for: rule.for,
      file: policy.document.source.displayPath,
      severity: rule.severity ?? 'deny',
      checked: 0,
      failed: [],
    },
  };
}

/** A rule's verdict on one subject: not applicable (its condition is false), passed, or failed and why. */
export type Verdict =
  | { applies: false }
  | { applies: true; failed: false }
  | { applies: true; failed: true; message: string; evaluated: boolean };

/**
 * Checks one rule on one subject's variables. A rule that is false, or that fails to evaluate (as a
 * ValidatingAdmissionPolicy fails closed), fails; its message is its messageExpression where that
 * gives a string, else its message, with why it failed when it did not give false.
 */
export function verdictOf(
  rule: { expression: string; condition?: string; message: string; messageExpression?: string },
  variables: Record<string, unknown>,
): Verdict {
  const expression = compileCel(rule.expression);
  const condition = rule.condition === undefined ? undefined : compileCel(rule.condition);
  // Both compiled when the platform was validated: an error there stopped the compile.
  if (!expression.ok || (condition && !condition.ok)) return { applies: false };
  if (condition?.ok) {
    const applies = condition.evaluate(variables);
    if (applies.ok && applies.value !== true) return { applies: false };
  }
  const result = expression.evaluate(variables);
  if (result.ok && result.value === true) return { applies: true, failed: false };
  const why = !result.ok
    ? ` (the expression failed: ${result.message})`
    : typeof result.value === 'boolean'
      ? ''
      : ' (the expression does not give a boolean)';
  return {
    applies: true,
    failed: true,
    message: `${messageOf(rule, variables)}${why}`,
    evaluated: result.ok,
  };
}

function evaluate(check: Check, subject: Subject, env: string, diagnostics: Diagnostic[]): void {
  const { policy, rule, outcome } = check;
  if (rule.resourceTypes && !rule.resourceTypes.includes(subject.type ?? '')) return;
  const verdict = verdictOf(rule, subject.variables);
  if (!verdict.applies) return;
  outcome.checked++;
  if (!verdict.failed) return;
  outcome.failed.push(subject.id);
  diagnostics.push({
    code: outcome.severity === 'deny' ? 'PAWS3601' : 'PAWS3602',
    severity: outcome.severity === 'deny' ? 'error' : 'warning',
    message: `policy "${policy.name}" (${outcome.file}), rule "${rule.name}": ${subject.label} in environment "${env}": ${verdict.message}`,
    ...subject.locate(check.reads),
    related: [{ message: 'the rule', ...locate(policy.document, `/spec/rules/${check.index}/expression`) }],
    hint: `the rule is ${rule.expression}${verdict.evaluated ? '' : '; guard optional fields with has(…)'}`,
  });
}

/** The rule's messageExpression where it gives a string, else its message. */
function messageOf(
  rule: { message: string; messageExpression?: string },
  variables: Record<string, unknown>,
): string {
  const text = rule.messageExpression;
  if (text === undefined) return rule.message;
  const compiled = compileCel(text);
  const result = compiled.ok ? compiled.evaluate(variables) : undefined;
  return result?.ok && typeof result.value === 'string' ? result.value : rule.message;
}

/** The first field the expression reads on its subject's variable: where a violation points. */
function firstField(text: string, subject: RuleSubject): string[] {
  const pattern = /\b(workload|container|resource|environment)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
  for (const match of text.matchAll(pattern))
    if (match[1] === subject) return (match[2] ?? '').slice(1).split('.');
  return [];
}

function* subjectsOf(
  project: ValidatedProject,
  plan: EnvironmentPlan,
  wanted: ReadonlySet<RuleSubject>,
): Generator<Subject> {
  const env = plan.environment;
  const environment = { name: env.name, type: env.type };
  if (wanted.has('environment')) {
    const envDoc = project.platform.environments.find((e) => env.lineage.includes(e.name));
    yield {
      kind: 'environment',
      id: env.name,
      label: `environment "${env.name}"`,
      variables: { environment },
      locate: () => (envDoc ? locate(envDoc.document, '/metadata/name') : {}),
    };
  }
  const specs = new Map(project.workloads.map((w) => [w.name, w]));
  if (wanted.has('workload') || wanted.has('container'))
    for (const workload of plan.workloads) {
      const source = specs.get(workload.name);
      if (source) yield* workloadSubjects(workload, source, environment, env.lineage, wanted);
    }
  if (wanted.has('resource'))
    for (const resource of plan.resources) yield resourceSubject(resource, plan, specs, environment);
}

function* workloadSubjects(
  workload: WorkloadPlan,
  source: Workload,
  environment: { name: string; type: string },
  lineage: readonly string[],
  wanted: ReadonlySet<RuleSubject>,
): Generator<Subject> {
  const variables = { environment, workload: workloadVariable(workload, source) };
  if (wanted.has('workload'))
    yield {
      kind: 'workload',
      id: workload.name,
      label: `workload "${workload.name}"`,
      variables,
      locate: (fields) => {
        const pointer = workloadPointer(source, lineage, fields);
        // A field the file leaves to its default: the workload's name says which one it is.
        return locate(source.document, spanOf(source.document, pointer) ? pointer : '/metadata/name');
      },
    };
  if (!wanted.has('container')) return;
  const pod = podSecurity(workload.securityProfile).securityContext as Record<string, unknown> | undefined;
  for (const [name, container] of Object.entries(workload.containers))
    yield {
      kind: 'container',
      id: `${workload.name}/${name}`,
      label: `container "${name}" of workload "${workload.name}"`,
      variables: {
        ...variables,
        container: containerView({ ...container, name, ...containerSecurity(workload.securityProfile) }, pod),
      },
      locate: (fields) => locate(source.document, containerPointer(source, name, fields[0])),
    };
}

/** Where a container field is written: the image for its parts, resources or a probe where the file has them. */
function containerPointer(source: Workload, name: string, field: string | undefined): string {
  const base = ['containers', name];
  if (field === 'resources' || field === 'livenessProbe' || field === 'readinessProbe') {
    const pointer = toPointer([...base, field]);
    return spanOf(source.document, pointer) ? pointer : toPointer(base);
  }
  // The security context follows from the profile the workload asks for, where it asks.
  if (field === 'securityContext' && spanOf(source.document, '/securityProfile')) return '/securityProfile';
  if (field === 'name' || field === 'securityContext' || field === 'startupProbe') return toPointer(base);
  return toPointer([...base, 'image']);
}

function workloadVariable(workload: WorkloadPlan, source: Workload): Record<string, unknown> {
  return {
    name: workload.name,
    kind: workload.kind,
    replicas: workload.replicas ?? null,
    autoscaling: workload.autoscaling ? { cpu: null, memory: null, ...workload.autoscaling } : null,
    securityProfile: workload.securityProfile,
    annotations: { ...(source.spec.metadata.annotations ?? {}) },
    ports: Object.values(workload.service?.ports ?? {}).map((p) => p.port),
    containers: Object.entries(workload.containers).map(([name, c]) => ({ name, image: c.image })),
    resources: Object.fromEntries(Object.entries(source.spec.resources ?? {}).map(([n, r]) => [n, r?.type])),
    cronJob: cronView(workload),
  };
}

/** A workload field in the file: the per-environment entry when it sets it, else the field itself. */
function workloadPointer(source: Workload, lineage: readonly string[], fields: string[]): string {
  const [field] = fields;
  const entry = environmentValues(source.spec, lineage);
  if ((field === 'replicas' || field === 'autoscaling') && entry && Object.hasOwn(entry.values, field))
    return toPointer(['environments', entry.name, ...fields]);
  if (field === 'replicas' || field === 'autoscaling' || field === 'securityProfile')
    return toPointer(fields);
  if (field === 'annotations') return toPointer(['metadata', 'annotations', ...fields.slice(1)]);
  if (field === 'ports') return '/service/ports';
  if (field === 'cronJob')
    return toPointer(['cronJob', ...(fields[1] === 'minutesBetweenRuns' ? ['schedule'] : fields.slice(1))]);
  if (field === 'containers' || field === 'resources') return toPointer([field]);
  return '/metadata/name';
}

function resourceSubject(
  resource: ResourceInstance,
  plan: EnvironmentPlan,
  specs: ReadonlyMap<string, Workload>,
  environment: { name: string; type: string },
): Subject {
  // A workload's resource is reported where the workload declares it; one a definition requires, nowhere closer.
  const declared = resource.requestedBy
    .map((by) => /^([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(by))
    .find((m) => m && specs.has(m[1] as string));
  const workload = declared ? specs.get(declared[1] as string) : undefined;
  const name = declared?.[2];
  return {
    kind: 'resource',
    id: resource.uid,
    type: resource.type,
    label: `resource ${resource.uid}`,
    variables: {
      environment,
      resource: {
        uid: resource.uid,
        type: resource.type,
        class: resource.class,
        id: resource.id,
        shared: resource.namespace === namespaceFor(plan.environment, SHARED_NAMESPACE_WORKLOAD),
        workloads: resource.workloads,
        params: plainParams(resource.params),
        definition: { ...resource.definition },
      },
    },
    locate: (fields) =>
      workload && name
        ? locate(workload.document, toPointer(['resources', name, ...(fields.length ? fields : [])]))
        : {},
  };
}

/** Params as policies see them: a placeholder bound to a value known now is that value, any other is null. */
function plainParams(value: BoundJson): unknown {
  if (Array.isArray(value)) return value.map(plainParams);
  if (value && typeof value === 'object') {
    if ('$value' in value && Object.keys(value).length === 1) {
      const bound = value.$value as { kind: string; value?: unknown };
      return bound.kind === 'literal' ? bound.value : null;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainParams(v as BoundJson)]));
  }
  return value;
}

/**
 * What emission checks: object rules on every object, and container rules again on the containers
 * a patch changes (a patch could otherwise take a container past them). Only the rules and the
 * workloads' variables: plain data in the plan, compiled again (from the cache) where they run.
 */
function guardsOf(
  project: ValidatedProject,
  plan: EnvironmentPlan,
  policies: readonly Policy[],
): GuardPlan | undefined {
  const wanted = (rule: Rule) =>
    rule.for === 'object' || (rule.for === 'container' && plan.patches.length > 0);
  const rules = policies.flatMap((policy) =>
    policy.spec.rules.flatMap((rule, index): GuardRule[] => {
      if (!wanted(rule)) return [];
      const { checked: _checked, failed: _failed, ...ref } = prepare(policy, rule, index).outcome;
      return [
        {
          ...ref,
          expression: rule.expression,
          ...(rule.condition !== undefined ? { condition: rule.condition } : {}),
          message: rule.message,
          ...(rule.messageExpression !== undefined ? { messageExpression: rule.messageExpression } : {}),
          ...(rule.kinds ? { kinds: [...rule.kinds] } : {}),
          at: locate(policy.document, `/spec/rules/${index}/expression`),
        },
      ];
    }),
  );
  if (rules.length === 0) return undefined;
  const specs = new Map(project.workloads.map((w) => [w.name, w]));
  const workloads: GuardPlan['workloads'] = {};
  for (const workload of plan.workloads) {
    const source = specs.get(workload.name);
    if (source)
      workloads[workload.name] = {
        variable: workloadVariable(workload, source),
        at: locate(source.document, '/metadata/name'),
      };
  }
  const env = plan.environment;
  return { rules, environment: { name: env.name, type: env.type }, workloads };
}
