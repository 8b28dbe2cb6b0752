import { createHash } from 'node:crypto';
import type { ContainerPlan, EnvironmentPlan, ProbePlan, WorkloadPlan } from '../compiler/plan/types.js';
import { toJson as canonicalJson } from '../compiler/write/serialize.js';
import { literalText, type Value } from '../compiler/values.js';
import { namespaceFor } from '../resolvers/environments.js';
import { compareStrings } from '../util/compare.js';
import type { SecurityProfile } from '../compiler/workload-settings.js';
import type {
  ConfigMap,
  Container,
  Deployment,
  EnvVar,
  PodSpec,
  StatefulSet,
  ExternalSecret,
  PodDisruptionBudget,
  Service,
  ServiceAccount,
  Volume,
  VolumeMount,
} from './objects.js';
import { splitInitContainers } from './init-containers.js';
import { claimTemplate } from './claim-templates.js';
import { literalForExpansion } from './kubernetes-text.js';
import {
  dynamicParts,
  externalSecretData,
  goTemplate,
  resourceByUid,
  type SecretSource,
  sourceOf,
} from './secrets.js';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

export function workloadLabels(workload: string, environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': workload,
    'app.kubernetes.io/instance': `${workload}-${environment}`,
    'app.kubernetes.io/managed-by': 'paws',
  };
}

/** Selectors use only name and instance: labels that never change for the life of the Deployment. */
function selectorLabels(workload: string, environment: string): Record<string, string> {
  const { 'app.kubernetes.io/managed-by': _managedBy, ...selector } = workloadLabels(workload, environment);
  return selector;
}

export type WorkloadObject =
  ServiceAccount | ConfigMap | ExternalSecret | Deployment | StatefulSet | Service | PodDisruptionBudget;

type StatefulSetSpec = NonNullable<StatefulSet['spec']>;
type PodTemplate = StatefulSetSpec['template'];

/** A stable key for a file inside a ConfigMap or Secret: keys may not hold "/". */
function fileKey(target: string): string {
  return `file-${createHash('sha256').update(target).digest('hex').slice(0, 12)}`;
}

function octalMode(mode: string | undefined): number | undefined {
  return mode === undefined ? undefined : Number.parseInt(mode, 8);
}

function probe(plan: ProbePlan | undefined): Container['livenessProbe'] {
  if (!plan) return undefined;
  // Kubernetes allows one handler per probe; Score prefers exec when both are given.
  if (plan.exec) return { exec: { command: plan.exec.command } };
  if (plan.httpGet) {
    const { port, path, host, scheme, httpHeaders } = plan.httpGet;
    return {
      httpGet: {
        port,
        path,
        ...(host ? { host } : {}),
        ...(scheme ? { scheme } : {}),
        ...(httpHeaders ? { httpHeaders } : {}),
      },
    };
  }
  return undefined;
}

