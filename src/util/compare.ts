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
