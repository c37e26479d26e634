// The BHE solution for a Gaussian source: p_t = N(μ, Σ − eps·t·I) (paper Eq. 80), valid for eps below the
// smallest eigenvalue of Σ.
import { InvalidParameterError, type GaussianSpec } from '@ratedistortion/core';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';

function gaussianOnly(spec: GaussianSpec): GaussianMixture {
  if (spec == null || spec.kind !== 'gaussian')
    throw new InvalidParameterError('spec', "a GaussianSpec (kind 'gaussian')", spec);
  return GaussianMixture.fromSpec(spec);
}

/**
 * The largest eps (exclusive) for which the Gaussian BHE solution exists: the smallest covariance eigenvalue.
 *
 * @example
 * ```ts
 * import { gaussianBheValidityLimit } from '@ratedistortion/analytic';
 * console.log(gaussianBheValidityLimit({ kind: 'gaussian', covariance: [[2, 1], [1, 2]] })); // 1
 * ```
 */
export function gaussianBheValidityLimit(spec: GaussianSpec): number {
  return gaussianOnly(spec).bheValidityLimit;
}

/**
 * Mean and covariance `Σ − eps·t·I` of the BHE solution `p_t` for a Gaussian source. Throws
 * `ValidityRangeError` unless `0 < eps < smallest eigenvalue` and `t ∈ [0, 1]`.
 *
 * @example
 * ```ts
 * import { gaussianBheSolution } from '@ratedistortion/analytic';
 * const { covariance } = gaussianBheSolution({ kind: 'gaussian', variance: 1, dim: 2 }, 0.5, 1);
 * console.log(covariance); // [[0.5, 0], [0, 0.5]]
 * ```
 */
export function gaussianBheSolution(
  spec: GaussianSpec,
  eps: number,
  t: number,
): { mean: number[]; covariance: number[][] } {
  const g = gaussianOnly(spec);
  g.atTime(eps, t); // validates eps and t
  const c = g.components[0];
  return {
    mean: Array.from(c.mean),
    covariance: c.covariance.map((row, i) => Array.from(row, (v, j) => (i === j ? v - eps * t : v))),
  };
}
