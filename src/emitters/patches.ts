import type { Diagnostic } from '../compiler/diagnostics.js';
import type { EnvironmentPlan, PatchPlan } from '../compiler/plan/types.js';
import { applyJsonPatch, applyMergePatch, type Json } from '../util/json-patch.js';
import type { EmittedFile } from './index.js';
import { podOf, podSecurityViolations } from './pod-security.js';
import type { SecurityProfile } from '../compiler/workload-settings.js';
import { append } from '../util/compare.js';
import type { PatchedDocument } from './object-policies.js';
import { kubernetesSchemaProblems } from '../compiler/kubernetes-schemas.js';

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
  inspect?: (document: PatchedDocument) => void,
): { apply(file: EmittedFile): void; finish(): void } {
  const env = plan.environment.name;
  const matched = plan.patches.map(() => 0);
  return {
    apply(file) {
      if (file.format !== 'yaml' || (plan.patches.length === 0 && !inspect)) return;
      const workload = workloadOf(file.path, env);
      const profile = plan.workloads.find((w) => w.name === workload)?.securityProfile;
      file.documents = file.documents.map((document) => {
        const steps: PatchedDocument['steps'] = [];
        const result = plan.patches.reduce((object, patch, index) => {
          if (!selects(patch, object as Emitted, workload)) return object;
          matched[index] = (matched[index] as number) + 1;
          const next = patched(patch, object as Emitted, env, diagnostics);
          if (patch.workload !== undefined) append(diagnostics, imagesChangedBy(patch, object, next, env));
          steps.push({ patch, object: next });
          return next;
        }, document);
        const last = steps[steps.length - 1]?.patch;
        if (last && profile) append(diagnostics, profileBrokenBy(last, document, result, profile, env));
        if (last) append(diagnostics, schemaBrokenBy(document, steps, result, env));
        inspect?.({ before: document, steps, after: result, workload });
        return result;
      });
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

/**
 * A patched pod must still meet its workload's security profile: a patch (a developer's own, or one
 * the platform lets through) that makes a container privileged or root is an error at the patch.
 */
function profileBrokenBy(
  patch: PatchPlan,
  before: unknown,
  after: unknown,
  profile: SecurityProfile,
  env: string,
): Diagnostic[] {
  const pod = podOf(after);
  if (!pod || before === after) return [];
  const earlier = new Set(podSecurityViolations(podOf(before) ?? {}, profile));
  const broken = podSecurityViolations(pod, profile).filter((v) => !earlier.has(v));
  if (broken.length === 0) return [];
  const object = after as Emitted;
  return [
    {
      code: 'PAWS4006',
      severity: 'error',
      message: `after patch "${patch.name}", ${object.kind}/${object.metadata?.name} in environment "${env}" breaks the ${profile} security profile: ${broken.join('; ')}`,
      ...patch.at,
      hint: `a patch cannot take a pod past its profile: ask for another profile (securityProfile), if the environment allows it`,
    },
  ];
}

/**
 * A patched object must still be one the cluster accepts (its kind's upstream schema: a
 * `nodeSelector: "gpu"` where an object is expected, an unknown field): an error at the first patch
 * after which the problem appears, at its first operation (or its select, for a merge patch).
 */
function schemaBrokenBy(
  before: unknown,
  steps: PatchedDocument['steps'],
  after: unknown,
  env: string,
): Diagnostic[] {
  if (before === after) return [];
  const problems = kubernetesSchemaProblems(after) ?? [];
  if (problems.length === 0) return [];
  const earlier = new Set(kubernetesSchemaProblems(before) ?? []);
  const added = problems.filter((p) => !earlier.has(p));
  if (added.length === 0) return [];
  const blame =
    steps.find((step) => (kubernetesSchemaProblems(step.object) ?? []).some((p) => added.includes(p)))
      ?.patch ?? (steps[steps.length - 1] as PatchedDocument['steps'][number]).patch;
  const object = after as Emitted;
  return [
    {
      code: 'PAWS4008',
      severity: 'error',
      message: `after patch "${blame.name}", ${object.kind}/${object.metadata?.name} in environment "${env}" is not one the cluster accepts: ${added.join('; ')}`,
      ...(blame.jsonPatch?.[0]?.at ?? blame.at),
      hint: "write the value the field's type asks for (the schemas are Kubernetes 1.35's and the CRDs' paws knows)",
    },
  ];
}

/**
 * A workload's own patch never changes an image: images are written in the workload's containers,
 * where policies check them (registry, pinned tags); a patch would pass them by.
 */
function imagesChangedBy(patch: PatchPlan, before: unknown, after: unknown, env: string): Diagnostic[] {
  const images = (object: unknown) =>
    [
      ...((podOf(object)?.containers as { name?: string; image?: string }[] | undefined) ?? []),
      ...((podOf(object)?.initContainers as { name?: string; image?: string }[] | undefined) ?? []),
    ].map((c) => `${c?.name}=${c?.image}`);
  const was = new Set(images(before));
  const changed = images(after).filter((i) => !was.has(i));
  if (changed.length === 0) return [];
  const object = after as Emitted;
  return [
    {
      code: 'PAWS4007',
      severity: 'error',
      message: `patch "${patch.name}" changes the image of ${object.kind}/${object.metadata?.name} in environment "${env}" (${changed.map((c) => c.replace('=', ': ')).join(', ')})`,
      ...patch.at,
      hint: "write the image in the workload's containers, where the platform's policies check it",
    },
  ];
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
