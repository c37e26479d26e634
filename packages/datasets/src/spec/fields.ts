// Readers of SPEC fields: each validates one field of parsed JSON and throws a typed error naming it
// (`means[2]`, `covariance`...), so a CLI user sees which part of the SPEC to fix.
import { DimensionMismatchError, InvalidParameterError } from '@ratedistortion/core';

/**
 * Require a plain object (parsed JSON) and return it as a record.
 *
 * @example
 * ```ts
 * import { specObject } from '@ratedistortion/datasets';
 * const o = specObject({ kind: 'gaussian' });
 * ```
 */
export function specObject(spec: unknown, name = 'spec'): Record<string, unknown> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InvalidParameterError(name, 'a JSON object with a "kind" field', spec);
  }
  return spec as Record<string, unknown>;
}

/**
 * Reject fields a kind does not know (a misspelt field would otherwise be ignored silently).
 *
 * @example
 * ```ts
 * import { rejectUnknownFields } from '@ratedistortion/datasets';
 * rejectUnknownFields({ kind: 'uniform', low: 0, high: 1 }, ['kind', 'low', 'high', 'dim']);
 * ```
 */
export function rejectUnknownFields(spec: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(spec)) {
    if (!known.includes(key)) {
      throw new InvalidParameterError(
        key,
        `no such field for kind ${String(spec.kind)} (known: ${known.join(', ')})`,
        spec[key],
      );
    }
  }
}

/**
 * A finite number field (optionally required to be > 0).
 *
 * @example
 * ```ts
 * import { readNumber } from '@ratedistortion/datasets';
 * console.log(readNumber('variance', 2, { positive: true }));
 * ```
 */
export function readNumber(
  name: string,
  value: unknown,
  opts: { positive?: boolean; nonNegative?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidParameterError(name, 'a finite number', value);
  if (opts.positive && !(value > 0)) throw new InvalidParameterError(name, 'a finite number > 0', value);
  if (opts.nonNegative && !(value >= 0)) throw new InvalidParameterError(name, 'a finite number >= 0', value);
  return value;
}

/**
 * An integer field in `[min, max]`.
 *
 * @example
 * ```ts
 * import { readInteger } from '@ratedistortion/datasets';
 * console.log(readInteger('dim', 3, 1));
 * ```
 */
export function readInteger(name: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(
      name,
      max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`,
      value,
    );
  }
  return value;
}

/**
 * The largest `dim` a SPEC may ask for (Laplace and uniform boxes; Gaussians have the lower
 * `GAUSSIAN_MAX_DIM`): a draw of n samples takes 8·n·dim bytes, so a mistyped dimension is refused at once
 * instead of failing an allocation.
 *
 * @example
 * ```ts
 * import { SPEC_MAX_DIM } from '@ratedistortion/datasets';
 * console.log(SPEC_MAX_DIM); // 65536
 * ```
 */
export const SPEC_MAX_DIM = 65536;

/**
 * A SPEC's `dim` field: an integer in [1, {@link SPEC_MAX_DIM}].
 *
 * @example
 * ```ts
 * import { readDim } from '@ratedistortion/datasets';
 * console.log(readDim(3)); // 3
 * ```
 */
export function readDim(value: unknown, name = 'dim'): number {
  return readInteger(name, value, 1, SPEC_MAX_DIM);
}

/**
 * A vector field: an array of finite numbers of length `dim` when given (or of any non-zero length).
 *
 * @example
 * ```ts
 * import { readVector } from '@ratedistortion/datasets';
 * console.log(readVector('mean', [0, 1], 2));
 * ```
 */
export function readVector(
  name: string,
  value: unknown,
  dim?: number,
  opts: { positive?: boolean } = {},
): Float64Array {
  if (!Array.isArray(value) || value.length === 0)
    throw new InvalidParameterError(name, 'a non-empty array of numbers', value);
  if (dim !== undefined && value.length !== dim) throw new DimensionMismatchError(name, dim, value.length);
  const out = new Float64Array(value.length);
  value.forEach((v, i) => {
    out[i] = readNumber(`${name}[${i}]`, v, opts);
  });
  return out;
}

/**
 * A number or a vector, broadcast to `dim`.
 *
 * @example
 * ```ts
 * import { readScalarOrVector } from '@ratedistortion/datasets';
 * console.log(readScalarOrVector('scale', 2, 3)); // [2, 2, 2]
 * ```
 */
export function readScalarOrVector(
  name: string,
  value: unknown,
  dim: number,
  opts: { positive?: boolean } = {},
): Float64Array {
  if (typeof value === 'number') return new Float64Array(dim).fill(readNumber(name, value, opts));
  return readVector(name, value, dim, opts);
}

/**
 * A square `dim × dim` matrix field of finite numbers (rows as arrays).
 *
 * @example
 * ```ts
 * import { readMatrix } from '@ratedistortion/datasets';
 * const m = readMatrix('covariance', [[1, 0], [0, 1]]);
 * ```
 */
export function readMatrix(name: string, value: unknown, dim?: number): Float64Array[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidParameterError(name, 'a non-empty square matrix (array of rows)', value);
  }
  const d = dim ?? value.length;
  if (value.length !== d) throw new DimensionMismatchError(name, `${d}×${d}`, `${value.length} rows`);
  return value.map((row, i) => {
    if (!Array.isArray(row)) throw new InvalidParameterError(`${name}[${i}]`, `a row of ${d} numbers`, row);
    if (row.length !== d) throw new DimensionMismatchError(`${name}[${i}]`, d, row.length);
    return readVector(`${name}[${i}]`, row, d);
  });
}

/**
 * A string field among `allowed`.
 *
 * @example
 * ```ts
 * import { readChoice } from '@ratedistortion/datasets';
 * console.log(readChoice('split', 'train', ['train', 'test']));
 * ```
 */
export function readChoice<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InvalidParameterError(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
  return value as T;
}

/**
 * A non-empty string field.
 *
 * @example
 * ```ts
 * import { readString } from '@ratedistortion/datasets';
 * console.log(readString('dir', './data'));
 * ```
 */
export function readString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidParameterError(name, 'a non-empty string', value);
  return value;
}
