// The source of the speed benchmarks: N(0, I_d) as a source spec (the peer's setting).

/** N(0, 1) for d = 1, else N(0, I_d) with an explicit mean and covariance. */
export function standardGaussianSpec(d: number): Record<string, unknown> {
  if (d === 1) return { kind: 'gaussian', variance: 1 };
  return {
    kind: 'gaussian',
    mean: Array(d).fill(0),
    covariance: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))),
  };
}
