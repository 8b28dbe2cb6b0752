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

export interface BackgroundWrites {
  /** Queues the files (folders made as needed); written in order, by another thread. */
  write(files: readonly { file: string; content: string }[]): void;
  /** Waits until every queued file is on disk; throws the first failure. */
  settle(): void;
}

export function createBackgroundWrites(writeNow: (file: string, content: string) => void): BackgroundWrites {
  let worker: { thread: Worker; counters: Int32Array; errors: MessagePort } | undefined;
  let queued = 0;
  // Each settle starts a new generation: the worker forgets the folders it made (they may be gone).
  let generation = 0;
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
    write(files) {
      if (files.length === 0) return;
      if (!worker && files.length < INLINE_BATCH) {
        for (const { file, content } of files) writeNow(file, content);
        return;
      }
      worker ??= start();
      queued += files.length;
      // One buffer per batch, moved to the worker rather than copied: the contents leave this heap.
      let size = 0;
      for (const { content } of files) size += Buffer.byteLength(content);
      const bytes = Buffer.allocUnsafeSlow(size);
      let at = 0;
      const entries = files.map(({ file, content }) => {
        const start = at;
        at += bytes.write(content, at);
        return { file, start, end: at };
      });
      const transfer = bytes.buffer;
      worker.thread.postMessage({ files: entries, bytes: transfer, generation }, [transfer]);
    },
    settle() {
      if (!worker) return;
      const { counters, errors } = worker;
      for (let done = Atomics.load(counters, 0); done < queued; done = Atomics.load(counters, 0))
        Atomics.wait(counters, 0, done, 1000);
      let failure: string | undefined;
      for (let m = receiveMessageOnPort(errors); m; m = receiveMessageOnPort(errors)) {
        const report = m.message as { generation: number; message: string };
        if (report.generation === generation) failure ??= report.message;
      }
      generation += 1;
      if (failure !== undefined) throw new Error(failure);
    },
  };
}
