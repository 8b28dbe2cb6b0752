/**
 * Most templates paws renders are text with `{{a.b}}` paths in it (`${aws_sqs_queue.{{resource.tfName}}.arn}`),
 * tens of thousands of times in a large compile. Handlebars sets up its helpers and access rules on
 * every call, which cost more than the rendering; such a template is rendered here instead, and only
 * when the result is certain to be Handlebars' own: every path leads through own properties of plain
 * objects to a string, number or boolean. Anything else (a helper, a block, a missing value for the
 * strict mode's error, an object) is left to Handlebars.
 */
export interface PlainTemplate {
  /** The text around the paths: one more than paths. */
  texts: string[];
  paths: string[][];
}

const PATH = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;
/** Names Handlebars reads as literals or keywords, never as a property. */
const KEYWORDS = new Set(['this', 'else', 'true', 'false', 'null', 'undefined']);

/** The plain form of a template, or undefined when it holds anything but text and simple paths. */
export function plainTemplate(template: string, helpers: ReadonlySet<string>): PlainTemplate | undefined {
  const texts: string[] = [];
  const paths: string[][] = [];
  let last = 0;
  for (const match of template.matchAll(PATH)) {
    const path = (match[1] as string).split('.');
    if (path.some((part) => KEYWORDS.has(part))) return undefined;
    // `{{json}}` alone calls the helper.
    if (path.length === 1 && helpers.has(path[0] as string)) return undefined;
    texts.push(template.slice(last, match.index));
    paths.push(path);
    last = match.index + match[0].length;
  }
  texts.push(template.slice(last));
  const unsure = texts.some(
    (text, i) =>
      text.includes('{{') ||
      text.includes('}}') ||
      // Next to a path: `\{{` escapes it, `{{{`…`}}}` is another form.
      (i < texts.length - 1 && (text.endsWith('\\') || text.endsWith('{'))) ||
      (i > 0 && text.startsWith('}')),
  );
  return unsure ? undefined : { texts, paths };
}

/** The rendered text, or undefined when Handlebars must decide. */
export function renderPlain(plain: PlainTemplate, context: unknown): string | undefined {
  // Handlebars joins the non-empty texts and the values with `+`, left to right, so two numbers
  // (or booleans) side by side at the start add up: `{{a}}{{b}}` of 1 and 2 is "3". The same is done here.
  let out: string | number | boolean | undefined;
  const add = (piece: string | number | boolean) => {
    out = out === undefined ? piece : (out as number) + (piece as number);
  };
  for (let i = 0; i < plain.paths.length; i++) {
    if (plain.texts[i] !== '') add(plain.texts[i] as string);
    let value = context;
    for (const part of plain.paths[i] as string[]) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return undefined;
    add(value);
  }
  const tail = plain.texts[plain.paths.length] as string;
  if (tail !== '') add(tail);
  return out === undefined ? '' : String(out);
}
