// Gradient of the Prod (reduce-product) kernel. tfjs-core's own registration cannot be loaded under Node's
// ESM resolver (see ./gradient-registry.ts), so it is written here from the product rule:
// ∂/∂x_j Π_i x_i = Π_{i<j} x_i · Π_{i>j} x_i, i.e. the product of an exclusive forward and an exclusive
// reverse cumulative product along the reduced axes. Unlike dividing the product by x_j, this stays exact
// when some x_j is zero.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradient config for the `Prod` kernel (`tf.prod`), registered by the library at import time.
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * const g = tf.tidy(() => tf.grad((x) => tf.prod(x))(tf.tensor1d([2, 3, 0])));
 * console.log(Array.from(g.dataSync())); // [0, 0, 6]
 * g.dispose();
 * ```
 */
export const prodGradConfig: tf.GradConfig = {
  kernelName: tf.Prod,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as { axis: number | number[] };
    return {
      x: () =>
        tf.tidy(() => {
          const shape = x.shape;
          const rank = shape.length;
          const axes = tf.util.parseAxisParam(axis, shape).sort((a, b) => a - b);
          const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
          const perm = [...kept, ...axes];
          const inversePerm = new Array<number>(rank);
          perm.forEach((p, i) => {
            inversePerm[p] = i;
          });
          const outer = kept.reduce((s, i) => s * shape[i], 1);
          const inner = axes.reduce((s, i) => s * shape[i], 1);
          const permuted = tf.transpose(x, perm);
          const flat = tf.reshape(permuted, [outer, inner]);
          const others = tf.mul(tf.cumprod(flat, 1, true, false), tf.cumprod(flat, 1, true, true));
          const back = tf.transpose(tf.reshape(others, permuted.shape), inversePerm);
          const keepDimsShape = shape.map((s, i) => (axes.includes(i) ? 1 : s));
          return tf.mul(back, tf.reshape(dy as tf.Tensor, keepDimsShape));
        }),
    };
  },
};
