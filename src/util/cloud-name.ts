import { createHash } from 'node:crypto';

/**
 * A cloud resource's physical name: the environment first, so two environments (a preview and its
 * base too) never meet, then the resource's own words; cut to the provider's limit with a hash of
 * the environment and the resource together, so two cut names never meet, even of environments
 * whose names share a long prefix (pr-1234-improve-search-a and -b). Names that fit are kept.
 */
export function cloudName(environment: string, base: string, maxLength: number, hashOf = base): string {
  const name = `${environment}-${base}`;
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(`${environment}\0${hashOf}`).digest('hex').slice(0, 6);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
