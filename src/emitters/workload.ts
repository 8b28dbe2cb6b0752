import { fitLabel } from '../compiler/identity.js';
import { createHash } from 'node:crypto';
import type { ContainerPlan, EnvironmentPlan, ProbePlan, WorkloadPlan } from '../compiler/plan/types.js';
import { toJson as canonicalJson } from '../write/serialize.js';
import { literalText, type Value } from '../compiler/values.js';
import { namespaceFor } from '../resolvers/environments.js';
import { compareStrings } from '../util/compare.js';
import { isRunToCompletion, type SecurityProfile } from '../compiler/workload-settings.js';
import { containerSecurity, podSecurity } from '../compiler/security-context.js';
import { autoscalerOf } from './autoscaler.js';
import { cronJobOf, jobOf } from './jobs.js';
import type {
  ConfigMap,
  Container,
  CronJob,
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  EnvVar,
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
    'app.kubernetes.io/instance': fitLabel(`${workload}-${environment}`),
    'app.kubernetes.io/managed-by': 'paws',
  };
}

/** Selectors use only name and instance: labels that never change for the life of the Deployment. */
function selectorLabels(workload: string, environment: string): Record<string, string> {
  const { 'app.kubernetes.io/managed-by': _managedBy, ...selector } = workloadLabels(workload, environment);
  return selector;
}

export type WorkloadObject =
  | ServiceAccount
  | ConfigMap
  | ExternalSecret
  | Deployment
  | StatefulSet
  | Job
  | CronJob
  | Service
  | PodDisruptionBudget
  | HorizontalPodAutoscaler;

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

type Metadata = (name: string, annotations?: Record<string, string>) => ServiceAccount['metadata'];
type ClaimTemplate = NonNullable<StatefulSetSpec['volumeClaimTemplates']>[number];

/** What building one workload's objects gathers: its secret and config data, volumes and claims. */
interface WorkloadBuild {
  workload: WorkloadPlan;
  plan: EnvironmentPlan;
  meta: Metadata;
  secretName: string;
  configName: string;
  sources: Map<string, SecretSource>;
  templateData: Record<string, string>;
  configData: Record<string, string>;
  binaryData: Record<string, string>;
  volumes: Map<string, Volume>;
  claims: Map<string, ClaimTemplate>;
}

/** ServiceAccount, ConfigMap, ExternalSecret, Deployment (or StatefulSet), Services and PodDisruptionBudget of one workload. */
export function emitWorkload(workload: WorkloadPlan, plan: EnvironmentPlan): WorkloadObject[] {
  const env = plan.environment;
  const namespace = namespaceFor(env, workload.name);
  const labels = workloadLabels(workload.name, env.name);
  const b: WorkloadBuild = {
    workload,
    plan,
    meta: (name, annotations) => ({ name, namespace, labels, ...(annotations ? { annotations } : {}) }),
    secretName: `${workload.name}-secrets`,
    configName: `${workload.name}-files`,
    sources: new Map(),
    templateData: {},
    configData: {},
    binaryData: {},
    volumes: new Map(),
    claims: new Map(),
  };
  const containers = Object.entries(workload.containers).map(([name, container]) =>
    containerSpec(
      name,
      container,
      containerEnv(b, name, container),
      [...fileMounts(b, name, container), ...volumeMounts(b, name, container)],
      workload.securityProfile,
    ),
  );
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: b.meta(workload.name),
    automountServiceAccountToken: false,
  };
  const configMap = configMapOf(b);
  const externalSecret = externalSecretOf(b);
  // An autoscaler owns the replica count: a replicas field would make Argo CD undo its every change.
  const autoscaledByResource = Object.values(workload.resources).some(
    (uid) => resourceByUid(plan, uid)?.type === 'horizontal-pod-autoscaler',
  );
  const replicas = autoscaledByResource ? undefined : workload.replicas;
  const pods = podTemplate(b, labels, containers, { configMap, externalSecret });
  const runs = isRunToCompletion(workload.kind);
  // A disruption budget only matters with more than one pod at all times.
  const pdb: PodDisruptionBudget | undefined =
    !runs && (workload.autoscaling ? workload.autoscaling.min > 1 : replicas === undefined || replicas > 1)
      ? {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: b.meta(workload.name),
          spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(workload.name, env.name) } },
        }
      : undefined;
  return [
    serviceAccount,
    ...(configMap ? [configMap] : []),
    ...(externalSecret ? [externalSecret] : []),
    controller(b, replicas, pods),
    ...(runs ? [] : services(workload, env.name, b.meta)),
    ...(pdb ? [pdb] : []),
    ...optional(autoscalerOf(workload, b.meta(workload.name))),
  ];
}