/** ServiceAccount, ConfigMap, ExternalSecret, Deployment, Service and PodDisruptionBudget of one workload. */
export function emitWorkload(workload: WorkloadPlan, plan: EnvironmentPlan): WorkloadObject[] {
  const env = plan.environment;
  const namespace = namespaceFor(env, workload.name);
  const labels = workloadLabels(workload.name, env.name);
  const meta = (name: string, annotations?: Record<string, string>) => ({
    name,
    namespace,
    labels,
    ...(annotations ? { annotations } : {}),
  });
  const secretName = `${workload.name}-secrets`;
  const configName = `${workload.name}-files`;
  const envStore = { kind: env.secretStore.kind, name: env.secretStore.name };

  const sources = new Map<string, SecretSource>();
  const templateData: Record<string, string> = {};
  const configData: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const secretTemplate = (key: string, value: Value) => {
    // Each part's source is worked out once: it names the data entry and the template reads it.
    const keys = new Map<Value, string>();
    for (const part of dynamicParts(value)) {
      const source = sourceOf(part, plan);
      sources.set(source.secretKey, source);
      keys.set(part, source.secretKey);
    }
    templateData[key] = goTemplate(value, (part) => keys.get(part) as string);
  };

  const containers: Container[] = [];
  const volumes = new Map<string, Volume>();
  const claims = new Map<string, NonNullable<StatefulSetSpec['volumeClaimTemplates']>[number]>();
  for (const [name, container] of Object.entries(workload.containers)) {
    const envVars: EnvVar[] = [];
    for (const [key, variable] of Object.entries(container.env)) {
      if (variable.value.kind === 'literal')
        envVars.push({ name: key, value: literalForExpansion(literalText(variable.value.value)) });
      else {
        const secretKey = `env-${name}-${key}`;
        secretTemplate(secretKey, variable.value);
        envVars.push({ name: key, valueFrom: { secretKeyRef: { name: secretName, key: secretKey } } });
      }
    }
    const mounts: VolumeMount[] = [];
    for (const [target, file] of Object.entries(container.files)) {
      const key = fileKey(`${name}:${target}`);
      let secret = false;
      if (file.binaryContent !== undefined) binaryData[key] = file.binaryContent;
      else {
        const content: Value | undefined = file.content;
        if (content && content.kind !== 'literal') {
          secretTemplate(key, content);
          secret = true;
        } else configData[key] = content ? literalText(content.value) : '';
      }
      const volumeName = secret ? 'secret-files' : 'files';
      const mode = octalMode(file.mode);
      const existing = volumes.get(volumeName);
      const item = { key, path: key, ...(mode !== undefined ? { mode } : {}) };
      if (secret) {
        const items = [...(existing?.secret?.items ?? []), item];
        volumes.set(volumeName, { name: volumeName, secret: { secretName, items } });
      } else {
        const items = [...(existing?.configMap?.items ?? []), item];
        volumes.set(volumeName, { name: volumeName, configMap: { name: configName, items } });
      }
      mounts.push({ name: volumeName, mountPath: target, subPath: key, readOnly: true });
    }
    for (const [target, volume] of Object.entries(container.volumes)) {
      const resource = 'resource' in volume.source ? resourceByUid(plan, volume.source.resource) : undefined;
      const claim = claimTemplate(workload, resource);
      let volumeName: string;
      if (claim && resource) {
        volumeName = resource.names.kubernetes;
        claims.set(volumeName, { metadata: { name: volumeName }, spec: claim.spec });
      } else {
        volumeName = `volume-${createHash('sha256').update(`${name}:${target}`).digest('hex').slice(0, 10)}`;
        volumes.set(volumeName, { name: volumeName, ...volumeSource(volume.source, plan) });
      }
      mounts.push({
        name: volumeName,
        mountPath: target,
        ...(volume.path ? { subPath: volume.path } : {}),
        ...(volume.readOnly ? { readOnly: true } : {}),
      });
    }
    containers.push(containerSpec(name, container, envVars, mounts, workload.securityProfile));
  }
  const { initContainers, containers: mainContainers } = splitInitContainers(workload.containers, containers);

  const objects: WorkloadObject[] = [];
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(workload.name),
    automountServiceAccountToken: false,
  };
  objects.push(serviceAccount);

  let configMap: ConfigMap | undefined;
  if (Object.keys(configData).length + Object.keys(binaryData).length > 0) {
    configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(configName),
      ...(Object.keys(configData).length > 0 ? { data: configData } : {}),
      ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
    };
    objects.push(configMap);
  }

  let externalSecret: ExternalSecret | undefined;
  if (Object.keys(templateData).length > 0) {
    const data = [...sources.values()].sort((a, b) => compareStrings(a.secretKey, b.secretKey));
    // The ExternalSecret's own store is one that its data really uses (the environment's when any item
    // does), so it never names a store that does not exist; the other items say their store.
    const usesEnvStore = data.some((d) => d.store.kind === envStore.kind && d.store.name === envStore.name);
    const defaultStore = usesEnvStore ? envStore : (data[0] as SecretSource).store;
    externalSecret = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: meta(workload.name, { [SYNC_WAVE]: '-1' }),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: defaultStore,
        target: {
          name: secretName,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: { engineVersion: 'v2', data: templateData },
        },
        data: data.map((source) => externalSecretData(source, defaultStore)),
      },
    };
    objects.push(externalSecret);
  }

  // An autoscaler owns the replica count: a replicas field would make Argo CD undo its every change.
  const autoscaled = Object.values(workload.resources).some(
    (uid) => resourceByUid(plan, uid)?.type === 'horizontal-pod-autoscaler',
  );
  const replicas = autoscaled ? undefined : env.defaults.replicas;
  // Pods restart when their configuration changes: files, or how secrets are assembled (never their values).
  const checksum = createHash('sha256')
    .update(canonicalJson({ config: configMap ?? null, secret: externalSecret?.spec ?? null }))
    .digest('hex');
  const podTemplate: PodTemplate = {
    metadata: { labels, annotations: { 'paws.dev/config-checksum': checksum, ...workload.annotations } },
    spec: {
      serviceAccountName: workload.name,
      automountServiceAccountToken: false,
      ...podSecurity(workload.securityProfile),
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: mainContainers,
      ...(volumes.size > 0
        ? { volumes: [...volumes.values()].sort((a, b) => compareStrings(a.name, b.name)) }
        : {}),
    },
  };
  const selector = { matchLabels: selectorLabels(workload.name, env.name) };
  if (workload.kind === 'StatefulSet') {
    objects.push(
      statefulSet(workload, meta(workload.name, { [SYNC_WAVE]: '0' }), replicas, selector, podTemplate, [
        ...claims.values(),
      ]),
    );
  } else {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(workload.name, { [SYNC_WAVE]: '0' }),
      spec: {
        ...(replicas !== undefined ? { replicas } : {}),
        revisionHistoryLimit: 5,
        selector,
        template: podTemplate,
      },
    };
    objects.push(deployment);
  }

  objects.push(...services(workload, env.name, meta));

  if (replicas === undefined || replicas > 1) {
    const pdb: PodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(workload.name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(workload.name, env.name) } },
    };
    objects.push(pdb);
  }
  return objects;
}

