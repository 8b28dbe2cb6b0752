export { plural } from '../util/plural.js';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { lineText, type SourceFile } from '../compiler/load/source.js';
import { oneLine } from '../util/one-line.js';

export interface ReportStyle {
  color: boolean;
}

const paint = (enabled: boolean, code: string, text: string) =>
  enabled ? `\u001b[${code}m${text}\u001b[0m` : text;

function position(d: { file?: string; line?: number; column?: number }): string {
  if (!d.file) return '';
  const file = oneLine(d.file);
  return d.line ? `${file}:${d.line}:${d.column ?? 1}: ` : `${file}: `;
}

/** `file:line:col: error PAWS1234: message`, a short code frame, then hint and related locations. */
export function formatDiagnostic(
  d: Diagnostic,
  sources: ReadonlyMap<string, SourceFile>,
  style: ReportStyle,
  redactions: readonly Redaction[] = [],
): string {
  const severity = paint(style.color, d.severity === 'error' ? '31;1' : '33;1', d.severity);
  // Messages and hints quote data (names, values from the specs): it never starts a line.
  const lines = [`${position(d)}${severity} ${d.code}: ${oneLine(d.message)}${inEnvironments(d)}`];
  const source = d.file ? sources.get(d.file) : undefined;
  if (source && d.line) {
    const masks = [...redactions, ...(d.redact ? [d.redact] : [])];
    const text = (n: number) => {
      const line = masked(lineText(source, n), n, masks);
      return line === undefined ? undefined : oneLine(line);
    };
    lines.push(...codeFrame(text, d.line, d.column ?? 1, style));
  }
  if (d.hint) lines.push(`  ${paint(style.color, '36', 'hint:')} ${oneLine(d.hint)}`);
  for (const related of d.related ?? [])
    lines.push(`  ${paint(style.color, '2', 'related:')} ${position(related)}${oneLine(related.message)}`);
  return lines.join('\n');
}

/** ` (in dev, staging)`: where a problem was found, when a compile covered several environments. */
function inEnvironments(d: Diagnostic): string {
  return d.environments && d.environments.length > 0 ? ` (in ${d.environments.map(oneLine).join(', ')})` : '';
}

export type Redaction = NonNullable<Diagnostic['redact']>;

/** A source line with every redacted range on it replaced by asterisks. */
function masked(
  text: string | undefined,
  line: number,
  redactions: readonly Redaction[],
): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const r of redactions) {
    if (line < r.line || line > r.endLine) continue;
    const from = line === r.line ? r.column - 1 : 0;
    const to = line === r.endLine ? r.endColumn - 1 : out.length;
    if (to > from) out = `${out.slice(0, from)}${'*'.repeat(Math.min(8, to - from))}${out.slice(to)}`;
  }
  return out;
}

function codeFrame(
  lineAt: (line: number) => string | undefined,
  line: number,
  column: number,
  style: ReportStyle,
): string[] {
  const out: string[] = [];
  const width = String(line).length;
  const gutter = (n: number | string, mark: string) =>
    paint(style.color, '2', `${mark} ${String(n).padStart(width)} | `);
  const previous = line > 1 ? lineAt(line - 1) : undefined;
  if (previous !== undefined && previous.trim() !== '') out.push(gutter(line - 1, ' ') + clip(previous));
  const current = lineAt(line);
  if (current === undefined) return out;
  out.push(gutter(line, '>') + clip(current));
  const caretPad = current.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
  out.push(`${gutter('', ' ')}${caretPad.slice(0, 200)}${paint(style.color, '31;1', '^')}`);
  return out;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function summarize(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}

/** GitHub Actions workflow commands, so problems show up as annotations on the pull request. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const properties = [
    ...(d.file ? [`file=${escapeProperty(d.file)}`] : []),
    ...(d.line ? [`line=${d.line}`] : []),
    ...(d.column ? [`col=${d.column}`] : []),
    `title=${escapeProperty(d.code)}`,
  ];
  const message = `${oneLine(d.message)}${inEnvironments(d)}${d.hint ? `\n${oneLine(d.hint)}` : ''}`;
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(message)}`;
}
