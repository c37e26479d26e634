// Gaussian plug-in entropy ½ log det(2πe Σ̂): exact in expectation up to a known Wishart bias for Gaussian
// data, and an upper bound (max-entropy) in the large-sample limit for any other source with that covariance.
import { tf } from '../backend/tf.js';
import { InvalidParameterError } from '../errors/errors.js';
import { cholesky64, logdetFromCholesky64 } from '../linalg/cholesky.js';
import { logdetTf } from '../linalg/cholesky-tf.js';
import { sampleMoments, type SamplesInput } from '../samples/samples.js';
import { digamma, trigamma } from './special-functions.js';
import { entropySamples, type DifferentiableEntropy, type EntropyEstimate } from './types.js';

/**
 * Expected bias `E[Ĥ] − H` of the Gaussian plug-in entropy with the unbiased (n−1) covariance, for
 * Gaussian data: `½[Σ_{i=1..d} ψ((n−i)/2) + d·log(2/(n−1))]`, from `E log det W = log det Σ + d log 2 +
 * Σ ψ((n−i)/2)` for `W = (n−1)Σ̂ ~ Wishart(Σ, n−1)`. Negative; ≈ `−d(d+1)/(4n)` for large n.
 *
 * @example
 * ```ts
 * import { gaussianEntropyBias } from '@ratedistortion/core';
 * console.log(gaussianEntropyBias(1000, 5)); // ≈ −0.0075
 * ```
 */
export function gaussianEntropyBias(n: number, d: number): number {
  if (!Number.isInteger(d) || d < 1) throw new InvalidParameterError('d', 'an integer >= 1', d);
  if (!Number.isInteger(n) || n < d + 1) throw new InvalidParameterError('n', `an integer >= d + 1 = ${d + 1}`, n);
  let s = d * Math.log(2 / (n - 1));
  for (let i = 1; i <= d; i++) s += digamma((n - i) / 2);
  return 0.5 * s;
}

/**
 * Exact standard deviation of the Gaussian plug-in entropy for Gaussian data:
 * `½ √(Σ_{i=1..d} ψ₁((n−i)/2))` (variance of log det of a Wishart matrix), ≈ `√(d/(2n))`.
 *
 * @example
 * ```ts
 * import { gaussianEntropyStdError } from '@ratedistortion/core';
 * console.log(gaussianEntropyStdError(1000, 5)); // ≈ 0.05
 * ```
 */
export function gaussianEntropyStdError(n: number, d: number): number {
  if (!Number.isInteger(d) || d < 1) throw new InvalidParameterError('d', 'an integer >= 1', d);
  if (!Number.isInteger(n) || n < d + 1) throw new InvalidParameterError('n', `an integer >= d + 1 = ${d + 1}`, n);
  let s = 0;
  for (let i = 1; i <= d; i++) s += trigamma((n - i) / 2);
  return 0.5 * Math.sqrt(s);
}

/**
 * Options of {@link gaussianEntropy}.
 *
 * @example
 * ```ts
 * import type { GaussianEntropyOptions } from '@ratedistortion/core';
 * const o: GaussianEntropyOptions = { biasCorrected: true };
 * ```
 */
export interface GaussianEntropyOptions {
  /** Subtract {@link gaussianEntropyBias} (the UMVU estimator for Gaussian data, Ahmed & Gokhale 1989). Default false. */
  biasCorrected?: boolean;
}

/**
 * Gaussian plug-in entropy `½ log det(2πe Σ̂)` (nats) with the unbiased sample covariance Σ̂, in float64.
 *
 * Bias/variance: for Gaussian data the bias is {@link gaussianEntropyBias} (≈ −d(d+1)/(4n), removed with
 * `biasCorrected: true`) and the standard deviation {@link gaussianEntropyStdError} (≈ √(d/(2n)), reported as
 * `stdError`). For non-Gaussian data it converges to the entropy of the Gaussian with the same covariance,
 * which exceeds H(X) by the negentropy (always ≥ 0): it is an upper bound, not a consistent estimator.
 * Needs n ≥ d + 1 (otherwise Σ̂ is singular) and a non-degenerate sample.
 *
 * @example
 * ```ts
 * import { Random, gaussianEntropy } from '@ratedistortion/core';
 * const rng = new Random(1);
 * const data = Array.from({ length: 2000 }, () => [rng.normal(), 2 * rng.normal()]);
 * console.log(gaussianEntropy(data).entropy); // ≈ log(2πe·2) ≈ 3.531
 * ```
 */
