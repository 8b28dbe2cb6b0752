import type { EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import type { Value } from '../compiler/values.js';
import { isTerraformDriver } from '../drivers/index.js';
import { generatedPasswordName, moduleOutputName, remoteStateName } from '../compiler/identity.js';
import { moduleBackend, type ResolvedEnvironment } from '../compiler/environment.js';
import { posix } from 'node:path';
import { compareStrings } from '../util/compare.js';
import { escapeTemplate, escapeTemplates } from '../util/terraform-text.js';
import { publishedSecretKey } from './secrets.js';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** Providers paws knows the source and minimum version of; others are taken from the hashicorp namespace. */
const PROVIDERS: Record<string, { source: string; version: string }> = {
  // 6.x: password_wo / secret_string_wo write-only arguments.
  aws: { source: 'hashicorp/aws', version: '>= 6.0' },
  // 3.7: the ephemeral random_password resource.
  random: { source: 'hashicorp/random', version: '>= 3.7' },
  // 5.0: data_json_wo, the write-only form of vault_kv_secret_v2's data.
  vault: { source: 'hashicorp/vault', version: '>= 5.0' },
};

/**
 * A value as Terraform JSON: literals with every string escaped (data), Terraform text as it is,
 * a generated password as its ephemeral reference. Concatenations are not published: consumers
 * rebuild them from their parts.
 */
function terraformJson(value: Value, tfName: string): unknown {
  switch (value.kind) {
    case 'literal':
      return escapeTemplates(value.value);
    case 'terraform':
      return value.template;
    case 'generated':
      return `\${ephemeral.random_password.${generatedPasswordName(tfName, value.output)}.result}`;
    default:
      return undefined;
  }
}

function mergeBlocks(
  into: Blocks,
  blocks: Record<string, unknown>,
  resource: string,
  conflicts: string[],
): void {
  for (const [blockType, byType] of Object.entries(blocks)) {
    if (!byType || typeof byType !== 'object') continue;
    const target = (into[blockType] ??= {});
    for (const [kind, byName] of Object.entries(byType as Record<string, unknown>)) {
      if (blockType === 'locals' || blockType === 'module') {
        if (Object.hasOwn(target, kind)) conflicts.push(`locals.${kind} (again in ${resource})`);
        target[kind] = byName as Record<string, unknown>;
        continue;
      }
      const names = (target[kind] ??= {}) as Record<string, unknown>;
      for (const [name, body] of Object.entries((byName ?? {}) as Record<string, unknown>)) {
        if (Object.hasOwn(names, name)) conflicts.push(`${blockType}.${kind}.${name} (again in ${resource})`);
        names[name] = body;
      }
    }
  }
}

/** A root module's place in the apply order: its folder below `<env>/terraform` ("" with the single layout). */
export interface ModuleOrderEntry {
  path: string;
  /** The modules whose outputs it reads: they are applied first. */
  dependsOn: readonly string[];
}

/**
 * The environment's Terraform-made resources by root module (folder below `<env>/terraform`, "" for
 * the single module), sorted, with the modules each one reads through remote state.
 */
export function moduleGroups(
  plan: EnvironmentPlan,
): { path: string; resources: ResourceInstance[]; dependsOn: string[] }[] {
  const byModule = new Map<string, ResourceInstance[]>();
  for (const resource of plan.resources) {
    if (!isTerraformDriver(resource.definition.driver)) continue;
    const path = resource.module ?? '';
    const list = byModule.get(path);
    if (list) list.push(resource);
    else byModule.set(path, [resource]);
  }
  const byUid = new Map(plan.resources.map((r) => [r.uid, r]));
  return [...byModule.keys()].sort(compareStrings).map((path) => {
    const resources = byModule.get(path) as ResourceInstance[];
    const dependsOn = new Set<string>();
    for (const resource of resources) {
      for (const dep of resource.dependsOn) {
        const other = byUid.get(dep);
        if (
          other?.module !== undefined &&
          other.module !== path &&
          isTerraformDriver(other.definition.driver)
        )
          dependsOn.add(other.module);
      }
    }
    return { path, resources, dependsOn: [...dependsOn].sort(compareStrings) };
  });
}

/**
 * One root module: settings from the Environment (the backend at the module's own location), a
 * remote-state read of each module it depends on, its resources' fragments, generated passwords
 * (ephemeral, kept out of state), the publication of each resource's outputs to the secret store,
 * and outputs (secret ones sensitive; other modules read the rest).
 */
export function rootModule(
  plan: EnvironmentPlan,
  path: string,
  resources: readonly ResourceInstance[],
  dependsOn: readonly string[],
  conflicts: string[],
): Record<string, unknown> {
  const env = plan.environment;
  const blocks: Blocks = {};
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const dep of dependsOn) {
    const states = ((blocks.data ??= {}).terraform_remote_state ??= {}) as Record<string, unknown>;
    states[remoteStateName(dep)] = remoteState(env, path, dep);
  }
  for (const resource of resources) {
    mergeBlocks(blocks, resource.fragment.terraform, resource.uid, conflicts);
    const generated = Object.entries(resource.outputs).filter(([, v]) => v.kind === 'generated');
    for (const [output] of generated) {
      const passwords = ((blocks.ephemeral ??= {}).random_password ??= {}) as Record<string, unknown>;
      passwords[generatedPasswordName(resource.names.terraform, output)] = { length: 32, special: false };
    }
    if (env.secretStore.publish !== 'none') publish(resource, plan, blocks, generated.length > 0, conflicts);
    for (const [output, value] of Object.entries(resource.outputs)) {
      if (value.kind !== 'terraform') continue;
      outputs[moduleOutputName(resource.names.terraform, output)] = {
        value: value.template,
        ...(value.secret || resource.secretOutputs.includes(output) ? { sensitive: true } : {}),
        description: escapeTemplate(`${output} of ${resource.uid}`),
      };
    }
  }
  const backend = moduleBackend(env, path || 'main');
  return {
    terraform: {
      required_version: env.terraform.requiredVersion,
      required_providers: requiredProviders(env, blocks),
      ...(backend ? { backend } : {}),
    },
    ...(Object.keys(env.terraform.providers).length > 0 ? { provider: env.terraform.providers } : {}),
    ...blocks,
    ...(Object.keys(outputs).length > 0 ? { output: outputs } : {}),
  };
}

