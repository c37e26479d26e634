// The one thing every estimator needs of a source: its dimension and a seeded sampler. Every `Source` of
// `@ratedistortion/datasets` qualifies, and so does a two-line object literal.
import type { Random } from '../random/random.js';
import type { Samples } from './samples.js';

/**
 * A source the estimators can train and evaluate on: its dimension, `n` independent draws from a seeded
 * `Random` (row-major float64), and, when it has one, the JSON spec recorded in checkpoints.
 *
 * @example
 * ```ts
 * import { Random, type SampleSource } from '@ratedistortion/core';
 * const normal: SampleSource = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * console.log(normal.sample(3, new Random(0)).data.length); // 3
 * ```
 */
export interface SampleSource {
  readonly dim: number;
  /** `n` independent draws; the same rng state gives the same draws. */
  sample(n: number, rng: Random): Samples;
  /** The JSON spec the source is rebuilt from, recorded in checkpoints when present. */
  toSpec?(): unknown;
}
