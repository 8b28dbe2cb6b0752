import type { Diagnostic, Location } from '../compiler/diagnostics.js';
import { locate, spanOf } from '../compiler/load/index.js';
import { locationAt } from '../compiler/load/source.js';
import { joinPointer, toPointer } from '../compiler/load/pointer.js';
import type { ResourceDefinition, ResourceType } from '../compiler/model.js';
import { didYouMean } from '../compiler/suggest.js';
import { concat, type JsonValue, literal, type Value } from '../compiler/values.js';
import { templateDiagnostic } from '../drivers/template-diagnostic.js';
import { renderTemplate, TemplateError } from '../drivers/template-engine.js';
import { compareStrings } from '../util/compare.js';
import { readTemplate } from '../util/terraform-text.js';

type Schema = Record<string, unknown>;

/** The contract side of a ResourceType's outputs schema. */
export interface OutputContract {
  properties: Record<string, Schema>;
  required: string[];
  /** True when outputs beyond `properties` are allowed. */
  open: boolean;
  secret: Set<string>;
}

export function outputContract(type: ResourceType): OutputContract {
  const outputs = type.spec.outputs as Schema;
  const properties = (outputs.properties ?? {}) as Record<string, Schema>;
  const additional = outputs.additionalProperties;
  return {
    properties,
    required: Array.isArray(outputs.required) ? outputs.required.map(String) : [],
    open: outputs.properties === undefined || (additional !== undefined && additional !== false),
    secret: new Set(
      Object.entries(properties)
        .filter(([, s]) => s['x-paws-secret'] === true)
        .map(([name]) => name),
    ),
  };
}

/**
 * Turns a definition's `outputs` into value expressions. Each entry is one of:
 * - a string: rendered with Handlebars into Terraform text (every inserted value escaped); if the
 *   definition's own text holds a Terraform interpolation ("${…}") it is a reference known after
 *   apply, else the literal text Terraform would read;
 * - `{ secretRef: { key, property? } }`: a reference into the environment's secret store;
 * - `{ generate: password }`: a secret generated in the environment;
 * - any other value (number, boolean, object, list): a literal, strings inside it rendered.
 */
export function evaluateOutputs(
  definition: ResourceDefinition,
  context: Record<string, unknown>,
  uid: string,
  contract: OutputContract,
): { outputs: Record<string, Value>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const outputs: Record<string, Value> = {};
  const raw = (definition.spec.outputs ?? {}) as Record<string, unknown>;
  const doc = definition.document;
  const isConcat = (v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'concat' in v;
  // Concatenations read other outputs, so they are evaluated after every plain output.
  const names = Object.keys(raw).sort(compareStrings);
  for (const name of [...names.filter((n) => !isConcat(raw[n])), ...names.filter((n) => isConcat(raw[n]))]) {
    const pointer = toPointer(['spec', 'outputs', name]);
    try {
      const entry = raw[name];
      outputs[name] = isConcat(entry)
        ? concatValue(
            (entry as { concat: unknown }).concat,
            outputs,
            context,
            uid,
            name,
            contract.secret.has(name),
          )
        : toValue(entry, context, uid, name, contract.secret.has(name), contract.properties[name]);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      diagnostics.push(
        templateDiagnostic(doc, pointer, error, `output "${name}" of definition "${definition.name}"`),
      );
    }
  }
  return { outputs, diagnostics };
}

function toValue(
  raw: unknown,
  context: Record<string, unknown>,
  uid: string,
  output: string,
  secret: boolean,
  schema: Schema | undefined,
): Value {
  if (typeof raw === 'string') {
    const template = renderTemplate(raw, context);
    const read = readTemplate(template);
    if (read.live) return { kind: 'terraform', template, secret, resource: uid, output };
    return literal(coerce(read.text, schema));
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const spec = raw as Record<string, unknown>;
    const keys = Object.keys(spec);
    if (
      keys.length === 1 &&
      keys[0] === 'secretRef' &&
      spec.secretRef &&
      typeof spec.secretRef === 'object'
    ) {
      const ref = spec.secretRef as Record<string, unknown>;
      return {
        kind: 'secretRef',
        key: renderText(String(ref.key ?? ''), context),
        ...(ref.property !== undefined ? { property: renderText(String(ref.property), context) } : {}),
      };
    }
    if (keys.length === 1 && keys[0] === 'generate')
      return { kind: 'generated', generator: 'password', resource: uid, output };
  }
  return literal(renderJson(raw as JsonValue, context));
}

/**
 * `{ concat: ["mongodb://app:", { output: password }, "@host:27017/"] }`: text built from templates
 * and other outputs of the same definition, so a connection string can hold a generated secret
 * without the compiler ever seeing it.
 */
function concatValue(
  parts: unknown,
  outputs: Record<string, Value>,
  context: Record<string, unknown>,
  uid: string,
  output: string,
  secret: boolean,
): Value {
  if (!Array.isArray(parts))
    throw new TemplateError('concat must be a list of strings and { output: <name> } references');
  return concat(
    parts.map((part) => {
      if (typeof part === 'string') return toValue(part, context, uid, output, secret, undefined);
      const ref = part && typeof part === 'object' ? (part as { output?: unknown }).output : undefined;
      const value = typeof ref === 'string' ? outputs[ref] : undefined;
      if (!value)
        throw new TemplateError(
          `concat refers to output "${String(ref)}", which this definition does not produce (concat cannot refer to another concat)`,
        );
      return value.kind === 'literal'
        ? literal(typeof value.value === 'string' ? value.value : JSON.stringify(value.value))
        : value;
    }),
  );
}

/** A template that renders a number for an integer output (port: "{{params.port}}") yields the number. */
function coerce(text: string, schema: Schema | undefined): JsonValue {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Output templates render Terraform text (data escaped, references live); where only text can go
 * (a literal inside an object, a secret store key) it is read back as the text Terraform would see.
 */
function renderText(template: string, context: Record<string, unknown>): string {
  const rendered = renderTemplate(template, context);
  const read = readTemplate(rendered);
  return read.live ? rendered : read.text;
}

function renderJson(value: JsonValue, context: Record<string, unknown>): JsonValue {
  if (typeof value === 'string') return renderText(value, context);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, context)]));
  }
  return value;
}

