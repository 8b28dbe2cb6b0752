/**
 * Most templates paws renders are text with `{{a.b}}` paths and helper calls in it
 * (`${aws_sqs_queue.{{resource.tfName}}.arn}`, `{{json (cloudName environment.name resource.k8sName 63)}}`),
 * tens of thousands of times in a large compile. Handlebars sets up its helpers and access rules on
 * every call, which cost more than the rendering; such a template is rendered here instead, and only
 * when the result is certain to be Handlebars' own. What is rendered here: text, `{{a.b}}` whose
 * every step is an own property and whose value is a string, number or boolean, and calls of paws'
 * helpers whose arguments are such paths (or a missing last step, which Handlebars passes as
 * undefined), string and number literals, or calls again. Anything else (a block, a hash argument,
 * a missing value for the strict mode's error, a helper that throws) is left to Handlebars.
 */
type Helper = (...args: unknown[]) => unknown;
type Argument = { path: string[] } | { literal: string | number } | Call;
interface Call {
  helper: string;
  args: Argument[];
}
type Expression = { path: string[] } | Call;

export interface PlainTemplate {
  /** The text around the expressions: one more than expressions. */
  texts: string[];
  expressions: Expression[];
}

const MUSTACHE = /\{\{([^{}]*)\}\}/g;
const TOKEN =
  /\s*(?:(\()|(\))|"([^"\\]*)"|(-?\d+(?:\.\d+)?)(?=[\s)]|$)|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)(?=[\s()]|$))/y;
/** Names Handlebars reads as literals or keywords, never as a property. */
const KEYWORDS = new Set(['this', 'else', 'true', 'false', 'null', 'undefined']);

/** The plain form of a template, or undefined when Handlebars must render it. */
export function plainTemplate(
  template: string,
  helpers: ReadonlyMap<string, Helper>,
  builtins: ReadonlySet<string>,
): PlainTemplate | undefined {
  const texts: string[] = [];
  const expressions: Expression[] = [];
  let last = 0;
  for (const match of template.matchAll(MUSTACHE)) {
    const expression = parseExpression(match[1] as string, helpers, builtins);
    if (!expression) return undefined;
    texts.push(template.slice(last, match.index));
    expressions.push(expression);
    last = match.index + match[0].length;
  }
  texts.push(template.slice(last));
  const unsure = texts.some(
    (text, i) =>
      text.includes('{{') ||
      text.includes('}}') ||
      // Next to a mustache: `\{{` escapes it, `{{{`…`}}}` is another form.
      (i < texts.length - 1 && (text.endsWith('\\') || text.endsWith('{'))) ||
      (i > 0 && text.startsWith('}')),
  );
  return unsure ? undefined : { texts, expressions };
}

type Token = { open: true } | { close: true } | { literal: string | number } | { path: string[] };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    if (m[1]) tokens.push({ open: true });
    else if (m[2]) tokens.push({ close: true });
    else if (m[3] !== undefined) tokens.push({ literal: m[3] });
    else if (m[4] !== undefined) tokens.push({ literal: Number(m[4]) });
    else {
      const path = (m[5] as string).split('.');
      if (path.some((part) => KEYWORDS.has(part))) return undefined;
      tokens.push({ path });
    }
  }
  return tokens;
}

function parseExpression(
  text: string,
  helpers: ReadonlyMap<string, Helper>,
  builtins: ReadonlySet<string>,
): Expression | undefined {
  const tokens = tokenize(text);
  const first = tokens?.[0];
  if (!tokens || !first || !('path' in first)) return undefined;
  const name = first.path.length === 1 ? (first.path[0] as string) : undefined;
  if (tokens.length === 1) {
    // `{{json}}` alone calls the helper.
    if (name !== undefined && (helpers.has(name) || builtins.has(name))) return undefined;
    return first;
  }
  const at = { index: 0 };
  const call = parseCall(tokens, at, helpers);
  return call && at.index === tokens.length ? call : undefined;
}

/** `name arg…` from tokens[at.index], up to a ")" or the end. */
function parseCall(
  tokens: Token[],
  at: { index: number },
  helpers: ReadonlyMap<string, Helper>,
): Call | undefined {
  const head = tokens[at.index];
  if (!head || !('path' in head) || head.path.length !== 1 || !helpers.has(head.path[0] as string))
    return undefined;
  at.index++;
  const args: Argument[] = [];
  for (let token = tokens[at.index]; token && !('close' in token); token = tokens[at.index]) {
    if ('open' in token) {
      at.index++;
      const inner = parseCall(tokens, at, helpers);
      if (!inner || !tokens[at.index] || !('close' in (tokens[at.index] as Token))) return undefined;
      at.index++;
      args.push(inner);
    } else {
      args.push(token);
      at.index++;
    }
  }
  return { helper: head.path[0] as string, args };
}

/** Thrown (and caught here) when Handlebars must decide. */
const UNSURE = Symbol('unsure');

/** The rendered text, or undefined when Handlebars must decide. */
export function renderPlain(
  plain: PlainTemplate,
  context: unknown,
  helpers: ReadonlyMap<string, Helper>,
): string | undefined {
  // Handlebars joins the non-empty texts and the values with `+`, left to right, so two numbers
  // (or booleans) side by side at the start add up: `{{a}}{{b}}` of 1 and 2 is "3". The same is done here.
  let out: unknown;
  let empty = true;
  const add = (piece: unknown) => {
    out = empty ? piece : (out as string) + (piece as string);
    empty = false;
  };
  try {
    plain.expressions.forEach((expression, i) => {
      if (plain.texts[i] !== '') add(plain.texts[i]);
      if ('path' in expression) add(ownValue(expression.path, context));
      else {
        const result = call(expression, context, helpers);
        add(result === null || result === undefined ? '' : result);
      }
    });
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
  const tail = plain.texts[plain.expressions.length] as string;
  if (tail !== '') add(tail);
  return empty ? '' : String(out);
}

/** A mustache's own value: every step an own property, the value a string, number or boolean. */
function ownValue(path: readonly string[], context: unknown): string | number | boolean {
  let value = context;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) throw UNSURE;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw UNSURE;
  return value;
}

/** A helper's argument: own properties on the way; a last step that is nowhere is undefined, as in Handlebars. */
function argumentValue(path: readonly string[], context: unknown): unknown {
  let value = context;
  for (const [i, part] of path.entries()) {
    if (value === null || typeof value !== 'object') throw UNSURE;
    if (!Object.hasOwn(value, part)) {
      if (i === path.length - 1 && !(part in value)) return undefined;
      throw UNSURE;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function call(expression: Call, context: unknown, helpers: ReadonlyMap<string, Helper>): unknown {
  const args = expression.args.map((arg) =>
    'path' in arg
      ? argumentValue(arg.path, context)
      : 'literal' in arg
        ? arg.literal
        : call(arg, context, helpers),
  );
  try {
    return (helpers.get(expression.helper) as Helper)(...args);
  } catch {
    // Handlebars calls it again and reports the failure with its position.
    throw UNSURE;
  }
}
