import type { Diagnostic } from '../compiler/diagnostics.js';
import type { WritableHost } from '../compiler/host.js';
import { displayPathFor } from '../compiler/load/read.js';

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

/** Who holds a lock: a process, a lock of another site (not written here), or unreadable. */
function holder(host: WritableHost, file: string, site: string): number | 'foreign' | undefined {
  let text: string;
  try {
    text = new TextDecoder().decode(host.readFile(file));
  } catch {
    return undefined;
  }
  // Empty: its writer died between creating and filling it.
  if (text === '') return undefined;
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; site?: unknown };
    return typeof parsed.pid === 'number' && parsed.site === site ? parsed.pid : 'foreign';
  } catch {
    return 'foreign';
  }
}

/**
 * One writer per output folder: a lock file next to it, created atomically. A second paws waits
 * (saying so) and gives up after the timeout; a lock left by a process that is gone is taken over.
 * A lock that names another site was not taken here (it was committed or copied): it is refused,
 * neither waited for nor removed.
 */
export function acquireLock(
  host: WritableHost,
  file: string,
  site: string,
  shown: string,
  options: LockOptions,
): { release: () => void } | { diagnostic: Diagnostic } {
  const content = `${JSON.stringify({ pid: process.pid, site })}\n`;
  let waited = 0;
  let unreadable = 0;
  let told = false;
  for (;;) {
    if (host.createExclusive(file, content)) return { release: () => host.remove(file) };
    const pid = holder(host, file, site);
    if (pid === 'foreign') return { diagnostic: foreignLock(host, file) };
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

function foreignLock(host: WritableHost, file: string): Diagnostic {
  const shown = displayPathFor(host, file);
  return {
    code: 'PAWS5009',
    severity: 'error',
    message: `${shown} is not a lock paws took for this folder (committed to the repository, or copied from another checkout)`,
    hint: `paws neither waits for it nor removes it: remove ${shown} (and add ".*.paws-*" to .gitignore), then run again`,
  };
}
