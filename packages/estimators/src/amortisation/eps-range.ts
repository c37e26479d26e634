// One controller is trained for a whole interval of eps (Alg. 1, line 3). These helpers validate the interval,
// draw eps per batch, and map eps to the network's input feature.
import { InvalidParameterError, assertPositive, type Random } from '@ratedistortion/core';

/**
 * How eps is drawn per training batch: `'uniform'` on [epsMin, epsMax] as in Alg. 1, or `'log-uniform'`
 * (uniform in log eps), which spends more batches at small eps when the range spans decades.
 *
 * @example
 * ```ts
 * import type { EpsSampling } from '@ratedistortion/estimators';
 * const s: EpsSampling = 'log-uniform';
 * ```
 */
export type EpsSampling = 'uniform' | 'log-uniform';

/**
 * A validated eps interval with its sampling law.
 *
 * @example
 * ```ts
 * import type { EpsRange } from '@ratedistortion/estimators';
 * const r: EpsRange = { epsMin: 0.025, epsMax: 0.975, sampling: 'uniform' };
 * ```
 */
export interface EpsRange {
  readonly epsMin: number;
  readonly epsMax: number;
  readonly sampling: EpsSampling;
}

/**
 * Check `0 < epsMin < epsMax` (finite) and the sampling name; throws {@link InvalidParameterError} otherwise.
 *
 * @example
 * ```ts
 * import { epsRange } from '@ratedistortion/estimators';
 * const r = epsRange(4e-4, 1.64e-2, 'log-uniform');
 * ```
 */
export function epsRange(epsMin: number, epsMax: number, sampling: EpsSampling = 'uniform'): EpsRange {
  assertPositive('epsMin', epsMin);
  assertPositive('epsMax', epsMax);
  if (!(epsMin < epsMax)) throw new InvalidParameterError('epsMin', `a number < epsMax = ${epsMax}`, epsMin);
  if (sampling !== 'uniform' && sampling !== 'log-uniform') {
    throw new InvalidParameterError('epsSampling', "'uniform' or 'log-uniform'", sampling);
  }
  return { epsMin, epsMax, sampling };
}

/**
 * Draw one eps from the range with `rng`.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { epsRange, sampleEps } from '@ratedistortion/estimators';
 * const eps = sampleEps(epsRange(0.1, 1), new Random(3));
 * ```
 */
export function sampleEps(range: EpsRange, rng: Random): number {
  const u = rng.uniform();
  if (range.sampling === 'uniform') return range.epsMin + u * (range.epsMax - range.epsMin);
  return range.epsMin * Math.exp(u * Math.log(range.epsMax / range.epsMin));
}

/**
 * The controller's eps input: log eps mapped affinely onto [−1, 1] over the range. Log scale because the
 * optimal drift varies with eps multiplicatively (u* = eps·score), and the ranges of App. E.2 span up to
 * 40× (4e-4 … 1.64e-2), where a linear feature would squeeze the small eps together.
 *
 * @example
 * ```ts
 * import { epsFeature, epsRange } from '@ratedistortion/estimators';
 * console.log(epsFeature(epsRange(0.01, 1), 0.1)); // 0
 * ```
 */
export function epsFeature(range: EpsRange, eps: number): number {
  const a = Math.log(range.epsMin);
  const b = Math.log(range.epsMax);
  return (2 * (Math.log(eps) - a)) / (b - a) - 1;
}

/**
 * Whether eps lies in the trained range (a relative slack of 1e-12 absorbs round-off in user-built lists).
 *
 * @example
 * ```ts
 * import { epsInRange, epsRange } from '@ratedistortion/estimators';
 * console.log(epsInRange(epsRange(0.1, 1), 1)); // true
 * ```
 */
export function epsInRange(range: EpsRange, eps: number): boolean {
  return eps >= range.epsMin * (1 - 1e-12) && eps <= range.epsMax * (1 + 1e-12);
}
