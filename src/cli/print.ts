import type { Diagnostic } from '../compiler/diagnostics.js';
import type { SourceFile } from '../compiler/load/source.js';
import { type CliIO, useColor } from './io.js';
import { formatDiagnostic, formatGithubAnnotation, plural, type Redaction, summarize } from './report.js';

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
    // A secret one diagnostic points at must not show in another's frame either.
    const redactions = new Map<string, Redaction[]>();
    for (const d of diagnostics)
      if (d.redact && d.file) redactions.set(d.file, [...(redactions.get(d.file) ?? []), d.redact]);
    for (const d of diagnostics)
      io.stderr(`${formatDiagnostic(d, sources, { color }, redactions.get(d.file ?? '') ?? [])}\n\n`);
    if (diagnostics.length > 0) io.stderr(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  if (io.env('GITHUB_ACTIONS') === 'true') {
    for (const d of diagnostics) io.stdout(`${formatGithubAnnotation(d)}\n`);
  }
  return errors > 0;
}
