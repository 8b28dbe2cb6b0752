import type { WritableHost } from '../../compiler/host.js';
import { clusterNeeds } from '../../compiler/write/cluster-needs.js';
import {
  type FinishOptions,
  type OpenOptions,
  type OutputFile,
  type OutputWriter,
  openOutput,
  readPreviousOutput,
  type WriteResult,
} from '../../compiler/write/index.js';
import {
  type EnvironmentRecord,
  type PreviousOutput,
  type Removal,
  updateCompiledEnvironment,
  updateOtherEnvironments,
} from '../../compiler/write/lifecycle.js';

type Opened = { writer: OutputWriter; previous: PreviousOutput | undefined } | { refused: WriteResult };

/**
 * A compile's output folder, written as environments come out of the compiler: opened (checked and
 * locked, the previous output read) with the first environment, each environment's files staged as
 * they come, and the rest of the folder's life (environments gone) settled at the end.
 */
export function streamOutput(host: WritableHost, outDir: string, options: OpenOptions) {
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
  return {
    add(environment: string, files: OutputFile[]): void {
      count += files.length;
      opened ??= open();
      if ('refused' in opened) return;
      const update = updateCompiledEnvironment(opened.previous, environment, files);
      if (update.removal) live.push(update.removal);
      needs = clusterNeeds(update.files, needs);
      opened.writer.add(update.files);
    },
    /** How many files the compile produced. */
    count: () => count,
    /** The cluster components the compiled objects need. */
    needs: () => needs,
    /** Environments gone become teardown modules; then every staged file goes into place. */
    finish(
      environments: Record<string, EnvironmentRecord>,
      platform: readonly string[] | undefined,
      resources: FinishOptions['resources'],
    ): { written: WriteResult; removed: Removal[] } {
      opened ??= open();
      if ('refused' in opened) return { written: opened.refused, removed: [] };
      const rest = updateOtherEnvironments(opened.previous, environments, platform, live);
      opened.writer.add(rest.files);
      const written = opened.writer.finish({
        ...(resources ? { resources } : {}),
        environments: rest.environments,
        keep: rest.keep,
      });
      return { written, removed: rest.removed };
    },
    /** Drops what was staged (a compile that failed) and releases the folder. */
    abort(): void {
      if (opened && 'writer' in opened) opened.writer.abort();
    },
  };
}
