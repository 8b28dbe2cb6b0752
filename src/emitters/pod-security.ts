import type { SecurityProfile } from '../compiler/workload-settings.js';

type Loose = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Loose)[key] : undefined),
    value,
  );

/** The pod template of a workload object (Deployment, StatefulSet, DaemonSet, Job, CronJob), if any. */
export function podOf(object: unknown): Loose | undefined {
  const pod =
    get(object, 'spec', 'template', 'spec') ?? get(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return pod && typeof pod === 'object' ? (pod as Loose) : undefined;
}

/**
 * What a pod does that its Pod Security Standard forbids (the checks of baseline and restricted that
 * a patch can break): privileged containers, host namespaces and paths, root, privilege escalation,
 * added capabilities. Empty under privileged.
 */
export function podSecurityViolations(pod: Loose, profile: SecurityProfile): string[] {
  if (profile === 'privileged') return [];
  const found: string[] = [];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[key] === true) found.push(`${key}: true`);
  const volumes = (pod.volumes as Loose[] | undefined) ?? [];
  for (const volume of volumes) if (volume?.hostPath) found.push(`hostPath volume "${String(volume.name)}"`);
  const containers = [
    ...((pod.containers as Loose[] | undefined) ?? []),
    ...((pod.initContainers as Loose[] | undefined) ?? []),
  ];
  for (const container of containers) {
    const name = String(container?.name);
    const context = (container?.securityContext as Loose | undefined) ?? {};
    if (context.privileged === true) found.push(`container "${name}" is privileged`);
    const added = (get(context, 'capabilities', 'add') as string[] | undefined) ?? [];
    const allowed = profile === 'restricted' ? ['NET_BIND_SERVICE'] : BASELINE_CAPABILITIES;
    for (const capability of added)
      if (!allowed.includes(capability)) found.push(`container "${name}" adds capability ${capability}`);
    if (profile !== 'restricted') continue;
    if (context.allowPrivilegeEscalation !== false) found.push(`container "${name}" may escalate privileges`);
    const user = context.runAsUser ?? get(pod, 'securityContext', 'runAsUser');
    if (user === 0) found.push(`container "${name}" runs as root (runAsUser: 0)`);
    const nonRoot = context.runAsNonRoot ?? get(pod, 'securityContext', 'runAsNonRoot');
    if (nonRoot !== true) found.push(`container "${name}" may run as root (runAsNonRoot is not true)`);
  }
  return found;
}

/** The capabilities the baseline standard lets a container add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];
