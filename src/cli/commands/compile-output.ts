import type { WritableHost } from '../../compiler/host.js';
import type { EnvironmentPlan } from '../../compiler/plan/types.js';
import { resourceDefinitions } from '../../diff/compare.js';
import { clusterNeeds } from '../../write/cluster-needs.js';
import type { FileSink } from '../../api/compile.js';
import { createTextChunks, type EncodedFile } from '../../compiler/background-writes.js';
import { terraformOrderFile } from '../../compiler/terraform-paths.js';
import {
  type OpenOptions,
  type OutputFile,
  type OutputWriter,
  openOutput,
  readPreviousOutput,
  type WriteResult,
} from '../../write/index.js';
import {
  type EnvironmentRecord,
  type PreviousOutput,
  type Removal,
  compiledEnvironmentChange,
  outOfScopePaths,
  updateOtherEnvironments,
  withAdded,
} from '../../write/lifecycle.js';

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
  /** For a compile of some workloads: the files of an environment it may write; the rest stay. */
  scope?: (plan: EnvironmentPlan) => (path: string) => boolean,
): OutputStream {
  return new OutputStream(host, outDir, options, record, scope);
}

export class OutputStream {
  private opened: Opened | undefined;
  private readonly live: Removal[] = [];
  private readonly untouched = new Set<string>();
  private needed: string[] = [];
  private files = 0;
  // What the manifest keeps of each plan, so the plans themselves need not be kept.
  private readonly records: Record<string, EnvironmentRecord> = {};
  private readonly resources: Record<string, Record<string, string>> = {};

  constructor(
    private readonly host: WritableHost,
    private readonly outDir: string,
    private readonly options: OpenOptions,
    private readonly record: (plan: EnvironmentPlan) => EnvironmentRecord,
    private readonly scope?: (plan: EnvironmentPlan) => (path: string) => boolean,
  ) {}

  /**
   * Where the compile puts each environment's files: each encoded as it comes, and staged a chunk
   * at a time, so the writing thread works while the environment is still being emitted.
   * `environmentDone` follows each environment.
   */
  sink(environmentDone: () => void): FileSink<{ path: string }> {
    return chunkedSink(
      this.host.outputBuffer?.bind(this.host),
      (files) => this.stage(files),
      (plan, paths, kept) => {
        this.add(plan, paths, kept);
        environmentDone();
      },
    );
  }

  /** How many files the compile produced. */
  count(): number {
    return this.files;
  }

  /** The cluster components the compiled objects need. */
  needs(): string[] {
    return this.needed;
  }

  /** The environments compiled, in the order they came. */
  environments(): string[] {
    return Object.keys(this.records);
  }

  /** Environments gone become teardown modules; then every staged file goes into place. */
  finish(platform: readonly string[] | undefined): { written: WriteResult; removed: Removal[] } {
    const opened = (this.opened ??= this.open());
    if ('refused' in opened) return { written: opened.refused, removed: [] };
    const rest = updateOtherEnvironments(opened.previous, this.records, platform, this.live);
    opened.writer.add(rest.files);
    const written = opened.writer.finish({
      resources: this.resources,
      environments: rest.environments,
      keep: (p) => rest.keep(p) || this.untouched.has(p),
    });
    return { written, removed: rest.removed };
  }

  /** Drops what was staged (a compile that failed) and releases the folder. */
  abort(): void {
    if (this.opened && 'writer' in this.opened) this.opened.writer.abort();
  }

  private open(): Opened {
    const result = openOutput(this.host, this.outDir, this.options);
    return 'refused' in result
      ? result
      : { writer: result.writer, previous: readPreviousOutput(this.host, this.outDir) };
  }

  private writer() {
    this.opened ??= this.open();
    return 'refused' in this.opened ? undefined : this.opened;
  }

  private stage(files: EncodedFile[]): void {
    this.needed = clusterNeeds(files, this.needed);
    this.writer()?.writer.addEncoded(files);
  }

  /** The end of an environment: its records, and what the lifecycle adds to its files. */
  private add(plan: EnvironmentPlan, paths: readonly string[], kept: readonly OutputFile[]): void {
    const environment = plan.environment.name;
    this.records[environment] = this.record(plan);
    Object.assign(this.resources, resourceDefinitions([plan]));
    this.files += paths.length;
    const target = this.writer();
    if (!target) return;
    // Out of scope: another workload's files, kept as they are (and so never torn down).
    const outOfScope = outOfScopePaths(target.previous, environment, this.scope?.(plan));
    for (const p of outOfScope) this.untouched.add(p);
    const change = compiledEnvironmentChange(
      target.previous,
      environment,
      [...paths, ...outOfScope],
      (p) => kept.find((f) => f.path === p)?.content,
    );
    if (change.removal) this.live.push(change.removal);
    const files = withAdded(kept, change.added);
    this.needed = clusterNeeds(files, this.needed);
    target.writer.add(files);
  }
}

/**
 * Encodes each file into chunks of memory as it comes and gives each chunk's files to `stage` once
 * the chunk is full; the apply order is held back as text (the lifecycle may rewrite it) and given
 * with the environment's paths to `done` at its end.
 */
function chunkedSink(
  allocate: ((size: number) => Buffer) | undefined,
  stage: (files: EncodedFile[]) => void,
  done: (plan: EnvironmentPlan, paths: string[], held: OutputFile[]) => void,
): FileSink<{ path: string }> {
  let filling: EncodedFile[] = [];
  let held: OutputFile[] = [];
  const chunks = createTextChunks(allocate, () => {
    const files = filling;
    filling = [];
    stage(files);
  });
  return {
    file(path, text) {
      if (path === terraformOrderFile(path.slice(0, path.indexOf('/')))) held.push({ path, content: text });
      else {
        // Encoding may stage the full chunk, and with it start a new list of files: push after.
        const bytes = chunks.encode(text);
        filling.push({ path, bytes });
      }
      return { path };
    },
    environment(plan, files) {
      chunks.seal();
      const kept = held;
      held = [];
      done(
        plan,
        files.map((f) => f.path),
        kept,
      );
    },
  };
}
