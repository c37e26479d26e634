// The Euler–Maruyama update X_{i+1} = X_i + u·h + σΔW as one tfjs op with its own gradient (internal to the SDE
// solvers). Written op by op it is three kernels forward, each of which tfjs records on the gradient tape with a
// saved clone of both inputs (six clones), and five more backward (the reshapes of the Add rule, the Multiply
// rule's cast and product). As one op: the same three kernels forward, untaped, and backward dX_i = dy (reshaped,
// as the Add rule does) and du = dy·h (the Multiply rule's product, h rounded to float32 as tf.mul rounds it), so
// values and gradients are bit-identical to the op-by-op update (euler-update-tf.test.ts).
import { tf } from '../backend/tf.js';

/** X + u·h + noise for X, u, noise [n, dim] (noise a constant: no gradient reaches it). Call inside tf.tidy. */
export function eulerUpdateTf(x: tf.Tensor2D, u: tf.Tensor2D, h: number, noise: tf.Tensor2D): tf.Tensor2D {
  const update = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, ui] = args as tf.Tensor[];
    return {
      value: tf.add(tf.add(xi, tf.mul(ui, h)), noise),
      gradFunc: (dy: tf.Tensor) => [tf.reshape(dy, xi.shape), tf.mul(dy, h)],
    };
  });
  return update(x, u) as tf.Tensor2D;
}
