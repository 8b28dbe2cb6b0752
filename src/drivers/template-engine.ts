import { cloudName } from '../util/cloud-name.js';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import RuntimeModule from 'handlebars/runtime.js';
import type HandlebarsTypes from 'handlebars';
import { kubernetesLabel, terraformIdentifier } from '../compiler/identity.js';
import { type PlainTemplate, plainTemplate, renderPlain } from './plain-template.js';

const require = createRequire(import.meta.url);
type Compiler = typeof HandlebarsTypes;
/** The runtime half of Handlebars (its types ship only for the whole package). */
const Runtime = RuntimeModule as unknown as Pick<Compiler, 'create' | 'SafeString'>;

/** lower_snake_case: for database, user and topic names that must not hold "-" or ".". */
export function snakeCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Handlebars for definition templates and outputs: isolated instances (no global helpers or
 * partials), strict (an unknown variable is an error, not an empty string), no HTML escaping, no
 * prototype access, and only the pure helpers below. The built-in templates are compiled when paws
 * is built and need only the runtime; the compiler (and its source maps) loads for the first
 * template of a platform folder.
 */
const engine = Runtime.create();

const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  /** A Terraform-safe identifier from any text. */
  tfName: (text) => terraformIdentifier(String(text)),
  /** A Kubernetes-safe label from any text (≤ 63 characters). */
  k8sName: (text) => kubernetesLabel(String(text)),
  /** JSON text of a value, for embedding objects and arrays. */
  json: (value) => new Runtime.SafeString(JSON.stringify(value ?? null)),
  /** Text joined from several values: build a whole string, then insert it once with {{json}}. */
  concat: (...parts) => parts.map((part) => String(part ?? '')).join(''),
  /**
   * The Gateway API path match type for a path: PathPrefix when the path is one the CRD accepts as a
   * prefix (its character set, no "//", "/./" or "/../"), else RegularExpression (`/my/[^/]+/path`).
   */
  gatewayPathType: (value) => {
    const text = String(value ?? '');
    const prefix =
      /^\/(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*$/.test(text) &&
      !/\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(text) &&
      !/\/\.\.?$/.test(text);
    return prefix ? 'PathPrefix' : 'RegularExpression';
  },
  /** A resource's own name: its id after the last "." (a private resource's id is "<workload>.<name>"). */
  idName: (id) =>
    String(id ?? '')
      .split('.')
      .pop() ?? '',
  /**
   * A physical cloud name within a provider's length limit: `{{cloudName environment.name
   * resource.k8sName 28}}` gives "<env>-<name>", cut with its hash suffix kept.
   */
  cloudName: (environment, base, max, hashOf) =>
    cloudName(String(environment), String(base), Number(max), String(hashOf ?? base)),
  /**
   * A name in a global namespace (S3 buckets: unique across every AWS account) prefixed with the
   * platform's `cloudNamePrefix`, when it sets one: `{{cloudName (prefixed environment.cloudNamePrefix
   * environment.name) …}}`.
   */
  prefixed: (prefix, name) => (prefix ? `${String(prefix)}-${String(name)}` : String(name)),
  /** The items of a list joined by a separator: `{{json (join workloads " ")}}`. */
  join: (list, separator) =>
    Array.isArray(list) ? list.map((item) => String(item)).join(String(separator ?? ',')) : '',
  /** The value, or a fallback when it is missing or empty. */
  default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
  /** lower_snake_case: for database, user and topic names that must not hold "-" or ".". */
  snake: (text) => snakeCase(String(text)),
  lower: (text) => String(text).toLowerCase(),
  upper: (text) => String(text).toUpperCase(),
  eq: (a, b) => a === b,
  /**
   * An own property of the object, or undefined: Handlebars' own lookup renders a prototype member
   * such as "constructor" as empty text without a word.
   */
  lookup: (object, key) => {
    const name = String(key);
    if (object === null || typeof object !== 'object') return undefined;
    if (Object.hasOwn(object, name)) return (object as Record<string, unknown>)[name];
    if (PROTOTYPE_NAMES.has(name))
      throw new TemplateError(`lookup of "${name}": templates see only own data`);
    return undefined;
  },
  /**
   * The port of a workload's Service that a value names: a port name, a port number (or its target
   * port), or, with no value, the first port. Fails the template when none matches.
   */
  servicePort: (ports, value) => {
    const list =
      ports && typeof ports === 'object'
        ? Object.entries(ports as Record<string, { port: number; targetPort?: number }>)
        : [];
    if (list.length === 0) throw new TemplateError('that workload has no service ports');
    if (value === undefined || value === null || value === '') return list[0]?.[1].port;
    const byName = list.find(([name]) => name === String(value));
    const byNumber = list.find(
      ([, p]) => String(p.port) === String(value) || String(p.targetPort) === String(value),
    );
    const found = byName ?? byNumber;
    if (!found)
      throw new TemplateError(
        `port ${JSON.stringify(value)} is no service port of that workload (ports: ${list.map(([n, p]) => `${n} ${p.port}`).join(', ')})`,
      );
    return found[1].port;
  },
  /** Fails the template with a message when the value is missing: for lookups that must succeed. */
  required: (value, message) => {
    if (value === undefined || value === null || value === '') throw new TemplateError(String(message));
    return value;
  },
};