/** What the checks of one definition's outputs share: where each output is written. */
interface ContractCheck {
  definition: ResourceDefinition;
  type: ResourceType;
  contract: OutputContract;
  written: Record<string, unknown>;
  /** Where an output is written; outputs a cdktf module returns are not in the file: the driver then. */
  where: (name?: string) => Location;
}

/** Missing, extra, mistyped and plain-literal secret outputs, at their place in the definition file. */
export function checkContract(
  definition: ResourceDefinition,
  type: ResourceType,
  contract: OutputContract,
  outputs: Record<string, Value>,
): Diagnostic[] {
  const doc = definition.document;
  const written = (definition.spec.outputs ?? {}) as Record<string, unknown>;
  const c: ContractCheck = {
    definition,
    type,
    contract,
    written,
    where: (name) =>
      name && !Object.hasOwn(written, name)
        ? locate(doc, '/spec/driver', 'key')
        : locate(doc, name ? toPointer(['spec', 'outputs', name]) : '/spec/outputs', 'key'),
  };
  const declared = Object.keys(outputs);
  const diagnostics: Diagnostic[] = [];
  const missing = contract.required.filter((name) => !declared.includes(name));
  if (missing.length > 0)
    diagnostics.push({
      code: 'PAWS3301',
      severity: 'error',
      message: `definition "${definition.name}" does not produce the output${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that type "${type.name}" requires`,
      ...(definition.spec.outputs ? c.where() : locate(doc, '/spec', 'key')),
      hint: `type "${type.name}" outputs: ${Object.keys(contract.properties).join(', ')}`,
    });
  for (const name of declared.sort(compareStrings)) {
    const problem = outputProblem(c, name, outputs[name]);
    if (problem) diagnostics.push(problem);
  }
  return diagnostics;
}

/** What is wrong with one output: not in the contract, a secret as a literal, or a literal of the wrong type. */
function outputProblem(c: ContractCheck, name: string, value: Value | undefined): Diagnostic | undefined {
  const { definition, type, contract, written } = c;
  const doc = definition.document;
  const schema = contract.properties[name];
  if (!schema) {
    if (contract.open) return undefined;
    const suggestion = didYouMean(name, Object.keys(contract.properties));
    return {
      code: 'PAWS3302',
      severity: 'error',
      message: `definition "${definition.name}" produces output "${name}", which type "${type.name}" does not declare${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...c.where(name),
      hint: `type "${type.name}" outputs: ${Object.keys(contract.properties).join(', ') || '(none)'}`,
    };
  }
  if (!value) return undefined;
  if (contract.secret.has(name) && value.kind === 'literal') {
    const span = Object.hasOwn(written, name) ? spanOf(doc, toPointer(['spec', 'outputs', name])) : undefined;
    const start = span && locationAt(doc.source, span.value);
    const end = span && locationAt(doc.source, span.end);
    return {
      code: 'PAWS3304',
      severity: 'error',
      message: `output "${name}" of type "${type.name}" is secret, but definition "${definition.name}" writes it as a plain literal`,
      ...c.where(name),
      ...(start && end
        ? { redact: { line: start.line, column: start.column, endLine: end.line, endColumn: end.column } }
        : {}),
      hint: 'use { secretRef: { key: …, property: … } } for an existing secret, { generate: password } for a new one, or a Terraform reference',
    };
  }
  const expected = schema.type;
  if (value.kind !== 'literal' || expected === undefined || matchesType(value.value, expected))
    return undefined;
  return {
    code: 'PAWS3303',
    severity: 'error',
    message: `output "${name}" of definition "${definition.name}" is ${JSON.stringify(value.value)}, but type "${type.name}" declares it as ${Array.isArray(expected) ? expected.join(' or ') : String(expected)}`,
    ...(Object.hasOwn(written, name)
      ? locate(doc, joinPointer(toPointer(['spec', 'outputs']), name))
      : c.where(name)),
  };
}

function matchesType(value: JsonValue, expected: unknown): boolean {
  const types = Array.isArray(expected) ? expected.map(String) : [String(expected)];
  return types.some((type) => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      case 'null':
        return value === null;
      default:
        return true;
    }
  });
}
