import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A CI recipe of examples/ci, as text. */
export const recipe = (name: string) =>
  readFileSync(new URL(`../../examples/ci/${name}`, import.meta.url), 'utf8');

/** Every shell script of a recipe: GitHub's `run` and GitLab's `script` lines, in file order. */
export function recipeScripts(name: string): string[] {
  const scripts: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string' && (key === 'run' || key === 'script')) scripts.push(node);
    else if (Array.isArray(node)) node.forEach((item) => walk(item, key));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, k === 'run' || k === 'script' ? k : undefined);
  };
  walk(parse(recipe(name)));
  return scripts;
}
