import { getHeapStatistics, setFlagsFromString } from 'node:v8';
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

/**
 * Heap in use past which the garbage of an environment's compile is collected before the next. Below
 * it a full collection costs more time (~40 ms at 1,000 workloads) than the memory it gives back is
 * worth; V8 collects such heaps soon enough by itself.
 */
const LARGE_HEAP = 256 * 1024 * 1024;

/**
 * After an environment is compiled: a collection when the heap has grown large and another
 * environment follows (after the last, the process is about to end).
 */
export function collectAfterEnvironment(more = true): void {
  if (more && getHeapStatistics().used_heap_size >= LARGE_HEAP) collectGarbage();
}
