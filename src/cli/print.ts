import type { Diagnostic } from '../compiler/diagnostics.js';
import type { SourceFile } from '../compiler/load/source.js';
import { type CliIO, useColor } from './io.js';
import { formatDiagnostic, formatGithubAnnotation, plural, summarize } from './report.js';

/**
 * Prints diagnostics in the chosen format (json prints nothing here: the command puts them in its
 * own JSON document) and, inside GitHub Actions, as annotations too. Returns whether any is an error.
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile>,
  format: 'text' | 'json',
  io: CliIO,
): boolean {
  const { errors, warnings } = summarize(diagnostics);
  if (format === 'text') {
    const color = useColor(io);
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, sources, { color })}\n\n`);
    if (diagnostics.length > 0) io.stderr(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  if (io.env('GITHUB_ACTIONS') === 'true') {
    for (const d of diagnostics) io.stdout(`${formatGithubAnnotation(d)}\n`);
  }
  return errors > 0;
}
