// The TEC training loss of Alg. 1 (lines 6–8): control energy plus eps times the terminal entropy.
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertPositive } from '../errors/validate.js';
import type { TimeGrid } from '../sde/grid.js';
import { controlEnergyTf } from './energy.js';
import { noiseControlCostTf } from './noise-control-cost.js';
import { assertDriftsOnGrid } from './internal.js';

/**
 * What the TEC loss needs of an entropy estimator: a differentiable `entropyTf`. Every
 * `DifferentiableEntropy` of the entropy module (KNIFE, DV, Gaussian) fits.
 *
 * @example
 * ```ts
 * import { tf, type TerminalEntropyEstimator } from '@ratedistortion/core';
 * // Gaussian plug-in entropy of 1-D samples.
 * const gaussian: TerminalEntropyEstimator = {
 *   entropyTf: (x) => tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x).variance))) as tf.Scalar,
 * };
 * ```
 */

export interface TerminalEntropyEstimator {
  /** Differential entropy (nats) of the sample rows of `x`, differentiable w.r.t. `x`. */
  entropyTf(x: tf.Tensor2D): tf.Scalar;
}

/**
 * Options of {@link tecLossTf}.
 *
 * @example
 * ```ts
 * import { tecLossTf, tf, uniformGrid, type TecLossOptions } from '@ratedistortion/core';
 * const opts: TecLossOptions = {
 *   drifts: [tf.zeros([4, 1]) as tf.Tensor2D], grid: uniformGrid(1), x1: tf.ones([4, 1]) as tf.Tensor2D, eps: 0.1,
 *   entropy: { entropyTf: () => tf.scalar(0) },
 * };
 * const { loss, energy, entropy, noiseCost } = tecLossTf(opts);
 * console.log(loss.dataSync()[0]); // 0: no control energy, zero entropy
 * tf.dispose([loss, energy, entropy, noiseCost, opts.x1, ...(opts.drifts ?? [])]);
 * ```
 */
export interface TecLossOptions {
  /**
   * Left-point drifts u(X_{t_i}, t_i), i = 0..K−1, each [n, dim] (as returned by `solveSdeTf`). Required unless
   * the rollout's `energy` is given instead.
   */
  drifts?: readonly tf.Tensor2D[];
  /** The grid the rollout was integrated on (K steps); goes with `drifts`. */
  grid?: TimeGrid;
  /** Terminal states X_1, [n, dim]. */
  x1: tf.Tensor2D;
  /** Trade-off `eps = 1/β` (> 0); also the noise variance rate of the rollout. */
  eps: number;
  /** Estimator of H(X_1). */
  entropy: TerminalEntropyEstimator;
  /**
   * Log noise gains of a noise-controlled rollout (`solveNoiseControlledTf`); their cost joins the loss as
   * `eps·noiseControlCostTf(logNoiseGains)`. Omit for a plain SDE rollout.
   */
  logNoiseGains?: readonly tf.Tensor2D[];
  /**
   * The batch-mean control energy of a rollout that kept no drifts (e.g. the mean of `solveSdeCheckpointedTf`'s
   * per-path `energy`), instead of `drifts` and `grid`.
   */
  energy?: tf.Scalar;
  /** With `energy`: the batch-mean noise-control cost of that rollout (instead of `logNoiseGains`). */
  noiseCost?: tf.Scalar;
}

/**
 * Scalars returned by {@link tecLossTf}; all new tensors owned by the caller. A type alias (not an
 * interface) so that it is a `tf.TensorContainer` and can be returned from `tf.tidy`.
 *
 * @example
 * ```ts
 * import { tf, tecLossTf, uniformGrid, type TecLoss } from '@ratedistortion/core';
 * const out: TecLoss = tf.tidy(() => tecLossTf({
 *   drifts: [tf.ones([2, 1]) as tf.Tensor2D], grid: uniformGrid(1), x1: tf.ones([2, 1]) as tf.Tensor2D, eps: 0.1,
 *   entropy: { entropyTf: () => tf.scalar(1) },
 * }));
 * console.log(out.loss.dataSync()[0]); // 0.5 + 0.1 = 0.6
 * tf.dispose([out.loss, out.energy, out.entropy, out.noiseCost]);
 * ```
 */

export type TecLoss = {
  /** `energy + eps·entropy` (the `L_θ^ε` of Alg. 1, line 8). */
  loss: tf.Scalar;
  /** Batch-averaged control energy `½ Σ_i ‖u‖² Δt_i`. */
  energy: tf.Scalar;
  /** Estimated terminal entropy Ĥ(X_1) in nats. */
  entropy: tf.Scalar;
  /** Batch-averaged noise-control cost (0 without `logNoiseGains`). */
  noiseCost: tf.Scalar;
};

