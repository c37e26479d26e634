// Test helper (not shipped): the N(0, σ² I) sample source the estimator tests train on. R(eps) = (d/2) log(σ²/eps)
// and D(eps) = d·eps/2 for eps < σ² (reverse water-filling; paper Eq. 78). With `moments`, it also gives its exact
// mean and covariance (what R2D2's input scaling and control variate use when a source has them).
import type { Random, SampleSource, Samples } from '@ratedistortion/core';

export interface GaussianTestSource extends SampleSource {
  mean?(): Float64Array;
  covariance?(): Float64Array[];
}

export function gaussianSource(variance = 1, dim = 1, options: { moments?: boolean } = {}): GaussianTestSource {
  const sd = Math.sqrt(variance);
  const sample = (n: number, rng: Random): Samples => ({
    n,
    dim,
    data: rng.fillNormal(new Float64Array(n * dim), 0, sd),
  });
  if (!options.moments) return { dim, sample };
  return {
    dim,
    sample,
    mean: () => new Float64Array(dim),
    covariance: () =>
      Array.from({ length: dim }, (_, i) => Float64Array.from({ length: dim }, (_, j) => (i === j ? variance : 0))),
  };
}
