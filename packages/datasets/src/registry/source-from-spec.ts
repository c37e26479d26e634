// The single entry point from a JSON SPEC to a Source, used by the CLI's `--source SPEC`.
import { InvalidParameterError } from '@ratedistortion/core';
import { CifarPatchSource } from '../cifar/cifar-patches.js';
import { FsddSource } from '../fsdd/fsdd.js';
import type { Source } from '../source/source.js';
import { EmpiricalSource } from '../synthetic/empirical.js';
import { GaussianMixtureSource } from '../synthetic/gaussian-mixture.js';
import { GaussianSource } from '../synthetic/gaussian.js';
import { LaplaceSource } from '../synthetic/laplace.js';
import { GridDensitySource } from '../synthetic/grid-density.js';
import { NoisySource } from '../synthetic/noisy.js';
import { Sinc4MixtureSource } from '../synthetic/sinc4-mixture.js';
import { UniformSource } from '../synthetic/uniform.js';
import { specObject } from '../spec/fields.js';

const BUILDERS: Record<string, (spec: unknown) => Source> = {
  gaussian: (s) => GaussianSource.fromSpec(s),
  gmm: (s) => GaussianMixtureSource.fromSpec(s),
  laplace: (s) => LaplaceSource.fromSpec(s),
  uniform: (s) => UniformSource.fromSpec(s),
  'sinc4-mixture': (s) => Sinc4MixtureSource.fromSpec(s),
  samples: (s) => EmpiricalSource.fromSpec(s),
  'cifar10-patches': (s) => CifarPatchSource.fromSpec(s),
  fsdd: (s) => FsddSource.fromSpec(s),
  noisy: (s) => NoisySource.fromSpec(s, sourceFromSpec),
  'grid-density': (s) => GridDensitySource.fromSpec(s),
};

/**
 * The SPEC kinds `sourceFromSpec` accepts.
 *
 * @example
 * ```ts
 * import { SOURCE_KIND_NAMES } from '@ratedistortion/datasets';
 * console.log(SOURCE_KIND_NAMES.join(', '));
 * ```
 */
export const SOURCE_KIND_NAMES = Object.keys(BUILDERS) as readonly string[];

/**
 * Build a {@link Source} from a parsed JSON SPEC (see `SOURCE_KINDS` for every kind's fields). Bad specs throw
 * typed errors whose `parameter` names the field: `kind` (unknown kind), `weights` (not summing to 1),
 * `covariance` / `covariances[k]` (not symmetric positive definite), `means[k]` (wrong length), and unknown
 * fields by their name. Kinds that read files (`samples` with `file`, `cifar10-patches`, `fsdd`) need Node.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * const src = sourceFromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.2] });
 * console.log(src.dim, src.sample(3, new Random(0)).data, src.toSpec());
 * ```
 */
export function sourceFromSpec(spec: unknown): Source {
  const o = specObject(spec);
  const kind = o.kind;
  if (typeof kind !== 'string' || !(kind in BUILDERS)) {
    throw new InvalidParameterError('kind', `one of ${SOURCE_KIND_NAMES.join(', ')}`, kind);
  }
  return BUILDERS[kind](o);
}
