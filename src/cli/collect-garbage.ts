import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full garbage collection now. Between two environments of a large compile almost everything
 * the first one allocated is garbage; V8 would let it pile up to several times what is live
 * (760 MiB for 180 MiB live at 5,000 workloads) before collecting, and every page it touches costs.
 */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Files in an environment past which the garbage of its compile is collected before the next. */
const LARGE_ENVIRONMENT = 1000;

/**
 * After an environment is compiled: a collection when it was large (small ones leave too little)
 * and another one follows (after the last, the process is about to end).
 */
export function collectAfterEnvironment(files: number, more = true): void {
  if (more && files >= LARGE_ENVIRONMENT) collectGarbage();
}
