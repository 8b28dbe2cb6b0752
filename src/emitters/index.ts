import type { Diagnostic } from '../compiler/diagnostics.js';
import type { EnvironmentPlan } from '../compiler/plan/types.js';
import { append, compareStrings } from '../util/compare.js';
import { emitApplications, emitRootApplication, SHARED_APP } from './argocd.js';
import { emitShared, hasSharedObjects } from './shared.js';
import { emitTerraform } from './terraform.js';
import { applyPatches } from './patches.js';
import { applyOrder } from './terraform-order.js';
import { terraformModuleFile, terraformOrderFile } from '../compiler/terraform-paths.js';
import { emitWorkload } from './workload.js';

/** One output file before serialization: YAML documents (Kubernetes, ArgoCD) or a JSON value (Terraform). */
export type EmittedFile =
  { path: string; format: 'yaml'; documents: unknown[] } | { path: string; format: 'json'; value: unknown };

export interface EmitInput {
  plan: EnvironmentPlan;
}

export interface Emitter {
  name: 'kubernetes' | 'argocd' | 'terraform';
  emit(input: EmitInput): { files: EmittedFile[]; diagnostics: Diagnostic[] };
}

/**
 * One multi-document file per folder: a workload's objects, a shared resource's, the namespaces. A
 * thousand workloads then write a few thousand files rather than tens of thousands, which is most
 * of what writing costs; a pull request's diff still shows each workload's changes in its file.
 */
const MANIFESTS = 'manifests.yaml';

const kubernetesEmitter: Emitter = {
  name: 'kubernetes',
  emit({ plan }) {
    const env = plan.environment.name;
    const files: EmittedFile[] = [];
    for (const workload of plan.workloads) {
      files.push({
        path: `${env}/kubernetes/${workload.name}/${MANIFESTS}`,
        format: 'yaml',
        documents: emitWorkload(workload, plan),
      });
    }
    for (const [folder, objects] of emitShared(plan)) {
      if (objects.length === 0) continue;
      files.push({
        path: `${env}/kubernetes/${SHARED_APP}/${folder}/${MANIFESTS}`,
        format: 'yaml',
        documents: objects,
      });
    }
    return { files, diagnostics: [] };
  },
};

const argocdEmitter: Emitter = {
  name: 'argocd',
  emit({ plan }) {
    const env = plan.environment;
    if (!env.argocd.repoURL) {
      // The embedded default environment (no platform folder) is for local use: no warning there.
      return {
        files: [],
        diagnostics:
          env.file === undefined
            ? []
            : [
                {
                  code: 'PAWS4002',
                  severity: 'warning',
                  message: `environment "${env.name}" has no argocd.repoURL, so no ArgoCD Applications are emitted for it`,
                  ...(env.file ? { file: env.file } : {}),
                  hint: 'set spec.argocd.repoURL (and path) to the repository where the output of paws compile is committed',
                },
              ],
      };
    }
    const hasShared = hasSharedObjects(plan);
    // The AppProject, the shared Application and one per workload, in one file the root app syncs.
    const files: EmittedFile[] = [
      {
        path: `${env.name}/argocd/applications.yaml`,
        format: 'yaml',
        documents: [...emitApplications(plan, hasShared).values()],
      },
    ];
    files.push({ path: `argocd/${env.name}.yaml`, format: 'yaml', documents: [emitRootApplication(plan)] });
    return { files, diagnostics: [] };
  },
};

const terraformEmitter: Emitter = {
  name: 'terraform',
  emit({ plan }) {
    const env = plan.environment;
    const { modules, conflicts } = emitTerraform(plan);
    const diagnostics: Diagnostic[] = conflicts.map((conflict) => ({
      code: 'PAWS4001',
      severity: 'error',
      message: `environment "${env.name}": two resources define the Terraform block ${conflict}`,
      hint: 'name Terraform blocks after {{resource.tfName}}, which is unique per resource',
    }));
    if (modules.length === 0) return { files: [], diagnostics };
    const { order, cycle } = applyOrder(env.terraform.layout, modules);
    if (cycle)
      diagnostics.push({
        code: 'PAWS4003',
        severity: 'error',
        message: `environment "${env.name}": Terraform modules read each other in a cycle: ${cycle.join(' → ')}`,
        ...(env.file ? { file: env.file } : {}),
        hint: 'a shared resource cannot read a workload resource that reads it back: give the shared resource its own params, or set terraform.layout: single',
      });
    const files: EmittedFile[] = modules.map((module) => ({
      path: terraformModuleFile(env.name, module.path),
      format: 'json',
      value: module.value,
    }));
    files.push({ path: terraformOrderFile(env.name), format: 'json', value: order });
    return { files, diagnostics };
  },
};

/** Every emitter, in the order they run. */
export const EMITTERS: readonly Emitter[] = [terraformEmitter, kubernetesEmitter, argocdEmitter];

export function emitEnvironment(input: EmitInput): { files: EmittedFile[]; diagnostics: Diagnostic[] } {
  const files: EmittedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const emitter of EMITTERS) {
    const result = emitter.emit(input);
    for (const file of result.files) files.push(file);
    append(diagnostics, result.diagnostics);
  }
  if (input.plan.patches.length > 0) append(diagnostics, applyPatches(files, input.plan));
  return { files: files.sort((a, b) => compareStrings(a.path, b.path)), diagnostics };
}
