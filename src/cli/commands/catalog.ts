import { createNodeHost } from '../../compiler/host.js';
import { toJson as canonicalJson, toYaml } from '../../write/serialize.js';
import { check } from '../../api/validate.js';
import { resolveEnvironments } from '../../resolvers/environments.js';
import { backstageEntities } from '../../emitters/backstage.js';
import { catalogReport } from '../../api/catalog.js';
import { backstageOptions } from '../backstage-source.js';
import { DEFAULT_CLASS } from '../../compiler/identity.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { planForCommand, type ProjectFlags } from './shared.js';

export async function runCatalog(
  flags: ProjectFlags & { format: 'text' | 'json' | 'backstage'; env?: string[] },
  io: CliIO,
): Promise<number> {
  if (flags.format === 'backstage') return runBackstage(flags, io);
  const result = check(
    { paths: [], allowMissingImage: true, ...(flags.platform ? { platform: flags.platform } : {}) },
    io.host ?? createNodeHost(),
  );
  if (printDiagnostics(result.diagnostics, result.sources, flags.format, io) || !result.project) {
    if (flags.format === 'json') io.stdout(canonicalJson({ diagnostics: result.diagnostics }));
    return 1;
  }
  const resolved = resolveEnvironments(result.project.platform.environments);
  const wanted = flags.env ?? [];
  const unknown = wanted.filter((name) => !resolved.environments.some((e) => e.name === name));
  if (unknown.length > 0) {
    io.stderr(
      `error: no environment ${unknown.map((u) => `"${u}"`).join(', ')}\n  hint: environments: ${resolved.environments.map((e) => e.name).join(', ')}\n`,
    );
    return 1;
  }
  const selected =
    wanted.length > 0 ? resolved.environments.filter((e) => wanted.includes(e.name)) : resolved.environments;
  const report = catalogReport(result.project, selected);
  if (flags.format === 'json') {
    io.stdout(canonicalJson(report));
    return 0;
  }
  printCatalog(report, io);
  return 0;
}

/** The catalog report as text: types and their params, definitions, and per environment its policies and who serves what. */
function printCatalog(report: ReturnType<typeof catalogReport>, io: CliIO): void {
  io.stdout('resource types (* secret output)\n');
  for (const t of report.types) {
    const outputs = t.outputs.map((o) => (t.secretOutputs.includes(o) ? `${o}*` : o)).join(', ');
    const shown = t.openOutputs ? `${outputs}${outputs ? ', ' : ''}(any other)` : outputs || '(no outputs)';
    io.stdout(`  ${t.name}${t.builtin ? '' : ' (platform)'}: ${shown}; classes: ${t.classes.join(', ')}\n`);
    const params = Object.entries(t.params)
      .map(
        ([name, p]) =>
          `${name}${p.type ? ` (${Array.isArray(p.type) ? p.type.join('|') : String(p.type)})` : ''}`,
      )
      .join(', ');
    if (params) io.stdout(`      params: ${params}\n`);
  }
  io.stdout('\ndefinitions\n');
  for (const d of report.definitions) {
    const match =
      Object.entries(d.match)
        .map(([k, v]) => `${k} [${(v as string[]).join(', ')}]`)
        .join(', ') || 'everywhere';
    io.stdout(
      `  ${d.name}: ${d.type} [${d.classes.join(', ')}] via ${d.driver}, ${match} (${d.builtin ? 'built-in' : d.file})\n`,
    );
  }
  for (const env of report.environments) {
    io.stdout(`\nenvironment ${env.name} (type ${env.type})\n`);
    for (const policy of env.policies)
      for (const rule of policy.rules)
        io.stdout(`  policy ${policy.name}/${rule.name} (${rule.severity}, ${rule.for}): ${rule.message}\n`);
    for (const s of report.served.filter(
      (x) =>
        x.environment === env.name && (x.usedByWorkloads || x.definitions.length + x.narrower.length > 0),
    )) {
      const narrower = s.narrower.length > 0 ? ` (+ ${s.narrower.join(', ')} for some workloads or ids)` : '';
      const label = s.class === DEFAULT_CLASS ? s.type : `${s.type}.${s.class}`;
      io.stdout(
        `  ${s.gap ? '!' : ' '} ${label}: ${s.definitions.join(' > ') || 'no definition'}${narrower}${s.gap ? '  ← used by a workload, nothing serves it' : ''}${s.deniedBy.length > 0 ? `  (denied by ${s.deniedBy.join(', ')})` : ''}\n`,
      );
    }
    const missing = report.served.filter(
      (x) =>
        x.environment === env.name &&
        x.definitions.length + x.narrower.length === 0 &&
        !x.usedByWorkloads &&
        x.class === DEFAULT_CLASS,
    );
    if (missing.length > 0) io.stdout(`    no definition: ${missing.map((m) => m.type).join(', ')}\n`);
  }
  const gaps = report.served.filter((s) => s.gap).length;
  if (gaps > 0)
    io.stdout(
      `\n${gaps} gap${gaps === 1 ? '' : 's'}: a type some workload uses has no definition in an environment\n`,
    );
}

/** `paws catalog --format backstage`: the catalog entities of the planned environments, as YAML. */
async function runBackstage(flags: ProjectFlags & { env?: string[] }, io: CliIO): Promise<number> {
  const { result, ok } = await planForCommand(
    [],
    { ...flags, env: flags.env ?? [], allowMissingImage: true },
    io,
    'text',
    'project',
  );
  if (!ok || !result.planned) return 1;
  io.stdout(
    toYaml(
      backstageEntities(
        result.planned.plans,
        backstageOptions(result.project, io.host ?? createNodeHost(), io),
      ),
    ),
  );
  return 0;
}
