import { createNodeHost } from '../../compiler/host.js';
import { check } from '../../api/validate.js';
import { checkDefinitions } from '../../resolvers/check-definitions.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { plural } from '../report.js';
import type { ProjectFlags } from './shared.js';

/** `paws definitions check`: every definition rendered with sample inputs and held against its type's contract. */
export async function runDefinitionsCheck(
  flags: ProjectFlags & { format: 'text' | 'json' },
  io: CliIO,
): Promise<number> {
  const host = io.host ?? createNodeHost();
  const result = check(
    {
      paths: [],
      requireWorkloads: false,
      allowMissingImage: true,
      ...(flags.platform ? { platform: flags.platform } : {}),
    },
    host,
  );
  const platform = result.project?.platform;
  if (!platform) {
    printDiagnostics(result.diagnostics, result.sources, flags.format, io);
    if (flags.format === 'json')
      io.stdout(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    return 1;
  }
  const checked = await checkDefinitions(platform, (file) => result.assets.get(file));
  const failed = printDiagnostics(checked.diagnostics, result.sources, flags.format, io);
  if (flags.format === 'json') {
    io.stdout(
      `${JSON.stringify({ ok: !failed, checked: checked.checked, diagnostics: checked.diagnostics }, null, 2)}\n`,
    );
  } else if (!failed) {
    io.stdout(
      `${plural(checked.checked.length, 'definition')} checked: every one renders and keeps its type's contract\n`,
    );
  }
  return failed ? 1 : 0;
}
