import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { Patch, ValidatedProject, Workload } from '../compiler/model.js';
import type { PatchPlan } from '../compiler/plan/types.js';
import type { JsonValue } from '../compiler/values.js';
import { compareStrings } from '../util/compare.js';
import { type Json, mergePatchPaths, type PatchOperation } from '../util/json-patch.js';
import { appliesIn, type ResolvedEnvironment } from './environments.js';

type Operations = NonNullable<NonNullable<Workload['spec']['patches']>[number]['jsonPatch']>;

/**
 * The patches that apply in an environment: the platform's whose environments (or types) include it
 * (or an environment it extends), in name order; then each workload's own that applies there, in
 * order, each operation checked against what the environment lets developers change (`workloadPatches`).
 */
export function patchesFor(
  project: ValidatedProject,
  env: ResolvedEnvironment,
): { patches: PatchPlan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const platform = [...project.platform.patches]
    .filter((patch) => appliesIn(patch.spec, env))
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((patch) => platformPatch(patch));
  const own = [...project.workloads]
    .sort((a, b) => compareStrings(a.name, b.name))
    .flatMap((workload) =>
      (workload.spec.patches ?? []).flatMap((patch, index) => {
        // A patch scoped to environments applies in them and in the clones made from them.
        if (patch.environments && !patch.environments.some((name) => env.lineage.includes(name))) return [];
        const base = toPointer(['patches', String(index)]);
        diagnostics.push(...refusedChanges(workload, patch, base, env));
        return [planOf(`${workload.name}/patches/${index}`, workload.document, base, patch, workload.name)];
      }),
    );
  return { patches: [...platform, ...own], diagnostics };
}

type PatchSpec = Parameters<typeof planOf>[3];

function platformPatch(patch: Patch): PatchPlan {
  // The schema allows no other key and label values are strings: the generated index types say less.
  return planOf(patch.name, patch.document, '/spec', patch.spec as unknown as PatchSpec);
}

function planOf(
  name: string,
  doc: LoadedDocument,
  base: string,
  spec: { select: PatchPlan['select']; jsonPatch?: Operations; mergePatch?: Record<string, unknown> },
  workload?: string,
): PatchPlan {
  return {
    name,
    ...(workload ? { workload } : {}),
    select: spec.select,
    ...(spec.jsonPatch
      ? {
          jsonPatch: spec.jsonPatch.map((operation, index) => ({
            operation: operation as PatchOperation,
            at: locate(doc, `${base}/jsonPatch/${index}/path`),
          })),
        }
      : {}),
    ...(spec.mergePatch ? { mergePatch: spec.mergePatch as JsonValue } : {}),
    at: locate(doc, `${base}/select`),
  };
}

/** Operations of a workload's patch that change what the environment does not let developers change. */
function refusedChanges(
  workload: Workload,
  patch: NonNullable<Workload['spec']['patches']>[number],
  base: string,
  env: ResolvedEnvironment,
): Diagnostic[] {
  const kind = patch.select.kind;
  const allowed = env.workloadPatches.filter((a) => a.kind === kind).flatMap((a) => a.paths);
  const inside = (path: string) => allowed.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  const changes: { path: string; pointer: string }[] = patch.jsonPatch
    ? patch.jsonPatch.flatMap((operation, index) => [
        { path: operation.path, pointer: `${base}/jsonPatch/${index}/path` },
        ...(operation.op === 'move' && operation.from !== undefined
          ? [{ path: operation.from, pointer: `${base}/jsonPatch/${index}/from` }]
          : []),
      ])
    : mergePatchPaths((patch.mergePatch ?? {}) as Json).map((path) => ({
        path,
        pointer: `${base}/mergePatch`,
      }));
  const allowedText = env.workloadPatches.length
    ? env.workloadPatches.map((a) => `${a.kind} ${a.paths.join(', ')}`).join('; ')
    : 'nothing';
  return changes
    .filter((change) => kind === undefined || !inside(change.path))
    .map((change) => ({
      code: 'PAWS3009',
      severity: 'error',
      message:
        kind === undefined
          ? `patch of workload "${workload.name}" selects no kind, so environment "${env.name}" cannot tell whether it may change ${change.path}`
          : `environment "${env.name}" does not let workloads change ${change.path} of a ${kind}`,
      ...locate(workload.document, kind === undefined ? `${base}/select` : change.pointer),
      hint: `workloads may patch here: ${allowedText} (the Environment's workloadPatches); ask the platform team, or let a platform Patch do it`,
    }));
}
