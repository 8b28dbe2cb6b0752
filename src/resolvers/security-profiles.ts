import type { Diagnostic } from '../compiler/diagnostics.js';
import type { ResolvedEnvironment } from '../compiler/environment.js';
import { locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { Workload } from '../compiler/model.js';
import {
  ANNOTATIONS,
  askedProfile,
  type SecurityProfile,
  workloadSettings,
} from '../compiler/workload-settings.js';
import { isKnownRootImage } from '../validate/root-images.js';

/**
 * The profile a workload runs under in an environment, and why: the one it asks for; else, when an
 * image is known to start as root, the most restrictive one the environment allows that runs it
 * (baseline, then privileged); else restricted.
 */
export function chosenProfile(
  workload: Workload,
  environment: ResolvedEnvironment,
): { profile: SecurityProfile; why: string; rootImage?: { container: string; image: string } } {
  const settings = workloadSettings(workload.spec);
  if (askedProfile(workload.spec) !== undefined)
    return { profile: settings.securityProfile, why: 'asked for by the workload' };
  const root = Object.entries(workload.spec.containers).find(([, c]) => isKnownRootImage(c.image));
  if (!root) return { profile: 'restricted', why: 'the default' };
  const [container, { image }] = root;
  const allowed = environment.kubernetes.securityProfiles;
  const profile = (['baseline', 'privileged'] as const).find((p) => allowed.includes(p));
  return {
    profile: profile ?? 'restricted',
    why: `image "${image}" of container "${container}" starts as root`,
    rootImage: { container, image },
  };
}

/** Each workload's security profile is one its environment allows (kubernetes.securityProfiles). */
export function checkSecurityProfiles(
  workloads: readonly Workload[],
  environment: ResolvedEnvironment,
): Diagnostic[] {
  const allowed = environment.kubernetes.securityProfiles;
  return workloads.flatMap((workload): Diagnostic[] => {
    const chosen = chosenProfile(workload, environment);
    if (chosen.rootImage) return rootImageNotes(workload, environment, chosen);
    const profile = chosen.profile;
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

/**
 * A workload whose image starts as root: a note of the profile it got, or an error at the image
 * when the environment allows none that runs it.
 */
function rootImageNotes(
  workload: Workload,
  environment: ResolvedEnvironment,
  chosen: ReturnType<typeof chosenProfile>,
): Diagnostic[] {
  const { container, image } = chosen.rootImage as { container: string; image: string };
  const at = locate(workload.document, toPointer(['containers', container, 'image']));
  if (chosen.profile === 'restricted')
    return [
      {
        code: 'PAWS3012',
        severity: 'error',
        message: `image "${image}" starts as root, and environment "${environment.name}" allows no security profile that runs it (it allows ${environment.kubernetes.securityProfiles.join(', ')})`,
        ...at,
        hint: 'use an image that runs as a non-root user (e.g. nginxinc/nginx-unprivileged), or have the platform allow baseline in spec.kubernetes.securityProfiles',
      },
    ];
  return [
    {
      code: 'PAWS3013',
      severity: 'warning',
      message: `workload "${workload.name}" runs under the ${chosen.profile} security profile: image "${image}" starts as root`,
      ...at,
      hint: 'a non-root image (e.g. nginxinc/nginx-unprivileged) runs under restricted; write securityProfile to choose yourself',
    },
  ];
}