function registerHelpers(instance: {
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
}) {
  for (const [name, helper] of Object.entries(HELPERS)) {
    // Handlebars passes an options object last; helpers ignore it.
    instance.registerHelper(name, (...args: unknown[]) => helper(...args.slice(0, -1)));
  }
}
registerHelpers(engine);

let compiler: { Handlebars: Compiler; engine: ReturnType<Compiler['create']> } | undefined;
/** The full Handlebars, with an instance of its own holding the same helpers. */
function handlebarsCompiler() {
  if (!compiler) {
    const Handlebars = require('handlebars') as Compiler;
    const instance = Handlebars.create();
    registerHelpers(instance);
    compiler = { Handlebars, engine: instance };
  }
  return compiler;
}

const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));
/** Helpers Handlebars brings itself (paws' `lookup` replaces its own). */
const BUILTIN_HELPERS: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'each',
  'with',
  'log',
  'helperMissing',
  'blockHelperMissing',
]);
const HELPER_MAP: ReadonlyMap<string, (...args: unknown[]) => unknown> = new Map(Object.entries(HELPERS));

/** Helpers Handlebars registers for itself: they print to the console or fail with internals. */
const INTERNAL_HELPERS = new Set(['blockHelperMissing', 'helperMissing', 'log']);
/** Names every object inherits: never data, so a template that names them is refused. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

type Node = { type: string; loc?: { start: { line: number; column: number } } };
type PathNode = Node & { original: string; parts: string[] };

/** Refuses what strict mode and the runtime options let through: internal helpers, prototype names. */
function checkTemplate(ast: hbs.AST.Program): void {
  const at = (node: Node, message: string) =>
    new TemplateError(message, node.loc?.start.line, (node.loc?.start.column ?? 0) + 1);
  class Check extends handlebarsCompiler().Handlebars.Visitor {
    override PathExpression(path: hbs.AST.PathExpression): void {
      const node = path as unknown as PathNode;
      if (INTERNAL_HELPERS.has(node.original))
        throw at(
          node,
          `template uses "${node.original}", which is not a helper paws offers (helpers: ${[...Object.keys(HELPERS), 'if', 'unless', 'each', 'with'].join(', ')})`,
        );
      const named = node.parts.find((part) => PROTOTYPE_NAMES.has(part));
      if (named)
        throw at(
          node,
          `template uses "${node.original}": "${named}" is not data (templates see only own data)`,
        );
    }
  }
  new Check().accept(ast);
}
const cache = new Map<string, { compiled: HandlebarsTemplateDelegate; plain: PlainTemplate | undefined }>();

