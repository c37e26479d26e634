// How many worker threads a training run uses.
import { availableParallelism } from 'node:os';
import { InvalidParameterError } from '@ratedistortion/core';

/**
 * Most worker threads the `'auto'` worker count picks (more cores than this rarely pay off for the batch sizes of
 * these estimators: each worker's shard shrinks while the per-step exchange stays).
 *
 * @example
 * ```ts
 * import { MAX_AUTO_WORKERS } from '@ratedistortion/estimators';
 * console.log(MAX_AUTO_WORKERS); // 8
 * ```
 */
export const MAX_AUTO_WORKERS = 8;

/**
 * A training run's worker count: a positive integer as given, or `'auto'` = the available cores
 * (`os.availableParallelism()`), at most {@link MAX_AUTO_WORKERS} and at most `batch`.
 *
 * @example
 * ```ts
 * import { resolveWorkerCount } from '@ratedistortion/estimators';
 * console.log(resolveWorkerCount(2, 512)); // 2
 * console.log(resolveWorkerCount('auto', 512) >= 1); // true
 * ```
 */
export function resolveWorkerCount(workers: number | 'auto', batch: number): number {
  if (workers === 'auto') return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_WORKERS, batch));
  if (!Number.isInteger(workers) || workers < 1 || workers > batch) {
    throw new InvalidParameterError(
      'workers',
      `'auto' or an integer in [1, ${batch}] (at most the batch size)`,
      workers,
    );
  }
  return workers;
}
