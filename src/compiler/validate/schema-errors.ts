import type { ErrorObject } from 'ajv';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import { type LoadedDocument, locate } from '../load/index.js';
import { displayPath, joinPointer, splitPointer } from '../load/pointer.js';
import { didYouMean } from '../suggest.js';

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

function mapError(doc: LoadedDocument, error: ErrorObject): Diagnostic | undefined {
  const params = error.params as Record<string, unknown>;
  const pointer = error.instancePath;
  const where = displayPath(pointer);
  const parent = error.parentSchema as Schema | undefined;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  const make = (
    code: DiagnosticCode,
    message: string,
    at: string,
    on: 'key' | 'value',
    hint?: string,
  ): Diagnostic => ({
    code,
    severity: 'error',
    message,
    ...locate(doc, at, on),
    ...(hint ? { hint } : {}),
  });

  if (propertyName !== undefined) {
    // A map key (container, port, resource or variable name) breaks the propertyNames rule.
    const rule = PATTERN_RULES[String(parent?.pattern)] ?? ajvWording(error);
    return make(
      'PAWS2104',
      `name "${propertyName}" in ${where} ${rule}`,
      joinPointer(pointer, propertyName),
      'key',
    );
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((parent?.properties as Schema | undefined) ?? {});
      const suggestion = didYouMean(name, allowed);
      const allowedText =
        allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'no fields are allowed here';
      return make(
        'PAWS2101',
        `unknown field "${name}" in ${where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        joinPointer(pointer, name),
        'key',
        allowedText,
      );
    }
    case 'required': {
      const name = String(params.missingProperty);
      const description = (parent?.properties as Record<string, Schema> | undefined)?.[name]?.description;
      return make(
        'PAWS2102',
        `${where} is missing the required field "${name}"`,
        pointer,
        'key',
        typeof description === 'string' ? `${name}: ${description}` : undefined,
      );
    }
    case 'pattern':
    case 'minLength':
    case 'maxLength': {
      const value = valueAt(doc.value, pointer);
      const rule = PATTERN_RULES[String(parent?.pattern)];
      if (rule) return make('PAWS2104', `${where} "${String(value)}" ${rule}`, pointer, 'value');
      if (error.keyword === 'pattern') {
        return make(
          'PAWS2104',
          `${where} "${String(value)}" does not match the pattern ${String(params.pattern)}`,
          pointer,
          'value',
          descriptionOf(parent),
        );
      }
      return make('PAWS2106', `${where} ${ajvWording(error)}`, pointer, 'value', descriptionOf(parent));
    }
    case 'enum':
    case 'const': {
      const allowed = (
        error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]
      ).map(String);
      const value = String(valueAt(doc.value, pointer));
      const suggestion = didYouMean(value, allowed);
      return make(
        'PAWS2105',
        `${where} is "${value}", but must be ${allowed.length === 1 ? `"${allowed[0]}"` : `one of ${allowed.map((a) => `"${a}"`).join(', ')}`}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        pointer,
        'value',
        descriptionOf(parent),
      );
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
    case 'uniqueItems':
      return make('PAWS2106', `${where} ${ajvWording(error)}`, pointer, 'value', descriptionOf(parent));
    case 'oneOf':
    case 'anyOf': {
      const branches = requiredBranches(error.schema);
      if (branches) {
        const present = branches.filter(
          (b) => isObject(valueAt(doc.value, pointer)) && b in (valueAt(doc.value, pointer) as Schema),
        );
        const message =
          error.keyword === 'oneOf' && present.length > 1
            ? `${where} sets ${present.map((p) => `"${p}"`).join(' and ')}, but only one of ${branches.join(', ')} is allowed`
            : `${where} must set ${error.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${branches.join(', ')}`;
        return make('PAWS2107', message, pointer, 'key', descriptionOf(parent));
      }
      return make(
        'PAWS2107',
        `${where} does not match any allowed form`,
        pointer,
        'value',
        descriptionOf(parent),
      );
    }
    case 'not': {
      const required = isObject(error.schema) ? error.schema.required : undefined;
      const forbidden = Array.isArray(required) && required.length === 1 ? [String(required[0])] : undefined;
      if (forbidden?.[0]) {
        return make(
          'PAWS2101',
          `field "${forbidden[0]}" is not allowed in ${where}`,
          joinPointer(pointer, forbidden[0]),
          'key',
          forbidden[0] === 'target'
            ? 'in the map form the map key is the target path; remove "target"'
            : undefined,
        );
      }
      return make(
        'PAWS2107',
        `${where} has a form that is not allowed`,
        pointer,
        'value',
        descriptionOf(parent),
      );
    }
    default:
      return make('PAWS2107', `${where} ${ajvWording(error)}`, pointer, 'value', descriptionOf(parent));
  }
}

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
