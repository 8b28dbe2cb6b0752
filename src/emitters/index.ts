import type { Diagnostic } from '../compiler/diagnostics.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { append } from '../util/compare.js';
import { emitApplications, emitRootApplication, SHARED_APP } from './argocd.js';
import { emitShared, hasSharedObjects } from './shared.js';
import { moduleGroups, rootModule } from './terraform.js';
import { patchApplier } from './patches.js';
import { objectGuard } from './object-policies.js';
import { applyOrder } from './terraform-order.js';
import { terraformModuleFile, terraformOrderFile } from '../compiler/terraform-paths.js';
import { emitWorkload } from './workload.js';

/** One output file before serialization: YAML documents (Kubernetes, ArgoCD) or a JSON value (Terraform). */
export type EmittedFile =
  { path: string; format: 'yaml'; documents: unknown[] } | { path: string; format: 'json'; value: unknown };

export interface EmitInput {
  plan: EnvironmentPlan;
}

/**
 * Gives each file to `push` as soon as it is made, so a caller can serialize it and let its objects
 * go before the next is made: kept for a whole environment, they outlived V8's young generation and
 * were copied twice by the collector. Returns the diagnostics.
 */
export interface Emitter {
  name: 'kubernetes' | 'argocd' | 'terraform';
  emit(input: EmitInput, push: (file: EmittedFile) => void): Diagnostic[];
}

/**
 * One multi-document file per folder: a workload's objects, a shared resource's, the namespaces. A
 * thousand workloads then write a few thousand files rather than tens of thousands, which is most
 * of what writing costs; a pull request's diff still shows each workload's changes in its file.
 */
const MANIFESTS = 'manifests.yaml';

const kubernetesEmitter: Emitter = {
  name: 'kubernetes',
  emit({ plan }, push) {
    const env = plan.environment.name;
    for (const workload of plan.workloads) {
      push({
        path: `${env}/kubernetes/${workload.name}/${MANIFESTS}`,
        format: 'yaml',
        documents: emitWorkload(workload, plan),
      });
    }
    for (const [folder, objects] of emitShared(plan)) {
      if (objects.length === 0) continue;
      push({
        path: `${env}/kubernetes/${SHARED_APP}/${folder}/${MANIFESTS}`,
        format: 'yaml',
        documents: objects,
      });
    }
    return [];
  },
};

const argocdEmitter: Emitter = {
  name: 'argocd',
  emit({ plan }, push) {
    const env = plan.environment;
    if (!env.argocd.repoURL) {
      // The embedded default environment (no platform folder) is for local use: no warning there.
      return env.file === undefined
        ? []
        : [
            {
              code: 'PAWS4002',
              severity: 'warning',
              message: `environment "${env.name}" has no argocd.repoURL, so no ArgoCD Applications are emitted for it`,
              ...(env.file ? { file: env.file } : {}),
              hint: 'set spec.argocd.repoURL (and path) to the repository where the output of paws compile is committed',
            },
          ];
    }
    const hasShared = hasSharedObjects(plan);
    // The AppProject, the shared Application and one per workload, in one file the root app syncs.
    push({
      path: `${env.name}/argocd/applications.yaml`,
      format: 'yaml',
      documents: [...emitApplications(plan, hasShared).values()],
    });
    push({ path: `argocd/${env.name}.yaml`, format: 'yaml', documents: [emitRootApplication(plan)] });
    return [];
  },
};

const terraformEmitter: Emitter = {
  name: 'terraform',
  emit({ plan }, push) {
    const env = plan.environment;
    const conflicts: string[] = [];
    // Each module is given away once made; the apply order needs only their paths and reads.
    const modules = moduleGroups(plan).map(({ path, resources, dependsOn }) => {
      push({
        path: terraformModuleFile(env.name, path),
        format: 'json',
        value: rootModule(plan, path, resources, dependsOn, conflicts),
      });
      return { path, dependsOn };
    });
    const diagnostics: Diagnostic[] = conflicts.map((conflict) => ({
      code: 'PAWS4001',
      severity: 'error',
      message: `environment "${env.name}": two resources define the Terraform block ${conflict}`,
      hint: 'name Terraform blocks after {{resource.tfName}}, which is unique per resource',
    }));
    if (modules.length === 0) return diagnostics;
    const { order, cycle } = applyOrder(env.terraform.layout, modules);
    if (cycle)
      diagnostics.push({
        code: 'PAWS4003',
        severity: 'error',
        message: `environment "${env.name}": Terraform modules read each other in a cycle: ${cycle.join(' → ')}`,
        ...(env.file ? { file: env.file } : {}),
        hint: 'a shared resource cannot read a workload resource that reads it back: give the shared resource its own params, or set terraform.layout: single',
      });
    push({ path: terraformOrderFile(env.name), format: 'json', value: order });
    return diagnostics;
  },
};

/** Every emitter, in the order they run. */
export const EMITTERS: readonly Emitter[] = [terraformEmitter, kubernetesEmitter, argocdEmitter];

/** Every file of an environment, each given to `onFile` once made and patched; returns the diagnostics. */
export function emitEnvironmentFiles(input: EmitInput, onFile: (file: EmittedFile) => void): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const guard = input.plan.guards ? objectGuard(input.plan, diagnostics) : undefined;
  const patches = patchApplier(input.plan, diagnostics, guard);
  const push = (file: EmittedFile) => {
    patches.apply(file);
    onFile(file);
  };
  for (const emitter of EMITTERS) append(diagnostics, emitter.emit(input, push));
  patches.finish();
  return diagnostics;
}
