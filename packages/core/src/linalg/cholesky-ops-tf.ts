// Cholesky factor and log-determinant built from tfjs ops only, for backends whose tensors live on a device
// (webgpu): there a host round trip mid-graph would need a synchronous read, which WebGPU has not in Node. The
// factor is assembled column by column (d steps of a matMul, a slice, a sqrt and a division), so the gradient is
// tfjs's autodiff of those ops. Same function as the host version: chol(½(A + Aᵀ)); float32 throughout, and a
// matrix that is not positive definite gives NaN (which the training loop reports) rather than a typed error.
import { tf } from '../backend/tf.js';

/** Lower Cholesky factor of the symmetric part of `a` (d × d) from tfjs ops; see the file comment. */
export function choleskyOpsTf(a: tf.Tensor2D): tf.Tensor2D {
  const d = a.shape[0];
  return tf.tidy(() => {
    const sym = tf.mul(tf.add(a, tf.transpose(a)), 0.5) as tf.Tensor2D;
    const cols: tf.Tensor2D[] = [];
    for (let j = 0; j < d; j++) {
      let v = tf.slice(sym, [0, j], [d, 1]) as tf.Tensor2D;
      if (j > 0) {
        const left = cols.length === 1 ? cols[0] : (tf.concat(cols, 1) as tf.Tensor2D);
        v = tf.sub(v, tf.matMul(left, tf.slice(left, [j, 0], [1, j]), false, true));
      }
      const col = tf.div(v, tf.sqrt(tf.slice(v, [j, 0], [1, 1])));
      // Rows above the diagonal are zero in L.
      const mask = tf.tensor2d(
        Float32Array.from({ length: d }, (_, i) => (i >= j ? 1 : 0)),
        [d, 1],
      );
      cols.push(j === 0 && d === 1 ? (col as tf.Tensor2D) : (tf.mul(col, mask) as tf.Tensor2D));
    }
    return cols.length === 1 ? cols[0] : (tf.concat(cols, 1) as tf.Tensor2D);
  });
}

/** log det of the symmetric part of `a` (SPD) from tfjs ops: 2 Σ log diag(chol). */
export function logdetOpsTf(a: tf.Tensor2D): tf.Scalar {
  const d = a.shape[0];
  return tf.tidy(() => {
    const L = choleskyOpsTf(a);
    const diag = d === 1 ? tf.reshape(L, [1]) : tf.sum(tf.mul(L, tf.eye(d)), 1);
    return tf.mul(tf.sum(tf.log(diag)), 2) as tf.Scalar;
  });
}