/**
 * The TEC loss `L = ½ Σ_i ‖u(X_{t_i},t_i)‖² Δt_i (batch mean) + eps·Ĥ(X_1)` of Alg. 1 (plus `eps·cost` of the
 * noise gains for a noise-controlled rollout), differentiable w.r.t.
 * every variable the drifts and the entropy estimator depend on. Evaluate it inside `tf.variableGrads` /
 * an optimizer's `minimize`, and dispose the four scalars (or call it inside `tf.tidy`).
 *
 * The energy comes from the drifts on their grid, or, for a rollout that kept no drifts (a checkpointed one),
 * from its precomputed batch-mean `energy` and `noiseCost`: either way the objective is assembled here, so
 * every trainer (R2D2 included) minimises this one function.
 *
 * Throws {@link InvalidParameterError} for eps ≤ 0 or NaN, drifts that do not match the grid, both forms at
 * once, an entropy estimator without `entropyTf`, and {@link DimensionMismatchError} when x1's shape differs
 * from the drifts'.
 *
 * @example
 * ```ts
 * import { tecLossTf, tf, uniformGrid } from '@ratedistortion/core';
 * const grid = uniformGrid(1);
 * const x1 = tf.tensor2d([[-1], [1]]);
 * const drifts = [tf.tensor2d([[2], [2]])];
 * const gaussian = { entropyTf: (x: tf.Tensor2D) => tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x).variance))) as tf.Scalar };
 * const { loss, energy, entropy, noiseCost } = tecLossTf({ drifts, grid, x1, eps: 0.5, entropy: gaussian });
 * console.log(energy.dataSync()[0], loss.dataSync()[0]); // 2, 2 + 0.5·entropy
 * tf.dispose([loss, energy, entropy, noiseCost, x1, ...drifts]);
 * ```
 */
export function tecLossTf(options: TecLossOptions): TecLoss {
  const { drifts, grid, x1, eps, entropy, logNoiseGains } = options;
  assertPositive('eps', eps);
  const { n, dim } =
    options.energy !== undefined
      ? checkRolloutTerms(options)
      : assertDriftsOnGrid(drifts as readonly tf.Tensor2D[], grid as TimeGrid);
  if (!(x1 instanceof tf.Tensor) || x1.rank !== 2) {
    throw new InvalidParameterError(
      'x1',
      'a rank-2 tf.Tensor2D [n, dim]',
      x1 instanceof tf.Tensor ? `rank ${x1.rank}` : x1,
    );
  }
  if (n >= 0 && (x1.shape[0] !== n || x1.shape[1] !== dim)) {
    throw new DimensionMismatchError('x1', `[${n}, ${dim}] (the drifts' shape)`, `[${x1.shape.join(', ')}]`);
  }
  if (entropy == null || typeof entropy.entropyTf !== 'function') {
    throw new InvalidParameterError('entropy', 'an estimator with entropyTf(x: tf.Tensor2D): tf.Scalar', entropy);
  }
  if (logNoiseGains !== undefined) {
    const shape = assertDriftsOnGrid(logNoiseGains, grid as TimeGrid, 'logNoiseGains');
    if (shape.n !== n || shape.dim !== dim)
      throw new DimensionMismatchError(
        'logNoiseGains',
        `[${n}, ${dim}] (the drifts' shape)`,
        `[${shape.n}, ${shape.dim}]`,
      );
  }
  return tf.tidy(() => {
    const energyTerm =
      options.energy !== undefined
        ? tf.clone(options.energy)
        : controlEnergyTf(drifts as readonly tf.Tensor2D[], grid as TimeGrid);
    const noiseCost =
      options.noiseCost !== undefined
        ? tf.clone(options.noiseCost)
        : logNoiseGains
          ? noiseControlCostTf(logNoiseGains, grid as TimeGrid)
          : tf.scalar(0);
    const h = entropy.entropyTf(x1);
    if (!(h instanceof tf.Tensor) || h.rank !== 0) {
      throw new InvalidParameterError(
        'entropy.entropyTf(x1)',
        'a scalar tensor',
        h instanceof tf.Tensor ? `rank ${h.rank}` : h,
      );
    }
    return {
      loss: tf.add(energyTerm, tf.mul(tf.add(h, noiseCost), eps)) as tf.Scalar,
      energy: energyTerm,
      entropy: h,
      noiseCost,
    };
  });
}

/** The precomputed-terms form: scalars, and nothing of the drifts form beside them. Its shape is unknown (n = −1). */
function checkRolloutTerms(options: TecLossOptions): { n: number; dim: number } {
  for (const name of ['drifts', 'grid', 'logNoiseGains'] as const) {
    if (options[name] !== undefined)
      throw new InvalidParameterError(name, "absent when the rollout's energy is given", typeof options[name]);
  }
  for (const name of ['energy', 'noiseCost'] as const) {
    const t = options[name];
    if (t !== undefined && !(t instanceof tf.Tensor && t.rank === 0)) {
      throw new InvalidParameterError(
        name,
        'a scalar tf.Tensor (the batch mean)',
        t instanceof tf.Tensor ? `rank ${t.rank}` : t,
      );
    }
  }
  return { n: -1, dim: -1 };
}
