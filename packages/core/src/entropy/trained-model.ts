// Pieces shared by the entropy estimators that train a model on the sample (KNIFE's mixture, the DV critic): the
// optimiser loop with its read-back and NaN guard, the fit-then-read-out frame and the per-sample
// mean/variance of the read-out. Not part of the public API.
import { onHostMemoryBackend, withHostBackend } from '../backend/host-memory.js';
import { tf } from '../backend/tf.js';
import { NumericalError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { Random } from '../random/random.js';
import type { Samples, SamplesInput } from '../samples/samples.js';
import { entropySamples, type EntropyEstimate, type TrainedEntropyOptions } from './types.js';

/** What {@link optimiserSteps} reports in its error: `${where}` failed because `${quantity} is NaN`. */
export interface OptimiserStepsContext {
  optimizer: tf.Optimizer;
  /** The variables the optimiser updates. */
  variables: tf.Variable[];
  steps: number;
  /** Where a non-finite value is reported, e.g. 'KnifeEntropyModel.trainSteps'. */
  where: string;
  /** What the returned number is, e.g. 'loss'. */
  quantity: string;
  /** The returned number is `sign × loss` (−1 for an objective ascended by minimising its negative). */
  sign: 1 | -1;
}

/**
 * `steps` optimiser steps on `loss(prepare())`; `prepare` runs outside the gradient tape each step (for tensors the
 * loss treats as data) and what it returns is disposed after the step. Returns `sign × loss` of the last step; on a
 * device backend (webgpu), which cannot read synchronously, it is not read and NaN is returned. Throws
 * {@link NumericalError} when the value read is not finite.
 */
export function optimiserSteps<T extends tf.Tensor | null>(
  o: OptimiserStepsContext,
  prepare: () => T,
  loss: (prepared: T) => tf.Scalar,
): number {
  assertInteger('steps', o.steps, 1);
  const onDevice = !onHostMemoryBackend();
  let last = NaN;
  for (let i = 0; i < o.steps; i++) {
    const prepared = prepare();
    let cost: tf.Scalar | null;
    try {
      cost = o.optimizer.minimize(() => loss(prepared), i === o.steps - 1, o.variables);
    } finally {
      prepared?.dispose();
    }
    if (cost) {
      // A device backend cannot read synchronously: a non-finite fit shows up in the loss of whatever uses the model.
      if (onDevice) {
        cost.dispose();
        return NaN;
      }
      last = o.sign * cost.dataSync()[0];
      cost.dispose();
    }
  }
  if (!Number.isFinite(last)) throw new NumericalError(o.where, `${o.quantity} is ${last}; lower the learning rate`);
  return last;
}

/**
 * The frame of a trained estimator's one-call form: on the host backend (a synchronous fit; on webgpu it runs on wasm,
 * else cpu), the sample validated (at least 2 rows, and dim + 1 for a non-singular covariance, `fullRank` saying why),
 * the step count (default 300) and the generator (`rng`, else `seed`, default 0) resolved, then `body`.
 */
export function fitOnHost<T>(
  samples: SamplesInput,
  options: TrainedEntropyOptions,
  fullRank: string,
  body: (s: Samples, steps: number, rng: Random) => T,
): T {
  return withHostBackend(() => {
    const s = entropySamples(samples, { minN: 2, fullRank });
    const steps = options.steps ?? 300;
    assertInteger('steps', steps, 1);
    return body(s, steps, options.rng ?? new Random(options.seed ?? 0));
  });
}

/**
 * Upload the sample as a float32 [n, dim] tensor, run `body` with it, then free the tensor and the model (also when
 * `body` throws).
 */
export function withSampleTensor<T>(s: Samples, model: { dispose(): void }, body: (x: tf.Tensor2D) => T): T {
  try {
    const x = tf.tensor2d(Float32Array.from(s.data), [s.n, s.dim]);
    try {
      return body(x);
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** Mean and population variance (divisor n, floored at 0) of per-sample read-out values, in float64. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sumSq += values[i] * values[i];
  }
  const mean = sum / values.length;
  return { mean, variance: Math.max(0, sumSq / values.length - mean * mean) };
}

/** The one-call form's result; a non-finite entropy is a NumericalError naming `<estimator>Entropy read-out`. */
export function trainedEstimate(
  estimator: 'dv' | 'knife',
  s: Samples,
  read: { entropy: number; stdError: number; details: Record<string, unknown> },
): EntropyEstimate {
  const { entropy, stdError, details } = read;
  if (!Number.isFinite(entropy)) throw new NumericalError(`${estimator}Entropy read-out`, `entropy is ${entropy}`);
  return { entropy, estimator, n: s.n, dim: s.dim, stdError, details };
}
