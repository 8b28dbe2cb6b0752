import type { Diagnostic } from '../diagnostics.js';
import type { WritableHost } from '../host.js';

export interface LockOptions {
  /** How long to wait for another paws writing the same folder. */
  timeoutMs: number;
  /** Told once when the lock is held by another process. */
  onWait?: (message: string) => void;
}

const POLL_MS = 100;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function holder(host: WritableHost, file: string): number | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(host.readFile(file))) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer per output folder: a lock file next to it, created atomically. A second paws waits
 * (saying so) and gives up after the timeout; a lock left by a process that is gone is taken over.
 */
export function acquireLock(
  host: WritableHost,
  file: string,
  shown: string,
  options: LockOptions,
): { release: () => void } | { diagnostic: Diagnostic } {
  const content = `${JSON.stringify({ pid: process.pid })}\n`;
  let waited = 0;
  let unreadable = 0;
  let told = false;
  for (;;) {
    if (host.createExclusive(file, content)) return { release: () => host.remove(file) };
    const pid = holder(host, file);
    // Unreadable for a while: its writer died between creating and filling it.
    unreadable = pid === undefined ? unreadable + 1 : 0;
    if ((pid !== undefined && !host.processAlive(pid)) || unreadable > 10) {
      host.remove(file);
      continue;
    }
    if (waited >= options.timeoutMs) {
      return {
        diagnostic: {
          code: 'PAWS5004',
          severity: 'error',
          message: `another paws (process ${pid ?? 'unknown'}) is writing ${shown}; gave up after ${Math.round(options.timeoutMs / 1000)} s`,
          hint: `wait for it to finish, or raise PAWS_LOCK_TIMEOUT (seconds); if no paws runs, remove ${file}`,
        },
      };
    }
    if (!told) {
      options.onWait?.(`waiting for another paws (process ${pid ?? 'unknown'}) writing ${shown}`);
      told = true;
    }
    sleep(POLL_MS);
    waited += POLL_MS;
  }
}
