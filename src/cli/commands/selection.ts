import type { PlanApiOptions } from '../../api/plan.js';
import { type Diagnostic, type StageResult } from '../../compiler/diagnostics.js';
import type { Host } from '../../compiler/host.js';
import { imageFor } from '../../compiler/images.js';
import { discoverWorkloadFiles } from '../../compiler/load/discover.js';
import { type LoadedDocument, type LoadedProject, loadProject } from '../../compiler/load/index.js';
import { readManifest } from '../../compiler/write/index.js';
import { compareStrings } from '../../util/compare.js';

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
  const images: Record<string, string> = { ...(options.images ?? {}) };
  for (const doc of keptDocs) {
    const workload = name(doc);
    if (workload && !workloads.includes(workload) && imageFor(options, workload) === undefined)
      images[workload] = '.';
  }
  return {
    workloads,
    loaded: {
      value: { ...value, workloads: keptDocs },
      diagnostics: [...diagnostics, ...found.diagnostics, ...gone.map(goneWorkload)],
    },
    options: { ...options, paths: [], ...(Object.keys(images).length > 0 ? { images } : {}) },
  };
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
