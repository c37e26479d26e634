// The bridge from a Source to the analytic package: which sources have closed-form, BHE or Blahut–Arimoto
// answers (Laplace and uniform: BA coordinate by coordinate), and in which canonical spec. Gaussian specs are expanded to an explicit mean and covariance so that every Gaussian
// form the datasets package accepts (variance, covariance, the rotated decay family) reaches the analytic
// package in the one shape it reads.
import type { AnalyticSourceSpec } from '@ratedistortion/core';
import type { Source } from '../source/index.js';

/**
 * The analytic spec of a source, or `undefined` when no analytic answer exists for its kind.
 *
 * @example
 * ```ts
 * import { sourceFromSpec, toAnalyticSpec } from '@ratedistortion/datasets';
 * const spec = toAnalyticSpec(sourceFromSpec({ kind: 'gaussian', dim: 3, decay: 0.25, rotationSeed: 0 }));
 * console.log(spec?.kind); // 'gaussian' (with an explicit covariance)
 * ```
 */
export function toAnalyticSpec(source: Source): AnalyticSourceSpec | undefined {
  const spec = source.toSpec() as unknown as { kind: string } & Record<string, unknown>;
  switch (spec.kind) {
    case 'gaussian':
      return {
        kind: 'gaussian',
        mean: Array.from(source.mean()),
        covariance: source.covariance().map((row) => Array.from(row)),
      };
    case 'gmm':
    case 'sinc4-mixture':
    case 'laplace':
    case 'uniform':
      return spec as unknown as AnalyticSourceSpec;
    default:
      return undefined;
  }
}
