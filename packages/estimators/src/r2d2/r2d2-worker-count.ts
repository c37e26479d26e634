// How many worker threads R2D2's data-parallel training uses for a `workers` option: `R2D2.train` resolves it, and
// the curve runner reports the same count (kept apart from the package's exports: the public form is
// `resolveWorkerCount`).
import { onHostMemoryBackend } from '@ratedistortion/core';
import { resolveWorkerCount } from '../parallel/worker-count.js';

/**
 * @internal The worker threads of R2D2's data-parallel training for `train({ workers })` on the active backend:
 * default 1, `'auto'` 1 on a device backend (webgpu: the GPU is the parallelism), else {@link resolveWorkerCount}
 * (which refuses a count that is not an integer in [1, batch]).
 */
export function r2d2WorkerCount(workers: number | 'auto' | undefined, batch: number): number {
  const requested = workers ?? 1;
  return requested === 'auto' && !onHostMemoryBackend() ? 1 : resolveWorkerCount(requested, batch);
}
