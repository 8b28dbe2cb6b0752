import type { ErrorObject } from 'ajv';
import type { Diagnostic, DiagnosticCode } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import { displayPath, joinPointer, splitPointer } from '../compiler/load/pointer.js';
import { didYouMean } from '../compiler/suggest.js';

type Schema = Record<string, unknown>;

/** Human wording for the name patterns the schemas use, keyed by the pattern itself. */
const PATTERN_RULES: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$':
    'must be 2–63 characters of lowercase letters, digits and "-", starting and ending with a letter or digit (an RFC 1123 label)',
  '^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$':
    'must be 2–63 characters of letters, digits and "-", starting and ending with a letter or digit',
  '^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$':
    'must be 2–63 characters: dot-separated labels of lowercase letters, digits and "-"',
};

/**
 * Maps ajv errors to diagnostics at the YAML node each one concerns, one diagnostic per problem.
 * The validators are compiled with `verbose`, so each error carries its keyword's value (`schema`)
 * and the schema object around it (`parentSchema`) for descriptions and allowed names.
 */
export function schemaDiagnostics(doc: LoadedDocument, errors: ErrorObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    const key = `${d.code}|${d.line}|${d.column}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };
  const relevant = pruneBranchNoise(errors);
  const typeGroups = new Map<string, ErrorObject[]>();
  for (const error of relevant) {
    if (error.keyword === 'type') {
      const group = typeGroups.get(error.instancePath) ?? [];
      group.push(error);
      typeGroups.set(error.instancePath, group);
      continue;
    }
    const d = mapError(doc, error);
    if (d) push(d);
  }
  for (const [pointer, group] of typeGroups) {
    const expected = [...new Set(group.map((e) => String(e.params.type)))];
    const value = valueAt(doc.value, pointer);
    const actual = describeType(value);
    const quoted = expected.includes('string') && (typeof value === 'number' || typeof value === 'boolean');
    push({
      code: 'PAWS2103',
      severity: 'error',
      message: `${displayPath(pointer)} must be ${expected.map(article).join(' or ')}, not ${actual}`,
      ...locate(doc, pointer),
      hint: quoted
        ? `quote it so YAML reads text: "${String(value)}"`
        : descriptionOf(group[0]?.parentSchema as Schema | undefined),
    });
  }
  return out;
}

/**
 * With allErrors, a value that fails oneOf/anyOf reports every branch. Keep the errors of the branch
 * the user evidently meant: drop a branch's type mismatch when another branch went deeper, and the
 * oneOf/anyOf summary itself when more precise errors remain.
 */
function pruneBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const within = (pointer: string, ancestor: string) =>
    pointer === ancestor || pointer.startsWith(`${ancestor}/`);
  const deeper = (pointer: string) => errors.some((e) => e.instancePath.startsWith(`${pointer}/`));
  const choiceOfRequired = (e: ErrorObject) =>
    (e.keyword === 'oneOf' || e.keyword === 'anyOf') && requiredBranches(e.schema) !== undefined;
  const requiredChoices = errors.filter(choiceOfRequired);
  const kept = errors.filter((e) => {
    if (e.keyword === 'propertyNames') return false;
    if (e.keyword === 'type' && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath) && deeper(e.instancePath))
      return false;
    if (e.keyword === 'required' && requiredChoices.some((c) => e.schemaPath.startsWith(`${c.schemaPath}/`)))
      return false;
    return true;
  });
  return kept.filter((e) => {
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && !choiceOfRequired(e)) {
      return !kept.some((other) => other !== e && within(other.instancePath, e.instancePath));
    }
    return true;
  });
}

/** What every keyword's mapping reads: the error, where it is, and how to make a diagnostic there. */
interface Mapping {
  doc: LoadedDocument;
  error: ErrorObject;
  params: Record<string, unknown>;
  pointer: string;
  where: string;
  parent: Schema | undefined;
  make: (code: DiagnosticCode, message: string, at: string, on: 'key' | 'value', hint?: string) => Diagnostic;
}

function mapError(doc: LoadedDocument, error: ErrorObject): Diagnostic | undefined {
  const m: Mapping = {
    doc,
    error,
    params: error.params as Record<string, unknown>,
    pointer: error.instancePath,
    where: displayPath(error.instancePath),
    parent: error.parentSchema as Schema | undefined,
    make: (code, message, at, on, hint) => ({
      code,
      severity: 'error',
      message,
      ...locate(doc, at, on),
      ...(hint ? { hint } : {}),
    }),
  };
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    // A map key (container, port, resource or variable name) breaks the propertyNames rule.
    const rule = PATTERN_RULES[String(m.parent?.pattern)] ?? ajvWording(error);
    return m.make(
      'PAWS2104',
      `name "${propertyName}" in ${m.where} ${rule}`,
      joinPointer(m.pointer, propertyName),
      'key',
    );
  }
  return (KEYWORDS[error.keyword] ?? otherKeyword)(m);
}

const otherKeyword = (m: Mapping) =>
  m.make('PAWS2107', `${m.where} ${ajvWording(m.error)}`, m.pointer, 'value', descriptionOf(m.parent));
const bounds = (m: Mapping) =>
  m.make('PAWS2106', `${m.where} ${ajvWording(m.error)}`, m.pointer, 'value', descriptionOf(m.parent));

function unknownField(m: Mapping): Diagnostic {
  const name = String(m.params.additionalProperty);
  const allowed = Object.keys((m.parent?.properties as Schema | undefined) ?? {});
  const suggestion = didYouMean(name, allowed);
  const allowedText = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'no fields are allowed here';
  return m.make(
    'PAWS2101',
    `unknown field "${name}" in ${m.where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    joinPointer(m.pointer, name),
    'key',
    allowedText,
  );
}

