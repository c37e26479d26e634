// Exact first and second moments of a linear Gaussian chain on a time grid, and of the TEC read-out terms it produces,
// for a start X0 of known mean and covariance (any law: only its first two moments enter).
//
// The chain acts per coordinate j of its own (orthonormal) coordinates y:
//   Y_{k+1} = a_k ⊙ Y_k + g_k ⊙ √(eps h_k) Z_k,   Z_k ~ N(0, I) independent of the past,
// i.e. drift u_k = (a_k − 1) ⊙ Y_k / h_k and noise gain g_k (g ≡ 1: the Euler–Maruyama chain of the SDE dX = u dt +
// √eps dW). This is the shape of the optimal Gaussian chain (gaussian-chain.ts) in its principal coordinates, with a
// fixed or a controlled noise. With M_k = E[Y_k Y_kᵀ] (about the chain's centre, not the mean), A = diag(a_k):
//   M_{k+1} = A M_k A + eps h_k diag(g_k²),   E[Y_{k+1}] = a_k ⊙ E[Y_k],   E[Y_K Y_0ᵀ] = (Π_k A_k) M_0,
// from which the read-out terms follow exactly:
//   energy     E[½ Σ_k ‖u_k‖² h_k] = ½ Σ_k Σ_j (a_kj − 1)² (M_k)_jj / h_k
//   noise cost Σ_k ½ Σ_j (g_kj² − 1 − log g_kj²)                      (deterministic: the gains do not depend on Y)
//   distortion ½ E‖Y_K − Y_0‖² = ½ tr(M_K + M_0 − 2 (Π A) M_0)
// and Cov Y_K = M_K − E[Y_K] E[Y_K]ᵀ; when X0 is Gaussian, Y_K is Gaussian and its entropy is ½ log det(2πe Cov Y_K).
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertFiniteArray, assertPositive } from '../errors/validate.js';
import { cholesky64, logdetFromCholesky64 } from '../linalg/cholesky.js';

/**
 * One step of a linear chain (see {@link linearChainMoments}): its length `h` (> 0) and, per coordinate, the
 * contraction a (drift·h = (a − 1)·y) and the squared noise gain g² (> 0; 1 for the fixed-noise chain).
 *
 * @example
 * ```ts
 * import type { LinearChainStep } from '@ratedistortion/core';
 * const s: LinearChainStep = { h: 0.01, contraction: [0.995], gainSquared: [1] };
 * ```
 */
export interface LinearChainStep {
  h: number;
  contraction: ArrayLike<number>;
  gainSquared: ArrayLike<number>;
}

/**
 * Exact moments of a linear chain's read-out (see {@link linearChainMoments}); all in the chain's coordinates.
 *
 * @example
 * ```ts
 * import { linearChainMoments, type LinearChainMoments } from '@ratedistortion/core';
 * const m: LinearChainMoments = linearChainMoments({
 *   mean: [0], covariance: [[1]], eps: 0.5, steps: [{ h: 1, contraction: [0.5], gainSquared: [0.5] }],
 * });
 * console.log(m.distortion); // ½(0.25 + 0.25 + 1 − 2·0.5) = 0.25
 * ```
 */
export interface LinearChainMoments {
  /** E[½ Σ_k ‖u_k‖² h_k], the expected control energy (nats × eps). */
  energy: number;
  /** Σ_k ½ Σ_j (g² − 1 − log g²), the noise-control cost (deterministic; 0 for g ≡ 1). */
  noiseCost: number;
  /** ½ E‖Y_K − Y_0‖². */
  distortion: number;
  /** E[Y_K]. */
  mean: Float64Array;
  /** Cov[Y_K] (d rows). */
  covariance: Float64Array[];
  /** ½ log det(2πe Cov Y_K): the entropy of Y_K when Y_0 is Gaussian (an upper bound on it otherwise). */
  entropy: number;
}

