/** Parsed Terraform JSON, read freely by tests (what JSON.parse gives). */
type Tree = ReturnType<typeof JSON.parse>;

/** An environment's Terraform root modules in a compile's files, by folder below `<env>/terraform` ("" for the single one). */
export function terraformModules(
  files: readonly { path: string; content: string }[],
  environment: string,
): Map<string, Tree> {
  const prefix = `${environment}/terraform/`;
  const modules = new Map<string, Tree>();
  for (const file of files) {
    if (!file.path.startsWith(prefix) || !file.path.endsWith('main.tf.json')) continue;
    const folder = file.path.slice(prefix.length, -'main.tf.json'.length).replace(/\/$/, '');
    modules.set(folder, JSON.parse(file.content) as Tree);
  }
  return modules;
}

/**
 * Every block of an environment's modules in one object (`resource.<type>.<name>`, `locals.<name>`,
 * `output.<name>` …), for tests about what is made rather than where; `terraform` and `provider` of
 * the first module. Undefined when the environment has no Terraform.
 */
export function environmentTerraform(
  files: readonly { path: string; content: string }[],
  environment: string,
): Tree | undefined {
  const modules = [...terraformModules(files, environment).values()];
  if (modules.length === 0) return undefined;
  const merged: Tree = {};
  for (const module of modules) {
    for (const [block, body] of Object.entries(module)) {
      if (block === 'terraform' || block === 'provider') {
        merged[block] ??= body;
        continue;
      }
      const into = (merged[block] ??= {});
      for (const [kind, byName] of Object.entries(body as Record<string, unknown>)) {
        if (block === 'locals' || block === 'output' || block === 'module') into[kind] = byName;
        else into[kind] = { ...(into[kind] ?? {}), ...(byName as object) };
      }
    }
  }
  return merged;
}
