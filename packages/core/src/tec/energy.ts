// Control energy of a discretised rollout, the first term of the TEC objective (Eq. 14) as estimated in
// Alg. 1, line 6. Kept separate from the loss so that it can be logged and tested on its own.
import { tf } from '../backend/tf.js';
import { stepSizes, type TimeGrid } from '../sde/grid.js';
import { assertDriftsOnGrid } from './internal.js';

/**
 * Control energy `½ Σ_i ‖u(X_{t_i}, t_i)‖² Δt_i`, averaged over the batch (Alg. 1, line 6), from the
 * left-point drifts `drifts[i] = u(X_{t_i}, t_i)` that `solveSdeTf` returns. Differentiable; the result is a
 * new scalar owned by the caller.
 *
 * Throws {@link InvalidParameterError} when the number of drifts differs from the number of grid steps and
 * {@link DimensionMismatchError} when their shapes differ.
 *
 * @example
 * ```ts
 * import { controlEnergyTf, tf, uniformGrid } from '@ratedistortion/core';
 * const grid = uniformGrid(2); // Δt = 0.5
 * const drifts = [tf.tensor2d([[1], [3]]), tf.tensor2d([[2], [2]])];
 * const e = controlEnergyTf(drifts, grid);
 * console.log(e.dataSync()[0]); // ½·(½·(1+9)/2 + ½·(4+4)/2) = 2.25
 * tf.dispose([e, ...drifts]);
 * ```
 */
export function controlEnergyTf(drifts: readonly tf.Tensor2D[], grid: TimeGrid): tf.Scalar {
  const { n } = assertDriftsOnGrid(drifts, grid);
  const dt = stepSizes(grid);
  return tf.tidy(() => {
    // On webgpu every op is a dispatch: with equal steps (to 1e-12, rounding of the grid times) the squares are summed element-wise first (one AddN per
    // few drifts, then one sum and one scale) instead of a sum and a scale per drift, 2–3 dispatches fewer per time
    // step forward and backward. Other backends keep the per-step sums (their summation order, their results).
    if (tf.getBackend() === 'webgpu' && drifts.length > 1 && dt.every((h) => Math.abs(h - dt[0]) <= 1e-12 * dt[0])) {
      return tf.mul(tf.sum(tf.addN(drifts.map((u) => tf.square(u)))), (0.5 * dt[0]) / n) as tf.Scalar;
    }
    return energyOfDriftsTf(drifts, dt, n);
  });
}

/**
 * Σ_i c_i·sum(u_i²) with c_i = ½Δt_i/n as one op with its own gradient: the forward ops of
 * addN(mul(sum(square(u_i)), c_i)) untaped, and per drift the backward products tfjs's rules for Mul, Sum and Square
 * compute, in their order (dy·c_i, reshaped and multiplied by ones of u's shape, times u·2): bit-identical values and
 * gradients without the clones saved for each of the 3 ops per drift and for the AddN, nor the rules' casts
 * (energy.test.ts). About 11 kernel launches fewer per time step of a training rollout.
 */
function energyOfDriftsTf(drifts: readonly tf.Tensor2D[], dt: ArrayLike<number>, n: number): tf.Scalar {
  const coefficients = drifts.map((_, i) => (0.5 * dt[i]) / n);
  const energy = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const us = args.slice(0, drifts.length) as tf.Tensor[];
    const save = args[drifts.length] as tf.GradSaveFunc;
    const terms = us.map((u, i) => tf.mul(tf.sum(tf.square(u)), coefficients[i]));
    save(us);
    return {
      value: (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        saved.map((u, i) =>
          tf.mul(tf.mul(tf.reshape(tf.mul(dy, coefficients[i]), [1, 1]), tf.ones(u.shape)), tf.mul(u, 2)),
        ),
    };
  });
  return energy(...drifts) as tf.Scalar;
}
