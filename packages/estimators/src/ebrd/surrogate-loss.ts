// Proposition 1 gives ∇_θ L only, never L itself (its log-partition term is intractable). A loss whose
// gradient is that estimate lets the ordinary autodiff + optimiser machinery train E_θ: with the MCMC samples
// held fixed (they are inputs, not functions of θ), ∇_θ[mean_i E_θ(y_i) − mean_j E_θ(y'_j)] is exactly
// (1/N)Σ∇_θE_θ(y_i) − (1/N)Σ∇_θE_θ(y'_j), the Monte Carlo form of Eq. (4).
import { InvalidParameterError, tf } from '@ratedistortion/core';
import type { EnergyFunction } from './langevin.js';

/**
 * The EBRD surrogate `mean E_θ(conditional) − mean E_θ(marginal)`, where `conditional` holds draws of the
 * x-averaged channel P_Y^θ (Langevin on `E_θ(y) + ½‖x−y‖²/eps`, one chain per source sample) and `marginal`
 * draws of Q_Y^θ ∝ e^{−E_θ}. Its gradient in θ is the Monte Carlo estimate of Eq. (4), ∇_θ of the dual
 * objective `L(θ) = −E_X log E_{Q_θ} e^{−½‖X−Y‖²/eps}`; its value is not L and is not meaningful on its own.
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { ebrdSurrogateLoss } from '@ratedistortion/estimators';
 * const a = tf.tidy(() => tf.variable(tf.scalar(1))); // tidy frees the initial tensor
 * const energy = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(y), 1), a) as tf.Tensor1D;
 * const cond = tf.tensor2d([[0.1], [-0.2]]);
 * const marg = tf.tensor2d([[1.0], [-1.5]]);
 * const { value, grads } = tf.variableGrads(() => ebrdSurrogateLoss(energy, cond, marg), [a]);
 * console.log(grads[a.name].dataSync()[0]); // mean(y²) over cond − over marg = 0.025 − 1.625 = −1.6
 * tf.dispose([a, cond, marg, value, grads[a.name]]);
 * ```
 */
export function ebrdSurrogateLoss(energy: EnergyFunction, conditional: tf.Tensor2D, marginal: tf.Tensor2D): tf.Scalar {
  if (typeof energy !== 'function')
    throw new InvalidParameterError('energy', 'a function y ↦ E(y) of shape [n]', energy);
  for (const [name, t] of [
    ['conditional', conditional],
    ['marginal', marginal],
  ] as const) {
    if (!(t instanceof tf.Tensor) || t.rank !== 2 || t.shape[0] < 1)
      throw new InvalidParameterError(name, 'a rank-2 tensor [n ≥ 1, d]', t);
  }
  if (conditional.shape[1] !== marginal.shape[1]) {
    throw new InvalidParameterError(
      'marginal',
      `samples of dimension ${conditional.shape[1]} (that of conditional)`,
      marginal.shape[1],
    );
  }
  return tf.tidy(() => tf.sub(tf.mean(energy(conditional)), tf.mean(energy(marginal))) as tf.Scalar);
}
