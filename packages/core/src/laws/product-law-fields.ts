// Validation shared by the product laws (Laplace, uniform): a parameter given as a number (broadcast to `dim`) or
// a vector, all vectors of one length.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';

/**
 * The common dimension of box-like `fields` (each a number, broadcast, or a vector): the vectors' common length,
 * else `dim` (an integer ≥ 1, default 1). Throws `DimensionMismatchError` naming the field when vectors disagree
 * with each other or with `dim`, `InvalidParameterError` for a field that is neither a number nor an array.
 *
 * @example
 * ```ts
 * import { productDim } from '@ratedistortion/core';
 * console.log(productDim({ low: [0, 0], high: 1 }, undefined)); // 2
 * console.log(productDim({ scale: 1 }, 3)); // 3
 * ```
 */
export function productDim(fields: Record<string, unknown>, dim: unknown): number {
  let d: number | undefined;
  let from = 'dim';
  if (dim !== undefined) {
    assertInteger('dim', dim as number, 1);
    d = dim as number;
  }
  for (const [name, v] of Object.entries(fields)) {
    if (Array.isArray(v)) {
      if (d !== undefined && v.length !== d) throw new DimensionMismatchError(name, `${d} (as ${from})`, v.length);
      d = v.length;
      from = name;
    } else if (v !== undefined && typeof v !== 'number') {
      throw new InvalidParameterError(name, 'a number or an array of numbers', v);
    }
  }
  return d ?? 1;
}

/** `value` as a Float64Array of length `dim` (a number is broadcast), finite and optionally positive. */
export function productVector(name: string, value: unknown, dim: number, positive = false): Float64Array {
  const arr =
    typeof value === 'number'
      ? new Float64Array(dim).fill(value)
      : Array.isArray(value) || ArrayBuffer.isView(value)
        ? Float64Array.from(value as ArrayLike<number>)
        : undefined;
  if (arr === undefined) throw new InvalidParameterError(name, 'a number or an array of numbers', value);
  if (arr.length !== dim) throw new DimensionMismatchError(name, dim, arr.length);
  for (let i = 0; i < dim; i++) {
    const v = arr[i];
    const where = dim === 1 && typeof value === 'number' ? name : `${name}[${i}]`;
    if (!Number.isFinite(v) || (positive && !(v > 0)))
      throw new InvalidParameterError(where, positive ? 'a finite number > 0' : 'a finite number', v);
  }
  return arr;
}
