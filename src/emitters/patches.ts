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
 * Applies the environment's patches to its YAML documents, in the plan's order, before they are
 * serialized. A patched object is a new value (emitted objects share parts such as labels, which
 * must not change elsewhere). An operation that cannot apply is an error at the operation; a patch
 * that selects nothing is a warning at its select.
 */
export function applyPatches(files: EmittedFile[], plan: EnvironmentPlan): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const env = plan.environment.name;
  for (const patch of plan.patches) {
    let matched = 0;
    for (const file of files) {
      if (file.format !== 'yaml') continue;
      const workload = workloadOf(file.path, env);
      file.documents = file.documents.map((document) => {
        const object = document as Emitted;
        if (!selects(patch, object, workload)) return document;
        matched++;
        return patched(patch, object, env, diagnostics);
      });
    }
    if (matched === 0)
      diagnostics.push({
        code: 'PAWS4005',
        severity: 'warning',
        message: `patch "${patch.name}" selects no object in environment "${env}"`,
        ...patch.at,
        hint: 'check select (kind, name, workloads, labels) against the output of paws compile',
      });
  }
  return diagnostics;
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
