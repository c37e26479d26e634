// The law of an analytic source spec: the one place a spec kind is mapped to the class that describes it.
import { InvalidParameterError } from '../errors/errors.js';
import type { AnalyticSourceSpec } from '../spec/spec.js';
import { GaussianMixtureLaw } from './gaussian-mixture-law.js';
import { GridDensityLaw } from './grid-density-law.js';
import { LaplaceLaw } from './laplace-law.js';
import type { Law } from './law.js';
import { Sinc4MixtureLaw } from './sinc4-mixture-law.js';
import { UniformLaw } from './uniform-law.js';

/**
 * The law of an {@link AnalyticSourceSpec}: {@link GaussianMixtureLaw} (Gaussian and Gaussian mixture specs),
 * {@link Sinc4MixtureLaw}, {@link LaplaceLaw}, {@link UniformLaw} or {@link GridDensityLaw}. Throws
 * `InvalidParameterError` for a spec that is not an object, an unknown kind, or invalid fields (named by the law).
 *
 * @example
 * ```ts
 * import { lawFromSpec } from '@ratedistortion/core';
 * const law = lawFromSpec({ kind: 'uniform', low: 0, high: 2 });
 * console.log(law.dim, law.covariance()[0][0], law.entropy().value); // 1, 1/3, log 2
 * ```
 */
export function lawFromSpec(spec: AnalyticSourceSpec): Law {
  if (spec == null || typeof spec !== 'object')
    throw new InvalidParameterError('source', 'an analytic source spec', spec);
  switch (spec.kind) {
    case 'gaussian':
    case 'gmm':
      return GaussianMixtureLaw.fromSpec(spec);
    case 'sinc4-mixture':
      return Sinc4MixtureLaw.fromSpec(spec);
    case 'laplace':
      return LaplaceLaw.fromSpec(spec);
    case 'uniform':
      return UniformLaw.fromSpec(spec);
    case 'grid-density':
      return new GridDensityLaw(spec);
    default:
      throw new InvalidParameterError(
        'source.kind',
        "'gaussian', 'gmm', 'sinc4-mixture', 'laplace', 'uniform' or 'grid-density'",
        (spec as { kind: unknown }).kind,
      );
  }
}
