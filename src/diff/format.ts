import { compareStrings } from '../util/compare.js';
import type { DefinitionChange, FileChange } from './compare.js';
import { unifiedDiff } from './lines.js';
import type { Action, LikelyRename } from './actions.js';
import { formatActionsMarkdown } from './format-actions.js';

export function fileDiff(change: FileChange): string {
  return unifiedDiff(
    change.before ?? '',
    change.after ?? '',
    change.status === 'added' ? '/dev/null' : `a/${change.path}`,
    change.status === 'removed' ? '/dev/null' : `b/${change.path}`,
  );
}

const paint = (color: boolean, code: string, line: string) =>
  color ? `\u001b[${code}m${line}\u001b[0m` : line;

export function formatText(changes: readonly FileChange[], color: boolean): string {
  const out: string[] = [];
  for (const change of changes) {
    for (const line of fileDiff(change).split('\n')) {
      if (line === '') continue;
      if (line.startsWith('+++') || line.startsWith('---')) out.push(paint(color, '1', line));
      else if (line.startsWith('@@')) out.push(paint(color, '36', line));
      else if (line.startsWith('+')) out.push(paint(color, '32', line));
      else if (line.startsWith('-')) out.push(paint(color, '31', line));
      else out.push(line);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

export function summarizeChanges(
  changes: readonly FileChange[],
): Map<string, { added: number; changed: number; removed: number }> {
  const byEnvironment = new Map<string, { added: number; changed: number; removed: number }>();
  for (const change of changes) {
    const counts = byEnvironment.get(change.environment) ?? { added: 0, changed: 0, removed: 0 };
    counts[change.status]++;
    byEnvironment.set(change.environment, counts);
  }
  return new Map([...byEnvironment].sort(([a], [b]) => compareStrings(a, b)));
}

/** GitHub caps a job summary at 1 MiB; leave room for the closing lines. */
export const MARKDOWN_LIMIT = 1024 * 1024 - 4096;

/**
 * For a pull-request comment or the job summary: a table per environment, the resources whose
 * definition changed, then one collapsible diff per file, cut to stay within GitHub's limit.
 */
export function formatMarkdown(
  changes: readonly FileChange[],
  definitions: readonly DefinitionChange[],
  limit = MARKDOWN_LIMIT,
  actions: readonly Action[] = [],
  renames: readonly LikelyRename[] = [],
): string {
  const lines = ['## paws diff', ''];
  if (changes.length === 0) {
    lines.push('No change in the generated output.', '');
    return lines.join('\n');
  }
  lines.push(...formatActionsMarkdown(actions, 50, renames));
  lines.push('| environment | added | changed | removed |', '|---|---:|---:|---:|');
  for (const [environment, counts] of summarizeChanges(changes)) {
    lines.push(`| ${environment} | ${counts.added} | ${counts.changed} | ${counts.removed} |`);
  }
  lines.push('');
  if (definitions.length > 0) {
    lines.push(
      '### Resources whose definition changed',
      '',
      '> [!WARNING]',
      '> A stateful resource whose definition changes is usually replaced: check that its data is safe.',
      '',
    );
    for (const d of definitions)
      lines.push(`- **${d.environment}** \`${d.uid}\`: \`${d.before}\` → \`${d.after}\``);
    lines.push('');
  }
  lines.push('### Files', '');
  let text = `${lines.join('\n')}\n`;
  let shown = 0;
  for (const change of changes) {
    const section = `<details><summary><code>${change.path}</code> (${change.status})</summary>\n\n\`\`\`diff\n${fileDiff(change)}\`\`\`\n\n</details>\n\n`;
    if (Buffer.byteLength(text) + Buffer.byteLength(section) > limit) break;
    text += section;
    shown++;
  }
  if (shown < changes.length) {
    text += `${changes.length - shown} more changed file${changes.length - shown === 1 ? '' : 's'} not shown: the summary stays within GitHub's 1 MiB limit. Run \`paws diff\` locally for everything.\n`;
  }
  return text;
}

/** The first line of every summary: the recipes find their own comment by it and update it in place. */
export const SUMMARY_MARKER = '<!-- paws-diff-summary -->';
/** Entries of each list a summary shows before "and N more". */
const LIST_LIMIT = 20;

/** GitHub refuses comment bodies over 65,536 characters; stay well under. */
export const SUMMARY_LIMIT = 60_000;

/**
 * For the pull-request comment: counts per environment, the resources whose definition changed, the
 * changed files by environment (cut to the limit), and where the full diff is. "No change" when empty.
 */
export function formatSummary(
  changes: readonly FileChange[],
  definitions: readonly DefinitionChange[],
  removedEnvironments: readonly string[],
  fullDiff = 'the job summary',
  limit = SUMMARY_LIMIT,
  actions: readonly Action[] = [],
  renames: readonly LikelyRename[] = [],
): string {
  const lines = [SUMMARY_MARKER, '## paws diff', ''];
  if (changes.length === 0) return `${[...lines, 'No change in the generated output.', ''].join('\n')}`;
  lines.push(...formatActionsMarkdown(actions, 20, renames));
  // Every list is folded past a few entries: the comment stays under GitHub's limit whatever the change.
  const summary = [...summarizeChanges(changes)];
  lines.push('| environment | added | changed | removed |', '|---|---:|---:|---:|');
  for (const [environment, counts] of summary.slice(0, LIST_LIMIT))
    lines.push(`| ${environment} | ${counts.added} | ${counts.changed} | ${counts.removed} |`);
  if (summary.length > LIST_LIMIT) lines.push(`| … and ${summary.length - LIST_LIMIT} more | | | |`);
  lines.push('');
  for (const name of removedEnvironments.slice(0, LIST_LIMIT))
    lines.push(
      `> [!WARNING]`,
      `> Environment **${name}** is gone: a teardown module stays for its Terraform state.`,
      '',
    );
  if (removedEnvironments.length > LIST_LIMIT)
    lines.push(`> … and ${removedEnvironments.length - LIST_LIMIT} more environments gone`, '');
  for (const d of definitions.slice(0, LIST_LIMIT))
    lines.push(`- ⚠️ **${d.environment}** \`${d.uid}\` changes definition: \`${d.before}\` → \`${d.after}\``);
  if (definitions.length > LIST_LIMIT)
    lines.push(`- … and ${definitions.length - LIST_LIMIT} more resources change definition`);
  if (definitions.length > 0) lines.push('');
  const footer = `\nThe full diff is in ${fullDiff}.\n`;
  let text = `${lines.join('\n')}\n`;
  let shown = 0;
  for (const change of changes) {
    const line = `- \`${change.path}\` (${change.status})\n`;
    if (text.length + line.length + footer.length + 200 > limit) break;
    text += line;
    shown++;
  }
  if (shown < changes.length) text += `- … and ${changes.length - shown} more\n`;
  return text + footer;
}
