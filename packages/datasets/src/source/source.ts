// The one interface every source of the package implements: what the estimators sample from, what the CLI
// prints, and what round-trips through a JSON SPEC.
import type { AnalyticSourceSpec, Random, Samples, tf } from '@ratedistortion/core';
import type { SourceSpec } from '../spec/specs.js';

/**
 * The differential entropy of a source in nats, and how it was obtained: `exact` (closed form),
 * `quadrature` (numerical integration; `errorEstimate` bounds the integration and truncation error) or
 * `monte-carlo` (`−E log p(X)` averaged over a fixed-seed sample; `stdError` is its standard error).
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * const h = sourceFromSpec({ kind: 'gaussian', variance: 1 }).entropy();
 * console.log(h.value, h.method); // 1.4189… 'exact'
 * ```
 */
export interface EntropyValue {
  /** Differential entropy in nats. */
  value: number;
  /** Standard error of a Monte Carlo value. */
  stdError?: number;
  /** Bound on the numerical error of a quadrature value. */
  errorEstimate?: number;
  method: 'exact' | 'quadrature' | 'monte-carlo';
}

/**
 * A complex number `re + i·im`.
 *
 * @example
 * ```ts
 * import type { Complex } from '@ratedistortion/datasets';
 * const one: Complex = { re: 1, im: 0 };
 * ```
 */
export interface Complex {
  re: number;
  im: number;
}

/**
 * A probability distribution on ℝ^dim that can be sampled, and whose moments, entropy, density and
 * characteristic function are given exactly where they exist.
 *
 * Conventions: `characteristicFunction(ω) = E[exp(i ωᵀX)]` (the probabilists' sign; the paper's `p̂(ω)`,
 * with `e^{−iωt}`, is its complex conjugate, identical for symmetric sources). `covariance()` is the
 * population covariance of the distribution, not a sample estimate.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * const source = sourceFromSpec({ kind: 'laplace', scale: [1, 2] });
 * const x = source.sample(1000, new Random(0)); // { n: 1000, dim: 2, data }
 * console.log(source.mean(), source.covariance(), source.entropy().value);
 * console.log(JSON.stringify(source.toSpec()));
 * ```
 */
export interface Source {
  /** The SPEC kind, e.g. `'gaussian'`. */
  readonly kind: string;
  readonly dim: number;
  /** `n` independent draws, row-major float64. */
  sample(n: number, rng: Random): Samples;
  /** The same draws as {@link Source.sample} (same rng ⇒ same numbers), as a row-major Float32Array. */
  sampleFloat32(n: number, rng: Random): Float32Array;
  /** The same draws as an `[n, dim]` float32 tensor; the caller disposes it. */
  sampleTensor(n: number, rng: Random): tf.Tensor2D;
  /** Log density at each row of `x` (present where the density is known). */
  logPdf?(x: Samples): Float64Array;
  /**
   * Differential entropy. Sources without a known density (data sets, empirical samples) throw an
   * `InvalidParameterError` instead; check {@link Source.hasEntropy} first.
   */
  entropy(): EntropyValue;
  /** Whether {@link Source.entropy} returns a value (false for data sets). */
  readonly hasEntropy: boolean;
  mean(): Float64Array;
  /** Population covariance matrix, one Float64Array per row. */
  covariance(): Float64Array[];
  /**
   * Whether E‖X‖⁴ is finite. False for a law whose tails keep the variance finite but not the fourth moment (the sinc⁴
   * mixture's x⁻⁴ tails): a batch mean of any quadratic statistic of its draws then has infinite variance, so
   * corrections built from second moments (R2D2's Gaussian control variate) add noise instead of removing it.
   */
  readonly hasFiniteFourthMoment: boolean;
  /** `E[exp(i ωᵀX)]`; `omega` has length `dim` (a single number is accepted for 1-D sources). */
  characteristicFunction?(omega: Float64Array | number): Complex;
  /** The JSON SPEC this source is rebuilt from by `sourceFromSpec`. */
  toSpec(): SourceSpec;
  /**
   * The same law in the one shape the analytic package reads (core's `AnalyticSourceSpec`), or `undefined` when it
   * has no analytic RD answer (samples, data sets). Every Gaussian form (variance, covariance, the rotated decay
   * family) comes back as an explicit mean and covariance; mixtures, sinc⁴ mixtures, Laplace and uniform sources as
   * their spec.
   */
  analyticSpec(): AnalyticSourceSpec | undefined;
}
