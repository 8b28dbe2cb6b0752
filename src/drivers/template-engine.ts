import Handlebars from 'handlebars';
import { kubernetesLabel, terraformIdentifier } from '../compiler/identity.js';

/**
 * Handlebars for definition templates and outputs: an isolated instance (no global helpers or
 * partials), strict (an unknown variable is an error, not an empty string), no HTML escaping, no
 * prototype access, and only the pure helpers below.
 */
const engine = Handlebars.create();

const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  /** A Terraform-safe identifier from any text. */
  tfName: (text) => terraformIdentifier(String(text)),
  /** A Kubernetes-safe label from any text (≤ 63 characters). */
  k8sName: (text) => kubernetesLabel(String(text)),
  /** JSON text of a value, for embedding objects and arrays. */
  json: (value) => new Handlebars.SafeString(JSON.stringify(value ?? null)),
  /** Text joined from several values: build a whole string, then insert it once with {{json}}. */
  concat: (...parts) => parts.map((part) => String(part ?? '')).join(''),
  /** The value, or a fallback when it is missing or empty. */
  default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
  /** lower_snake_case: for database, user and topic names that must not hold "-" or ".". */
  snake: (text) =>
    String(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, ''),
  lower: (text) => String(text).toLowerCase(),
  upper: (text) => String(text).toUpperCase(),
  eq: (a, b) => a === b,
  /** Fails the template with a message when the value is missing: for lookups that must succeed. */
  required: (value, message) => {
    if (value === undefined || value === null || value === '') throw new TemplateError(String(message));
    return value;
  },
};

for (const [name, helper] of Object.entries(HELPERS)) {
  // Handlebars passes an options object last; helpers ignore it.
  engine.registerHelper(name, (...args: unknown[]) => helper(...args.slice(0, -1)));
}

const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));
const cache = new Map<string, HandlebarsTemplateDelegate>();

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

/** Renders a template; throws TemplateError with the position inside the template on any failure. */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  let compiled = cache.get(template);
  try {
    if (!compiled) {
      compiled = engine.compile(template, {
        strict: true,
        noEscape: true,
        knownHelpers: { ...knownHelpers, if: true, unless: true, each: true, with: true, lookup: true },
        knownHelpersOnly: true,
      });
      cache.set(template, compiled);
    }
    return compiled(context, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
      allowCallsToHelperMissing: false,
    });
  } catch (error) {
    throw toTemplateError(error);
  }
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
