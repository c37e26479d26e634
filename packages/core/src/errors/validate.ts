// Small guards used at every public entry point. They throw the typed errors of ./errors.ts and
// never clamp or coerce: a bad value is reported, not repaired.
import { InvalidParameterError, NonFiniteValueError } from './errors.js';

/**
 * Require a finite number strictly greater than zero.
 *
 * @example
 * ```ts
 * import { assertPositive } from '@ratedistortion/core';
 * assertPositive('eps', 0.1); // ok
 * ```
 */
export function assertPositive(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidParameterError(name, 'a finite number > 0', value);
  }
}

/**
 * Require a finite number.
 *
 * @example
 * ```ts
 * import { assertFinite } from '@ratedistortion/core';
 * assertFinite('mean', 0);
 * ```
 */
export function assertFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidParameterError(name, 'a finite number', value);
}

/**
 * Require a finite number in `[min, max]` (bounds inclusive unless `open` says otherwise).
 *
 * @example
 * ```ts
 * import { assertInRange } from '@ratedistortion/core';
 * assertInRange('t', 0.5, 0, 1);
 * ```
 */
export function assertInRange(
  name: string,
  value: number,
  min: number,
  max: number,
  open: { min?: boolean; max?: boolean } = {},
): void {
  const lo = open.min ? '(' : '[';
  const hi = open.max ? ')' : ']';
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) throw new InvalidParameterError(name, `a number in ${lo}${min}, ${max}${hi}`, value);
}

/**
 * Require an integer in `[min, max]`.
 *
 * @example
 * ```ts
 * import { assertInteger } from '@ratedistortion/core';
 * assertInteger('k', 3, 1, 99);
 * ```
 */
export function assertInteger(name: string, value: number, min = -Infinity, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new InvalidParameterError(name, `an integer ${range}`, value);
  }
}

/**
 * Require a non-empty array of finite numbers; returns nothing, throws {@link NonFiniteValueError} naming
 * the first bad index.
 *
 * @example
 * ```ts
 * import { assertFiniteArray } from '@ratedistortion/core';
 * assertFiniteArray('samples', new Float64Array([1, 2, 3]));
 * ```
 */
export function assertFiniteArray(name: string, values: ArrayLike<number>): void {
  if (values == null || typeof values.length !== 'number')
    throw new InvalidParameterError(name, 'an array of numbers', values);
  if (values.length === 0) throw new InvalidParameterError(name, 'a non-empty array', values, 'empty sample');
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new NonFiniteValueError(name, i, v);
  }
}

/**
 * Require non-negative finite weights that sum to 1 within `tol`. Never renormalises.
 *
 * @example
 * ```ts
 * import { assertProbabilityVector } from '@ratedistortion/core';
 * assertProbabilityVector('weights', [0.25, 0.75]);
 * ```
 */
export function assertProbabilityVector(name: string, weights: ArrayLike<number>, tol = 1e-9): void {
  assertFiniteArray(name, weights);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] < 0) throw new InvalidParameterError(`${name}[${i}]`, 'a weight >= 0', weights[i]);
    sum += weights[i];
  }
  if (Math.abs(sum - 1) > tol) {
    throw new InvalidParameterError(
      name,
      `weights summing to 1 (tolerance ${tol})`,
      Array.from(weights),
      `they sum to ${sum}`,
    );
  }
}
