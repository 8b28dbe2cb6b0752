import type { PlanApiOptions } from './plan.js';
import { type Diagnostic, type StageResult } from '../compiler/diagnostics.js';
import type { Host } from '../compiler/host.js';
import { imageFor } from '../compiler/images.js';
import { discoverWorkloadFiles } from '../compiler/load/discover.js';
import {
  type LoadedDocument,
  type LoadedProject,
  loadMoreWorkloads,
  loadProject,
  projectRoot,
} from '../compiler/load/index.js';
import { readManifest } from '../write/index.js';
import { compareStrings } from '../util/compare.js';

/**
 * `paws compile <paths>` and `paws diff <paths>`: the workloads the paths name are compiled and
 * written; every other workload keeps its files as they are. The whole project is loaded, so what
 * every workload shares (Argo CD Applications, namespaces, shared resources, conflicts between
 * workloads) is computed as a compile of everything would; workloads the output folder does not
 * hold yet are left out unless selected, so nothing half-written appears.
 */
export interface Selection {
  /** The selected workloads, by name. */
  workloads: string[];
  /** The project as the compile sees it: every workload the output holds, and the selected ones. */
  loaded: StageResult<LoadedProject>;
  /** Options with `image: "."` settled for unselected workloads (their files are not written). */
  options: PlanApiOptions;
}

const name = (doc: LoadedDocument) =>
  (doc.value as { metadata?: { name?: unknown } } | null)?.metadata?.name as string | undefined;

export function selectWorkloads(host: Host, options: PlanApiOptions, outDir?: string): Selection {
  const whole = loadProject({ ...options, paths: [], scope: 'project' }, host);
  const { value, diagnostics } = whole;
  const skip = new Set([value.outDir, ...(value.platformDir ? [value.platformDir] : [])]);
  const found = discoverWorkloadFiles(host, { paths: options.paths ?? [], skip });
  const files = new Set(found.files);
  const selected = value.workloads.filter((doc) => files.has(doc.source.path));
  const workloads = [...new Set(selected.map(name).filter((n): n is string => !!n))].sort(compareStrings);
  const held = heldWorkloads(host, outDir ?? value.outDir);
  const inTree = new Set(value.workloads.map(name));
  const keptDocs = value.workloads.filter((doc) => files.has(doc.source.path) || held.has(name(doc) ?? ''));
  const gone = [...held].filter((w) => !inTree.has(w)).sort(compareStrings);
  const images = placeholderImages(
    options,
    keptDocs.filter((doc) => !workloads.includes(name(doc) ?? '')),
  );
  return {
    workloads,
    loaded: {
      value: { ...value, workloads: keptDocs },
      diagnostics: [...diagnostics, ...found.diagnostics, ...gone.map(goneWorkload)],
    },
    options: { ...options, paths: [], ...(Object.keys(images).length > 0 ? { images } : {}) },
  };
}

/**
 * The given images, and "." for each of these workloads that has none: their files are not written,
 * so an `image: "."` of theirs needs no CI-built image.
 */
function placeholderImages(options: PlanApiOptions, docs: readonly LoadedDocument[]): Record<string, string> {
  const images: Record<string, string> = { ...(options.images ?? {}) };
  for (const doc of docs) {
    const workload = name(doc);
    if (workload && imageFor(options, workload) === undefined) images[workload] = '.';
  }
  return images;
}

/** Workloads the output folder holds files of, in any environment. */
function heldWorkloads(host: Host, outDir: string): Set<string> {
  const held = new Set<string>();
  for (const file of Object.keys(readManifest(host, outDir)?.files ?? {})) {
    const match = /^[^/]+\/kubernetes\/([^/_][^/]*)\//.exec(file);
    if (match) held.add(match[1] as string);
  }
  return held;
}

function goneWorkload(workload: string): Diagnostic {
  return {
    code: 'PAWS5010',
    severity: 'error',
    message: `the output holds workload "${workload}", whose spec is gone; a compile given paths never removes a workload it did not select`,
    hint: 'compile the whole project (paws compile, with no paths) to remove it: its Terraform modules then become teardown modules',
  };
}

