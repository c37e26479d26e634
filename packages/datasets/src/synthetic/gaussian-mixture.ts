// Gaussian mixture source (core's GaussianMixtureSpec): the paper's main non-Gaussian example (§5.1, App. D.2).
import {
  DimensionMismatchError,
  GAUSSIAN_MIXTURE_ENTROPY_MC,
  GaussianMixtureLaw,
  InvalidParameterError,
  assertProbabilityVector,
  type GaussianMixtureSpec,
} from '@ratedistortion/core';
import { LawSource } from '../source/law-source.js';
import { readMatrix, readNumber, readVector, rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * Sample size and seed of the Monte Carlo entropy (dim ≥ 3): core's {@link GAUSSIAN_MIXTURE_ENTROPY_MC}.
 *
 * @example
 * ```ts
 * import { GMM_ENTROPY_MC } from '@ratedistortion/datasets';
 * console.log(GMM_ENTROPY_MC.n);
 * ```
 */
export const GMM_ENTROPY_MC = GAUSSIAN_MIXTURE_ENTROPY_MC;

/**
 * One component of a mixture: weight, mean and covariance.
 *
 * @example
 * ```ts
 * import type { MixtureComponent } from '@ratedistortion/datasets';
 * const c: MixtureComponent = { weight: 1, mean: Float64Array.of(0), covariance: [Float64Array.of(1)] };
 * ```
 */
export interface MixtureComponent {
  weight: number;
  mean: Float64Array;
  covariance: Float64Array[];
}

/**
 * `Σ_k w_k N(μ_k, Σ_k)` on ℝ^dim.
 *
 * Core's {@link GaussianMixtureLaw} does the work: draws (a component by weight, then `μₖ + Lₖz`), the density, and
 * the entropy — adaptive quadrature of `−p log p` in 1-D and 2-D, Monte Carlo `−mean log p(X)` over
 * {@link GMM_ENTROPY_MC} draws with a fixed seed (with its standard error) in higher dimensions.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { GaussianMixtureSource } from '@ratedistortion/datasets';
 * const g = GaussianMixtureSource.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] });
 * console.log(g.entropy(), g.sample(3, new Random(0)).data);
 * ```
 */
export class GaussianMixtureSource extends LawSource<GaussianMixtureLaw, GaussianMixtureSpec> {
  readonly kind = 'gmm';

  constructor(components: MixtureComponent[], spec?: GaussianMixtureSpec) {
    if (!Array.isArray(components) || components.length === 0) {
      throw new InvalidParameterError('components', 'a non-empty list of mixture components', components);
    }
    const weights = components.map((c) => c.weight);
    assertProbabilityVector('weights', weights);
    const dim = components[0].mean.length;
    components.forEach((c, k) => {
      if (c.mean.length !== dim) throw new DimensionMismatchError(`means[${k}]`, dim, c.mean.length);
      if (c.covariance.length !== dim)
        throw new DimensionMismatchError(`covariances[${k}]`, `${dim}×${dim}`, `${c.covariance.length} rows`);
    });
    const full: GaussianMixtureSpec = {
      kind: 'gmm',
      weights,
      means: components.map((c) => Array.from(c.mean)),
      covariances: components.map((c) => c.covariance.map((r) => Array.from(r))),
    };
    super(GaussianMixtureLaw.fromSpec(full), spec ?? full);
  }

  /**
   * Build from core's {@link GaussianMixtureSpec}: `weights` (summing to 1), `means` (numbers for 1-D, vectors
   * otherwise), and exactly one of `variances` (isotropic per component) or `covariances`.
   *
   * @example
   * ```ts
   * import { GaussianMixtureSource } from '@ratedistortion/datasets';
   * const g = GaussianMixtureSource.fromSpec({
   *   kind: 'gmm', weights: [0.3, 0.7], means: [[0, 0], [1, 1]], covariances: [[[1, 0], [0, 1]], [[0.5, 0.1], [0.1, 0.5]]],
   * });
   * ```
   */
  static fromSpec(input: unknown): GaussianMixtureSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'weights', 'means', 'variances', 'covariances']);
    const weights = readVector('weights', spec.weights);
    assertProbabilityVector('weights', weights);
    const K = weights.length;
    if (!Array.isArray(spec.means))
      throw new InvalidParameterError('means', 'an array of numbers (1-D) or of vectors', spec.means);
    if (spec.means.length !== K)
      throw new DimensionMismatchError('means', `${K} components (the length of weights)`, spec.means.length);
    const oneD = spec.means.every((m) => typeof m === 'number');
    const means = oneD
      ? (spec.means as unknown[]).map((m, k) => Float64Array.of(readNumber(`means[${k}]`, m)))
      : (spec.means as unknown[]).map((m, k) => readVector(`means[${k}]`, m));
    const dim = means[0].length;
    means.forEach((m, k) => {
      if (m.length !== dim) throw new DimensionMismatchError(`means[${k}]`, dim, m.length);
    });
    const hasVar = spec.variances !== undefined;
    const hasCov = spec.covariances !== undefined;
    if (hasVar === hasCov) {
      throw new InvalidParameterError(
        'variances',
        'exactly one of variances, covariances',
        hasVar ? 'both' : undefined,
      );
    }
    let covs: Float64Array[][];
    if (hasVar) {
      const v = readVector('variances', spec.variances, undefined, { positive: true });
      if (v.length !== K) throw new DimensionMismatchError('variances', `${K} components`, v.length);
      covs = Array.from(v, (vk) =>
        Array.from({ length: dim }, (_, i) => {
          const r = new Float64Array(dim);
          r[i] = vk;
          return r;
        }),
      );
    } else {
      if (!Array.isArray(spec.covariances))
        throw new InvalidParameterError('covariances', 'an array of matrices', spec.covariances);
      if (spec.covariances.length !== K)
        throw new DimensionMismatchError('covariances', `${K} components`, spec.covariances.length);
      covs = spec.covariances.map((c, k) => readMatrix(`covariances[${k}]`, c, dim));
    }
    const components = means.map((mean, k) => ({ weight: weights[k], mean, covariance: covs[k] }));
    return new GaussianMixtureSource(components, JSON.parse(JSON.stringify(spec)) as GaussianMixtureSpec);
  }

  /** The components (copies). */
  components(): MixtureComponent[] {
    return this.law.components.map((c) => ({
      weight: c.weight,
      mean: Float64Array.from(c.mean),
      covariance: c.covariance.map((r) => Float64Array.from(r)),
    }));
  }
}
