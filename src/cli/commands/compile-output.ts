import type { WritableHost } from '../../compiler/host.js';
import type { EnvironmentPlan } from '../../compiler/plan/types.js';
import { resourceDefinitions } from '../../diff/compare.js';
import { clusterNeeds } from '../../compiler/write/cluster-needs.js';
import type { EncodedFile } from '../../compiler/background-writes.js';
import {
  type OpenOptions,
  type OutputWriter,
  openOutput,
  readPreviousOutput,
  type WriteResult,
} from '../../compiler/write/index.js';
import {
  type EnvironmentRecord,
  type PreviousOutput,
  type Removal,
  compiledEnvironmentChange,
  updateOtherEnvironments,
} from '../../compiler/write/lifecycle.js';

type Opened = { writer: OutputWriter; previous: PreviousOutput | undefined } | { refused: WriteResult };

/**
 * A compile's output folder, written as environments come out of the compiler: opened (checked and
 * locked, the previous output read) with the first environment, each environment's files staged as
 * they come, and the rest of the folder's life (environments gone) settled at the end.
 */
export function streamOutput(
  host: WritableHost,
  outDir: string,
  options: OpenOptions,
  record: (plan: EnvironmentPlan) => EnvironmentRecord,
) {
  let opened: Opened | undefined;
  const open = (): Opened => {
    const result = openOutput(host, outDir, options);
    return 'refused' in result
      ? result
      : { writer: result.writer, previous: readPreviousOutput(host, outDir) };
  };
  const live: Removal[] = [];
  let needs: string[] = [];
  let count = 0;
  // What the manifest keeps of each plan, so the plans themselves need not be kept.
  const records: Record<string, EnvironmentRecord> = {};
  const resources: Record<string, Record<string, string>> = {};
  return {
    add(plan: EnvironmentPlan, files: readonly EncodedFile[]): void {
      const environment = plan.environment.name;
      records[environment] = record(plan);
      Object.assign(resources, resourceDefinitions([plan]));
      count += files.length;
      opened ??= open();
      if ('refused' in opened) return;
      const change = compiledEnvironmentChange(
        opened.previous,
        environment,
        files.map((f) => f.path),
        (p) => files.find((f) => f.path === p)?.bytes.toString('utf8'),
      );
      if (change.removal) live.push(change.removal);
      const replaced = new Set(change.added.map((f) => f.path));
      const compiled = replaced.size > 0 ? files.filter((f) => !replaced.has(f.path)) : files;
      needs = clusterNeeds(change.added, clusterNeeds(compiled, needs));
      opened.writer.addEncoded(compiled);
      opened.writer.add(change.added);
    },
    /** How many files the compile produced. */
    count: () => count,
    /** The cluster components the compiled objects need. */
    needs: () => needs,
    /** The environments compiled, in the order they came. */
    environments: () => Object.keys(records),
    /** Environments gone become teardown modules; then every staged file goes into place. */
    finish(platform: readonly string[] | undefined): { written: WriteResult; removed: Removal[] } {
      opened ??= open();
      if ('refused' in opened) return { written: opened.refused, removed: [] };
      const rest = updateOtherEnvironments(opened.previous, records, platform, live);
      opened.writer.add(rest.files);
      const written = opened.writer.finish({ resources, environments: rest.environments, keep: rest.keep });
      return { written, removed: rest.removed };
    },
    /** Drops what was staged (a compile that failed) and releases the folder. */
    abort(): void {
      if (opened && 'writer' in opened) opened.writer.abort();
    },
  };
}
