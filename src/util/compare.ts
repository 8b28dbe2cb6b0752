/**
 * Code-unit string order. Never `localeCompare`: its result depends on the machine's locale and
 * ICU version, and output must be byte-identical everywhere.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedKeys(record: object): string[] {
  return Object.keys(record).sort(compareStrings);
}

/**
 * Sets an own property even when the key is "__proto__": user-written keys (variable names, params,
 * targets) must never reach an object's prototype.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  // Only "__proto__" is an accessor on Object.prototype; any other key is set by assignment (which
  // keeps the object fast, where defineProperty would turn it into a dictionary).
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/**
 * `Object.fromEntries` for records whose size grows with the project (a key per module, file or
 * resource). V8's fromEntries keeps such an object in fast mode up to about a thousand keys, making
 * a new hidden class for each key it adds: measured, 7-10 MB of old-space garbage for one record of
 * 1,100 keys. Assignment turns the object into a dictionary early instead. Keys stay own properties.
 */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record: Record<string, T> = {};
  for (const [key, value] of entries) setOwn(record, key, value);
  return record;
}

/** Appends without spreading into arguments, which overflows the stack for very large arrays. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** JSON with object keys in code-unit order: equal values give equal text, whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort(compareStrings)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
