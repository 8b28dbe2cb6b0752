import { celReferences, compileCel } from '../util/cel.js';
import type { Diagnostic, Location } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate, spanOf } from '../compiler/load/index.js';
import { locationAt } from '../compiler/load/source.js';
import type { Policy } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';

/** A field whose value is a scalar or a list (true), a map of known fields, or a map of any keys ('*'). */
type Shape = true | '*' | { [field: string]: Shape };

/** What rules see: the plan's environment, workloads, containers and resources (see README "Policies"). */
export const POLICY_VARIABLES: Record<string, Shape> = {
  environment: { name: true, type: true },
  workload: {
    name: true,
    kind: true,
    replicas: true,
    autoscaling: { min: true, max: true, cpu: true, memory: true },
    securityProfile: true,
    annotations: '*',
    ports: true,
    containers: true,
    resources: '*',
    cronJob: { schedule: true, timeZone: true, minutesBetweenRuns: true },
  },
  container: {
    name: true,
    image: true,
    registry: true,
    repository: true,
    tag: true,
    digest: true,
    latest: true,
    resources: { requests: { cpu: true, memory: true }, limits: { cpu: true, memory: true } },
    livenessProbe: true,
    readinessProbe: true,
    startupProbe: true,
    securityContext: {
      privileged: true,
      allowPrivilegeEscalation: true,
      runAsNonRoot: true,
      runAsUser: true,
      readOnlyRootFilesystem: true,
      capabilities: { add: true, drop: true },
    },
  },
  resource: {
    uid: true,
    type: true,
    class: true,
    id: true,
    shared: true,
    workloads: true,
    params: '*',
    definition: { name: true, driver: true, builtin: true },
  },
  // Any Kubernetes object: its fields are the object's own (apiVersion, kind, metadata, spec …).
  object: '*',
};

/** The elements of the lists rules see, for a comprehension over them (`workload.containers.all(c, …)`). */
const ELEMENTS: Record<string, Shape> = {
  'workload.containers': { name: true, image: true },
  'workload.ports': true,
  'resource.workloads': true,
};

/**
 * The functions a rule may call: CEL's standard ones, the strings extension and Kubernetes' libraries. A name
 * outside them (`startWith`) would fail on every subject at run time; it fails when the platform is read.
 */
const FUNCTIONS = [
  'size',
  'has',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'int',
  'uint',
  'double',
  'string',
  'bytes',
  'bool',
  'type',
  'dyn',
  'duration',
  'timestamp',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDayOfMonth',
  'getDayOfWeek',
  'getDayOfYear',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  'charAt',
  'indexOf',
  'lastIndexOf',
  'lowerAscii',
  'upperAscii',
  'replace',
  'split',
  'substring',
  'trim',
  'join',
  'quote',
  'reverse',
  'format',
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  // Kubernetes' CEL libraries (src/util/cel-kubernetes.ts).
  'isSorted',
  'sum',
  'min',
  'max',
  'find',
  'findAll',
  'sets.contains',
  'sets.equivalent',
  'sets.intersects',
  'quantity',
  'isQuantity',
  'compareTo',
  'isGreaterThan',
  'isLessThan',
  'add',
  'sub',
  'isInteger',
  'asInteger',
  'asApproximateFloat',
  'sign',
  'url',
  'isURL',
  'getScheme',
  'getHost',
  'getHostname',
  'getPort',
  'getEscapedPath',
  'getQuery',
];

/** CEL's type names, which an expression may name (`type(x) == int`). */
const CEL_TYPES = ['int', 'uint', 'double', 'string', 'bool', 'bytes', 'list', 'map', 'null_type', 'type'];

export type RuleSubject = 'environment' | 'workload' | 'container' | 'resource' | 'object';

/** The variables a rule for each subject sees. */
export const VISIBLE: Record<RuleSubject, string[]> = {
  environment: ['environment'],
  workload: ['environment', 'workload'],
  container: ['environment', 'workload', 'container'],
  resource: ['environment', 'resource'],
  object: ['environment', 'workload', 'object'],
};

/** Where a position inside an expression is in its file: offsets counted from the scalar's first character. */
function inExpression(doc: LoadedDocument, pointer: string, line: number, column: number): Location {
  const base = locate(doc, pointer);
  const span = spanOf(doc, pointer);
  if (!span || line !== 1) return { ...base, line: base.line + line - 1 };
  const quoted = doc.source.text[span.value] === '"' || doc.source.text[span.value] === "'";
  return locationAt(doc.source, span.value + (quoted ? 1 : 0) + column - 1);
}

