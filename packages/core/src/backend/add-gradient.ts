// The Add gradient with bias reductions as a matrix product. For `h·W + b` (h: [n, k], b: [1, k] or [k]) tfjs
// reduces dy over axis 0 with `sum(dy, 0)`, which the wasm backend runs as a slow transpose-and-reduce (15 % of
// an R2D2 training step). `ones[1, n]·dy` is the same sum through the matmul kernel (0.02 ms instead of 0.35 ms
// for n = 512, k = 128). Every other broadcast falls back to tfjs's own rule, so results differ from the stock
// gradient only by float32 summation order.
import * as tf from '@tensorflow/tfjs-core';

/** dy reduced to `shape` by the broadcasting rule, with the axis-0 reduction of a rank-2 dy as a matMul. */
function reduceTo(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape(shape, dy.shape);
  const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
  if (axes.length === 0) return tf.reshape(dy, shape);
  if (dy.rank === 2 && axes.length === 1 && axes[0] === 0) {
    return tf.reshape(tf.matMul(tf.ones([1, dy.shape[0]]), dy as tf.Tensor2D), shape);
  }
  return tf.reshape(tf.sum(dy, axes), shape);
}

/**
 * Gradient config of the `Add` kernel whose bias reductions run as `ones·dy` (registered on import of the
 * library, replacing tfjs's stock rule).
 *
 * @example
 * ```ts
 * import { tf, matMulReductionAddGradConfig } from '@ratedistortion/core';
 * tf.registerGradient(matMulReductionAddGradConfig); // already done on import; shown for completeness
 * const b = tf.tidy(() => tf.variable(tf.zeros([1, 3]))); // tidy frees the initial tensor, the variable keeps its data
 * const { value, grads } = tf.variableGrads(() => tf.sum(tf.add(tf.ones([4, 3]), b)), [b]);
 * grads[b.name].print(); // [[4, 4, 4]]
 * tf.dispose([b, value, grads[b.name]]);
 * ```
 */
export const matMulReductionAddGradConfig: tf.GradConfig = {
  kernelName: tf.Add,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const g = dy as tf.Tensor;
    const [a, b] = saved;
    return { a: () => reduceTo(g, a.shape), b: () => reduceTo(g, b.shape) };
  },
};
