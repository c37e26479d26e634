// Test helpers (not shipped) for the stratified draws (latinHypercubeNormal, StratifiedBrownianIncrements): which
// equal-probability slices of N(0, 1) a sample hits, and the mean of replicate statistics with its standard error.
import { normalQuantile } from './normal-quantile.js';

/**
 * The number of distinct slices among the n equal-probability slices of N(0, 1) (edges Φ⁻¹(k/n)) that the values
 * `xs(i)`, i < n, fall in: n exactly when every slice holds one value.
 */
export function normalSlicesHit(n: number, xs: (i: number) => number): number {
  const edges = Float64Array.from({ length: n - 1 }, (_, k) => normalQuantile((k + 1) / n));
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    // Binary search: the slice index is the number of edges below x.
    const x = xs(i);
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    seen.add(lo);
  }
  return seen.size;
}

/** Mean of independent replicates and its standard error sd/√count (sd with divisor count − 1). */
export function meanAndSe(xs: number[]): { m: number; se: number } {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return { m, se: Math.sqrt(v / xs.length) };
}
