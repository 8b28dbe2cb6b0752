import * as path from 'node:path';
import { createNodeHost, isWritable } from '../../compiler/host.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { compile } from '../../api/compile.js';
import { writeOutput } from '../../compiler/write/index.js';
import { resourceDefinitions } from '../../diff/compare.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { plural } from '../report.js';
import { type ProjectFlags, toPlanOptions } from './shared.js';

export async function runCompile(
  paths: string[],
  flags: ProjectFlags & { force?: boolean; format: 'text' | 'json' },
  io: CliIO,
): Promise<number> {
  const host = io.host ?? createNodeHost();
  const result = await compile(toPlanOptions(paths, flags), host);
  if (printDiagnostics(result.diagnostics, result.sources, flags.format, io) || result.files.length === 0) {
    if (flags.format === 'json')
      io.stdout(`${JSON.stringify({ ok: false, diagnostics: result.diagnostics }, null, 2)}\n`);
    return result.files.length === 0 && !result.diagnostics.some((d) => d.severity === 'error') ? 0 : 1;
  }
  if (!isWritable(host)) throw new Error('the host cannot write files');
  const outDir = flags.out ? path.posix.resolve(host.cwd(), flags.out) : result.outDir;
  const resources = resourceDefinitions(result.planned?.plans ?? []);
  const written = writeOutput(host, outDir, result.files, { force: flags.force ?? false, resources });
  const failed = printDiagnostics(written.diagnostics, new Map(), flags.format, io);
  const environments = result.planned?.plans.map((p) => p.environment.name) ?? [];
  if (flags.format === 'json') {
    io.stdout(
      `${JSON.stringify({ ok: !failed, out: displayPathFor(host, outDir), environments, written: written.written, removed: written.removed, unchanged: written.unchanged.length, diagnostics: [...result.diagnostics, ...written.diagnostics] }, null, 2)}\n`,
    );
  } else if (!failed) {
    io.stdout(
      `compiled ${plural(environments.length, 'environment')} (${environments.join(', ')}) into ${displayPathFor(host, outDir)}: ` +
        `${written.written.length} written, ${written.removed.length} removed, ${written.unchanged.length} unchanged\n`,
    );
  }
  return failed ? 1 : 0;
}
