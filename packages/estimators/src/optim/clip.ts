// Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: all gradients are scaled by
// min(1, maxNorm / (‖g‖ + 1e-6)), preserving the update direction.
import { tf } from '@ratedistortion/core';

/**
 * The squared global norm Σ‖gᵢ‖² of a list of gradients, as a scalar tensor (read together with the loss in
 * one device sync).
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { globalNormSquared } from '@ratedistortion/estimators';
 * const g = [tf.tensor1d([3]), tf.tensor1d([4])];
 * const n2 = globalNormSquared(g);
 * console.log(n2.dataSync()[0]); // 25
 * tf.dispose([n2, ...g]);
 * ```
 */
export function globalNormSquared(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))) as tf.Scalar);
}

/**
 * The factor that clips a gradient of global norm `norm` to at most `maxNorm` (1 when no clipping applies or
 * `maxNorm` is undefined).
 *
 * @example
 * ```ts
 * import { clipFactor } from '@ratedistortion/estimators';
 * console.log(clipFactor(10, 1)); // ≈ 0.1
 * ```
 */
export function clipFactor(norm: number, maxNorm: number | undefined): number {
  if (maxNorm === undefined || !(norm > maxNorm)) return 1;
  return maxNorm / (norm + 1e-6);
}