/**
 * `validate`, `plan` and `explain` from a subfolder or given paths check the selected workloads with
 * the workloads they reach: those a resource param names (a service-port's `workload`) and those
 * that share an explicit resource id, so a reference across workloads resolves and a conflict is seen
 * as a compile sees it. Only files that could define one are parsed (a `name:` or `id:` line that
 * matches), so a lone workload costs what it did. Diagnostics about reached workloads' own files are
 * not reported, unless they name a selected file. Undefined when nothing is narrowed.
 */
export function neighbourhood(
  host: Host,
  options: PlanApiOptions,
):
  | {
      loaded: StageResult<LoadedProject>;
      options: PlanApiOptions;
      concerns: (d: Diagnostic) => boolean;
      /** The selected workloads, by name (the others were reached). */
      selected: ReadonlySet<string>;
    }
  | undefined {
  const scoped = { ...options, scope: 'here' as const };
  const loaded = loadProject(scoped, host);
  const root = projectRoot(host, host.cwd());
  if ((options.paths?.length ?? 0) === 0 && host.cwd() === root) return undefined;
  const { names, ids } = reachKeys(loaded.value.workloads);
  if (names.size === 0 && ids.size === 0) return undefined;
  const have = new Set(loaded.value.workloads.map((d) => d.source.path));
  const skip = new Set([
    loaded.value.outDir,
    ...(loaded.value.platformDir ? [loaded.value.platformDir] : []),
  ]);
  const pattern = definingLine(names, ids);
  const candidates = discoverWorkloadFiles(host, { paths: [root], skip }).files.filter((file) => {
    if (have.has(file)) return false;
    try {
      return pattern.test(new TextDecoder().decode(host.readFile(file)));
    } catch {
      return false;
    }
  });
  const more = loadMoreWorkloads(host, loaded.value, candidates);
  const reached = more.value.filter((doc) => reaches(doc, names, ids));
  const reachedFiles = new Set(reached.map((d) => d.source.displayPath));
  const selectedShown = new Set(loaded.value.workloads.map((d) => d.source.displayPath));
  const images = placeholderImages(options, reached);
  return {
    loaded: {
      value: { ...loaded.value, workloads: [...loaded.value.workloads, ...reached] },
      diagnostics: loaded.diagnostics,
    },
    options: { ...scoped, ...(Object.keys(images).length > 0 ? { images } : {}) },
    selected: new Set(loaded.value.workloads.map(name).filter((n): n is string => !!n)),
    concerns: (d) =>
      d.file === undefined ||
      !reachedFiles.has(d.file) ||
      (d.related ?? []).some((r) => r.file !== undefined && selectedShown.has(r.file)),
  };
}

type ResourceShape = { type?: unknown; class?: unknown; id?: unknown; params?: unknown };
const resourcesOf = (doc: LoadedDocument) =>
  Object.values((doc.value as { resources?: Record<string, ResourceShape> } | null)?.resources ?? {});
const idKey = (r: ResourceShape | undefined) =>
  r?.id === undefined ? undefined : `${String(r.type)}.${String(r.class ?? 'default')}#${String(r.id)}`;

/** Workload names the selected workloads' params may name, and the explicit ids they use. */
function reachKeys(selected: readonly LoadedDocument[]): { names: Set<string>; ids: Map<string, string> } {
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(strings)
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(strings)
          : [];
  const own = new Set(selected.map(name));
  const names = new Set(
    selected
      .flatMap((doc) => resourcesOf(doc).flatMap((r) => strings(r?.params)))
      .filter((s) => /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/.test(s) && !own.has(s)),
  );
  const ids = new Map<string, string>();
  for (const r of selected.flatMap(resourcesOf)) {
    const key = idKey(r);
    if (key) ids.set(key, String(r?.id));
  }
  return { names, ids };
}

/** A `name: <x>` or `id: <x>` line for one of the keys: the files worth parsing. */
function definingLine(names: ReadonlySet<string>, ids: ReadonlyMap<string, string>): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = [...new Set([...names, ...ids.values()])].map(escape).join('|');
  return new RegExp(`\\b(name|id):\\s*["']?(${alternatives})["']?\\s*($|[,}#])`, 'm');
}

function reaches(doc: LoadedDocument, names: ReadonlySet<string>, ids: ReadonlyMap<string, string>): boolean {
  return names.has(name(doc) ?? '') || resourcesOf(doc).some((r) => ids.has(idKey(r) ?? ''));
}
