/**
 * A cloud resource's physical name: the environment first, so two environments (a preview and its
 * base too) never meet, then the resource's own words; cut to the provider's limit with the
 * resource name's hash suffix kept, so a cut name stays unique.
 */
export function cloudName(environment: string, base: string, maxLength: number, hashOf = base): string {
  const name = `${environment}-${base}`;
  if (name.length <= maxLength) return name;
  const hash = hashOf.slice(-6);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
