import { createNodeHost } from '../../compiler/host.js';
import type { ResourceDefinition, ValidatedProject } from '../../compiler/model.js';
import { toJson as canonicalJson, toYaml } from '../../write/serialize.js';
import { check } from '../../api/validate.js';
import { appliesIn, type ResolvedEnvironment, resolveEnvironments } from '../../resolvers/environments.js';
import { backstageEntities } from '../../emitters/backstage.js';
import { backstageOptions } from '../backstage-source.js';
import { DEFAULT_CLASS } from '../../compiler/identity.js';
import { outputContract } from '../../resolvers/outputs.js';
import { verdictOf } from '../../resolvers/policies.js';
import { compareStrings } from '../../util/compare.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { planForCommand, type ProjectFlags } from './shared.js';

interface ServedBy {
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

export async function runCatalog(
  flags: ProjectFlags & { format: 'text' | 'json' | 'backstage'; env?: string[] },
  io: CliIO,
): Promise<number> {
  if (flags.format === 'backstage') return runBackstage(flags, io);
  const result = check(
    { paths: [], allowMissingImage: true, ...(flags.platform ? { platform: flags.platform } : {}) },
    io.host ?? createNodeHost(),
  );
  if (printDiagnostics(result.diagnostics, result.sources, flags.format, io) || !result.project) {
    if (flags.format === 'json') io.stdout(canonicalJson({ diagnostics: result.diagnostics }));
    return 1;
  }
  const resolved = resolveEnvironments(result.project.platform.environments);
  const wanted = flags.env ?? [];
  const unknown = wanted.filter((name) => !resolved.environments.some((e) => e.name === name));
  if (unknown.length > 0) {
    io.stderr(
      `error: no environment ${unknown.map((u) => `"${u}"`).join(', ')}\n  hint: environments: ${resolved.environments.map((e) => e.name).join(', ')}\n`,
    );
    return 1;
  }
  const selected =
    wanted.length > 0 ? resolved.environments.filter((e) => wanted.includes(e.name)) : resolved.environments;
  const report = catalogReport(result.project, selected);
  if (flags.format === 'json') {
    io.stdout(canonicalJson(report));
    return 0;
  }
  printCatalog(report, io);
  return 0;
}

/** The catalog report as text: types and their params, definitions, and per environment its policies and who serves what. */
function printCatalog(report: ReturnType<typeof catalogReport>, io: CliIO): void {
  io.stdout('resource types (* secret output)\n');
  for (const t of report.types) {
    const outputs = t.outputs.map((o) => (t.secretOutputs.includes(o) ? `${o}*` : o)).join(', ');
    const shown = t.openOutputs ? `${outputs}${outputs ? ', ' : ''}(any other)` : outputs || '(no outputs)';
    io.stdout(`  ${t.name}${t.builtin ? '' : ' (platform)'}: ${shown}; classes: ${t.classes.join(', ')}\n`);
    const params = Object.entries(t.params)
      .map(
        ([name, p]) =>
          `${name}${p.type ? ` (${Array.isArray(p.type) ? p.type.join('|') : String(p.type)})` : ''}`,
      )
      .join(', ');
    if (params) io.stdout(`      params: ${params}\n`);
  }
  io.stdout('\ndefinitions\n');
  for (const d of report.definitions) {
    const match =
      Object.entries(d.match)
        .map(([k, v]) => `${k} [${(v as string[]).join(', ')}]`)
        .join(', ') || 'everywhere';
    io.stdout(
      `  ${d.name}: ${d.type} [${d.classes.join(', ')}] via ${d.driver}, ${match} (${d.builtin ? 'built-in' : d.file})\n`,
    );
  }
  for (const env of report.environments) {
    io.stdout(`\nenvironment ${env.name} (type ${env.type})\n`);
    for (const policy of env.policies)
      for (const rule of policy.rules)
        io.stdout(`  policy ${policy.name}/${rule.name} (${rule.severity}, ${rule.for}): ${rule.message}\n`);
    for (const s of report.served.filter(
      (x) =>
        x.environment === env.name && (x.usedByWorkloads || x.definitions.length + x.narrower.length > 0),
    )) {
      const narrower = s.narrower.length > 0 ? ` (+ ${s.narrower.join(', ')} for some workloads or ids)` : '';
      const label = s.class === DEFAULT_CLASS ? s.type : `${s.type}.${s.class}`;
      io.stdout(
        `  ${s.gap ? '!' : ' '} ${label}: ${s.definitions.join(' > ') || 'no definition'}${narrower}${s.gap ? '  ← used by a workload, nothing serves it' : ''}${s.deniedBy.length > 0 ? `  (denied by ${s.deniedBy.join(', ')})` : ''}\n`,
      );
    }
    const missing = report.served.filter(
      (x) =>
        x.environment === env.name &&
        x.definitions.length + x.narrower.length === 0 &&
        !x.usedByWorkloads &&
        x.class === DEFAULT_CLASS,
    );
    if (missing.length > 0) io.stdout(`    no definition: ${missing.map((m) => m.type).join(', ')}\n`);
  }
  const gaps = report.served.filter((s) => s.gap).length;
  if (gaps > 0)
    io.stdout(
      `\n${gaps} gap${gaps === 1 ? '' : 's'}: a type some workload uses has no definition in an environment\n`,
    );
}

/** `paws catalog --format backstage`: the catalog entities of the planned environments, as YAML. */
async function runBackstage(flags: ProjectFlags & { env?: string[] }, io: CliIO): Promise<number> {
  const { result, ok } = await planForCommand(
    [],
    { ...flags, env: flags.env ?? [], allowMissingImage: true },
    io,
    'text',
    'project',
  );
  if (!ok || !result.planned) return 1;
  io.stdout(
    toYaml(
      backstageEntities(
        result.planned.plans,
        backstageOptions(result.project, io.host ?? createNodeHost(), io),
      ),
    ),
  );
  return 0;
}
