// Exact RD points of a Gaussian mixture inside the BHE validity range. There P0 = P1 * N(0, eps·I) with
// P1 = Σ wᵢ N(μᵢ, Σᵢ − eps·I) a genuine density, so the test channel X = X̂ + N, N ~ N(0, eps·I) ⟂ X̂ attains
// the Shannon lower bound: R = h(P0) − (d/2)·log(2πe·eps), D = d·eps/2.
import type { GaussianMixtureSpec, GaussianSpec } from '@ratedistortion/core';
import { shannonLowerBoundAtEps } from '../bounds/shannon-lower-bound.js';
import { GaussianMixture } from './gaussian-mixture.js';
import { mixtureEntropy, type MixtureEntropy, type MixtureEntropyOptions } from './mixture-entropy.js';

/**
 * An exact RD point of a Gaussian mixture (rate in nats, D = ½E‖X−X̂‖²) with the entropy it rests on.
 *
 * @example
 * ```ts
 * import { mixtureRateDistortion, type MixtureRdPoint } from '@ratedistortion/analytic';
 * const p: MixtureRdPoint = mixtureRateDistortion({ kind: 'gaussian', variance: 1 }, 0.25);
 * ```
 */
export interface MixtureRdPoint {
  eps: number;
  rate: number;
  distortion: number;
  /** h(P0) used for the rate, with its quadrature error or Monte Carlo standard error. */
  entropy: MixtureEntropy;
}

/**
 * `R` and `D` of a Gaussian mixture at slope −1/eps, exact inside the BHE validity range
 * (`0 < eps < smallest covariance eigenvalue`); throws `ValidityRangeError` outside it (use
 * Blahut–Arimoto there). In dimension > 2 the entropy, hence the rate, carries a Monte Carlo standard error.
 *
 * @example
 * ```ts
 * import { mixtureRateDistortion } from '@ratedistortion/analytic';
 * const p = mixtureRateDistortion({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] }, 0.01);
 * console.log(p.rate, p.distortion); // ≈ 1.3507 nats (h(P0) ≈ 0.4670 minus ½ log(2πe·0.01)), 0.005
 * ```
 */
export function mixtureRateDistortion(
  source: GaussianMixture | GaussianSpec | GaussianMixtureSpec,
  eps: number,
  opts: MixtureEntropyOptions = {},
): MixtureRdPoint {
  const g = source instanceof GaussianMixture ? source : GaussianMixture.fromSpec(source);
  g.assertBheEps(eps);
  const entropy = mixtureEntropy(g, opts);
  const p = shannonLowerBoundAtEps(entropy.entropy, eps, g.dim);
  return { eps, rate: p.rate, distortion: p.distortion, entropy };
}
