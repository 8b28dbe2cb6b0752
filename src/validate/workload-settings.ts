import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { toPointer } from '../compiler/load/pointer.js';
import type { WorkloadSpec } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import {
  ANNOTATIONS,
  askedProfile,
  SECURITY_PROFILES,
  SERVICE_NAME,
  WORKLOAD_KINDS,
} from '../compiler/workload-settings.js';
import { isKnownRootImage } from './root-images.js';

const annotationPointer = (key: string) => toPointer(['metadata', 'annotations', key]);

/** A Backstage entity reference: `[kind:][namespace/]name`, as the catalog parses owner and system. */
const ENTITY_REF =
  /^(?:[A-Za-z][A-Za-z0-9]*:)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\/)?(?=[A-Za-z0-9._-]{1,63}$)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/** The annotations paws reads have valid values, agree with the paws.dev/v1 field, and root images are flagged. */
export function checkWorkloadSettings(doc: LoadedDocument, spec: WorkloadSpec): Diagnostic[] {
  const annotations = (spec.metadata.annotations ?? {}) as Record<string, string>;
  const diagnostics: Diagnostic[] = [];
  const invalid = (key: string, allowed: readonly string[], what: string) => {
    const value = annotations[key];
    if (value === undefined || allowed.includes(value)) return;
    const suggestion = didYouMean(value, [...allowed]);
    diagnostics.push({
      code: 'PAWS2508',
      severity: 'error',
      message: `annotation ${key} is "${value}", which is not ${what}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...locate(doc, annotationPointer(key)),
      hint: `one of: ${allowed.join(', ')}`,
    });
  };
  invalid(ANNOTATIONS.securityProfile, SECURITY_PROFILES, 'a security profile');
  invalid(ANNOTATIONS.kind, WORKLOAD_KINDS, 'a workload kind paws emits');
  const serviceName = annotations[ANNOTATIONS.serviceName];
  if (serviceName !== undefined && !SERVICE_NAME.test(serviceName))
    diagnostics.push({
      code: 'PAWS2508',
      severity: 'error',
      message: `annotation ${ANNOTATIONS.serviceName} is "${serviceName}", which is not a valid Service name`,
      ...locate(doc, annotationPointer(ANNOTATIONS.serviceName)),
      hint: 'a Service name is an RFC 1035 label: lowercase letters, digits and "-", starting with a letter, at most 63 characters',
    });
  for (const key of [ANNOTATIONS.owner, ANNOTATIONS.system]) {
    const value = annotations[key];
    if (value === undefined || ENTITY_REF.test(value)) continue;
    diagnostics.push({
      code: 'PAWS2508',
      severity: 'error',
      message: `annotation ${key} is "${value}", which is not a Backstage entity reference`,
      ...locate(doc, annotationPointer(key)),
      hint: `[kind:][namespace/]name, the name letters and digits joined by - _ or ., at most 63 characters: e.g. ${key === ANNOTATIONS.owner ? 'group:team-checkout' : 'system:shop'}`,
    });
  }
  const annotated = annotations[ANNOTATIONS.securityProfile];
  if (spec.securityProfile && annotated !== undefined && annotated !== spec.securityProfile)
    diagnostics.push({
      code: 'PAWS2508',
      severity: 'error',
      message: `securityProfile is "${spec.securityProfile}" but annotation ${ANNOTATIONS.securityProfile} says "${annotated}"`,
      ...locate(doc, annotationPointer(ANNOTATIONS.securityProfile)),
      hint: 'keep one of the two (securityProfile in paws.dev/v1 files)',
    });
  return [...diagnostics, ...rootImageWarnings(doc, spec)];
}

/** Containers whose image starts as root, in a workload that keeps the restricted profile. */
function rootImageWarnings(doc: LoadedDocument, spec: WorkloadSpec): Diagnostic[] {
  // Only a workload that asks for restricted itself: otherwise resolution chooses a profile that runs it.
  if (askedProfile(spec) !== 'restricted') return [];
  const ask =
    spec.apiVersion === 'paws.dev/v1'
      ? 'securityProfile: baseline'
      : `metadata.annotations: { ${ANNOTATIONS.securityProfile}: baseline }`;
  return Object.entries(spec.containers).flatMap(([name, container]): Diagnostic[] =>
    isKnownRootImage(container.image)
      ? [
          {
            code: 'PAWS2509',
            severity: 'warning',
            message: `container "${name}": image "${container.image}" starts as root, and the restricted security profile (runAsNonRoot) keeps it from starting`,
            ...locate(doc, toPointer(['containers', name, 'image'])),
            hint: `use an image that runs as a non-root user (e.g. nginxinc/nginx-unprivileged), or ask for the baseline profile with ${ask}`,
          },
        ]
      : [],
  );
}
