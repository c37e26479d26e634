// Differential entropy h(P) = −∫ p log p of a Gaussian mixture, in the analytic package's result shape; the
// computation (quadrature in 1-D and 2-D, Monte Carlo above) is core's GaussianMixtureLaw.entropy.
import {
  GaussianMixtureLaw,
  type GaussianMixtureSpec,
  type GaussianSpec,
  type MixtureEntropyOptions,
} from '@ratedistortion/core';

export type { MixtureEntropyOptions } from '@ratedistortion/core';

/**
 * A differential entropy in nats with its accuracy: `error` is the quadrature error estimate, or
 * `stdError` the Monte Carlo standard error.
 *
 * @example
 * ```ts
 * import { mixtureEntropy, type MixtureEntropy } from '@ratedistortion/analytic';
 * const h: MixtureEntropy = mixtureEntropy({ kind: 'gaussian', variance: 1 });
 * ```
 */
export interface MixtureEntropy {
  entropy: number;
  method: 'quadrature' | 'monte-carlo';
  /** Quadrature error estimate (quadrature only). */
  error?: number;
  /** Monte Carlo standard error (Monte Carlo only). */
  stdError?: number;
  /** Monte Carlo sample size. */
  n?: number;
}

/**
 * Differential entropy of a Gaussian mixture (or of its shifted form, e.g. the reconstruction law P1).
 *
 * @example
 * ```ts
 * import { mixtureEntropy } from '@ratedistortion/analytic';
 * const h = mixtureEntropy({ kind: 'gaussian', variance: 1 });
 * console.log(h.entropy, 0.5 * Math.log(2 * Math.PI * Math.E)); // equal to ~1e-12
 * const gmm = { kind: 'gmm' as const, weights: [0.5, 0.5], means: [-2, 2], variances: [1, 1] };
 * const mc = mixtureEntropy(gmm, { method: 'monte-carlo', samples: 20000, rng: 1 });
 * console.log(mc.entropy, mc.stdError, mixtureEntropy(gmm).entropy); // agree within a few standard errors
 * ```
 */
export function mixtureEntropy(
  source: GaussianMixtureLaw | GaussianSpec | GaussianMixtureSpec,
  opts: MixtureEntropyOptions = {},
): MixtureEntropy {
  const g = source instanceof GaussianMixtureLaw ? source : GaussianMixtureLaw.fromSpec(source);
  const h = g.entropy(opts);
  const out: MixtureEntropy = { entropy: h.value, method: h.method === 'monte-carlo' ? 'monte-carlo' : 'quadrature' };
  if (h.error !== undefined) out.error = h.error;
  if (h.stdError !== undefined) out.stdError = h.stdError;
  if (h.n !== undefined) out.n = h.n;
  return out;
}
