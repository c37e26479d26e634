// z-scores of sample moments against exact ones: the check every sampler of the package is tested with.
import { DimensionMismatchError, type Samples } from '@ratedistortion/core';

/**
 * Largest |z| of the sample means and of the sample covariances, and where they occur.
 *
 * @example
 * ```ts
 * import type { MomentZScores } from '@ratedistortion/datasets';
 * const z: MomentZScores = { meanZ: 0.3, covarianceZ: 1.2, worstMean: 0, worstCovariance: [0, 1] };
 * ```
 */
export interface MomentZScores {
  meanZ: number;
  covarianceZ: number;
  worstMean: number;
  worstCovariance: [number, number];
}

/**
 * Standardised errors of the sample moments of `s` against the exact `mean` and `covariance`.
 *
 * Mean i: `z = (x̄ᵢ − μᵢ)/√(Σᵢᵢ/n)` (exact standard error). Covariance (a, b): the estimator
 * `ĉ = (1/n) Σ (x_a − μ_a)(x_b − μ_b)`, centred at the exact mean, is unbiased for Σ_ab, and its standard error
 * is `sd(products)/√n` with the sample standard deviation of the n products (needs finite fourth moments).
 * By the CLT each z is approximately N(0, 1), so `max |z| < 5` over a few hundred entries fails a correct
 * sampler with probability below 10⁻⁴ (per entry 5.7·10⁻⁷); with a fixed seed the outcome is deterministic.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { momentZScores, sourceFromSpec } from '@ratedistortion/datasets';
 * const g = sourceFromSpec({ kind: 'gaussian', variance: 2, dim: 3 });
 * const z = momentZScores(g.sample(10000, new Random(0)), g.mean(), g.covariance());
 * console.log(z.meanZ < 5 && z.covarianceZ < 5); // true
 * ```
 */
export function momentZScores(
  s: Samples,
  mean: ArrayLike<number>,
  covariance: ReadonlyArray<ArrayLike<number>>,
): MomentZScores {
  const { n, dim, data } = s;
  if (mean.length !== dim) throw new DimensionMismatchError('mean', dim, mean.length);
  if (covariance.length !== dim) throw new DimensionMismatchError('covariance', dim, covariance.length);
  let meanZ = 0;
  let worstMean = 0;
  for (let i = 0; i < dim; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) m += data[j * dim + i];
    m /= n;
    const z = Math.abs(m - mean[i]) / Math.sqrt(covariance[i][i] / n);
    if (z > meanZ) {
      meanZ = z;
      worstMean = i;
    }
  }
  let covarianceZ = 0;
  let worstCovariance: [number, number] = [0, 0];
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < n; j++) {
        const p = (data[j * dim + a] - mean[a]) * (data[j * dim + b] - mean[b]);
        s1 += p;
        s2 += p * p;
      }
      const c = s1 / n;
      const varP = (s2 - n * c * c) / (n - 1);
      const z = Math.abs(c - covariance[a][b]) / Math.sqrt(varP / n);
      if (z > covarianceZ) {
        covarianceZ = z;
        worstCovariance = [a, b];
      }
    }
  }
  return { meanZ, covarianceZ, worstMean, worstCovariance };
}
