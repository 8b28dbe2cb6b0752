import { compareStrings } from '../util/compare.js';
import { type Action, type ActionKind, destructive, type LikelyRename } from './actions.js';

const KINDS: readonly ActionKind[] = ['create', 'update', 'replace', 'delete', 'move'];

/** Counts of each action per environment. */
export function countActions(actions: readonly Action[]): Map<string, Record<ActionKind, number>> {
  const counts = new Map<string, Record<ActionKind, number>>();
  for (const a of actions) {
    const row = counts.get(a.environment) ?? { create: 0, update: 0, replace: 0, delete: 0, move: 0 };
    row[a.action]++;
    counts.set(a.environment, row);
  }
  return new Map([...counts].sort(([a], [b]) => compareStrings(a, b)));
}

const describe = (a: Action) =>
  `${a.action} ${a.environment} ${a.address}${a.resource ? ` (${a.resource})` : ''}${a.reason ? `: ${a.reason}` : ''}`;

/**
 * The actions a reviewer must see, as plain lines: what destroys data first (stateful replaces and
 * deletes), then every other replace, delete and move. Creates and updates are counted only.
 */
const renameHint = (r: LikelyRename) =>
  `${r.environment}: ${r.workload}'s ${r.type} "${r.from}" went and "${r.to}" came: if that is a rename, declare it (movedFrom: ${r.from} on resource ${r.to}) and nothing is replaced`;

export function formatActionsText(actions: readonly Action[], renames: readonly LikelyRename[] = []): string {
  if (actions.length === 0) return '';
  const destroys = destructive(actions);
  const lines: string[] = [];
  if (destroys.length > 0) {
    lines.push(`DESTROYS DATA (${destroys.length}): a stateful resource is replaced or deleted`);
    for (const a of destroys) lines.push(`  ${describe(a)}`);
  }
  for (const r of renames) lines.push(`  likely rename: ${renameHint(r)}`);
  const others = actions.filter(
    (a) => !destroys.includes(a) && a.action !== 'create' && a.action !== 'update',
  );
  for (const a of others) lines.push(`  ${describe(a)}`);
  const counts = [...countActions(actions)].map(
    ([env, c]) =>
      `${env}: ${KINDS.filter((k) => c[k] > 0)
        .map((k) => `${c[k]} ${k}`)
        .join(', ')}`,
  );
  lines.push(`actions: ${counts.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** Markdown for the pull-request comment and job summary: "Destroys data" first, then a table. */
export function formatActionsMarkdown(
  actions: readonly Action[],
  limit = 50,
  renames: readonly LikelyRename[] = [],
): string[] {
  if (actions.length === 0) return [];
  const lines: string[] = [];
  const destroys = destructive(actions);
  if (destroys.length > 0) {
    lines.push(
      '### ⛔ Destroys data',
      '',
      '> [!CAUTION]',
      `> ${destroys.length} stateful resource${destroys.length === 1 ? ' is' : 's are'} replaced or deleted: what ${destroys.length === 1 ? 'it holds is' : 'they hold is'} lost. If this is a rename, declare it (\`movedFrom\`) so it becomes a move.`,
      '',
    );
    for (const a of destroys.slice(0, limit))
      lines.push(`- **${a.action}** ${a.environment} \`${a.address}\`${a.reason ? `: ${a.reason}` : ''}`);
    if (destroys.length > limit) lines.push(`- … and ${destroys.length - limit} more`);
    lines.push('');
  }
  if (renames.length > 0) {
    lines.push('> [!TIP]', '> Likely renames, undeclared:');
    for (const r of renames.slice(0, limit)) lines.push(`> - ${renameHint(r)}`);
    if (renames.length > limit) lines.push(`> - … and ${renames.length - limit} more`);
    lines.push('');
  }
  lines.push('| environment | create | update | replace | delete | move |', '|---|---:|---:|---:|---:|---:|');
  const counts = [...countActions(actions)];
  for (const [env, c] of counts.slice(0, limit))
    lines.push(`| ${env} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${c.move} |`);
  if (counts.length > limit) lines.push(`| … and ${counts.length - limit} more | | | | | |`);
  lines.push('');
  const others = actions.filter(
    (a) => !destroys.includes(a) && (a.action === 'replace' || a.action === 'delete' || a.action === 'move'),
  );
  for (const a of others.slice(0, limit))
    lines.push(`- ${a.action} ${a.environment} \`${a.address}\`${a.reason ? `: ${a.reason}` : ''}`);
  if (others.length > limit) lines.push(`- … and ${others.length - limit} more`);
  if (others.length > 0) lines.push('');
  return lines;
}
