import type { Diagnostic } from '../compiler/diagnostics.js';
import type { EnvironmentPlan, PatchPlan } from '../compiler/plan/types.js';
import { applyJsonPatch, applyMergePatch, type Json } from '../util/json-patch.js';
import type { EmittedFile } from './index.js';

type Emitted = { kind?: string; metadata?: { name?: string; labels?: Record<string, string> } };

/** The workload whose folder holds a file (`<env>/kubernetes/<workload>/…`), if any. */
function workloadOf(path: string, env: string): string | undefined {
  const prefix = `${env}/kubernetes/`;
  if (!path.startsWith(prefix)) return undefined;
  const folder = path.slice(prefix.length).split('/')[0];
  return folder === '_shared' ? undefined : folder;
}

function selects(patch: PatchPlan, object: Emitted, workload: string | undefined): boolean {
  const { select } = patch;
  if (patch.workload !== undefined && workload !== patch.workload) return false;
  if (select.kind !== undefined && object.kind !== select.kind) return false;
  if (select.name !== undefined && object.metadata?.name !== select.name) return false;
  if (select.workloads && (workload === undefined || !select.workloads.includes(workload))) return false;
  const labels = object.metadata?.labels ?? {};
  return Object.entries(select.labels ?? {}).every(
    ([key, value]) => Object.hasOwn(labels, key) && labels[key] === value,
  );
}

/**
 * Applies the environment's patches to its YAML documents, file by file as they are emitted (each
 * document takes the patches in the plan's order), before they are serialized. A patched object is
 * a new value (emitted objects share parts such as labels, which must not change elsewhere). An
 * operation that cannot apply is an error at the operation; `finish` warns of a patch that selected
 * nothing, at its select.
 */
export function patchApplier(
  plan: EnvironmentPlan,
  diagnostics: Diagnostic[],
): { apply(file: EmittedFile): void; finish(): void } {
  const env = plan.environment.name;
  const matched = plan.patches.map(() => 0);
  return {
    apply(file) {
      if (file.format !== 'yaml' || plan.patches.length === 0) return;
      const workload = workloadOf(file.path, env);
      file.documents = file.documents.map((document) =>
        plan.patches.reduce((object, patch, index) => {
          if (!selects(patch, object as Emitted, workload)) return object;
          matched[index] = (matched[index] as number) + 1;
          return patched(patch, object as Emitted, env, diagnostics);
        }, document),
      );
    },
    finish() {
      plan.patches.forEach((patch, index) => {
        if (matched[index] === 0)
          diagnostics.push({
            code: 'PAWS4005',
            severity: 'warning',
            message: `patch "${patch.name}" selects no object in environment "${env}"`,
            ...patch.at,
            hint: 'check select (kind, name, workloads, labels) against the output of paws compile',
          });
      });
    },
  };
}

function patched(patch: PatchPlan, object: Emitted, env: string, diagnostics: Diagnostic[]): unknown {
  if (patch.mergePatch !== undefined) return applyMergePatch(object as Json, patch.mergePatch as Json);
  const operations = patch.jsonPatch ?? [];
  const result = applyJsonPatch(
    object as Json,
    operations.map((o) => o.operation),
  );
  if (result.ok) return result.value;
  const at = operations[result.index]?.at ?? patch.at;
  diagnostics.push({
    code: 'PAWS4004',
    severity: 'error',
    message: `patch "${patch.name}" cannot apply to ${object.kind}/${object.metadata?.name} in environment "${env}": ${result.message}`,
    ...at,
    hint: 'add the missing parent first (an "add" of an empty object or list), or select only objects that have it',
  });
  return object;
}
