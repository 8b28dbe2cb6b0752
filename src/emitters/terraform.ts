import type { EnvironmentPlan, ResourceInstance } from '../compiler/plan/types.js';
import type { Value } from '../compiler/values.js';
import { isTerraformDriver } from '../drivers/index.js';
import { generatedPasswordName } from '../compiler/identity.js';
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

/**
 * The environment's root module: settings from the Environment, every Terraform-driven fragment,
 * generated passwords (ephemeral, kept out of state), the publication of each resource's outputs to
 * the secret store, and outputs (secret ones sensitive). Returns undefined when nothing needs Terraform.
 */
export function emitTerraform(plan: EnvironmentPlan): {
  module?: Record<string, unknown>;
  conflicts: string[];
} {
  const env = plan.environment;
  const conflicts: string[] = [];
  const blocks: Blocks = {};
  const outputs: Record<string, Record<string, unknown>> = {};
  const terraformResources = plan.resources.filter((r) => isTerraformDriver(r.definition.driver));
  for (const resource of terraformResources) {
    mergeBlocks(blocks, resource.fragment.terraform, resource.uid, conflicts);
    const generated = Object.entries(resource.outputs).filter(([, v]) => v.kind === 'generated');
    for (const [output] of generated) {
      const passwords = ((blocks.ephemeral ??= {}).random_password ??= {}) as Record<string, unknown>;
      passwords[generatedPasswordName(resource.names.terraform, output)] = { length: 32, special: false };
    }
    if (env.secretStore.publish !== 'none') publish(resource, plan, blocks, generated.length > 0, conflicts);
    for (const [output, value] of Object.entries(resource.outputs)) {
      if (value.kind !== 'terraform') continue;
      outputs[`${resource.names.terraform}__${output}`] = {
        value: value.template,
        ...(value.secret || resource.secretOutputs.includes(output) ? { sensitive: true } : {}),
        description: escapeTemplate(`${output} of ${resource.uid}`),
      };
    }
  }
  if (terraformResources.length === 0) return { conflicts };

  const providerNames = new Set<string>(Object.keys(env.terraform.providers));
  for (const blockType of ['resource', 'data', 'ephemeral']) {
    for (const kind of Object.keys(blocks[blockType] ?? {})) providerNames.add(kind.split('_')[0] as string);
  }
  const requiredProviders = Object.fromEntries(
    [...providerNames]
      .sort(compareStrings)
      .map((name) => [name, PROVIDERS[name] ?? { source: `hashicorp/${name}` }]),
  );
  const module: Record<string, unknown> = {
    terraform: {
      required_version: env.terraform.requiredVersion,
      required_providers: requiredProviders,
      ...(env.terraform.backend ? { backend: env.terraform.backend } : {}),
    },
    ...(Object.keys(env.terraform.providers).length > 0 ? { provider: env.terraform.providers } : {}),
    ...blocks,
    ...(Object.keys(outputs).length > 0 ? { output: outputs } : {}),
  };
  return { module, conflicts };
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
      ...(writeOnly ? { data_json_wo: json, data_json_wo_version: 1 } : { data_json: json }),
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
    ...(writeOnly ? { secret_string_wo: json, secret_string_wo_version: 1 } : { secret_string: json }),
  };
}
