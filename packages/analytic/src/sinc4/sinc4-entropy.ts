// h(P0) of a sinc⁴ mixture: the law's own quadrature (core's Sinc4MixtureLaw.entropy), in the analytic package's
// result shape.
import type { Sinc4MixtureLaw } from '@ratedistortion/core';

/**
 * Differential entropy (nats) of a sinc⁴ mixture by panelled adaptive quadrature plus a far-tail correction
 * (see `Sinc4MixtureLaw.entropy` in core), with its error estimate.
 *
 * @example
 * ```ts
 * import { Sinc4Mixture, sinc4Entropy } from '@ratedistortion/analytic';
 * console.log(sinc4Entropy(Sinc4Mixture.paperExample()).entropy);
 * ```
 */
export function sinc4Entropy(source: Sinc4MixtureLaw): { entropy: number; error: number } {
  const h = source.entropy();
  return { entropy: h.value, error: h.error ?? 0 };
}