/** A value with secret parts becomes an entry of the ExternalSecret's template, reading each part's source. */
function secretTemplate(b: WorkloadBuild, key: string, value: Value): void {
  // Each part's source is worked out once: it names the data entry and the template reads it.
  const keys = new Map<Value, string>();
  for (const part of dynamicParts(value)) {
    const source = sourceOf(part, b.plan);
    b.sources.set(source.secretKey, source);
    keys.set(part, source.secretKey);
  }
  b.templateData[key] = goTemplate(value, (part) => keys.get(part) as string);
}

/** Literal variables as values; any with a secret part read from the workload's Secret. */
function containerEnv(b: WorkloadBuild, name: string, container: ContainerPlan): EnvVar[] {
  return Object.entries(container.env).map(([key, variable]): EnvVar => {
    if (variable.value.kind === 'literal')
      return { name: key, value: literalForExpansion(literalText(variable.value.value)) };
    const secretKey = `env-${name}-${key}`;
    secretTemplate(b, secretKey, variable.value);
    return { name: key, valueFrom: { secretKeyRef: { name: b.secretName, key: secretKey } } };
  });
}

/** Files: plain ones from the ConfigMap, those with a secret part from the Secret, each by subPath. */
function fileMounts(b: WorkloadBuild, name: string, container: ContainerPlan): VolumeMount[] {
  return Object.entries(container.files).map(([target, file]): VolumeMount => {
    const key = fileKey(`${name}:${target}`);
    let secret = false;
    if (file.binaryContent !== undefined) b.binaryData[key] = file.binaryContent;
    else {
      const content: Value | undefined = file.content;
      if (content && content.kind !== 'literal') {
        secretTemplate(b, key, content);
        secret = true;
      } else b.configData[key] = content ? literalText(content.value) : '';
    }
    const volumeName = secret ? 'secret-files' : 'files';
    const mode = octalMode(file.mode);
    const existing = b.volumes.get(volumeName);
    const item = { key, path: key, ...(mode !== undefined ? { mode } : {}) };
    if (secret) {
      const items = [...(existing?.secret?.items ?? []), item];
      b.volumes.set(volumeName, { name: volumeName, secret: { secretName: b.secretName, items } });
    } else {
      const items = [...(existing?.configMap?.items ?? []), item];
      b.volumes.set(volumeName, { name: volumeName, configMap: { name: b.configName, items } });
    }
    return { name: volumeName, mountPath: target, subPath: key, readOnly: true };
  });
}

/** Volumes: a StatefulSet's private claims as claim templates, every other source as a pod volume. */
function volumeMounts(b: WorkloadBuild, name: string, container: ContainerPlan): VolumeMount[] {
  return Object.entries(container.volumes).map(([target, volume]): VolumeMount => {
    const resource = 'resource' in volume.source ? resourceByUid(b.plan, volume.source.resource) : undefined;
    const claim = claimTemplate(b.workload, resource);
    let volumeName: string;
    if (claim && resource) {
      volumeName = resource.names.kubernetes;
      b.claims.set(volumeName, { metadata: { name: volumeName }, spec: claim.spec });
    } else {
      volumeName = `volume-${createHash('sha256').update(`${name}:${target}`).digest('hex').slice(0, 10)}`;
      b.volumes.set(volumeName, { name: volumeName, ...volumeSource(volume.source, b.plan) });
    }
    return {
      name: volumeName,
      mountPath: target,
      ...(volume.path ? { subPath: volume.path } : {}),
      ...(volume.readOnly ? { readOnly: true } : {}),
    };
  });
}

