import { loadBuiltinCatalog } from '../catalog/builtin.js';
import { append } from '../util/compare.js';
import type { Diagnostic, StageResult } from '../compiler/diagnostics.js';
import { type LoadedProject, locate } from '../compiler/load/index.js';
import type { ValidatedProject, Workload } from '../compiler/model.js';
import type { PawsConfig } from '../generated/config.js';
import { DEFAULT_ENVIRONMENT_NAME } from '../compiler/environment.js';
import { validatePlatform } from './platform.js';
import { didYouMean } from '../compiler/suggest.js';
import { schemaDiagnostics } from './schema-errors.js';
import { schemaErrors } from './schemas.js';
import { checkWorkload, validateWorkloadDocument, type WorkloadCheckOptions } from './workload.js';

export type ValidateOptions = WorkloadCheckOptions;

/** Schema validation of every document, then the semantic checks across them. */
export function validateProject(
  project: LoadedProject,
  options: ValidateOptions = {},
): StageResult<ValidatedProject> {
  const diagnostics: Diagnostic[] = [];
  let config: PawsConfig | undefined;
  if (project.config) {
    const errors = schemaErrors('config', project.config.value);
    append(diagnostics, schemaDiagnostics(project.config, errors));
    if (errors.length === 0) config = project.config.value as PawsConfig;
  }

  const catalog = loadBuiltinCatalog();
  append(diagnostics, catalog.diagnostics);
  const { platform, diagnostics: platformDiagnostics } = validatePlatform(
    catalog.documents,
    project.platform,
    {
      builtinChecked: catalog.checked,
    },
  );
  append(diagnostics, platformDiagnostics);

  // Without Environments, paws plans its embedded dev environment.
  const environmentNames = platform.environments.length
    ? platform.environments.map((e) => e.name)
    : [DEFAULT_ENVIRONMENT_NAME];
  const workloads: Workload[] = [];
  const byName = new Map<string, Workload>();
  for (const doc of project.workloads) {
    const result = validateWorkloadDocument(doc);
    append(diagnostics, result.diagnostics);
    const workload = result.workload;
    if (!workload) continue;
    const first = byName.get(workload.name);
    if (first) {
      diagnostics.push({
        code: 'PAWS2201',
        severity: 'error',
        message: `workload name "${workload.name}" is used twice`,
        ...locate(doc, '/metadata/name'),
        related: [{ message: 'first used here', ...locate(first.document, '/metadata/name') }],
        hint: 'workload names are unique across the repository: they name namespaces, Applications and resources',
      });
      continue;
    }
    byName.set(workload.name, workload);
    append(
      diagnostics,
      checkWorkload(workload, platform.resourceTypes, {
        ...options,
        noPlatform: project.platformDir === undefined,
        environmentNames,
      }),
    );
    workloads.push(workload);
  }
  append(diagnostics, unknownImageWorkloads(options, [...byName.keys()]));
  return { value: { workloads, platform, ...(config ? { config } : {}) }, diagnostics };
}

/** A per-workload image (`--image api=…`) for a workload this project does not have: a typo. */
function unknownImageWorkloads(options: ValidateOptions, names: readonly string[]): Diagnostic[] {
  return Object.keys(options.images ?? {})
    .filter((name) => !names.includes(name))
    .sort()
    .map((name) => {
      const suggestion = didYouMean(name, names);
      return {
        code: 'PAWS2202',
        severity: 'error',
        message: `an image was given for workload "${name}", which this project does not have${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `workloads: ${[...names].sort().join(', ') || 'none'}; pass --image <workload>=<image>, or --image <image> for every workload`,
      };
    });
}
