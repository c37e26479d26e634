// The transpose of the last two axes, as a reshape when one of them has length 1 (the same memory order, so no copy
// and no Transpose kernel). Shared by core's matMul helpers and R2D2's fused rollout.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../errors/errors.js';

/**
 * `t` with its last two axes swapped (rank ≥ 2): `tf.transpose` with those axes exchanged, or a reshape when one of them
 * has length 1 (the values are in the same memory order, so nothing is copied). Throws {@link InvalidParameterError}
 * for a tensor of rank below 2.
 *
 * @example
 * ```ts
 * import { swapLastAxesTf, tf } from '@ratedistortion/core';
 * const m = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 2, 3]);
 * const t = swapLastAxesTf(m); // [1, 3, 2]: [[1, 4], [2, 5], [3, 6]]
 * console.log(t.shape, Array.from(t.dataSync())); // [1, 3, 2] [1, 4, 2, 5, 3, 6]
 * tf.dispose([m, t]);
 * ```
 */
export function swapLastAxesTf(t: tf.Tensor): tf.Tensor {
  const r = t.rank;
  if (r < 2) throw new InvalidParameterError('t', 'a tensor of rank 2 or more', `rank ${r}`);
  const shape = t.shape.slice();
  [shape[r - 2], shape[r - 1]] = [shape[r - 1], shape[r - 2]];
  if (t.shape[r - 2] === 1 || t.shape[r - 1] === 1) return tf.reshape(t, shape);
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}
