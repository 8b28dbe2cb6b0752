import { createNodeHost } from '../../compiler/host.js';
import { type PlanApiOptions, type PlanApiResult, plan } from '../../api/plan.js';
import type { CliIO } from '../io.js';
import { printDiagnostics } from '../print.js';
import { neighbourhood } from '../../api/selection.js';

export interface ProjectFlags {
  platform?: string;
  image?: string;
  images?: Record<string, string>;
  out?: string;
  env?: string[];
  /** With one --env: an ephemeral environment cloned from this base. */
  extends?: string;
  allowMissingImage?: boolean;
}

export function toPlanOptions(paths: readonly string[], flags: ProjectFlags): PlanApiOptions {
  return {
    paths,
    ...(flags.platform ? { platform: flags.platform } : {}),
    ...(flags.image ? { image: flags.image } : {}),
    ...(flags.images ? { images: flags.images } : {}),
    ...(flags.out ? { out: flags.out } : {}),
    ...(flags.env && flags.env.length > 0 ? { environments: flags.env } : {}),
    ...(flags.extends ? { ephemeral: { name: flags.env?.[0] ?? '', extends: flags.extends } } : {}),
    ...(flags.allowMissingImage ? { allowMissingImage: true } : {}),
  };
}

/** Runs load → plan and prints the diagnostics as text; `ok` is false when any is an error. */
export async function planForCommand(
  paths: readonly string[],
  flags: ProjectFlags,
  io: CliIO,
  format: 'text' | 'json' = 'text',
  scope: 'project' | 'here' = 'here',
) {
  const options = { ...toPlanOptions(paths, flags), scope };
  const host = io.host ?? createNodeHost();
  // From a subfolder: the workloads there with those they reach, so references resolve.
  const near = scope === 'here' ? neighbourhood(host, options) : undefined;
  const planned: PlanApiResult = await plan(near?.options ?? options, host, near?.loaded);
  const result = near ? { ...planned, diagnostics: planned.diagnostics.filter(near.concerns) } : planned;
  const failed = printDiagnostics(
    result.diagnostics,
    result.sources,
    format === 'json' ? 'json' : 'text',
    io,
  );
  return { result, ok: !failed, ...(near ? { selected: near.selected } : {}) };
}

/**
 * The one environment a command is about: --env, or the only environment there is. Otherwise a
 * message naming them (printed by the caller).
 */
export function onlyEnvironment(
  given: readonly string[] | undefined,
  result: PlanApiResult,
): { name: string } | { error: string } {
  if (given && given.length > 0) return { name: given[0] as string };
  const names = result.planned?.environments.map((e) => e.name) ?? [];
  if (names.length === 1) return { name: names[0] as string };
  return {
    error: `error: ${names.length} environments (${names.join(', ')}): choose one with --env\n`,
  };
}
