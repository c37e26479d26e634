// One entry point over all estimators (used by `rd entropy --estimator …`).
import { InvalidParameterError } from '../errors/errors.js';
import type { Random } from '../random/random.js';
import type { SamplesInput } from '../samples/samples.js';
import { dvEntropy } from './dv.js';
import { gaussianEntropy } from './gaussian.js';
import { kdeEntropy } from './kde.js';
import { knifeEntropy } from './knife.js';
import { knnEntropy } from './knn.js';
import type { EntropyEstimate } from './types.js';

/**
 * Names accepted by {@link estimateEntropy}.
 *
 * @example
 * ```ts
 * import { ENTROPY_ESTIMATORS } from '@ratedistortion/core';
 * console.log(ENTROPY_ESTIMATORS.join('|')); // gaussian|knn|kde|knife|dv
 * ```
 */
export const ENTROPY_ESTIMATORS = ['gaussian', 'knn', 'kde', 'knife', 'dv'] as const;

/**
 * One of {@link ENTROPY_ESTIMATORS}.
 *
 * @example
 * ```ts
 * import type { EntropyEstimatorName } from '@ratedistortion/core';
 * const e: EntropyEstimatorName = 'knn';
 * ```
 */
export type EntropyEstimatorName = (typeof ENTROPY_ESTIMATORS)[number];

/**
 * Options of {@link estimateEntropy}; fields that do not apply to the chosen estimator are ignored.
 *
 * @example
 * ```ts
 * import type { EstimateEntropyOptions } from '@ratedistortion/core';
 * const o: EstimateEntropyOptions = { estimator: 'knife', components: 32, steps: 500, seed: 1 };
 * ```
 */
export interface EstimateEntropyOptions {
  estimator: EntropyEstimatorName;
  /** knn: neighbour order (default 3). */
  k?: number;
  /** kde: bandwidth factor or rule (default 'scott'). */
  bandwidth?: number | 'scott' | 'silverman';
  /** gaussian: subtract the known Wishart bias. */
  biasCorrected?: boolean;
  /** knife: number of kernels (default 16). */
  components?: number;
  /** knife/dv: training steps (default 300). */
  steps?: number;
  /** knife/dv: learning rate. */
  learningRate?: number;
  /** dv: critic hidden widths (default [64, 64]). */
  hidden?: number[];
  /** knife/dv: seeded generator (takes precedence over `seed`). */
  rng?: Random;
  /** knife/dv: seed when `rng` is not given (default 0). */
  seed?: number;
}

/**
 * Estimate the differential entropy (nats) of a sample with the named estimator. See each estimator for its
 * bias and variance: {@link gaussianEntropy}, {@link knnEntropy}, {@link kdeEntropy}, {@link knifeEntropy},
 * {@link dvEntropy}.
 *
 * @example
 * ```ts
 * import { Random, estimateEntropy } from '@ratedistortion/core';
 * const rng = new Random(0);
 * const data = Array.from({ length: 800 }, () => [rng.normal(), rng.normal()]);
 * for (const estimator of ['gaussian', 'knn', 'kde'] as const) {
 *   console.log(estimator, estimateEntropy(data, { estimator }).entropy); // each ≈ 2.84
 * }
 * ```
 */
export function estimateEntropy(samples: SamplesInput, options: EstimateEntropyOptions): EntropyEstimate {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'an options object with an estimator', options);
  const { estimator } = options;
  switch (estimator) {
    case 'gaussian':
      return gaussianEntropy(samples, { biasCorrected: options.biasCorrected });
    case 'knn':
      return knnEntropy(samples, { k: options.k });
    case 'kde':
      return kdeEntropy(samples, { bandwidth: options.bandwidth });
    case 'knife':
      return knifeEntropy(samples, {
        components: options.components,
        steps: options.steps,
        learningRate: options.learningRate,
        rng: options.rng,
        seed: options.seed,
      });
    case 'dv':
      return dvEntropy(samples, {
        steps: options.steps,
        learningRate: options.learningRate,
        hidden: options.hidden,
        rng: options.rng,
        seed: options.seed,
      });
    default:
      throw new InvalidParameterError('estimator', `one of ${ENTROPY_ESTIMATORS.join(', ')}`, estimator);
  }
}
