// The one result type and the one differentiable interface shared by every entropy estimator.
import type { tf } from '../backend/tf.js';
import type { Random } from '../random/random.js';
import { InvalidParameterError } from '../errors/errors.js';
import { toSamples, type Samples, type SamplesInput } from '../samples/samples.js';

/**
 * A differential-entropy estimate in nats.
 *
 * @example
 * ```ts
 * import { gaussianEntropy, type EntropyEstimate } from '@ratedistortion/core';
 * const e: EntropyEstimate = gaussianEntropy([[0.1], [1.2], [-0.7], [0.4]]);
 * console.log(e.estimator, e.entropy);
 * ```
 */
export interface EntropyEstimate {
  /** Estimated differential entropy, nats. */
  entropy: number;
  /** Which estimator produced it: 'gaussian', 'knn', 'kde', 'knife' or 'dv'. */
  estimator: string;
  /** Number of samples used. */
  n: number;
  /** Dimension of the samples. */
  dim: number;
  /** Approximate standard error of `entropy` (each estimator documents how it is obtained). */
  stdError?: number;
  /** Estimator-specific diagnostics (k, bandwidth, final training loss, …). */
  details?: Record<string, unknown>;
}

/**
 * An entropy estimate usable inside a tfjs training loss: `entropyTf(x)` is differentiable w.r.t. `x`;
 * `update(x)` (when present) trains the estimator's own parameters on `x` without touching any others.
 *
 * @example
 * ```ts
 * import { tf, gaussianDifferentiableEntropy, type DifferentiableEntropy } from '@ratedistortion/core';
 * const h: DifferentiableEntropy = gaussianDifferentiableEntropy();
 * const x = tf.randomNormal([100, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
 * const value = tf.tidy(() => h.entropyTf(x).dataSync()[0]);
 * x.dispose();
 * ```
 */
export interface DifferentiableEntropy {
  /** Estimated entropy (nats) of the rows of `x`, as a scalar differentiable w.r.t. `x`. */
  entropyTf(x: tf.Tensor2D): tf.Scalar;
  /** Train the estimator's own parameters on `x` (e.g. a few optimiser steps). */
  update?(x: tf.Tensor2D): void;
  /** Release tensors and variables held by the estimator. */
  dispose(): void;
}

/**
 * The options every estimator that trains a model on the sample takes ({@link KnifeEntropyOptions},
 * {@link DvEntropyOptions}): full-batch Adam steps (default 300), the seeded generator (or a seed, default 0) and the
 * learning rate (the default is the estimator's: KNIFE 0.01 in whitened units, the DV critic 1e-3).
 *
 * @example
 * ```ts
 * import { Random, knifeEntropy, type TrainedEntropyOptions } from '@ratedistortion/core';
 * const training: TrainedEntropyOptions = { steps: 50, rng: new Random(1) };
 * console.log(knifeEntropy([[0.1], [0.5], [-0.3], [1.2], [0.8]], { ...training, components: 2 }).estimator); // knife
 * ```
 */
export interface TrainedEntropyOptions {
  /** Full-batch Adam steps; default 300. */
  steps?: number;
  /** Seeded generator; alternatively `seed`. Default seed 0. */
  rng?: Random;
  /** Seed used when `rng` is not given. */
  seed?: number;
  /** Adam learning rate; the default is the estimator's. */
  learningRate?: number;
}

/**
 * Validate an estimator's sample input: non-empty, finite, optional expected dimension and a minimum
 * number of rows (`minN`, with the reason shown in the error); `fullRank` asks for at least dim + 1 rows (what a
 * non-singular sample covariance needs), with that text as the reason.
 *
 * @example
 * ```ts
 * import { entropySamples } from '@ratedistortion/core';
 * const s = entropySamples([[1, 2], [3, 4], [5, 7]], { minN: 3, why: 'the covariance must be non-singular' });
 * console.log(s.n); // 3
 * try {
 *   entropySamples([[1, 2], [3, 4]], { fullRank: 'the sample covariance would be singular' });
 * } catch (e) {
 *   console.log((e as Error).message); // at least dim + 1 = 3 samples, and the reason
 * }
 * ```
 */
export function entropySamples(
  samples: SamplesInput,
  opts: { name?: string; expectDim?: number; minN?: number; why?: string; fullRank?: string } = {},
): Samples {
  const name = opts.name ?? 'samples';
  const s = toSamples(samples, name, opts.expectDim);
  if (opts.minN !== undefined && s.n < opts.minN) {
    throw new InvalidParameterError(name, `at least ${opts.minN} samples`, s.n, opts.why);
  }
  if (opts.fullRank !== undefined && s.n < s.dim + 1) {
    throw new InvalidParameterError(name, `at least dim + 1 = ${s.dim + 1} samples`, s.n, opts.fullRank);
  }
  return s;
}
