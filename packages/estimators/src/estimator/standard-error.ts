// The mean of independent per-batch read-outs and its standard error: every reported rate and distortion of the
// estimators carries one, so that a difference between two estimates (or from a reference) can be judged.
import { assertFiniteArray, InvalidParameterError } from '@ratedistortion/core';

/**
 * Mean of `values` (independent replicates of one estimate) and its standard error s/√B, with s the sample
 * standard deviation (divisor B − 1). With a single value the standard error is `NaN` (unknown, not zero).
 * A 95 % interval for the expectation is mean ± t(0.975, B − 1)·se (t = 2.36 for B = 8, 1.96 as B grows).
 *
 * @example
 * ```ts
 * import { meanAndStandardError } from '@ratedistortion/estimators';
 * console.log(meanAndStandardError([1, 2, 3, 4])); // { mean: 2.5, se: 0.6454972243679028 }
 * ```
 */
export function meanAndStandardError(values: ArrayLike<number>): { mean: number; se: number } {
  if (values == null || typeof values.length !== 'number' || values.length === 0) {
    throw new InvalidParameterError('values', 'a non-empty list of numbers', values);
  }
  assertFiniteArray('values', values);
  const b = values.length;
  let mean = 0;
  for (let i = 0; i < b; i++) mean += values[i];
  mean /= b;
  if (b < 2) return { mean, se: Number.NaN };
  let ss = 0;
  for (let i = 0; i < b; i++) ss += (values[i] - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (b - 1) / b) };
}