export class TemplateError extends Error {
  constructor(
    message: string,
    /** 1-based line and column inside the template, when Handlebars says. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const COMPILE_OPTIONS = {
  strict: true,
  noEscape: true,
  knownHelpers: { ...knownHelpers, if: true, unless: true, each: true, with: true, lookup: true },
  knownHelpersOnly: true,
};

/** The key of a template among those compiled when paws is built. */
export function templateKey(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 24);
}

/** JavaScript of a checked, compiled template (for scripts/catalog-cache.mjs). */
export function precompileTemplate(template: string): string {
  const { Handlebars } = handlebarsCompiler();
  const ast = Handlebars.parse(template);
  checkTemplate(ast);
  return Handlebars.precompile(ast, COMPILE_OPTIONS) as string;
}

let precompiled: Record<string, TemplateSpecification> | undefined;
/** The built-in definitions' templates, compiled when paws is built (dist/catalog/templates.cjs). */
function precompiledTemplate(template: string): TemplateSpecification | undefined {
  if (!precompiled) {
    try {
      precompiled = require('../catalog/templates.cjs') as Record<string, TemplateSpecification>;
    } catch {
      precompiled = {}; // running from the sources (tests): every template is compiled here
    }
  }
  return precompiled[templateKey(template)];
}

/** Renders a template; throws TemplateError with the position inside the template on any failure. */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  let entry = cache.get(template);
  try {
    if (!entry) {
      // Compiled (and checked) even when rendered as plain text: a template that fails to compile fails.
      entry = {
        compiled: compileTemplate(template),
        plain: plainTemplate(template, HELPER_MAP, BUILTIN_HELPERS),
      };
      cache.set(template, entry);
    }
    const plain = entry.plain && renderPlain(entry.plain, context, HELPER_MAP);
    if (plain !== undefined) return plain;
    return renderCompiled(entry.compiled, context);
  } catch (error) {
    throw toTemplateError(error);
  }
}

/** The plain path alone: the text, or undefined when Handlebars must render (for tests). */
export function renderPlainly(template: string, context: Record<string, unknown>): string | undefined {
  const form = plainTemplate(template, HELPER_MAP, BUILTIN_HELPERS);
  return form && renderPlain(form, context, HELPER_MAP);
}

/** Renders with Handlebars only (never the plain path): what the plain path is held to in tests. */
export function renderWithHandlebars(template: string, context: Record<string, unknown>): string {
  try {
    return renderCompiled(compileTemplate(template), context);
  } catch (error) {
    throw toTemplateError(error);
  }
}

function renderCompiled(compiled: HandlebarsTemplateDelegate, context: Record<string, unknown>): string {
  return compiled(context, {
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
    allowCallsToHelperMissing: false,
  });
}

function compileTemplate(template: string): HandlebarsTemplateDelegate {
  const spec = precompiledTemplate(template);
  if (spec) return engine.template(spec);
  const { Handlebars, engine: full } = handlebarsCompiler();
  const ast = Handlebars.parse(template);
  checkTemplate(ast);
  return full.compile(ast, COMPILE_OPTIONS);
}

function toTemplateError(error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const parse = /Parse error on line (\d+):\n[\s\S]*?\n(-*)\^\n([\s\S]*)/.exec(message);
  if (parse)
    return new TemplateError(
      `template syntax error: ${parse[3]?.trim()}`,
      Number(parse[1]),
      (parse[2]?.length ?? 0) + 1,
    );
  const strict = /^"?([^"]+)"? not defined in [\s\S]*? - (\d+):(\d+)$/.exec(message);
  if (strict) {
    return new TemplateError(
      `template uses "${strict[1]}", which is not defined`,
      Number(strict[2]),
      Number(strict[3]) + 1,
    );
  }
  return new TemplateError(`template error: ${message.split('\n')[0]}`);
}
