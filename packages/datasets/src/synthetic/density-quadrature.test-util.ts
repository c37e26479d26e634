// Test helper: integrals of a source's own log density by fixed-panel Gauss–Kronrod, the independent reference
// the synthetic sources' tests check normalisation, entropy and characteristic functions against.
import { gaussKronrod, type Samples } from '@ratedistortion/core';

/** A source with a log density. */
export interface WithLogPdf {
  logPdf(x: Samples): Float64Array;
}

/**
 * `∫ f(log p(x), x) dx` over `edges[0] .. edges[last]` of a 1-D source, `panels` Gauss–Kronrod panels between each
 * pair of consecutive edges (put an edge at every kink of the density, so each panel's integrand is smooth).
 */
export function integrateLogPdf1d(
  source: WithLogPdf,
  f: (lp: number, x: number) => number,
  edges: readonly number[],
  panels: number,
): number {
  const x = { n: 1, dim: 1, data: new Float64Array(1) };
  const g = (t: number) => {
    x.data[0] = t;
    return f(source.logPdf(x)[0], t);
  };
  let sum = 0;
  for (let i = 0; i + 1 < edges.length; i++) sum += gaussKronrod(g, edges[i], edges[i + 1], panels).value;
  return sum;
}

/** `∫∫ f(log p(a, b)) da db` over the square `[lo, hi]²` of a 2-D source: tensor-product Gauss–Kronrod. */
export function integrateLogPdf2d(
  source: WithLogPdf,
  f: (lp: number) => number,
  lo: number,
  hi: number,
  panels: number,
): number {
  const x = { n: 1, dim: 2, data: new Float64Array(2) };
  const inner = (a: number) =>
    gaussKronrod(
      (b) => {
        x.data[0] = a;
        x.data[1] = b;
        return f(source.logPdf(x)[0]);
      },
      lo,
      hi,
      panels,
    ).value;
  return gaussKronrod(inner, lo, hi, panels).value;
}

/** `E[e^{iωX}]` of a 1-D source by {@link integrateLogPdf1d}: `∫ p(x) cos ωx dx` and `∫ p(x) sin ωx dx`. */
export function quadratureCf1d(
  source: WithLogPdf,
  omega: number,
  edges: readonly number[],
  panels: number,
): { re: number; im: number } {
  return {
    re: integrateLogPdf1d(source, (lp, t) => Math.exp(lp) * Math.cos(omega * t), edges, panels),
    im: integrateLogPdf1d(source, (lp, t) => Math.exp(lp) * Math.sin(omega * t), edges, panels),
  };
}
