import type { Diagnostic } from '../compiler/diagnostics.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import { locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { Workload } from '../compiler/model.js';
import { ANNOTATIONS, workloadSettings } from '../compiler/workload-settings.js';

/** Each workload's security profile is one its environment allows (kubernetes.securityProfiles). */
export function checkSecurityProfiles(
  workloads: readonly Workload[],
  environment: ResolvedEnvironment,
): Diagnostic[] {
  const allowed = environment.kubernetes.securityProfiles;
  return workloads.flatMap((workload): Diagnostic[] => {
    const profile = workloadSettings(workload.spec).securityProfile;
    if (allowed.includes(profile)) return [];
    const pointer = workload.spec.securityProfile
      ? '/securityProfile'
      : toPointer(['metadata', 'annotations', ANNOTATIONS.securityProfile]);
    return [
      {
        code: 'PAWS3007',
        severity: 'error',
        message: `workload "${workload.name}" asks for the ${profile} security profile, which environment "${environment.name}" does not allow (it allows ${allowed.join(', ')})`,
        ...locate(workload.document, pointer),
        hint: `make the image run under ${allowed[0]}, or have the platform add ${profile} to spec.kubernetes.securityProfiles of environment "${environment.name}"${environment.file ? ` (${environment.file})` : ''}`,
      },
    ];
  });
}
