import { type Diagnostic, hasErrors } from '../compiler/diagnostics.js';
import type { ValidatedProject } from '../compiler/model.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { didYouMean } from '../compiler/suggest.js';
import { append } from '../util/compare.js';
import { type EphemeralRequest, type ResolvedEnvironment, resolveEnvironments } from './environments.js';
import { type ResolveResult, resolveEnvironment } from './resolve.js';

export interface PlanOptions {
  /** Environments to plan; default: all. */
  environments?: readonly string[];
  /** An environment made for this run from a base that allows it; it is then the one selected. */
  ephemeral?: EphemeralRequest;
  /**
   * Ephemeral clones the output already holds, compiled again with every environment so they
   * follow their base (a compile of every environment passes them).
   */
  clones?: readonly EphemeralRequest[];
  image?: string;
  /** Per workload: wins over `image`. */
  images?: Readonly<Record<string, string>>;
  /** Told as each environment starts resolving (for a progress line on a terminal). */
  onProgress?: (message: string) => void;
  /** Text of a file read during load (templates, mounted files), by absolute path. */
  readFile?: (absolutePath: string) => string | undefined;
  /** Given each environment's plan as soon as it resolved without error (to emit it at once). */
  onPlanned?: (plan: EnvironmentPlan) => void;
  /**
   * false: plans and match stories are given to onPlanned only, not kept in the result (which then
   * holds each environment's diagnostics), so a thousand workloads' plans are not all in memory.
   */
  keepPlans?: boolean;
}

export interface PlanResult {
  environments: ResolvedEnvironment[];
  /** Per environment name, in environment name order. */
  results: Map<string, ResolveResult>;
  plans: EnvironmentPlan[];
  diagnostics: Diagnostic[];
}

/** The environments --env names (all without it); a name no environment has is an error. */
function selectedEnvironments(
  environments: readonly ResolvedEnvironment[],
  names: readonly string[] | undefined,
  diagnostics: Diagnostic[],
): ResolvedEnvironment[] {
  if (!names || names.length === 0) return [...environments];
  const known = environments.map((e) => e.name);
  for (const name of names) {
    if (known.includes(name)) continue;
    const suggestion = didYouMean(name, known);
    diagnostics.push({
      code: 'PAWS3003',
      severity: 'error',
      message: `environment "${name}" is not defined${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      hint: `environments: ${known.join(', ')}`,
    });
  }
  return environments.filter((e) => names.includes(e.name));
}

/** resolve + plan for every selected environment. */
export async function planProject(project: ValidatedProject, options: PlanOptions = {}): Promise<PlanResult> {
  const diagnostics: Diagnostic[] = [];
  if (options.ephemeral && options.environments?.length !== 1) {
    diagnostics.push({
      code: 'PAWS3005',
      severity: 'error',
      message: `--extends ${options.ephemeral.extends} needs exactly one --env: the name of the ephemeral environment`,
      hint: 'e.g. --env pr-123 --extends staging',
    });
    return { environments: [], results: new Map(), plans: [], diagnostics };
  }
  const resolved = resolveEnvironments(
    project.platform.environments,
    options.ephemeral ?? (options.clones && options.clones.length > 0 ? options.clones : undefined),
  );
  append(diagnostics, resolved.diagnostics);
  if (options.ephemeral && resolved.diagnostics.some((d) => d.code === 'PAWS3005'))
    return { environments: resolved.environments, results: new Map(), plans: [], diagnostics };
  const selected = selectedEnvironments(resolved.environments, options.environments, diagnostics);
  const results = new Map<string, ResolveResult>();
  const plans: EnvironmentPlan[] = [];
  for (const [index, environment] of selected.entries()) {
    options.onProgress?.(`resolving ${environment.name} (${index + 1}/${selected.length})`);
    const result = await resolveEnvironment(project, environment, {
      ...(options.image ? { image: options.image } : {}),
      ...(options.images ? { images: options.images } : {}),
      ...(options.readFile ? { readFile: options.readFile } : {}),
    });
    append(
      diagnostics,
      result.diagnostics.map((d) => ({ ...d, environments: [environment.name] })),
    );
    if (result.plan && !hasErrors(result.diagnostics)) options.onPlanned?.(result.plan);
    // A turn of the event loop between environments: Ctrl-C is handled there (the CLI cleans up).
    await new Promise((resolve) => setImmediate(resolve));
    if (options.keepPlans === false) {
      results.set(environment.name, {
        diagnostics: result.diagnostics,
        matches: new Map(),
        workloadResources: new Map(),
      });
      continue;
    }
    results.set(environment.name, result);
    if (result.plan) plans.push(result.plan);
  }
  return { environments: resolved.environments, results, plans, diagnostics };
}