/** Providers the environment configures and those the blocks use; `terraform` is built in. */
function requiredProviders(env: ResolvedEnvironment, blocks: Blocks): Record<string, unknown> {
  const names = new Set<string>(Object.keys(env.terraform.providers));
  for (const blockType of ['resource', 'data', 'ephemeral']) {
    for (const kind of Object.keys(blocks[blockType] ?? {})) names.add(kind.split('_')[0] as string);
  }
  names.delete('terraform');
  return Object.fromEntries(
    [...names].sort(compareStrings).map((name) => [name, PROVIDERS[name] ?? { source: `hashicorp/${name}` }]),
  );
}

/**
 * How module `from` reads module `dep`'s outputs: the environment's backend at `dep`'s location
 * (platform data, so escaped: this is an ordinary data source, where `${` would be live), or, with
 * no backend, the local state file in `dep`'s folder.
 */
function remoteState(env: ResolvedEnvironment, from: string, dep: string): Record<string, unknown> {
  const backend = moduleBackend(env, dep);
  const [type, settings] = Object.entries(backend ?? {})[0] ?? [];
  if (type && settings) return { backend: escapeTemplate(type), config: escapeTemplates(settings) };
  return {
    backend: 'local',
    config: { path: escapeTemplate(`${posix.relative(from, dep)}/terraform.tfstate`) },
  };
}

/** The local that holds a resource's published outputs (implicitly ephemeral when one of them is). */
export function publishedLocal(tfName: string): string {
  return `paws_outputs_${tfName}`;
}

/**
 * One secret per resource in the environment's store (`paws/<env>/<type>/<class>/<id>`: an AWS
 * Secrets Manager secret, or a Vault KV v2 entry), holding the JSON of all its outputs; workloads
 * read it through ExternalSecrets. The outputs are a `locals` object in
 * Terraform JSON, so data stays data without paws writing HCL. With a generated password the value
 * is written with the write-only secret_string_wo, so the password never enters the state.
 */
function publish(
  resource: ResourceInstance,
  plan: EnvironmentPlan,
  blocks: Blocks,
  writeOnly: boolean,
  conflicts: string[],
): void {
  const name = resource.names.terraform;
  const version = resource.rotation ?? 1;
  const resend = resendWhenReplaced(resource);
  const fields: Record<string, unknown> = {};
  for (const [output, value] of Object.entries(resource.outputs)) {
    const json = terraformJson(value, name);
    if (json !== undefined) fields[escapeTemplate(output)] = json;
  }
  const local = publishedLocal(name);
  const locals = (blocks.locals ??= {}) as Record<string, unknown>;
  if (Object.hasOwn(locals, local)) conflicts.push(`locals.${local} (again in ${resource.uid})`);
  locals[local] = fields;
  const json = `\${jsonencode(local.${local})}`;
  const resources = (blocks.resource ??= {});
  const store = plan.environment.secretStore;
  if (store.publish === 'vault') {
    const kv = (resources.vault_kv_secret_v2 ??= {}) as Record<string, unknown>;
    kv[name] = {
      mount: escapeTemplate(store.vault?.mount ?? 'secret'),
      name: escapeTemplate(publishedSecretKey(plan.environment.name, resource)),
      ...(writeOnly ? { data_json_wo: json, data_json_wo_version: version, ...resend } : { data_json: json }),
    };
    return;
  }
  const secrets = (resources.aws_secretsmanager_secret ??= {}) as Record<string, unknown>;
  secrets[name] = escapeTemplates({
    name: publishedSecretKey(plan.environment.name, resource),
    description: `paws: outputs of ${resource.uid} in ${plan.environment.name}`,
    recovery_window_in_days: plan.environment.type === 'production' ? 30 : 0,
    tags: { 'paws.dev/environment': plan.environment.name, 'paws.dev/resource': resource.uid },
  });
  const versions = (resources.aws_secretsmanager_secret_version ??= {}) as Record<string, unknown>;
  versions[name] = {
    secret_id: `\${aws_secretsmanager_secret.${name}.id}`,
    ...(writeOnly
      ? { secret_string_wo: json, secret_string_wo_version: version, ...resend }
      : { secret_string: json }),
  };
}

/**
 * A write-only value is sent only when its version changes: the version follows the resource's
 * rotation, and a replaced block of the resource (a new database, a new generated password) replaces
 * the published version too, so what is published is never the credentials of a resource that is gone.
 */
function resendWhenReplaced(resource: ResourceInstance): { lifecycle?: { replace_triggered_by: string[] } } {
  const addresses = Object.entries(resource.fragment.terraform.resource ?? {})
    .filter(([type]) => !type.startsWith('aws_secretsmanager_') && !type.startsWith('vault_'))
    .flatMap(([type, byName]) => Object.keys(byName ?? {}).map((name) => `${type}.${name}`))
    .sort(compareStrings);
  return addresses.length > 0 ? { lifecycle: { replace_triggered_by: addresses } } : {};
}
