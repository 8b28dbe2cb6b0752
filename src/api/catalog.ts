import type { ResourceDefinition, ValidatedProject } from '../compiler/model.js';
import { DEFAULT_CLASS } from '../compiler/identity.js';
import { appliesIn, type ResolvedEnvironment } from '../resolvers/environments.js';
import { outputContract } from '../resolvers/outputs.js';
import { verdictOf } from '../resolvers/policies.js';
import { compareStrings } from '../util/compare.js';

/**
 * The platform as a portal shows it (`paws catalog`): resource types with their params and outputs,
 * definitions, and per environment what a developer may ask for (defaults, limits, security profiles,
 * workload patches, shared resources, policies) and which definition serves each class, with the
 * gaps and the classes a policy refuses.
 */
export type CatalogReport = ReturnType<typeof catalogReport>;

export interface ServedBy {
  environment: string;
  type: string;
  class: string;
  /** Definitions that apply to the whole environment, most specific first. */
  definitions: string[];
  /** Definitions that apply only to some workloads or resource ids there. */
  narrower: string[];
  usedByWorkloads: boolean;
  gap: boolean;
  /** Resource rules of the environment that refuse this class whatever its params (`policy/rule`). */
  deniedBy: string[];
}

/** Each param a type accepts: its JSON type, pattern, default and description, for people choosing values. */
function paramsOf(schema: unknown): Record<string, Record<string, unknown>> {
  const properties =
    ((schema ?? {}) as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(properties).sort(compareStrings)) {
    const p = properties[name] ?? {};
    out[name] = Object.fromEntries(
      ['type', 'enum', 'pattern', 'minimum', 'maximum', 'default', 'description']
        .filter((key) => p[key] !== undefined)
        .map((key) => [key, p[key]]),
    );
  }
  return out;
}

type Platform = ValidatedProject['platform'];

/** The type|class pairs the project's workloads ask for. */
function usedClasses(project: ValidatedProject): Set<string> {
  const used = new Set<string>();
  for (const w of project.workloads)
    for (const r of Object.values(w.spec.resources ?? {}))
      if (r) used.add(`${r.type}|${r.class ?? DEFAULT_CLASS}`);
  return used;
}

/** Every class of a type: default, those definitions serve, and those workloads ask for. */
function classesOf(platform: Platform, used: ReadonlySet<string>, type: string): string[] {
  const classes = new Set<string>([DEFAULT_CLASS]);
  for (const d of platform.definitions)
    if (d.spec.type === type) for (const c of d.spec.classes ?? [DEFAULT_CLASS]) classes.add(c);
  for (const key of used) if (key.startsWith(`${type}|`)) classes.add(key.slice(type.length + 1));
  return [...classes].sort(compareStrings);
}

const appliesTo = (d: ResourceDefinition, env: ResolvedEnvironment) =>
  (d.spec.match?.environmentTypes ?? [env.type]).includes(env.type) &&
  (d.spec.match?.environments ?? [env.name]).includes(env.name);
const narrow = (d: ResourceDefinition) =>
  d.spec.match?.workloads !== undefined || d.spec.match?.resourceIds !== undefined;

/** Who serves one class of a type in one environment, whether a workload needs it, and what refuses it. */
function servedBy(
  platform: Platform,
  used: ReadonlySet<string>,
  env: ResolvedEnvironment,
  type: string,
  cls: string,
): ServedBy {
  const candidates = platform.definitions
    .filter(
      (d) => d.spec.type === type && (d.spec.classes ?? [DEFAULT_CLASS]).includes(cls) && appliesTo(d, env),
    )
    .sort(
      (a, b) =>
        Number(!!b.spec.match?.environments) - Number(!!a.spec.match?.environments) ||
        compareStrings(a.name, b.name),
    );
  const definitions = candidates.filter((d) => !narrow(d)).map((d) => d.name);
  const usedByWorkloads = used.has(`${type}|${cls}`);
  return {
    environment: env.name,
    type,
    class: cls,
    definitions,
    narrower: candidates.filter(narrow).map((d) => d.name),
    usedByWorkloads,
    gap: usedByWorkloads && definitions.length === 0,
    deniedBy: classDeniedBy(platform, env, type, cls, candidates[0]),
  };
}

