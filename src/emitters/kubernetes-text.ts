/**
 * Kubernetes expands `$(VAR)` in a container's env values and turns `$$` into `$`. An env value paws
 * writes is final (placeholders are already bound, `$$` already read as Score's escape), so every `$`
 * is doubled and the process sees exactly the value: `$(HOME)` stays `$(HOME)`, `a$b` stays `a$b`.
 * Command and args are not values paws computes: they are written as the workload has them.
 */
export function literalForExpansion(text: string): string {
  return text.replace(/\$/g, '$$$$');
}
