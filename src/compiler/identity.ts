import { createHash } from 'node:crypto';

/** A resource instance's identity within an environment: `type.class#id`. */
export interface ResourceIdentity {
  type: string;
  class: string;
  id: string;
}

export const DEFAULT_CLASS = 'default';

export function uidOf(identity: ResourceIdentity): string {
  return `${identity.type}.${identity.class}#${identity.id}`;
}

/** Score's default id for a resource without one: private to the workload that declares it. */
export function defaultResourceId(workload: string, resource: string): string {
  return `${workload}.${resource}`;
}

export function shortHash(text: string, length = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * A Terraform identifier, stable and unique per uid: types and classes have no "_" and ids have
 * none either (the schemas forbid it), so "_" can stand for both separators and dots.
 */
export function terraformName(identity: ResourceIdentity): string {
  const name = `${identity.type}_${identity.class}_${identity.id.replace(/\./g, '_')}`.toLowerCase();
  const safe = /^[a-z_]/.test(name) ? name : `r_${name}`;
  return name === `${identity.type}_${identity.class}_${identity.id.replace(/\./g, '_')}`
    ? safe
    : `${safe}_${shortHash(uidOf(identity))}`;
}

/**
 * A Kubernetes name (RFC 1123 label, ≤ 63 characters): readable prefix plus a hash of the uid,
 * because types, classes and ids all may hold "-" and turning "." into "-" would let two uids meet.
 */
export function kubernetesName(identity: ResourceIdentity): string {
  const key = `${identity.type}\0${identity.class}\0${identity.id}`;
  let name = kubernetesNames.get(key);
  if (name === undefined) {
    const plain =
      identity.class === DEFAULT_CLASS
        ? `${identity.type}-${identity.id}`
        : `${identity.type}-${identity.class}-${identity.id}`;
    const label = plain.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    const hash = shortHash(uidOf(identity));
    name = `${label.slice(0, 63 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
    // Each resource's name is asked for by several stages; a hash per ask was ~2% of a large compile.
    if (kubernetesNames.size >= 100_000) kubernetesNames.clear();
    kubernetesNames.set(key, name);
  }
  return name;
}
const kubernetesNames = new Map<string, string>();

/**
 * A name made of others (`<workload>-<environment>`) as a DNS label and label value (≤ 63): kept
 * when it fits, else cut with a hash of the whole, so it stays stable and unique. Names that fit
 * never change.
 */
export function fitLabel(name: string): string {
  if (name.length <= 63) return name;
  const hash = shortHash(name);
  return `${name.slice(0, 63 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Any text as a Terraform identifier (for template helpers); not unique by itself. */
export function terraformIdentifier(text: string): string {
  const safe = text.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
  return /^[a-z_]/.test(safe) ? safe : `_${safe}`;
}

/** Any text as an RFC 1123 label (for template helpers); not unique by itself. */
export function kubernetesLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'x';
}

/** The Kubernetes Secret that holds a generated secret output of an in-cluster resource. */
export function generatedSecretName(identity: ResourceIdentity, output: string): string {
  return kubernetesName({ ...identity, id: `${identity.id}.${output}` });
}

/** The key of a generated password inside its Secret (what the ESO Password generator writes). */
export const GENERATED_SECRET_KEY = 'password';

/** Name of the ephemeral random_password that generates a Terraform resource's secret output. */
export function generatedPasswordName(tfName: string, output: string): string {
  return `${tfName}_${output}`;
}

/** The pseudo-workload whose namespace holds in-cluster resources that several workloads share. */
export const SHARED_NAMESPACE_WORKLOAD = 'shared';

/** The folder of the shared resources' modules and in-cluster objects: no workload can have the name. */
export const SHARED_FOLDER = '_shared';

/**
 * The root module that holds a Terraform-made resource, as a folder below `<env>/terraform`: its
 * workload's when private, `_shared/<name>` when shared; undefined with the single layout (one module).
 */
export function terraformModuleOf(
  layout: 'modules' | 'single',
  identity: ResourceIdentity,
  privateTo: string | undefined,
): string | undefined {
  if (layout === 'single') return undefined;
  return privateTo ?? `${SHARED_FOLDER}/${kubernetesName(identity)}`;
}

/** The Terraform output through which a module publishes one output of a resource. */
export function moduleOutputName(tfName: string, output: string): string {
  return `${tfName}__${output}`;
}

/** The `terraform_remote_state` data source through which one module reads another's outputs. */
export function remoteStateName(module: string): string {
  return terraformIdentifier(module.replace(/\//g, '__'));
}
