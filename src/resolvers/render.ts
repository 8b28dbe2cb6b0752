import * as path from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import type { ResourceDefinition, ResourceType } from '../compiler/model.js';
import type { BoundJson } from '../compiler/plan/types.js';
import { type JsonValue, literalText, type Value } from '../compiler/values.js';
import { DRIVERS, type DriverInput, type Fragment, isTerraformDriver } from '../drivers/index.js';
import { templateContext } from '../drivers/template.js';
import { append, compareStrings, setOwn } from '../util/compare.js';
import { escapeTemplate, escapeTemplates } from '../util/terraform-text.js';
import type { ResolvedEnvironment } from './environments.js';
import {
  GENERATED_SECRET_KEY,
  generatedPasswordName,
  generatedSecretName,
  kubernetesName,
  type ResourceIdentity,
  terraformName,
} from '../compiler/identity.js';
import { checkContract, evaluateOutputs, outputContract } from './outputs.js';

/** Everything needed to render one resource: the same for `compile` and `definitions check`. */
export interface RenderRequest {
  definition: ResourceDefinition;
  type: ResourceType;
  identity: ResourceIdentity;
  uid: string;
  namespace: string;
  environment: ResolvedEnvironment;
  /** Sorted. */
  workloads: string[];
  /** Params after defaults, placeholders bound to values. */
  params: Record<string, BoundJson>;
  /** Outputs of each required resource, by the definition's local name. */
  requires: Record<string, Record<string, Value>>;
  /** Secret name and key of each in-cluster generated secret of a required resource. */
  requiredSecrets?: Record<string, Record<string, { name: string; key: string }>>;
  services: DriverInput['services'];
  /** Version of its write-only values (1 + rotations). */
  rotation: number;
  /** Text of a file by absolute path (templates next to definitions). */
  readFile?: (absolutePath: string) => string | undefined;
}

export interface RenderedResource {
  names: { terraform: string; kubernetes: string };
  /** Sorted by name; apply-time values carry the contract's secret marking. */
  outputs: Record<string, Value>;
  fragment: Fragment;
}

/**
 * How template data is written for the sink a template renders into. Terraform text is also how
 * outputs are read back into values: data escaped, references live, so the two never mix.
 */
interface Dialect {
  /** Data (a developer's or a platform's value) as template text. */
  data<T>(value: T): T;
  /** A bound value as template text; undefined for secrets, which templates never see. */
  value(value: Value): string | undefined;
}

const valueText =
  (escape: (text: string) => string) =>
  (value: Value): string | undefined => {
    switch (value.kind) {
      case 'literal':
        return escape(literalText(value.value));
      case 'terraform':
        return value.secret ? undefined : value.template;
      case 'concat': {
        const parts = value.parts.map(valueText(escape));
        return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
      }
      default:
        return undefined;
    }
  };

/** Templates that render Terraform JSON, and every definition's outputs. */
const TERRAFORM_TEXT: Dialect = { data: escapeTemplates, value: valueText(escapeTemplate) };
/** Templates that render Kubernetes manifests: data as it is. */
const PLAIN_TEXT: Dialect = { data: (value) => value, value: valueText((text) => text) };

function templateParams(value: BoundJson, dialect: Dialect): unknown {
  if (Array.isArray(value)) return value.map((v) => templateParams(v, dialect));
  if (value && typeof value === 'object') {
    if ('$value' in value && Object.keys(value).length === 1) return dialect.value(value.$value as Value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      setOwn(out, dialect.data(k), templateParams(v as BoundJson, dialect));
    }
    return out;
  }
  return dialect.data(value);
}

