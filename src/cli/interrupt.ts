/** Cleanups to run when the process is interrupted; the handlers are installed once, on first use. */
const pending = new Set<() => void>();
let installed = false;

/**
 * Signals reach JavaScript only between synchronous steps, possibly after the work is done: the
 * handlers stay installed, so an interruption always ends the process with its signal's code.
 */
export function onInterrupt(cleanup: () => void): () => void {
  pending.add(cleanup);
  if (!installed) {
    installed = true;
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      process.on(signal, () => {
        for (const run of pending) run();
        pending.clear();
        process.exit(code);
      });
    }
  }
  return () => pending.delete(cleanup);
}
