import type { EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import type { Value } from '../compiler/values.js';
import { literalText } from '../compiler/values.js';
import { isTerraformDriver } from '../drivers/index.js';
import { GENERATED_SECRET_KEY, generatedSecretName, kubernetesLabel } from '../compiler/identity.js';
import type { ExternalSecretData } from './objects.js';

/**
 * Where a value that is not a compile-time literal is read from at run time. Every such value
 * reaches a container through an ExternalSecret: nothing secret, and nothing known only after
 * apply, is ever written into a manifest.
 */
export interface SecretSource {
  /** Key in the ExternalSecret's data (and so a name inside Go templates). */
  secretKey: string;
  store: { kind: 'ClusterSecretStore' | 'SecretStore'; name: string };
  key: string;
  property?: string;
}

/** The key under which Terraform publishes a resource's outputs (AWS Secrets Manager names allow no "#"). */
export function publishedSecretKey(
  environment: string,
  resource: Pick<ResourceInstance, 'type' | 'class' | 'id'>,
): string {
  return `paws/${environment}/${resource.type}/${resource.class}/${resource.id}`;
}

const indexes = new WeakMap<EnvironmentPlan, Map<string, ResourceInstance>>();

/** A plan's resources by uid, indexed once per plan: emitters look them up for every value. */
export function resourceByUid(plan: EnvironmentPlan, uid: string): ResourceInstance | undefined {
  let index = indexes.get(plan);
  if (!index) {
    index = new Map(plan.resources.map((r) => [r.uid, r]));
    indexes.set(plan, index);
  }
  return index.get(uid);
}

/** The ClusterSecretStore (kubernetes provider) that reads generated Secrets in one namespace. */
export function clusterStoreName(namespace: string): string {
  return kubernetesLabel(`paws-${namespace}`);
}

export function sourceOf(
  value: Exclude<Value, { kind: 'literal' } | { kind: 'concat' }>,
  plan: EnvironmentPlan,
): SecretSource {
  const env = plan.environment;
  const envStore = { kind: env.secretStore.kind, name: env.secretStore.name };
  if (value.kind === 'secretRef') {
    return {
      secretKey: kubernetesLabel(`ref-${value.key}-${value.property ?? 'value'}`).replace(/-+$/, ''),
      store: envStore,
      key: value.key,
      ...(value.property ? { property: value.property } : {}),
    };
  }
  const resource = resourceByUid(plan, value.resource) as ResourceInstance;
  const secretKey = `${resource.names.kubernetes}-${value.output.replace(/_/g, '-')}`;
  if (value.kind === 'generated' && !isTerraformDriver(resource.definition.driver)) {
    return {
      secretKey,
      store: { kind: 'ClusterSecretStore', name: clusterStoreName(resource.namespace) },
      key: generatedSecretName(resource, value.output),
      property: GENERATED_SECRET_KEY,
    };
  }
  return { secretKey, store: envStore, key: publishedSecretKey(env.name, resource), property: value.output };
}

/** The ExternalSecret `data` entry for a source, with the defaults spelled out so ArgoCD sees no drift. */
export function externalSecretData(
  source: SecretSource,
  defaultStore: SecretSource['store'],
): ExternalSecretData {
  const sameStore = source.store.kind === defaultStore.kind && source.store.name === defaultStore.name;
  return {
    secretKey: source.secretKey,
    remoteRef: {
      key: source.key,
      ...(source.property ? { property: source.property } : {}),
      conversionStrategy: 'Default',
      decodingStrategy: 'None',
      metadataPolicy: 'None',
    },
    ...(sameStore ? {} : { sourceRef: { storeRef: { kind: source.store.kind, name: source.store.name } } }),
  };
}

/**
 * The Go template (ESO `target.template`, engine v2) that rebuilds a value from its parts: literal
 * text as is (every "{" that could open an action written as an action), every other part read
 * from the ExternalSecret's data.
 */
export function goTemplate(
  value: Value,
  sourceKey: (part: Exclude<Value, { kind: 'literal' } | { kind: 'concat' }>) => string,
): string {
  const parts = value.kind === 'concat' ? value.parts : [value];
  return parts
    .map((part) => {
      // A "{" that meets another "{" (its own or the next action's) would open an action.
      if (part.kind === 'literal') return literalText(part.value).replace(/\{(?=\{|$)/g, '{{ "{" }}');
      if (part.kind === 'concat') return goTemplate(part, sourceKey);
      return `{{ index . ${JSON.stringify(sourceKey(part))} }}`;
    })
    .join('');
}

/** The non-literal parts of a value, in order. */
export function dynamicParts(value: Value): Exclude<Value, { kind: 'literal' } | { kind: 'concat' }>[] {
  if (value.kind === 'literal') return [];
  if (value.kind === 'concat') return value.parts.flatMap(dynamicParts);
  return [value];
}