export function gaussianEntropy(samples: SamplesInput, options: GaussianEntropyOptions = {}): EntropyEstimate {
  const s = entropySamples(samples, {
    minN: 2,
    why: 'a covariance needs at least 2 samples',
    fullRank: 'the sample covariance would be singular',
  });
  const { covariance } = sampleMoments(s);
  const logdet = logdetFromCholesky64(cholesky64(covariance, 'sample covariance'));
  const plugIn = 0.5 * (s.dim * Math.log(2 * Math.PI * Math.E) + logdet);
  const bias = gaussianEntropyBias(s.n, s.dim);
  const corrected = options.biasCorrected === true;
  return {
    entropy: corrected ? plugIn - bias : plugIn,
    estimator: 'gaussian',
    n: s.n,
    dim: s.dim,
    stdError: gaussianEntropyStdError(s.n, s.dim),
    details: { biasCorrected: corrected, gaussianBias: bias, logdetCovariance: logdet },
  };
}

/**
 * Unbiased (n−1) sample covariance of the rows of `x` as a differentiable tensor `[d, d]`.
 * Uses an explicit transpose with a plain matMul (transposed matMuls are slow on wasm).
 *
 * @example
 * ```ts
 * import { tf, covarianceTf } from '@ratedistortion/core';
 * const x = tf.tensor2d([[0, 0], [2, 2]]);
 * const c = covarianceTf(x);
 * c.print(); // [[2, 2], [2, 2]]
 * tf.dispose([x, c]);
 * ```
 */
export function covarianceTf(x: tf.Tensor2D): tf.Tensor2D {
  if (x.rank !== 2 || x.shape[0] < 2)
    throw new InvalidParameterError('x', 'a [n, d] tensor with n >= 2', x.shape.join('×'));
  return tf.tidy(() => {
    const centred = tf.sub(x, tf.mean(x, 0, true));
    return tf.div(tf.matMul(tf.transpose(centred), centred), x.shape[0] - 1) as tf.Tensor2D;
  });
}

/**
 * Differentiable Gaussian plug-in entropy `½[d log(2πe) + log det Σ̂(x)]` of the rows of `x` (nats), with the
 * log-determinant and its gradient evaluated in float64 ({@link logdetTf}). Same bias as {@link gaussianEntropy}.
 * Throws `InvalidParameterError` when n < d + 1 or the sample covariance is singular.
 *
 * @example
 * ```ts
 * import { tf, gaussianEntropyTf } from '@ratedistortion/core';
 * const x = tf.randomNormal([500, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
 * const g = tf.grad((t: tf.Tensor) => gaussianEntropyTf(t as tf.Tensor2D))(x); // pushes points outward
 * x.dispose(); g.dispose();
 * ```
 */
export function gaussianEntropyTf(x: tf.Tensor2D): tf.Scalar {
  if (x.rank !== 2) throw new InvalidParameterError('x', 'a rank-2 tensor [n, d]', x.shape.join('×'));
  const [n, d] = x.shape;
  if (n < d + 1)
    throw new InvalidParameterError(
      'x',
      `at least dim + 1 = ${d + 1} rows`,
      n,
      'the sample covariance would be singular',
    );
  return tf.tidy(() => tf.mul(0.5, tf.add(logdetTf(covarianceTf(x)), d * Math.log(2 * Math.PI * Math.E))) as tf.Scalar);
}

/**
 * The Gaussian plug-in as a {@link DifferentiableEntropy} (stateless: no `update`, nothing to dispose).
 *
 * @example
 * ```ts
 * import { tf, gaussianDifferentiableEntropy } from '@ratedistortion/core';
 * const h = gaussianDifferentiableEntropy();
 * const x = tf.randomNormal([200, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
 * console.log(tf.tidy(() => h.entropyTf(x).dataSync()[0])); // ≈ log(2πe) ≈ 2.84
 * x.dispose();
 * ```
 */
export function gaussianDifferentiableEntropy(): DifferentiableEntropy {
  return { entropyTf: gaussianEntropyTf, dispose: () => undefined };
}