/** Outputs of a required resource as templates see them; secrets are left out (templates render plain text). */
function templateOutputs(outputs: Record<string, Value>, dialect: Dialect): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const text = value.kind === 'literal' ? dialect.data<JsonValue>(value.value) : dialect.value(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** Every workload's services, written once per environment and dialect: all resources share them. */
const servicesCache = new WeakMap<object, Map<Dialect, DriverInput['services']>>();
function servicesIn(services: DriverInput['services'], dialect: Dialect): DriverInput['services'] {
  let byDialect = servicesCache.get(services);
  if (!byDialect) servicesCache.set(services, (byDialect = new Map()));
  let written = byDialect.get(dialect);
  if (!written) byDialect.set(dialect, (written = dialect.data(services)));
  return written;
}

/**
 * Addresses an output refers to that are named after this resource (`aws_db_instance.<tfName>…`,
 * `data.x.<tfName>…`, `module.<tfName>…`, `local.<tfName>…`) but that its fragment does not declare:
 * the module would refer to something that does not exist.
 */
/**
 * Every `[data.|ephemeral.]<type>.<name>` in a template whose name starts with tfName. Found from
 * each occurrence of the name, reading the type backwards: one pass, where a regular expression per
 * resource cost a third of a second over a thousand resources.
 */
function addressesNaming(
  template: string,
  tfName: string,
): { address: string; prefix?: string; type: string; name: string }[] {
  const found: { address: string; prefix?: string; type: string; name: string }[] = [];
  const word = (c: string | undefined, extra: RegExp) => c !== undefined && extra.test(c);
  for (let at = template.indexOf(tfName); at >= 0; at = template.indexOf(tfName, at + 1)) {
    if (template[at - 1] !== '.') continue;
    let typeStart = at - 1;
    while (word(template[typeStart - 1], /[a-z0-9_]/)) typeStart--;
    const type = template.slice(typeStart, at - 1);
    if (!/^[a-z]/.test(type)) continue;
    let end = at + tfName.length;
    while (word(template[end], /[A-Za-z0-9_-]/)) end++;
    const before = template.slice(Math.max(0, typeStart - 11), typeStart);
    const prefix = /(?:^|[^A-Za-z0-9_])(data|ephemeral)\.$/.exec(before)?.[1];
    // The same word boundary the address needs: no identifier character right before it.
    const start = prefix ? typeStart - prefix.length - 1 : typeStart;
    if (word(template[start - 1], /[A-Za-z0-9_]/)) continue;
    found.push({
      address: template.slice(start, end),
      ...(prefix ? { prefix } : {}),
      type,
      name: template.slice(at, end),
    });
  }
  return found;
}

function undeclaredReferences(outputs: Record<string, Value>, fragment: Fragment, tfName: string): string[] {
  const blocks = fragment.terraform as Record<string, Record<string, Record<string, unknown> | unknown>>;
  const has = (block: string, type: string, name?: string) => {
    const byType = blocks[block]?.[type];
    return name === undefined
      ? byType !== undefined
      : Boolean(byType && typeof byType === 'object' && name in byType);
  };
  const missing = new Set<string>();
  for (const value of Object.values(outputs)) {
    if (value.kind !== 'terraform') continue;
    for (const { address, prefix, type, name } of addressesNaming(value.template, tfName)) {
      if (prefix === 'ephemeral' && type === 'random_password') continue; // paws declares these
      const declared =
        type === 'module'
          ? has('module', name)
          : type === 'local'
            ? has('locals', name)
            : has(prefix === 'data' ? 'data' : prefix === 'ephemeral' ? 'ephemeral' : 'resource', type, name);
      if (!declared) missing.add(address);
    }
  }
  return [...missing].sort(compareStrings);
}

/** Output names a definition generates (`{ generate: password }`). */
function generatedOutputs(definition: ResourceDefinition): string[] {
  return Object.entries((definition.spec.outputs ?? {}) as Record<string, unknown>)
    .filter(([, v]) => v !== null && typeof v === 'object' && 'generate' in v && Object.keys(v).length === 1)
    .map(([name]) => name)
    .sort(compareStrings);
}

/** The inputs every driver and output template sees, written in one dialect. */
function driverInput(request: RenderRequest, dialect: Dialect): DriverInput {
  const { definition, identity, uid } = request;
  const names = { terraform: terraformName(identity), kubernetes: kubernetesName(identity) };
  const kind = definition.spec.driver.kind;
  const generatedNames = generatedOutputs(definition);
  return {
    definition,
    resource: dialect.data({
      uid,
      ...identity,
      tfName: names.terraform,
      k8sName: names.kubernetes,
      namespace: request.namespace,
      rotation: request.rotation,
    }),
    params: templateParams(request.params, dialect) as Record<string, unknown>,
    // dns is the platform's free text: written in the dialect like any data.
    environment: request.environment.dns
      ? { ...request.environment, dns: dialect.data(request.environment.dns) }
      : request.environment,
    workloads: dialect.data(request.workloads),
    requiredSecrets: dialect.data(request.requiredSecrets ?? {}),
    requires: Object.fromEntries(
      Object.entries(request.requires).map(([local, outputs]) => [local, templateOutputs(outputs, dialect)]),
    ),
    services: servicesIn(request.services, dialect),
    // Live on purpose: references paws writes itself.
    generated: isTerraformDriver(kind)
      ? Object.fromEntries(
          generatedNames.map((name) => [
            name,
            `\${ephemeral.random_password.${generatedPasswordName(names.terraform, name)}.result}`,
          ]),
        )
      : {},
    secrets:
      kind === 'kubernetes'
        ? dialect.data(
            Object.fromEntries(
              generatedNames.map((name) => [
                name,
                { name: generatedSecretName(identity, name), key: GENERATED_SECRET_KEY },
              ]),
            ),
          )
        : {},
    outputs: {},
    outputText: {},
    readAsset: (relative) =>
      request.readFile?.(path.posix.resolve(path.posix.dirname(definition.document.source.path), relative)),
  };
}

/**
 * Renders one resource: its outputs through the definition's templates, then its driver, then the
 * contract check. Data reaches Terraform escaped (a terraform or cdktf driver sees Terraform text);
 * a Kubernetes template sees data as it is.
 */
export async function renderResource(
  request: RenderRequest,
): Promise<{ rendered?: RenderedResource; diagnostics: Diagnostic[] }> {
  const { definition, type } = request;
  const diagnostics: Diagnostic[] = [];
  const contract = outputContract(type);
  const valueInput = driverInput(request, TERRAFORM_TEXT);
  const evaluated = evaluateOutputs(definition, templateContext(valueInput), request.uid, contract);
  append(diagnostics, evaluated.diagnostics);
  if (evaluated.diagnostics.length > 0) return { diagnostics };
  const kind = definition.spec.driver.kind;
  const input = isTerraformDriver(kind) ? valueInput : driverInput(request, PLAIN_TEXT);
  const outputText = templateOutputs(
    evaluated.outputs,
    isTerraformDriver(kind) ? TERRAFORM_TEXT : PLAIN_TEXT,
  );
  const driven = await DRIVERS[kind].render({ ...input, outputs: evaluated.outputs, outputText });
  append(diagnostics, driven.diagnostics);
  if (!driven.fragment) return { diagnostics };
  const merged = { ...(driven.fragment.outputs ?? {}), ...evaluated.outputs };
  const outputs: Record<string, Value> = {};
  for (const name of Object.keys(merged).sort(compareStrings)) {
    const value = merged[name] as Value;
    // Secret-ness of an apply-time value comes from the contract, whoever produced it.
    outputs[name] =
      value.kind === 'terraform' ? { ...value, secret: value.secret || contract.secret.has(name) } : value;
  }
  append(diagnostics, checkContract(definition, type, contract, outputs));
  if (isTerraformDriver(kind)) {
    const missing = undeclaredReferences(outputs, driven.fragment, terraformName(request.identity));
    if (missing.length > 0)
      diagnostics.push({
        code: 'PAWS3306',
        severity: 'error',
        message: `outputs of definition "${definition.name}" refer to ${missing.map((m) => `"${m}"`).join(', ')}, which its ${definition.spec.driver.template || definition.spec.driver.templateFile || definition.spec.driver.module ? 'driver does not declare' : 'driver declares nothing for (it has no template)'}`,
        ...locate(definition.document, definition.spec.outputs ? '/spec/outputs' : '/spec/driver', 'key'),
        hint: 'declare the block in the template (resource, data, module or locals), or refer to one it declares',
      });
  }
  const names = { terraform: terraformName(request.identity), kubernetes: kubernetesName(request.identity) };
  return { rendered: { names, outputs, fragment: driven.fragment }, diagnostics };
}
