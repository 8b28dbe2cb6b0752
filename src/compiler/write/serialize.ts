import { emitYamlDocument } from './yaml-emit.js';
import { compareStrings } from '../../util/compare.js';

/** Keys that lead an object, in this order; every other key follows in code-unit order. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

/** The keys of an object in serialization order: leading keys first, then code-unit order. */
export function orderedKeys(value: object): string[] {
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  const leading = LEADING_KEYS.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !LEADING_KEYS.includes(k)).sort(compareStrings);
  return leading.length === 0 ? rest : [...leading, ...rest];
}

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    const leading = LEADING_KEYS.filter((k) => keys.includes(k));
    const rest = keys.filter((k) => !LEADING_KEYS.includes(k)).sort(compareStrings);
    // No prototype: a key named "__proto__" is data here, and an assignment would drop it.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of [...leading, ...rest]) out[key] = orderKeys((value as Record<string, unknown>)[key]);
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