/** Types, classes, definitions, and which definition serves each type in each environment, with the gaps. */
export function catalogReport(project: ValidatedProject, environments: readonly ResolvedEnvironment[]) {
  const { platform } = project;
  const used = usedClasses(project);
  const types = [...platform.resourceTypes.values()].sort((a, b) => compareStrings(a.name, b.name));
  const served = environments.flatMap((env) =>
    types.flatMap((type) =>
      classesOf(platform, used, type.name).map((cls) => servedBy(platform, used, env, type.name, cls)),
    ),
  );
  return {
    types: types.map((t) => {
      const contract = outputContract(t);
      return {
        name: t.name,
        builtin: t.builtin,
        description: t.spec.description ?? '',
        outputs: Object.keys(contract.properties).sort(compareStrings),
        secretOutputs: [...contract.secret].sort(compareStrings),
        openOutputs: contract.open,
        classes: classesOf(platform, used, t.name),
        params: paramsOf(t.spec.params),
      };
    }),
    definitions: [...platform.definitions]
      .sort((a, b) => compareStrings(a.name, b.name))
      .map(definitionEntry),
    environments: environments.map((e) => ({
      name: e.name,
      type: e.type,
      // What a developer may ask for here, besides the policies: how many pods, which security
      // profiles, what their own patches may change, who may share which resource.
      defaults: e.defaults,
      limits: e.limits,
      securityProfiles: e.kubernetes.securityProfiles,
      workloadPatches: e.workloadPatches,
      sharedResources: e.sharedResources,
      policies: policiesIn(platform, e),
    })),
    served,
  };
}

function definitionEntry(d: ResourceDefinition) {
  return {
    name: d.name,
    type: d.spec.type,
    classes: d.spec.classes ?? [DEFAULT_CLASS],
    match: d.spec.match ?? {},
    driver: d.spec.driver.kind,
    /** Defaults the definition puts under a workload's params. */
    params: (d.spec.params ?? {}) as Record<string, unknown>,
    ...(d.spec.sharedBy ? { sharedBy: [...d.spec.sharedBy] } : {}),
    file: d.document.source.displayPath,
    builtin: d.builtin,
  };
}

/**
 * The resource rules that refuse a class in an environment whatever a workload gives: each is checked
 * on the class alone (no params, not shared, used by no workload). A rule that needs more to decide
 * (it fails to evaluate) is not counted: it depends on what the workload asks for.
 */
function classDeniedBy(
  platform: ValidatedProject['platform'],
  env: ResolvedEnvironment,
  type: string,
  cls: string,
  definition: ResourceDefinition | undefined,
): string[] {
  const resource = {
    uid: `${type}.${cls}#sample`,
    type,
    class: cls,
    id: 'sample',
    shared: false,
    workloads: [],
    params: {},
    definition: {
      name: definition?.name ?? '',
      driver: definition?.spec.driver.kind ?? '',
      builtin: definition?.builtin ?? false,
    },
  };
  return platform.policies
    .filter((p) => appliesIn(p.spec, env))
    .flatMap((p) =>
      p.spec.rules
        .filter((r) => r.for === 'resource' && (!r.resourceTypes || r.resourceTypes.includes(type)))
        .filter((r) => {
          const verdict = verdictOf(r, { environment: { name: env.name, type: env.type }, resource });
          return verdict.applies && verdict.failed && verdict.evaluated;
        })
        .map((r) => `${p.name}/${r.name}`),
    )
    .sort(compareStrings);
}

/** The policies that apply in an environment: what a developer may ask for is what the guardrails let through. */
function policiesIn(platform: ValidatedProject['platform'], env: ResolvedEnvironment) {
  return platform.policies
    .filter((p) => appliesIn(p.spec, env))
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((p) => ({
      name: p.name,
      file: p.document.source.displayPath,
      ...(p.spec.description ? { description: p.spec.description } : {}),
      rules: p.spec.rules.map((r) => ({
        name: r.name,
        for: r.for,
        ...(r.resourceTypes ? { resourceTypes: r.resourceTypes } : {}),
        ...(r.condition ? { condition: r.condition } : {}),
        expression: r.expression,
        message: r.message,
        severity: r.severity ?? 'deny',
      })),
    }));
}
