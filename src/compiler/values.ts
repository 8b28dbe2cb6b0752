/**
 * Value expressions: how every resource output and every container variable is represented between
 * resolution and emission. The compiler never holds a secret value: a secret is always a reference
 * (into the secret store, to a generator, or to a Terraform attribute published to the store).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Value =
  /** Known at compile time. Never secret: a secret written as a literal is rejected by the contract check. */
  | { kind: 'literal'; value: JsonValue }
  /** Known after `terraform apply`: a Terraform template string such as "${aws_db_instance.db.address}". */
  | { kind: 'terraform'; template: string; secret: boolean; resource: string; output: string }
  /** A key (and optional JSON property) in the environment's secret store. */
  | { kind: 'secretRef'; key: string; property?: string }
  /** A secret generated in the environment (ESO Password generator in-cluster, ephemeral random_password in Terraform). */
  | { kind: 'generated'; generator: 'password'; resource: string; output: string }
  /** Text built from several values, e.g. a connection URL. */
  | { kind: 'concat'; parts: Value[] };

export function literal(value: JsonValue): Value {
  return { kind: 'literal', value };
}

export function isSecret(value: Value): boolean {
  switch (value.kind) {
    case 'literal':
      return false;
    case 'terraform':
      return value.secret;
    case 'secretRef':
    case 'generated':
      return true;
    case 'concat':
      return value.parts.some(isSecret);
  }
}

/** Known at compile time (a literal, or a concatenation of literals). */
export function isStatic(value: Value): boolean {
  return value.kind === 'literal' || (value.kind === 'concat' && value.parts.every(isStatic));
}

/** Score renders non-string outputs inside text as JSON. */
export function literalText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Concatenates, merging adjacent literals, so a fully static result is a single literal. */
export function concat(parts: readonly Value[]): Value {
  const merged: Value[] = [];
  for (const part of parts.flatMap((p) => (p.kind === 'concat' ? p.parts : [p]))) {
    const last = merged[merged.length - 1];
    if (part.kind === 'literal' && last?.kind === 'literal') {
      merged[merged.length - 1] = literal(literalText(last.value) + literalText(part.value));
    } else merged.push(part);
  }
  if (merged.length === 0) return literal('');
  if (merged.length === 1) {
    const only = merged[0] as Value;
    return only.kind === 'literal' && parts.length > 1 ? literal(literalText(only.value)) : only;
  }
  return { kind: 'concat', parts: merged };
}

/** A short, secret-free description for messages and `paws explain`. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'literal':
      return JSON.stringify(value.value);
    case 'terraform':
      return `terraform ${value.template}${value.secret ? ' (secret)' : ''}`;
    case 'secretRef':
      return `secret ${value.key}${value.property ? `#${value.property}` : ''}`;
    case 'generated':
      return `generated ${value.generator}`;
    case 'concat':
      return value.parts.map(describeValue).join(' + ');
  }
}
