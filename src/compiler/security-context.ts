import type { SecurityProfile } from './workload-settings.js';

/**
 * The non-root user and group restricted pods run as (the "nonroot" user of distroless images, and
 * what Score's unprivileged patch uses): an image whose USER is a name, or none, starts under
 * runAsNonRoot only with a numeric user, and volumes are writable through the group.
 */
export const NON_ROOT_ID = 65532;

/** A pod's securityContext, as far as paws sets it. */
export interface PodSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  seccompProfile?: { type: 'RuntimeDefault' };
}

/** A container's securityContext, as far as paws sets it. */
export interface ContainerSecurityContext {
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  runAsNonRoot?: boolean;
  seccompProfile?: { type: 'RuntimeDefault' };
}

/**
 * The security context each Pod Security Standard asks for. Baseline keeps what does not stop a root
 * image (the runtime's seccomp profile, no privilege escalation) and drops the rest of restricted
 * (runAsNonRoot with a pinned user, group and fsGroup, dropping every capability); privileged sets
 * nothing. The emitters write it, and policies see it on each container.
 */
export function podSecurity(profile: SecurityProfile): { securityContext?: PodSecurityContext } {
  if (profile === 'privileged') return {};
  return {
    securityContext: {
      ...(profile === 'restricted'
        ? { runAsNonRoot: true, runAsUser: NON_ROOT_ID, runAsGroup: NON_ROOT_ID, fsGroup: NON_ROOT_ID }
        : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

export function containerSecurity(profile: SecurityProfile): { securityContext?: ContainerSecurityContext } {
  if (profile === 'privileged') return {};
  return {
    securityContext: {
      allowPrivilegeEscalation: false,
      ...(profile === 'restricted' ? { capabilities: { drop: ['ALL'] }, runAsNonRoot: true } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}
