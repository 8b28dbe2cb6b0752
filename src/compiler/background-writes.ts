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
  try {
    if (message.generation !== generation) {
      generation = message.generation;
      made = new Set();
      failed = false;
    }
    const bytes = Buffer.from(message.bytes);
    for (const { file, start, end } of message.files) {
      if (failed) break;
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
  } finally {
    Atomics.add(counters, 0, message.files.length);
    Atomics.notify(counters, 0);
  }
});
`;

/** Below this many files a batch is written at once: starting a thread costs more than it saves. */
const INLINE_BATCH = 64;

/** Texts encoded as UTF-8 into one buffer of their own, each at its range. */
export interface EncodedTexts {
  bytes: Buffer;
  ranges: { start: number; end: number }[];
}

/** One buffer for many texts: hashed by range, and moved whole to the writing thread. */
export function encodeTexts(texts: readonly string[]): EncodedTexts {
  let size = 0;
  for (const text of texts) size += Buffer.byteLength(text);
  // Its own memory (not Node's shared pool), so it can be transferred.
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  const ranges = texts.map((text) => {
    const start = at;
    at += bytes.write(text, at);
    return { start, end: at };
  });
  return { bytes, ranges };
}

/** Files to write: each a range of one buffer (from encodeTexts). */
export interface FileBatch {
  bytes: Buffer;
  files: readonly { file: string; start: number; end: number }[];
}

export interface BackgroundWrites {
  /** Queues the files (folders made as needed); written in order, by another thread. The buffer moves there. */
  write(batch: FileBatch): void;
  /** Waits until every queued file is on disk; throws the first failure. */
  settle(): void;
}

export function createBackgroundWrites(
  writeNow: (file: string, content: Uint8Array) => void,
): BackgroundWrites {
  let worker: { thread: Worker; counters: Int32Array; errors: MessagePort } | undefined;
  let queued = 0;
  // Each settle starts a new generation: the worker forgets the folders it made (they may be gone).
  let generation = 0;
  // The second half of the latest batch stays here until another batch comes or settle(): then the
  // last files are written by both threads at once, rather than by the worker while this one waits.
  let held: FileBatch | undefined;
  const post = (batch: FileBatch) => {
    worker ??= start();
    queued += batch.files.length;
    const { bytes } = batch;
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : ownCopy(bytes);
    const transfer = own.buffer as ArrayBuffer;
    worker.thread.postMessage({ files: batch.files, bytes: transfer, generation }, [transfer]);
  };
  const start = () => {
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
  };
  return {
    write(batch) {
      const { bytes, files } = batch;
      if (files.length === 0) return;
      if (!worker && !held && files.length < INLINE_BATCH) {
        for (const { file, start, end } of files) writeNow(file, bytes.subarray(start, end));
        return;
      }
      if (held) post(held);
      const [first, second] = halves(batch);
      held = second.files.length > 0 ? second : undefined;
      post(first);
    },
    settle() {
      let failed: unknown;
      if (held) {
        const { bytes, files } = held;
        held = undefined;
        try {
          for (const { file, start, end } of files) writeNow(file, bytes.subarray(start, end));
        } catch (error) {
          failed = error;
        }
      }
      if (!worker) {
        if (failed !== undefined) throw failed;
        return;
      }
      const { counters, errors } = worker;
      for (let done = Atomics.load(counters, 0); done < queued; done = Atomics.load(counters, 0))
        Atomics.wait(counters, 0, done, 1000);
      let failure: string | undefined;
      for (let m = receiveMessageOnPort(errors); m; m = receiveMessageOnPort(errors)) {
        const report = m.message as { generation: number; message: string };
        if (report.generation === generation) failure ??= report.message;
      }
      generation += 1;
      if (failed !== undefined) throw failed;
      if (failure !== undefined) throw new Error(failure);
    },
  };
}

/** A batch cut in two by file count; the second half's bytes copied into a buffer of their own. */
function halves(batch: FileBatch): [FileBatch, FileBatch] {
  const cut = Math.ceil(batch.files.length / 2);
  const rest = batch.files.slice(cut);
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (const f of rest) {
    from = Math.min(from, f.start);
    to = Math.max(to, f.end);
  }
  if (rest.length === 0) from = 0;
  return [
    { bytes: batch.bytes, files: batch.files.slice(0, cut) },
    {
      bytes: ownCopy(batch.bytes.subarray(from, to)),
      files: rest.map((f) => ({ file: f.file, start: f.start - from, end: f.end - from })),
    },
  ];
}

/** A copy in memory of its own: Buffer.from may give a slice of Node's shared pool, which must never move. */
function ownCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
