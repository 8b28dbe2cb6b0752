import type * as Cel from '@bufbuild/cel';

/**
 * The CEL libraries Kubernetes adds to admission policies, for rules written as a platform would
 * write them for a cluster: lists (isSorted, sum, min, max, indexOf, lastIndexOf), regex (find,
 * findAll), sets (sets.contains, sets.equivalent, sets.intersects), quantity and URL. Built on the
 * loaded CEL module (it is loaded lazily, so this takes it as an argument).
 *
 * Deliberate differences, said in the README: a quantity is its value as a double (so
 * quantity('1Gi') == quantity('1024Mi') and comparisons work, but type(quantity(…)) is double);
 * a URL is its text, and its getters read the text; regular expressions are JavaScript's, not RE2.
 */
export function kubernetesFunctions(cel: typeof Cel): Cel.CelFunc[] {
  return [
    ...listFunctions(cel),
    ...regexFunctions(cel),
    ...setFunctions(cel),
    ...quantityFunctions(cel),
    ...urlFunctions(cel),
  ];
}

type Item = unknown;
const items = (list: Iterable<Item>) => [...list];
const less = (a: Item, b: Item) => (a as number) < (b as number);
const same = (a: Item, b: Item) =>
  a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));

function listFunctions({ celMethod, CelScalar: S, listType }: typeof Cel): Cel.CelFunc[] {
  const list = listType(S.DYN);
  const extreme = (values: Item[], pick: (a: Item, b: Item) => boolean) => {
    if (values.length === 0) throw new Error('min/max of an empty list');
    return values.reduce((best, value) => (pick(value, best) ? value : best));
  };
  return [
    celMethod('isSorted', list, [], S.BOOL, function () {
      const values = items(this);
      return values.every((value, i) => i === 0 || !less(value, values[i - 1]));
    }),
    celMethod('sum', list, [], S.DYN, function () {
      const values = items(this);
      if (values.every((v) => typeof v === 'bigint'))
        return values.reduce<bigint>((t, v) => t + (v as bigint), 0n);
      return values.reduce<number>((t, v) => t + Number(v), 0);
    }),
    celMethod('min', list, [], S.DYN, function () {
      return extreme(items(this), less) as never;
    }),
    celMethod('max', list, [], S.DYN, function () {
      return extreme(items(this), (a, b) => less(b, a)) as never;
    }),
    celMethod('indexOf', list, [S.DYN], S.INT, function (value) {
      return BigInt(items(this).findIndex((item) => same(item, value)));
    }),
    celMethod('lastIndexOf', list, [S.DYN], S.INT, function (value) {
      const values = items(this);
      for (let i = values.length - 1; i >= 0; i--) if (same(values[i], value)) return BigInt(i);
      return -1n;
    }),
  ];
}

function regexFunctions({ celMethod, CelScalar: S, listType }: typeof Cel): Cel.CelFunc[] {
  const all = (text: string, pattern: string, limit: number) => {
    const found: string[] = [];
    for (const match of text.matchAll(new RegExp(pattern, 'g'))) {
      if (found.length === limit) break;
      found.push(match[0]);
      if (match[0] === '') break;
    }
    return found;
  };
  return [
    celMethod('find', S.STRING, [S.STRING], S.STRING, function (pattern) {
      return new RegExp(pattern).exec(this)?.[0] ?? '';
    }),
    celMethod('findAll', S.STRING, [S.STRING], listType(S.STRING), function (pattern) {
      return all(this, pattern, Infinity);
    }),
    celMethod('findAll', S.STRING, [S.STRING, S.INT], listType(S.STRING), function (pattern, limit) {
      return all(this, pattern, limit < 0n ? Infinity : Number(limit));
    }),
  ];
}

