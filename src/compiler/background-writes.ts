import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * Files written by a worker thread while the main thread goes on computing: creating thousands of
 * files is mostly time in the kernel, which then overlaps the next environment's compile instead of
 * following it. The worker's code is inline, so it runs the same from the built package and from
 * the sources under test.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const counters = new Int32Array(workerData.counters);
const errors = workerData.errors;
let generation = -1;
let made;
let failed;
parentPort.on('message', (message) => {
  if (message.generation !== generation) {
    generation = message.generation;
    made = new Set();
    failed = false;
  }
  const bytes = Buffer.from(message.bytes, message.byteOffset, message.byteLength);
  const claims = new Int32Array(message.claims);
  const files = message.files;
  let written = 0;
  // Files are claimed one by one: the main thread takes its share the same way when it waits.
  for (let i = Atomics.add(claims, 0, 1); i < files.length; i = Atomics.add(claims, 0, 1)) {
    const { file, start, end } = files[i];
    written++;
    if (failed) continue;
    try {
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, bytes.subarray(start, end));
    } catch (error) {
      failed = true;
      errors.postMessage({ generation, message: String(error && error.message ? error.message : error) });
    }
  }
  Atomics.add(claims, 1, written);
  Atomics.add(counters, 0, written);
  Atomics.notify(counters, 0);
});
`;

/**
 * Memory of written batches kept for the next ones: about an environment's output at 5,000 workloads,
 * so the next environment's files are encoded into memory already paged in.
 */
const SPARE_BYTES = 128 * 1024 * 1024;

/**
 * Memory of batches not yet on disk past which the main thread writes files itself rather than take
 * new memory: each 4 KiB of it costs a page fault when first written (~5 ms per MiB on a small VM),
 * and a thread that far behind is what the compile waits for anyway.
 */
const MAX_UNWRITTEN = 32 * 1024 * 1024;

/** Below this many files a batch is written at once: starting a thread costs more than it saves. */
const INLINE_BATCH = 64;

/** Texts encoded as UTF-8 into one buffer of their own, each at its range. */
export interface EncodedTexts {
  bytes: Buffer;
  ranges: { start: number; end: number }[];
}

/** Shared memory: both threads read it, neither copies it. */
const sharedBuffer = (size: number) => Buffer.from(new SharedArrayBuffer(size));

/** One buffer for many texts: hashed by range, and shared with the writing thread. */
export function encodeTexts(
  texts: readonly string[],
  allocate: (size: number) => Buffer = sharedBuffer,
): EncodedTexts {
  let size = 0;
  for (const text of texts) size += Buffer.byteLength(text);
  const bytes = allocate(size);
  let at = 0;
  const ranges = texts.map((text) => {
    const start = at;
    at += bytes.write(text, at);
    return { start, end: at };
  });
  return { bytes, ranges };
}

/** A file's content as UTF-8: a view of memory the writing thread can read. */
export interface EncodedFile {
  path: string;
  bytes: Buffer;
}

/** The first chunk is small, so a small compile takes little memory; each next one is twice as large, up to this. */
const FIRST_CHUNK = 64 * 1024;
const LARGEST_CHUNK = 8 * 1024 * 1024;

/**
 * Encodes texts one by one into chunks of memory as they are made, so no text is kept until its
 * file is written. Each chunk is a buffer of its own (from `allocate`); `done` is told when the
 * current chunk takes no more texts (before the next one starts, or at `seal`), so that the files
 * in it can be written as one batch while the next chunk fills.
 */
export function createTextChunks(
  allocate: (size: number) => Buffer = sharedBuffer,
  done: () => void = () => {},
): { encode(text: string): Buffer; seal(): void } {
  let chunk: Buffer | undefined;
  let at = 0;
  let next = FIRST_CHUNK;
  const seal = () => {
    if (chunk) done();
    chunk = undefined;
    at = 0;
  };
  return {
    encode(text) {
      // A UTF-16 unit takes at most 3 bytes: most texts fit without being measured first.
      if (!chunk || at + text.length * 3 > chunk.length) {
        const size = Buffer.byteLength(text);
        if (!chunk || at + size > chunk.length) {
          seal();
          chunk = allocate(Math.max(next, size));
          next = Math.min(next * 2, LARGEST_CHUNK);
        }
      }
      const start = at;
      at += chunk.write(text, at);
      return chunk.subarray(start, at);
    },
    seal,
  };
}

/** Files to write: each a range of one buffer (from encodeTexts). */
export interface FileBatch {
  bytes: Buffer;
  files: readonly { file: string; start: number; end: number }[];
}

export interface BackgroundWrites {
  /**
   * Shared memory for a batch: the memory of a batch already on disk when one is large enough. New
   * memory costs a page fault per 4 KiB when first written, which was most of the cost of encoding
   * an environment's files.
   */
  buffer(size: number): Buffer;
  /** Queues the files (folders made as needed), for another thread to write. */
  write(batch: FileBatch): void;
  /** Writes, beside the thread, what it has not taken yet, and waits until every file is on disk; throws the first failure. */
  settle(): void;
}

/** A batch given to the thread, with counters of the files claimed and written by either thread. */
interface Queued {
  batch: FileBatch & { whole: Buffer };
  claims: Int32Array;
}

export function createBackgroundWrites(
  writeNow: (file: string, content: Uint8Array) => void,
  { maxUnwritten = MAX_UNWRITTEN }: { maxUnwritten?: number } = {},
): BackgroundWrites {
  return new BackgroundWriter(writeNow, maxUnwritten);
}

interface WorkerThread {
  thread: Worker;
  counters: Int32Array;
  errors: MessagePort;
}

function startWorker(): WorkerThread {
  const counters = new Int32Array(new SharedArrayBuffer(4));
  const channel = new MessageChannel();
  const thread = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { counters: counters.buffer, errors: channel.port2 },
    transferList: [channel.port2],
  });
  // The process may end while the thread idles; settle() is what waits for it.
  thread.unref();
  return { thread, counters, errors: channel.port1 };
}

const isWritten = (q: Queued) => Atomics.load(q.claims, 1) >= q.batch.files.length;

class BackgroundWriter implements BackgroundWrites {
  private worker: WorkerThread | undefined;
  private queued = 0;
  // Each settle starts a new generation: the worker forgets the folders it made (they may be gone).
  private generation = 0;
  // Batches the thread may not have finished: kept until every file is written, then their memory is spare.
  private open: Queued[] = [];
  private spare: Buffer[] = [];
  // A failure of a file written here, thrown by settle() as the thread's are.
  private ownFailure: { error: unknown } | undefined;

  constructor(
    private readonly writeNow: (file: string, content: Uint8Array) => void,
    private readonly maxUnwritten: number,
  ) {}

  buffer(size: number): Buffer {
    this.recycle();
    let fit = this.spareFor(size);
    // The thread is behind: writing its oldest batch here frees memory already paged in.
    while (!fit && this.worker && this.unwritten() >= this.maxUnwritten) {
      this.help(this.worker, this.open[0] as Queued);
      this.recycle();
      fit = this.spareFor(size);
    }
    if (!fit) {
      // A little more than asked, so the next environment's files likely fit in it again.
      this.spare = [];
      return sharedBuffer(Math.ceil(size * 1.25)).subarray(0, size);
    }
    this.spare = this.spare.filter((b) => b !== fit);
    return fit.subarray(0, size);
  }

  write(batch: FileBatch): void {
    const { bytes, files } = batch;
    if (files.length === 0) return;
    if (!this.worker && files.length < INLINE_BATCH) {
      for (const { file, start, end } of files) this.writeNow(file, bytes.subarray(start, end));
      return;
    }
    this.worker ??= startWorker();
    this.recycle();
    // A batch's memory is reused as a whole once its files are written: another batch in it could
    // be overwritten before its own files are on disk.
    if (this.open.some((q) => q.batch.whole.buffer === bytes.buffer))
      throw new Error('a batch shares its memory with a batch still being written');
    // Memory taken by a batch is not spare until that batch is written.
    this.spare = this.spare.filter((b) => b.buffer !== bytes.buffer);
    this.queued += files.length;
    const shared = bytes.buffer instanceof SharedArrayBuffer ? bytes : sharedCopy(bytes);
    const claims = new Int32Array(new SharedArrayBuffer(8));
    const whole = Buffer.from(shared.buffer as SharedArrayBuffer);
    this.open.push({ batch: { bytes: shared, files, whole }, claims });
    this.worker.thread.postMessage({
      files,
      bytes: shared.buffer,
      byteOffset: shared.byteOffset,
      byteLength: shared.byteLength,
      claims: claims.buffer,
      generation: this.generation,
    });
  }

  settle(): void {
    if (!this.worker) return;
    const { counters, errors } = this.worker;
    // The last files are written by both threads at once, rather than by the thread while this one waits.
    const own = writeUnclaimed(this.open, this.writeNow);
    if (own.written > 0) Atomics.add(counters, 0, own.written);
    for (let done = Atomics.load(counters, 0); done < this.queued; done = Atomics.load(counters, 0))
      Atomics.wait(counters, 0, done, 1000);
    let failure: string | undefined;
    for (let m = receiveMessageOnPort(errors); m; m = receiveMessageOnPort(errors)) {
      const report = m.message as { generation: number; message: string };
      if (report.generation === this.generation) failure ??= report.message;
    }
    this.generation += 1;
    // Every file is on disk: all the memory is spare.
    this.recycle(true);
    const helped = this.ownFailure;
    this.ownFailure = undefined;
    if (helped) throw helped.error;
    if (own.failed !== undefined) throw own.failed;
    if (failure !== undefined) throw new Error(failure);
  }

  /** Batches on disk give their memory back; the largest buffers are kept, up to SPARE_BYTES. */
  private recycle(all = false): void {
    for (const q of this.open) if (all || isWritten(q)) this.spare.push(q.batch.whole);
    this.open = all ? [] : this.open.filter((q) => !isWritten(q));
    let kept = 0;
    this.spare = this.spare
      .sort((a, b) => b.byteLength - a.byteLength)
      // The largest is kept even when it alone is over: a batch that large comes again next time.
      .filter((b) => (kept += b.byteLength) <= SPARE_BYTES || kept === b.byteLength);
  }

  private spareFor(size: number): Buffer | undefined {
    return this.spare.filter((b) => b.byteLength >= size).sort((a, b) => a.byteLength - b.byteLength)[0];
  }

  private unwritten(): number {
    return this.open.reduce((sum, q) => sum + q.batch.whole.byteLength, 0);
  }

  /** Writes what the thread has not taken of a batch, then waits until the thread's share of it is on disk. */
  private help({ counters }: WorkerThread, q: Queued): void {
    const own = writeUnclaimed([q], this.writeNow);
    if (own.written > 0) Atomics.add(counters, 0, own.written);
    if (own.failed !== undefined) this.ownFailure ??= { error: own.failed };
    for (let done = Atomics.load(counters, 0); !isWritten(q); done = Atomics.load(counters, 0))
      Atomics.wait(counters, 0, done, 1000);
  }
}

/** Claims and writes every file the thread has not taken; after a failure the rest are claimed, not written. */
function writeUnclaimed(
  open: readonly Queued[],
  writeNow: (file: string, content: Uint8Array) => void,
): { written: number; failed?: unknown } {
  let written = 0;
  let failed: unknown;
  for (const { batch, claims } of open) {
    const { bytes, files } = batch;
    for (let i = Atomics.add(claims, 0, 1); i < files.length; i = Atomics.add(claims, 0, 1)) {
      written++;
      Atomics.add(claims, 1, 1);
      if (failed !== undefined) continue;
      const { file, start, end } = files[i] as FileBatch['files'][number];
      try {
        writeNow(file, bytes.subarray(start, end));
      } catch (error) {
        failed = error;
      }
    }
  }
  return failed === undefined ? { written } : { written, failed };
}

/** A copy in shared memory, which both threads read. */
function sharedCopy(bytes: Uint8Array): Buffer {
  const copy = sharedBuffer(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