/**
 * Exact moments of the linear chain `Y_{k+1} = a_k ⊙ Y_k + g_k ⊙ √(eps h_k) Z_k` started from Y_0 with mean `mean`
 * and covariance `covariance` (any law: only the first two moments enter; see the file header): the expected control
 * energy, the noise-control cost, the distortion ½E‖Y_K − Y_0‖², and the mean, covariance and Gaussian entropy of Y_K.
 * O(K d²).
 *
 * Throws {@link InvalidParameterError} for eps ≤ 0, no steps, a step length ≤ 0, a squared gain ≤ 0 or a non-finite
 * value, and {@link DimensionMismatchError} when a step's arrays or the covariance do not have `mean.length` entries.
 *
 * @example
 * ```ts
 * import { gaussianChainStep, linearChainMoments } from '@ratedistortion/core';
 * // The optimal controlled chain of N(0, 1) at eps = 0.5 on 10 steps: D = eps/2, R = ½ log(1/eps).
 * const eps = 0.5;
 * const steps = Array.from({ length: 10 }, (_, k) => {
 *   const s = gaussianChainStep(1, eps, k / 10, (k + 1) / 10);
 *   return { h: 0.1, contraction: [s.contraction], gainSquared: [s.gainSquared] };
 * });
 * const m = linearChainMoments({ mean: [0], covariance: [[1]], eps, steps });
 * const rate = (m.energy + eps * m.noiseCost + eps * m.entropy - m.distortion) / eps - 0.5 * Math.log(2 * Math.PI * eps);
 * console.log(m.distortion.toFixed(6), rate.toFixed(6)); // 0.250000 0.346574
 * ```
 */
export function linearChainMoments(options: {
  mean: ArrayLike<number>;
  covariance: ArrayLike<ArrayLike<number>>;
  eps: number;
  steps: readonly LinearChainStep[];
}): LinearChainMoments {
  const { mean, covariance, eps, steps } = options;
  assertPositive('eps', eps);
  if (mean == null || typeof mean.length !== 'number' || mean.length < 1)
    throw new InvalidParameterError('mean', 'a non-empty array', mean);
  const d = mean.length;
  assertFiniteArray('mean', mean);
  if (covariance == null || covariance.length !== d)
    throw new DimensionMismatchError('covariance', `${d} rows`, covariance?.length);
  for (let i = 0; i < d; i++) {
    if (covariance[i] == null || covariance[i].length !== d)
      throw new DimensionMismatchError(`covariance[${i}]`, d, covariance[i]?.length);
    assertFiniteArray(`covariance[${i}]`, covariance[i]);
  }
  if (!Array.isArray(steps) || steps.length === 0)
    throw new InvalidParameterError('steps', 'a non-empty array of steps', steps);
  steps.forEach((s, k) => {
    assertPositive(`steps[${k}].h`, s.h);
    for (const key of ['contraction', 'gainSquared'] as const) {
      const v = s[key];
      if (v == null || v.length !== d) throw new DimensionMismatchError(`steps[${k}].${key}`, d, v?.length);
      assertFiniteArray(`steps[${k}].${key}`, v);
    }
    for (let j = 0; j < d; j++)
      if (!(s.gainSquared[j] > 0))
        throw new InvalidParameterError(`steps[${k}].gainSquared[${j}]`, 'a number > 0', s.gainSquared[j]);
  });
  // Second moments about the chain's centre (0): M0 = Cov + m mᵀ.
  let M = Array.from({ length: d }, (_, i) =>
    Float64Array.from({ length: d }, (_, j) => covariance[i][j] + mean[i] * mean[j]),
  );
  const M0diag = Float64Array.from({ length: d }, (_, j) => M[j][j]);
  const m = Float64Array.from(mean);
  const prod = new Float64Array(d).fill(1);
  let energy = 0;
  let noiseCost = 0;
  for (const s of steps) {
    const a = s.contraction;
    for (let j = 0; j < d; j++) {
      energy += (0.5 * (a[j] - 1) ** 2 * M[j][j]) / s.h;
      const g2 = s.gainSquared[j];
      noiseCost += 0.5 * (g2 - 1 - Math.log(g2));
    }
    const next = M.map((row, i) => Float64Array.from(row, (v, j) => a[i] * v * a[j]));
    for (let j = 0; j < d; j++) {
      next[j][j] += eps * s.h * s.gainSquared[j];
      m[j] *= a[j];
      prod[j] *= a[j];
    }
    M = next;
  }
  let distortion = 0;
  for (let j = 0; j < d; j++) distortion += 0.5 * (M[j][j] + M0diag[j] - 2 * prod[j] * M0diag[j]);
  const cov = M.map((row, i) => Float64Array.from(row, (v, j) => v - m[i] * m[j]));
  const logdet = logdetFromCholesky64(cholesky64(cov, 'covariance of Y_K'));
  const entropy = 0.5 * (d * Math.log(2 * Math.PI * Math.E) + logdet);
  return { energy, noiseCost, distortion, mean: m, covariance: cov, entropy };
}
