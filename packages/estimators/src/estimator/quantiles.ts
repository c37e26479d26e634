// Medians and inter-quartile ranges of per-batch results (App. E.1 reports medians with 25–75% bars).
import { assertFiniteArray, assertInRange } from '@ratedistortion/core';

/**
 * The `q`-quantile of `values` with linear interpolation between order statistics (Hyndman–Fan type 7, the
 * default of numpy and R), so results can be checked against `numpy.quantile`.
 *
 * @example
 * ```ts
 * import { quantile } from '@ratedistortion/estimators';
 * console.log(quantile([1, 2, 3, 4], 0.25)); // 1.75
 * ```
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  assertFiniteArray('values', values);
  assertInRange('q', q, 0, 1);
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Median (the 0.5 quantile).
 *
 * @example
 * ```ts
 * import { median } from '@ratedistortion/estimators';
 * console.log(median([3, 1, 2])); // 2
 * ```
 */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * The 25% and 75% quantiles.
 *
 * @example
 * ```ts
 * import { interQuartileRange } from '@ratedistortion/estimators';
 * console.log(interQuartileRange([1, 2, 3, 4, 5])); // [2, 4]
 * ```
 */
export function interQuartileRange(values: ArrayLike<number>): [number, number] {
  return [quantile(values, 0.25), quantile(values, 0.75)];
}