/** The expression parses, and every name it reads exists for its rule's subject. */
function checkExpression(
  policy: Policy,
  pointer: string,
  text: string,
  subject: RuleSubject,
  params?: readonly string[],
): Diagnostic[] {
  const doc = policy.document;
  const compiled = compileCel(text);
  if (!compiled.ok)
    return [
      {
        code: 'PAWS2601',
        severity: 'error',
        message: `policy "${policy.name}": the expression does not parse: ${compiled.message}`,
        ...inExpression(doc, pointer, compiled.line, compiled.column),
        hint: 'CEL syntax, as in Kubernetes ValidatingAdmissionPolicy: e.g. workload.replicas >= 2 && !container.latest',
      },
    ];
  const { paths, bound, ranges, calls } = celReferences(compiled.root);
  const problems = new Map<string, string[]>();
  for (const path of paths) {
    const problem = pathProblem(path, subject, bound, ranges, params);
    if (problem && !problems.has(problem)) problems.set(problem, path);
  }
  for (const name of [...calls].sort()) {
    if (FUNCTIONS.includes(name)) continue;
    const suggestion = didYouMean(name, FUNCTIONS);
    problems.set(`there is no function "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`, [
      name,
    ]);
  }
  return [...problems].map(([problem, path]) => ({
    code: 'PAWS2602',
    severity: 'error',
    message: `policy "${policy.name}": ${problem}`,
    ...positionOf(doc, pointer, text, path.join('.')),
    hint: `a rule for ${subject} sees ${VISIBLE[subject].join(', ')}; the fields are listed in the README ("Policies")`,
  }));
}

/** Where a name is written in the expression (its first occurrence), else the expression itself. */
function positionOf(doc: LoadedDocument, pointer: string, text: string, name: string): Location {
  const at = text.indexOf(name);
  if (at < 0) return locate(doc, pointer);
  const before = text.slice(0, at).split('\n');
  return inExpression(doc, pointer, before.length, (before[before.length - 1]?.length ?? 0) + 1);
}

function pathProblem(
  path: string[],
  subject: RuleSubject,
  bound: ReadonlySet<string>,
  ranges: ReadonlyMap<string, string[]>,
  params?: readonly string[],
): string | undefined {
  const [root = '', ...fields] = path;
  if (bound.has(root)) {
    // A comprehension variable over a list rules see: its elements' fields are known.
    const range = ranges.get(root)?.join('.');
    const element = range !== undefined ? ELEMENTS[range] : undefined;
    return element === undefined ? undefined : fieldsProblem(element, root, fields);
  }
  const visible = VISIBLE[subject];
  // CEL's type names are identifiers too: type(workload.replicas) == int.
  if (fields.length === 0 && CEL_TYPES.includes(root)) return undefined;
  if (!visible.includes(root)) {
    const suggestion = didYouMean(root, visible);
    return `"${root}" is not a variable of a rule for ${subject}${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
  }
  return fieldsProblem(POLICY_VARIABLES[root] as Shape, root, fields, params);
}

/** `resource.params.<name>` names a param no ResourceType declares (a typo such as instanceClas). */
function paramProblem(
  at: string,
  field: string,
  knownParams: readonly string[] | undefined,
): string | undefined {
  if (at !== 'resource.params' || !knownParams || knownParams.includes(field)) return undefined;
  const suggestion = didYouMean(field, knownParams);
  return `no resource type has a param "${field}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

/** The first field of a chain that a shape does not have. */
function fieldsProblem(
  start: Shape,
  root: string,
  fields: readonly string[],
  params?: readonly string[],
): string | undefined {
  let shape = start;
  let at = root;
  for (const field of fields) {
    if (shape === '*') return paramProblem(at, field, params);
    if (shape === true) return `${at} has no field "${field}"`;
    if (!Object.hasOwn(shape, field)) {
      const suggestion = didYouMean(field, Object.keys(shape));
      return `${at} has no field "${field}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (fields: ${Object.keys(shape).join(', ')})`;
    }
    shape = shape[field] as Shape;
    at = `${at}.${field}`;
  }
  return undefined;
}

/** Every rule's expressions parse and read only what its subject offers; rule names are unique. */
export function checkPolicies(policies: readonly Policy[], params?: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const policy of policies) {
    const seen = new Set<string>();
    policy.spec.rules.forEach((rule, index) => {
      const base = `/spec/rules/${index}`;
      if (seen.has(rule.name))
        diagnostics.push({
          code: 'PAWS2201',
          severity: 'error',
          message: `policy "${policy.name}" has two rules named "${rule.name}"`,
          ...locate(policy.document, `${base}/name`),
          hint: 'rule names are unique within a policy: violations name them',
        });
      seen.add(rule.name);
      diagnostics.push(...checkExpression(policy, `${base}/expression`, rule.expression, rule.for, params));
      if (rule.condition !== undefined)
        diagnostics.push(...checkExpression(policy, `${base}/condition`, rule.condition, rule.for, params));
      if (rule.messageExpression !== undefined)
        diagnostics.push(
          ...checkExpression(policy, `${base}/messageExpression`, rule.messageExpression, rule.for, params),
        );
    });
  }
  return diagnostics;
}
