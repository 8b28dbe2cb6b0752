import { emitYamlDocument } from './yaml-emit.js';

/** Keys that lead an object, in this order; every other key follows in code-unit order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];
const LEADING = new Set(LEADING_KEYS);

/** The keys of an object in serialization order: leading keys first, then code-unit order. */
export function orderedKeys(value: object): string[] {
  const record = value as Record<string, unknown>;
  const rest: string[] = [];
  let leads = false;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) continue;
    if (LEADING.has(key)) leads = true;
    else rest.push(key);
  }
  // The default sort compares UTF-16 code units: code-unit order, without a comparator call per pair.
  rest.sort();
  if (!leads) return rest;
  const leading = LEADING_KEYS.filter((k) => Object.hasOwn(record, k) && record[k] !== undefined);
  return [...leading, ...rest];
}

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value && typeof value === 'object') {
    // No prototype: a key named "__proto__" is data here, and an assignment would drop it.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of orderedKeys(value)) out[key] = orderKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The one YAML serializer for manifests: apiVersion, kind, metadata first, then keys in code-unit
 * order, and YAML 1.1 quoting, because Kubernetes reads manifests as YAML 1.1 (where yes, on and
 * 0600 are not strings unless quoted).
 */
export function toYaml(documents: readonly unknown[]): string {
  return documents.map((doc) => emitYamlDocument(doc, orderedKeys)).join('---\n');
}

/** The one JSON serializer for Terraform and the manifest: keys in code-unit order, two spaces, final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(orderKeys(value), null, 2)}\n`;
}
