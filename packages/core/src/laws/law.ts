// What every probability law of core offers: the shared description of a source's distribution that datasets
// samples from and analytic computes rate–distortion answers for.
import type { Random } from '../random/random.js';

/**
 * A complex number (characteristic-function value).
 *
 * @example
 * ```ts
 * import type { ComplexValue } from '@ratedistortion/core';
 * const z: ComplexValue = { re: 1, im: 0 };
 * ```
 */
export interface ComplexValue {
  re: number;
  im: number;
}

/**
 * A differential entropy in nats with how it was obtained: `exact` (closed form), `quadrature` (`error` is the
 * integration error estimate) or `monte-carlo` (`stdError` is the standard error of `n` draws).
 *
 * @example
 * ```ts
 * import type { LawEntropy } from '@ratedistortion/core';
 * const h: LawEntropy = { value: 1.4189385332046727, method: 'exact' };
 * ```
 */
export interface LawEntropy {
  value: number;
  method: 'exact' | 'quadrature' | 'monte-carlo';
  /** Quadrature error estimate (quadrature only). */
  error?: number;
  /** Monte Carlo standard error (Monte Carlo only). */
  stdError?: number;
  /** Monte Carlo sample size (Monte Carlo only). */
  n?: number;
}

/**
 * A probability law on ℝ^dim with a known density.
 *
 * @example
 * ```ts
 * import { LaplaceLaw, Random, type Law } from '@ratedistortion/core';
 * const law: Law = new LaplaceLaw([0], [1]);
 * const x = new Float64Array(3);
 * law.fill(3, new Random(0), x);
 * console.log(law.logDensityAt([0]), law.entropy().value); // −log 2, 1 + log 2
 * ```
 */
export interface Law {
  readonly dim: number;
  /** Log density at the point `x[offset .. offset+dim)` (−∞ outside the support). */
  logDensityAt(x: ArrayLike<number>, offset?: number): number;
  /** Writes `n` independent draws, row-major, into `out[0 .. n·dim)`. */
  fill(n: number, rng: Random, out: Float64Array): void;
  mean(): Float64Array;
  /** Covariance matrix, one row per array. */
  covariance(): Float64Array[];
  /** Differential entropy in nats. */
  entropy(): LawEntropy;
  /** `E[exp(i ωᵀX)]` for `omega` of length dim. */
  characteristicFunction(omega: ArrayLike<number>): ComplexValue;
}