function configMapOf(b: WorkloadBuild): ConfigMap | undefined {
  const hasData = Object.keys(b.configData).length > 0;
  const hasBinary = Object.keys(b.binaryData).length > 0;
  if (!hasData && !hasBinary) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: b.meta(b.configName),
    ...(hasData ? { data: b.configData } : {}),
    ...(hasBinary ? { binaryData: b.binaryData } : {}),
  };
}

function externalSecretOf(b: WorkloadBuild): ExternalSecret | undefined {
  if (Object.keys(b.templateData).length === 0) return undefined;
  const env = b.plan.environment;
  const envStore = { kind: env.secretStore.kind, name: env.secretStore.name };
  const data = [...b.sources.values()].sort((x, y) => compareStrings(x.secretKey, y.secretKey));
  // The ExternalSecret's own store is one that its data really uses (the environment's when any item
  // does), so it never names a store that does not exist; the other items say their store.
  const usesEnvStore = data.some((d) => d.store.kind === envStore.kind && d.store.name === envStore.name);
  const defaultStore = usesEnvStore ? envStore : (data[0] as SecretSource).store;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: b.meta(b.workload.name, { [SYNC_WAVE]: '-1' }),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: defaultStore,
      target: {
        name: b.secretName,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        template: { engineVersion: 'v2', data: b.templateData },
      },
      data: data.map((source) => externalSecretData(source, defaultStore)),
    },
  };
}

/** The pods: init containers split off, pod security, volumes, and a checksum of their configuration. */
function podTemplate(
  b: WorkloadBuild,
  labels: Record<string, string>,
  containers: Container[],
  config: { configMap?: ConfigMap; externalSecret?: ExternalSecret },
): PodTemplate {
  const { initContainers, containers: mainContainers } = splitInitContainers(
    b.workload.containers,
    containers,
  );
  // Pods restart when their configuration changes: files, or how secrets are assembled (never their values).
  const checksum = createHash('sha256')
    .update(canonicalJson({ config: config.configMap ?? null, secret: config.externalSecret?.spec ?? null }))
    .digest('hex');
  return {
    metadata: { labels, annotations: { 'paws.dev/config-checksum': checksum, ...b.workload.annotations } },
    spec: {
      serviceAccountName: b.workload.name,
      automountServiceAccountToken: false,
      ...podSecurity(b.workload.securityProfile),
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: mainContainers,
      ...(b.volumes.size > 0
        ? { volumes: [...b.volumes.values()].sort((x, y) => compareStrings(x.name, y.name)) }
        : {}),
    },
  };
}

const optional = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

/** A Deployment, a StatefulSet for `k8s.score.dev/kind: StatefulSet`, a Job or a CronJob. */
function controller(
  b: WorkloadBuild,
  replicas: number | undefined,
  template: PodTemplate,
): Deployment | StatefulSet | Job | CronJob {
  const metadata = b.meta(b.workload.name, { [SYNC_WAVE]: '0' });
  const selector = { matchLabels: selectorLabels(b.workload.name, b.plan.environment.name) };
  if (b.workload.kind === 'Job') return jobOf(b.workload, metadata, template);
  if (b.workload.kind === 'CronJob') return cronJobOf(b.workload, metadata, template);
  if (b.workload.kind === 'StatefulSet')
    return statefulSet(b.workload, metadata, replicas, selector, template, [...b.claims.values()]);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { ...(replicas !== undefined ? { replicas } : {}), revisionHistoryLimit: 5, selector, template },
  };
}

/** The StatefulSet of a `k8s.score.dev/kind: StatefulSet` workload: pods named by the headless Service, a claim each. */
function statefulSet(
  workload: WorkloadPlan,
  metadata: StatefulSet['metadata'],
  replicas: number | undefined,
  selector: { matchLabels: Record<string, string> },
  template: PodTemplate,
  claims: ClaimTemplate[],
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
