// Kozachenko–Leonenko k-nearest-neighbour entropy estimator, exact neighbour search.
// An exact O(n² d) scan (each pair visited once, updating both points' k-best lists) beats a k-d tree for the
// dimensions used here (d up to ~16, where k-d trees degrade to near-linear scans) and has no tuning.
import { InvalidParameterError, NumericalError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { symmetricEigen64 } from '../linalg/eigen.js';
import { sampleMoments, type Samples, type SamplesInput } from '../samples/samples.js';
import { digamma, logUnitBallVolume } from './special-functions.js';
import { entropySamples, type EntropyEstimate } from './types.js';

/**
 * Options of {@link knnEntropy}.
 *
 * @example
 * ```ts
 * import type { KnnEntropyOptions } from '@ratedistortion/core';
 * const o: KnnEntropyOptions = { k: 5 };
 * ```
 */
export interface KnnEntropyOptions {
  /** Neighbour order, an integer in [1, n−1]; default 3. */
  k?: number;
  /**
   * Estimate on the whitened samples Y = Λ^{−½}Vᵀ(X − m) (m, VΛVᵀ the sample mean and covariance) and add back
   * ½ log det Λ: h(X) = h(Y) + ½ log det Σ̂ holds exactly for any fixed affine map, and the neighbour search then
   * sees a round cloud, so strongly anisotropic samples (directions with variances 10⁻⁷ of the largest) keep the
   * small-sample bias of an isotropic one. Default false.
   */
  whiten?: boolean;
}

/**
 * Squared Euclidean distance from every sample to its k-th nearest other sample (exact search).
 *
 * @example
 * ```ts
 * import { kthNeighbourSquaredDistances, toSamples } from '@ratedistortion/core';
 * const d2 = kthNeighbourSquaredDistances(toSamples([0, 1, 3]), 1);
 * console.log(Array.from(d2)); // [1, 1, 4]
 * ```
 */
export function kthNeighbourSquaredDistances(s: Samples, k: number): Float64Array {
  const { n, dim, data } = s;
  assertInteger('k', k, 1, n - 1);
  // best[i*k .. i*k+k) holds the k smallest squared distances of point i, ascending.
  const best = new Float64Array(n * k).fill(Infinity);
  const insert = (i: number, v: number) => {
    const base = i * k;
    if (v >= best[base + k - 1]) return;
    let p = base + k - 1;
    while (p > base && best[p - 1] > v) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = v;
  };
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      let d2 = 0;
      for (let c = 0; c < dim; c++) {
        const t = data[oi + c] - data[oj + c];
        d2 += t * t;
      }
      insert(i, d2);
      insert(j, d2);
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = best[i * k + k - 1];
  return out;
}

/**
 * Relative eigenvalue below which {@link knnEntropy} takes the sample covariance as singular (the samples on a
 * lower-dimensional affine subspace): about 10⁶ float64 roundings, far below any spread a source with a density has.
 *
 * @example
 * ```ts
 * import { KNN_DEGENERATE_TOLERANCE } from '@ratedistortion/core';
 * console.log(KNN_DEGENERATE_TOLERANCE); // 1e-10
 * ```
 */
export const KNN_DEGENERATE_TOLERANCE = 1e-10;

// Nearest-neighbour distances on a k-dimensional subspace are all positive, so the estimator returns a finite
// number (−1.15 nats for collinear points in ℝ²) where the true differential entropy in ℝ^d is −∞.
function assertFullDimensional(s: Samples): void {
  if (s.dim < 2 || s.n <= s.dim) return;
  const { values } = symmetricEigen64(sampleMoments(s).covariance, 'sample covariance');
  assertNotDegenerate(values, s.dim);
}

function assertNotDegenerate(values: ArrayLike<number>, dim: number): void {
  const largest = values[values.length - 1];
  const smallest = values[0];
  if (!(largest > 0) || smallest <= KNN_DEGENERATE_TOLERANCE * largest) {
    const rank = Array.from(values).filter((v) => v > KNN_DEGENERATE_TOLERANCE * largest).length;
    throw new NumericalError(
      'knnEntropy: samples',
      `they lie on an affine subspace of dimension ${rank} < ${dim} (sample covariance eigenvalues ${smallest.toExponential(2)} … ${largest.toExponential(2)}); a distribution without a density in ℝ^${dim} has entropy −∞. Estimate the entropy of the ${rank}-dimensional coordinates instead`,
    );
  }
}

/**
 * Kozachenko–Leonenko entropy estimate (nats):
 * `Ĥ = ψ(n) − ψ(k) + log V_d + (d/n) Σ_i log ε_i`, with ε_i the Euclidean distance from sample i to its k-th
 * nearest neighbour and V_d the volume of the unit ball in ℝ^d.
 *
 * Bias/variance: consistent for any density (Kozachenko & Leonenko 1987; Singh et al. 2003), with bias
 * O(n^{−1/d}) for smooth densities — negligible for d ≤ 3 at n ~ 10³ but noticeable in d ≳ 8, and larger for
 * densities with boundaries (e.g. a uniform box, where neighbourhoods near a face are truncated and the estimate
 * is biased upward). Variance is O(1/n), somewhat above `Var(log p(X))/n` for small k; `stdError` is the
 * plug-in `sd(d·log ε_i)/√n`, which ignores the dependence between neighbouring terms (approximate).
 * Duplicate points (ε_i = 0) have no finite estimate: a `NumericalError` is thrown. So do samples (n > d) that lie
 * on a lower-dimensional affine subspace, e.g. collinear points in ℝ², whose entropy in ℝ^d is −∞ although every
 * ε_i is positive: the smallest eigenvalue of the sample covariance at or below {@link KNN_DEGENERATE_TOLERANCE}
 * times the largest.
 *
 * @example
 * ```ts
 * import { Random, knnEntropy } from '@ratedistortion/core';
 * const rng = new Random(2);
 * const data = Array.from({ length: 1000 }, () => [rng.normal(), rng.normal()]);
 * console.log(knnEntropy(data, { k: 3 }).entropy); // ≈ log(2πe) ≈ 2.838
 * ```
 */
export function knnEntropy(samples: SamplesInput, options: KnnEntropyOptions = {}): EntropyEstimate {
  const s = entropySamples(samples, { minN: 2, why: 'a nearest-neighbour estimate needs at least 2 samples' });
  const k = options.k ?? 3;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > s.n - 1) {
    throw new InvalidParameterError('k', `an integer in [1, n−1] = [1, ${s.n - 1}]`, k);
  }
  if (options.whiten !== undefined && typeof options.whiten !== 'boolean')
    throw new InvalidParameterError('whiten', 'a boolean', options.whiten);
  let logScale = 0;
  let points = s;
  if (options.whiten) {
    ({ points, logScale } = whitened(s));
  } else assertFullDimensional(s);
  const d2 = kthNeighbourSquaredDistances(points, k);
  const d = s.dim;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < s.n; i++) {
    if (d2[i] === 0) {
      throw new NumericalError(
        `knnEntropy: sample ${i}`,
        `its ${k}-th nearest neighbour is at distance 0 (at least k+1 identical points); the estimate would be −∞. Remove duplicates or increase k`,
      );
    }
    const term = 0.5 * d * Math.log(d2[i]); // d·log ε_i
    sum += term;
    sumSq += term * term;
  }
  const mean = sum / s.n;
  const variance = Math.max(0, sumSq / s.n - mean * mean);
  return {
    entropy: digamma(s.n) - digamma(k) + logUnitBallVolume(d) + mean + logScale,
    estimator: 'knn',
    n: s.n,
    dim: d,
    stdError: Math.sqrt(variance / s.n),
    details: options.whiten ? { k, whiten: 1 } : { k },
  };
}

// Y = Λ^{−½}Vᵀ(X − m) and log|det(dX/dY)| = ½ Σ log λ_j (so h(X) = h(Y) + logScale).
function whitened(s: Samples): { points: Samples; logScale: number } {
  const { mean, covariance } = sampleMoments(s);
  const d = s.dim;
  const { values, vectors } = symmetricEigen64(covariance, 'sample covariance');
  if (s.n > d) assertNotDegenerate(values, d);
  if (!Array.from(values).every((v) => v > 0))
    throw new NumericalError('knnEntropy: samples', 'the sample covariance is singular; they cannot be whitened');
  let logScale = 0;
  for (let j = 0; j < d; j++) logScale += 0.5 * Math.log(values[j]);
  const data = new Float64Array(s.n * d);
  for (let i = 0; i < s.n; i++) {
    for (let j = 0; j < d; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += vectors[j][c] * (s.data[i * d + c] - mean[c]);
      data[i * d + j] = t / Math.sqrt(values[j]);
    }
  }
  return { points: { n: s.n, dim: d, data }, logScale };
}
