// The Donsker–Varadhan negentropy bound of the paper's App. B.1 (Eqs. 27–28), in the two pieces every DV critic
// (DvNegentropyModel here, R2D2's eps-conditioned critic in the estimators) evaluates: the Gaussian reference Z with
// the sample's mean and covariance, and the bound E f(X) − log E e^{f(Z)} from the critic's values on X and Z.
import { tf } from '../backend/tf.js';
import { choleskyTf } from '../linalg/cholesky-tf.js';
import { logMeanExp } from '../linalg/logsumexp.js';
import { covarianceTf } from './gaussian.js';

/**
 * The DV bound `mean f(x) − log mean e^{f(z)}` (nats) from critic values `fx` on the sample and `fz` on the Gaussian
 * reference (both [n] or [n, 1]); a lower bound on KL(P_X ‖ N(mean X, cov X)), the negentropy, for every critic f.
 *
 * @example
 * ```ts
 * import { dvBoundTf, tf } from '@ratedistortion/core';
 * const fx = tf.tensor1d([1, 1]);
 * const fz = tf.tensor1d([0, 0]);
 * const b = dvBoundTf(fx, fz);
 * console.log(b.dataSync()[0]); // 1 − log 1 = 1
 * tf.dispose([fx, fz, b]);
 * ```
 */
export function dvBoundTf(fx: tf.Tensor, fz: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(fx), logMeanExp(fz)) as tf.Scalar);
}

/**
 * A Gaussian sample with the mean and (unbiased) covariance of the rows of `x`: `mean(x) + ε·Lᵀ`, L the Cholesky
 * factor of cov(x), one row per row of the standard normal draws `normals` ([m, d]). Differentiable w.r.t. x (through
 * the differentiable Cholesky), so a DV bound built on it passes gradients to x through both sides.
 *
 * @example
 * ```ts
 * import { Random, momentMatchedGaussianTf, tf } from '@ratedistortion/core';
 * const rng = new Random(1);
 * const x = tf.tensor2d(rng.fillNormal(new Float32Array(400)), [200, 2]);
 * const normals = tf.tensor2d(rng.fillNormal(new Float32Array(1000)), [500, 2]);
 * const z = momentMatchedGaussianTf(x, normals);
 * console.log(z.shape); // [500, 2]
 * tf.dispose([x, normals, z]);
 * ```
 */
export function momentMatchedGaussianTf(x: tf.Tensor2D, normals: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const L = choleskyTf(covarianceTf(x));
    return tf.add(tf.mean(x, 0, true), tf.matMul(normals, tf.transpose(L))) as tf.Tensor2D;
  });
}