function setFunctions({ celFunc, CelScalar: S, listType }: typeof Cel): Cel.CelFunc[] {
  const list = listType(S.DYN);
  const has = (values: Item[], value: Item) => values.some((v) => same(v, value));
  return [
    celFunc('sets.contains', [list, list], S.BOOL, (a, b) => items(b).every((v) => has(items(a), v))),
    celFunc('sets.equivalent', [list, list], S.BOOL, (a, b) => {
      const [x, y] = [items(a), items(b)];
      return x.every((v) => has(y, v)) && y.every((v) => has(x, v));
    }),
    celFunc('sets.intersects', [list, list], S.BOOL, (a, b) => items(a).some((v) => has(items(b), v))),
  ];
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity's value ("250m" → 0.25, "1Gi" → 1073741824), or undefined when it is not one. */
export function quantityValue(text: string): number | undefined {
  const match =
    /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(
      text,
    );
  if (!match) return undefined;
  const number = Number(`${match[1]}${match[2] ?? ''}`);
  return number * (SUFFIXES[match[3] ?? ''] as number);
}

function quantityFunctions({ celFunc, celMethod, CelScalar: S }: typeof Cel): Cel.CelFunc[] {
  const D = S.DOUBLE;
  const parse = (text: string) => {
    const value = quantityValue(text);
    if (value === undefined) throw new Error(`"${text}" is not a quantity`);
    return value;
  };
  const sign = (n: number) => BigInt(Math.sign(n));
  return [
    celFunc('quantity', [S.STRING], D, parse),
    celFunc('isQuantity', [S.STRING], S.BOOL, (text) => quantityValue(text) !== undefined),
    celMethod('compareTo', D, [D], S.INT, function (other) {
      return sign(this - other);
    }),
    celMethod('isGreaterThan', D, [D], S.BOOL, function (other) {
      return this > other;
    }),
    celMethod('isLessThan', D, [D], S.BOOL, function (other) {
      return this < other;
    }),
    celMethod('add', D, [D], D, function (other) {
      return this + other;
    }),
    celMethod('sub', D, [D], D, function (other) {
      return this - other;
    }),
    celMethod('isInteger', D, [], S.BOOL, function () {
      return Number.isSafeInteger(this);
    }),
    celMethod('asInteger', D, [], S.INT, function () {
      if (!Number.isSafeInteger(this)) throw new Error(`${this} is not a whole number`);
      return BigInt(this);
    }),
    celMethod('asApproximateFloat', D, [], D, function () {
      return this;
    }),
    celMethod('sign', D, [], S.INT, function () {
      return sign(this);
    }),
  ];
}

function urlFunctions({ celFunc, celMethod, CelScalar: S, listType, mapType }: typeof Cel): Cel.CelFunc[] {
  const parse = (text: string) => {
    // As Kubernetes: an absolute URI, or an absolute path.
    try {
      return text.startsWith('/') ? new URL(text, 'http://path-only') : new URL(text);
    } catch {
      throw new Error(`"${text}" is not a URL`);
    }
  };
  const isUrl = (text: string) => {
    try {
      parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const getter = (name: string, read: (url: URL, text: string) => string) =>
    celMethod(name, S.STRING, [], S.STRING, function () {
      return read(parse(this), this);
    });
  const absolute = (text: string) => !text.startsWith('/');
  return [
    celFunc('url', [S.STRING], S.STRING, (text) => (parse(text), text)),
    celFunc('isURL', [S.STRING], S.BOOL, isUrl),
    getter('getScheme', (url, text) => (absolute(text) ? url.protocol.slice(0, -1) : '')),
    getter('getHost', (url, text) => (absolute(text) ? url.host : '')),
    getter('getHostname', (url, text) => (absolute(text) ? url.hostname.replace(/^\[|\]$/g, '') : '')),
    getter('getPort', (url, text) => (absolute(text) ? url.port : '')),
    getter('getEscapedPath', (url) => url.pathname),
    celMethod('getQuery', S.STRING, [], mapType(S.STRING, listType(S.STRING)), function () {
      const query = parse(this).searchParams;
      return new Map([...new Set(query.keys())].map((key) => [key, query.getAll(key)]));
    }),
  ];
}
