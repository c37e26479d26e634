// Checks every estimator's constructor and `train` share: the source object, and the budget and reporting
// options of TrainOptions.
import { InvalidParameterError, assertInteger } from '@ratedistortion/core';
import type { TrainOptions } from './types.js';

/**
 * Require a source with an integer `dim >= 1` and a `sample(n, rng)` method.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { assertEstimatorSource } from '@ratedistortion/estimators';
 * assertEstimatorSource({ dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) });
 * ```
 */
export function assertEstimatorSource(source: { dim: number; sample: unknown } | null | undefined): void {
  if (source == null || typeof source.sample !== 'function') {
    throw new InvalidParameterError('source', 'an object with dim and sample(n, rng)', source);
  }
  assertInteger('source.dim', source.dim, 1);
}

/**
 * Validate a training budget (`steps` and/or `seconds`, at least one) and return the progress interval
 * (`progressEvery`, default `defaultEvery`).
 *
 * @example
 * ```ts
 * import { checkTrainOptions } from '@ratedistortion/estimators';
 * console.log(checkTrainOptions({ steps: 100 }, 10)); // 10
 * ```
 */
export function checkTrainOptions(options: TrainOptions, defaultEvery: number): number {
  const { steps, seconds } = options;
  if (steps === undefined && seconds === undefined)
    throw new InvalidParameterError('steps', 'steps and/or seconds', undefined);
  if (steps !== undefined) assertInteger('steps', steps, 0);
  if (seconds !== undefined && !(seconds >= 0)) throw new InvalidParameterError('seconds', 'a number >= 0', seconds);
  const every = options.progressEvery ?? defaultEvery;
  assertInteger('progressEvery', every, 1);
  if (options.checkpointEvery !== undefined) assertInteger('checkpointEvery', options.checkpointEvery, 0);
  const ckSeconds = options.checkpointEverySeconds;
  if (ckSeconds !== undefined && !(typeof ckSeconds === 'number' && Number.isFinite(ckSeconds) && ckSeconds > 0))
    throw new InvalidParameterError('checkpointEverySeconds', 'a finite number of seconds > 0', ckSeconds);
  return every;
}
