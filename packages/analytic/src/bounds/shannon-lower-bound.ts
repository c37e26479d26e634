// Shannon lower bound for squared error in the library's convention. With D = ½E‖X−X̂‖² the per-dimension
// MSE is 2D/d, so R_SLB(D) = h(P0) − (d/2)·log(2πe·2D/d) = h(P0) − (d/2)·log(4πe·D/d). At slope −1/eps the
// bound is attained (when P0 = P1 * N(0, eps·I)) at D = d·eps/2, where it reads h − (d/2)·log(2πe·eps).
import { assertFinite, assertInteger, assertPositive } from '@ratedistortion/core';

/**
 * `R_SLB(D) = h − (d/2)·log(4πe·D/d)` in nats, for a source of differential entropy `entropy` (nats) in
 * dimension `dim`. May be negative at large D (the bound is then vacuous: R ≥ 0).
 *
 * @example
 * ```ts
 * import { shannonLowerBound } from '@ratedistortion/analytic';
 * // Tight for a Gaussian: h(N(0,1)) − ½log(4πe·D) = ½log(1/(2D)).
 * const h = 0.5 * Math.log(2 * Math.PI * Math.E);
 * console.log(shannonLowerBound(h, 0.125, 1), 0.5 * Math.log(4)); // 0.6931... 0.6931...
 * ```
 */
export function shannonLowerBound(entropy: number, distortion: number, dim = 1): number {
  assertFinite('entropy', entropy);
  assertPositive('distortion', distortion);
  assertInteger('dim', dim, 1);
  return entropy - 0.5 * dim * Math.log((4 * Math.PI * Math.E * distortion) / dim);
}

/**
 * The SLB point at slope −1/eps: `{ distortion: d·eps/2, rate: h − (d/2)·log(2πe·eps) }`.
 *
 * @example
 * ```ts
 * import { shannonLowerBoundAtEps } from '@ratedistortion/analytic';
 * console.log(shannonLowerBoundAtEps(1.4189385332046727, 0.5, 1)); // { eps: 0.5, distortion: 0.25, rate: 0.3465... }
 * ```
 */
export function shannonLowerBoundAtEps(
  entropy: number,
  eps: number,
  dim = 1,
): { eps: number; rate: number; distortion: number } {
  assertFinite('entropy', entropy);
  assertPositive('eps', eps);
  assertInteger('dim', dim, 1);
  return { eps, distortion: (dim * eps) / 2, rate: entropy - 0.5 * dim * Math.log(2 * Math.PI * Math.E * eps) };
}