/** The StatefulSet of a `k8s.score.dev/kind: StatefulSet` workload: pods named by the headless Service, a claim each. */
function statefulSet(
  workload: WorkloadPlan,
  metadata: StatefulSet['metadata'],
  replicas: number | undefined,
  selector: { matchLabels: Record<string, string> },
  template: PodTemplate,
  claims: NonNullable<StatefulSetSpec['volumeClaimTemplates']>,
): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      serviceName: headlessName(workload),
      ...(replicas !== undefined ? { replicas } : {}),
      revisionHistoryLimit: 5,
      selector,
      template,
      ...(claims.length > 0
        ? {
            volumeClaimTemplates: claims.sort((a, b) =>
              compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''),
            ),
          }
        : {}),
    },
  };
}

// A Service name is at most 63 characters; the suffix takes 9 of them.
const headlessName = (workload: WorkloadPlan) =>
  `${workload.serviceName.slice(0, 54).replace(/-+$/, '')}-headless`;

/** The workload's Service (named by k8s.score.dev/service-name), and a StatefulSet's headless one. */
function services(
  workload: WorkloadPlan,
  environment: string,
  meta: (name: string) => Service['metadata'],
): Service[] {
  const selector = selectorLabels(workload.name, environment);
  const ports = Object.entries(workload.service?.ports ?? {}).map(([name, port]) => ({
    name,
    port: port.port,
    targetPort: port.targetPort,
    protocol: port.protocol,
  }));
  const out: Service[] = [];
  if (workload.service)
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(workload.serviceName),
      spec: { selector, ports },
    });
  if (workload.kind === 'StatefulSet')
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(headlessName(workload)),
      spec: { clusterIP: 'None', selector, ...(ports.length > 0 ? { ports } : {}) },
    });
  return out;
}

function volumeSource(
  source: { resource: string } | { name: string },
  plan: EnvironmentPlan,
): Omit<Volume, 'name'> {
  if ('name' in source) return { persistentVolumeClaim: { claimName: source.name } };
  const resource = resourceByUid(plan, source.resource);
  const output = resource?.outputs.source;
  if (
    output?.kind === 'literal' &&
    output.value &&
    typeof output.value === 'object' &&
    !Array.isArray(output.value)
  ) {
    return output.value as Omit<Volume, 'name'>;
  }
  return { persistentVolumeClaim: { claimName: resource?.names.kubernetes ?? 'unknown' } };
}

/**
 * The security context each Pod Security Standard asks for. Baseline keeps what does not stop a root
 * image (the runtime's seccomp profile, no privilege escalation) and drops the rest of restricted
 * (runAsNonRoot, dropping every capability); privileged sets nothing.
 */
function podSecurity(profile: SecurityProfile): Pick<PodSpec, 'securityContext'> {
  if (profile === 'privileged') return {};
  return {
    securityContext: {
      ...(profile === 'restricted' ? { runAsNonRoot: true } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

function containerSecurity(profile: SecurityProfile): Pick<Container, 'securityContext'> {
  if (profile === 'privileged') return {};
  return {
    securityContext: {
      allowPrivilegeEscalation: false,
      ...(profile === 'restricted' ? { capabilities: { drop: ['ALL'] }, runAsNonRoot: true } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

function containerSpec(
  name: string,
  container: ContainerPlan,
  env: EnvVar[],
  mounts: VolumeMount[],
  profile: SecurityProfile,
): Container {
  const liveness = probe(container.livenessProbe);
  const readiness = probe(container.readinessProbe);
  const resources = container.resources;
  return {
    name,
    image: container.image,
    // As written: runtimes reduce "$$" to "$" here (Kubernetes and Compose alike), and Score files
    // written for Compose rely on it ("$${NAME}" for the shell).
    ...(container.command ? { command: container.command } : {}),
    ...(container.args ? { args: container.args } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(resources
      ? {
          resources: {
            ...(resources.requests ? { requests: { ...resources.requests } } : {}),
            ...(resources.limits ? { limits: { ...resources.limits } } : {}),
          },
        }
      : {}),
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...containerSecurity(profile),
    ...(mounts.length > 0
      ? { volumeMounts: mounts.sort((a, b) => compareStrings(a.mountPath, b.mountPath)) }
      : {}),
  };
}