function missingField(m: Mapping): Diagnostic {
  const name = String(m.params.missingProperty);
  const description = (m.parent?.properties as Record<string, Schema> | undefined)?.[name]?.description;
  return m.make(
    'PAWS2102',
    `${m.where} is missing the required field "${name}"`,
    m.pointer,
    'key',
    typeof description === 'string' ? `${name}: ${description}` : undefined,
  );
}

function textRule(m: Mapping): Diagnostic {
  const value = valueAt(m.doc.value, m.pointer);
  const rule = PATTERN_RULES[String(m.parent?.pattern)];
  if (rule) return m.make('PAWS2104', `${m.where} "${String(value)}" ${rule}`, m.pointer, 'value');
  if (m.error.keyword === 'pattern')
    return m.make(
      'PAWS2104',
      `${m.where} "${String(value)}" does not match the pattern ${String(m.params.pattern)}`,
      m.pointer,
      'value',
      descriptionOf(m.parent),
    );
  return bounds(m);
}

function notAllowedValue(m: Mapping): Diagnostic {
  const allowed = (
    m.error.keyword === 'enum' ? (m.params.allowedValues as unknown[]) : [m.params.allowedValue]
  ).map(String);
  const value = String(valueAt(m.doc.value, m.pointer));
  const suggestion = didYouMean(value, allowed);
  return m.make(
    'PAWS2105',
    `${m.where} is "${value}", but must be ${allowed.length === 1 ? `"${allowed[0]}"` : `one of ${allowed.map((a) => `"${a}"`).join(', ')}`}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    m.pointer,
    'value',
    descriptionOf(m.parent),
  );
}

function alternatives(m: Mapping): Diagnostic {
  const branches = requiredBranches(m.error.schema);
  if (!branches)
    return m.make(
      'PAWS2107',
      `${m.where} does not match any allowed form`,
      m.pointer,
      'value',
      descriptionOf(m.parent),
    );
  const value = valueAt(m.doc.value, m.pointer);
  const present = branches.filter((b) => isObject(value) && b in (value as Schema));
  const message =
    m.error.keyword === 'oneOf' && present.length > 1
      ? `${m.where} sets ${present.map((p) => `"${p}"`).join(' and ')}, but only one of ${branches.join(', ')} is allowed`
      : `${m.where} must set ${m.error.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${branches.join(', ')}`;
  return m.make('PAWS2107', message, m.pointer, 'key', descriptionOf(m.parent));
}

function forbiddenForm(m: Mapping): Diagnostic {
  const required = isObject(m.error.schema) ? m.error.schema.required : undefined;
  const forbidden = Array.isArray(required) && required.length === 1 ? String(required[0]) : undefined;
  if (!forbidden)
    return m.make(
      'PAWS2107',
      `${m.where} has a form that is not allowed`,
      m.pointer,
      'value',
      descriptionOf(m.parent),
    );
  return m.make(
    'PAWS2101',
    `field "${forbidden}" is not allowed in ${m.where}`,
    joinPointer(m.pointer, forbidden),
    'key',
    forbidden === 'target' ? 'in the map form the map key is the target path; remove "target"' : undefined,
  );
}

/** How each JSON Schema keyword's error becomes a diagnostic. */
const KEYWORDS: Record<string, (m: Mapping) => Diagnostic> = {
  additionalProperties: unknownField,
  required: missingField,
  pattern: textRule,
  minLength: textRule,
  maxLength: textRule,
  enum: notAllowedValue,
  const: notAllowedValue,
  minimum: bounds,
  maximum: bounds,
  exclusiveMinimum: bounds,
  exclusiveMaximum: bounds,
  minItems: bounds,
  maxItems: bounds,
  minProperties: bounds,
  maxProperties: bounds,
  uniqueItems: bounds,
  oneOf: alternatives,
  anyOf: alternatives,
  not: forbiddenForm,
};

/** For a oneOf/anyOf value `[{required: [a]}, {required: [b]}]`, the names [a, b]; otherwise undefined. */
function requiredBranches(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const branch of branches) {
    const required = isObject(branch) ? branch.required : undefined;
    if (!Array.isArray(required) || required.length !== 1 || Object.keys(branch as Schema).length !== 1)
      return undefined;
    names.push(String(required[0]));
  }
  return names;
}

function ajvWording(error: ErrorObject): string {
  return error.message ?? `fails the "${error.keyword}" rule`;
}

function descriptionOf(schema: Schema | undefined): string | undefined {
  return typeof schema?.description === 'string' ? schema.description : undefined;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const segment of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node;
}

function describeType(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `the ${typeof value} ${String(value)}`;
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'null',
  };
  return words[type] ?? type;
}
