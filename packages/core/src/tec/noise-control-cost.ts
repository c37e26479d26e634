// The price of controlling the noise of a step: the KL divergence of the controlled Gaussian step against the
// reference step of the TEC problem. For one step of the noise-controlled chain (sde/noise-controlled.ts),
//   KL( N(x + u h, σ²h V diag(g²) Vᵀ) ‖ N(x, σ²h I) ) = ‖u‖² h / (2σ²) + ½ Σ_j (g_j² − 1 − 2 log g_j).
// With σ² = eps, eps × (the chain's summed KL) is the control energy ½ Σ ‖u‖² Δt plus eps × this cost, so the
// TEC loss of the chain is energy + eps·(cost + Ĥ(X1)) and Eq. (24) reads the rate off it unchanged: by the
// chain rule of KL and data processing, (loss − D̂)/eps − (d/2) log(2π eps) is still an upper bound on I(X0; X1)
// (for an exact entropy). The cost does not shrink with h: changing the noise is paid per step, which is why the
// optimum uses it only where the drift alone cannot do the job (near a degenerate P₁ at t = 1).
import { tf } from '../backend/tf.js';
import { assertDriftsOnGrid } from './internal.js';
import type { TimeGrid } from '../sde/grid.js';

/**
 * Per-sample noise-control cost `Σ_i ½ Σ_j (g_ij² − 1 − 2 log g_ij)` (nats) of a rollout, from the log gains
 * `logGains[i] = log g(X_{t_i}, t_i)` that `solveNoiseControlledTf` returns; shape [n]. Zero exactly when
 * every gain is 1 (the plain Euler–Maruyama chain). Differentiable; the result is new and owned by the caller.
 *
 * Throws {@link InvalidParameterError} when the number of log gains differs from the number of grid steps and
 * {@link DimensionMismatchError} when their shapes differ.
 *
 * @example
 * ```ts
 * import { noiseControlCostPerSampleTf, tf, uniformGrid } from '@ratedistortion/core';
 * const s = [tf.tensor2d([[0], [Math.log(0.5)]])]; // gains 1 and 1/2 on a one-step grid
 * const c = noiseControlCostPerSampleTf(s, uniformGrid(1));
 * console.log(Array.from(c.dataSync())); // [0, ½(¼ − 1 + 2 log 2) ≈ 0.318]
 * tf.dispose([c, ...s]);
 * ```
 */
export function noiseControlCostPerSampleTf(logGains: readonly tf.Tensor2D[], grid: TimeGrid): tf.Tensor1D {
  assertDriftsOnGrid(logGains, grid, 'logGains');
  // One stacked [K, n, d] expression instead of a few ops per step: on wasm a rollout's cost is op count.
  return tf.tidy(() => {
    const s2 = tf.mul(logGains.length === 1 ? tf.expandDims(logGains[0], 0) : tf.stack(logGains as tf.Tensor2D[]), 2);
    return tf.mul(tf.sum(tf.sub(tf.sub(tf.exp(s2), 1), s2), [0, 2]), 0.5) as tf.Tensor1D;
  });
}

/**
 * Batch mean of {@link noiseControlCostPerSampleTf}: the term that joins the control energy in the loss of a
 * noise-controlled rollout, `energy + eps·(cost + Ĥ(X1))`. Differentiable; a new scalar owned by the caller.
 *
 * @example
 * ```ts
 * import { noiseControlCostTf, tf, uniformGrid } from '@ratedistortion/core';
 * const s = [tf.fill([4, 2], Math.log(2)) as tf.Tensor2D, tf.zeros([4, 2]) as tf.Tensor2D];
 * const c = noiseControlCostTf(s, uniformGrid(2));
 * console.log(c.dataSync()[0]); // 2 coordinates × ½(4 − 1 − 2 log 2) ≈ 1.614 (the second step costs nothing)
 * tf.dispose([c, ...s]);
 * ```
 */
export function noiseControlCostTf(logGains: readonly tf.Tensor2D[], grid: TimeGrid): tf.Scalar {
  return tf.tidy(() => tf.mean(noiseControlCostPerSampleTf(logGains, grid)) as tf.Scalar);
}
