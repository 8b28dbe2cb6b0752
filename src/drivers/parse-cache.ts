import { setOwn } from '../util/compare.js';
/**
 * Parsing what a Kubernetes template renders is most of a large compile: a thousand workloads each
 * get a postgres whose manifests differ only in names. The names are swapped for stand-ins before
 * parsing, the parsed shape is kept per stand-in text, and each later rendering of the same shape
 * is the kept objects with its own names put back, never parsed again.
 *
 * This gives exactly what parsing would, because only names that YAML cannot read as anything but
 * text are swapped: they start with a lowercase letter, hold a "-", "_" or ".", are at least 8
 * characters of [a-z0-9._-] (no indicator, no space, never a number, boolean or null), and each
 * stand-in (uppercase letters and digits, never a YAML keyword) is text in every position the name
 * was. Swapping is one-to-one, so duplicate keys stay duplicate. A text that already holds a
 * stand-in, or that fails to parse, is parsed as it is.
 */

const NAME = /^[a-z][a-z0-9._-]{6,}[a-z0-9]$/;
const STAND_IN = /QXPAWS\d+XQ/g;
const MAX_SHAPES = 256;

const shapes = new Map<string, unknown[]>();

/** Names eligible for swapping, longest first (so a name inside another is swapped inside neither). */
export function swappableNames(candidates: Iterable<unknown>): string[] {
  const names = new Set<string>();
  for (const c of candidates) if (typeof c === 'string' && NAME.test(c) && /[-_.]/.test(c)) names.add(c);
  return [...names].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** The parsed documents of `text`, from the kept shape when one matches. */
export function parseWithShapes(
  text: string,
  names: readonly string[],
  parse: (text: string) => unknown[] | undefined,
): unknown[] | undefined {
  if (names.length === 0 || text.includes('QXPAWS')) return parse(text);
  let shaped = text;
  names.forEach((name, i) => {
    shaped = shaped.split(name).join(`QXPAWS${i}XQ`);
  });
  let documents = shapes.get(shaped);
  if (!documents) {
    documents = parse(shaped);
    if (!documents) return parse(text);
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(shaped, documents);
  }
  const back = (s: string) => s.replace(STAND_IN, (m) => names[Number(m.slice(6, -2))] as string);
  return documents.map((d) => withNames(d, back));
}

function withNames(value: unknown, back: (s: string) => string): unknown {
  if (typeof value === 'string') return value.includes('QXPAWS') ? back(value) : value;
  if (Array.isArray(value)) return value.map((v) => withNames(v, back));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Own data only: a swapped key named __proto__ must stay a key.
    for (const [k, v] of Object.entries(value))
      setOwn(out, k.includes('QXPAWS') ? back(k) : k, withNames(v, back));
    return out;
  }
  return value;
}
