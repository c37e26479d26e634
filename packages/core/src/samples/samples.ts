// Row-major sample matrices: the one layout every Float64 routine of the library takes and returns.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertFiniteArray, assertInteger } from '../errors/validate.js';

/**
 * `n` samples of dimension `dim`, stored row-major: sample i is `data[i*dim .. (i+1)*dim)`.
 *
 * @example
 * ```ts
 * import type { Samples } from '@ratedistortion/core';
 * const s: Samples = { n: 2, dim: 2, data: new Float64Array([0, 1, 2, 3]) };
 * ```
 */
export interface Samples {
  readonly n: number;
  readonly dim: number;
  readonly data: Float64Array;
}

/**
 * Anything {@link toSamples} accepts: rows, a flat array with its dimension, or {@link Samples}.
 *
 * @example
 * ```ts
 * import { toSamples, type SamplesInput } from '@ratedistortion/core';
 * const inputs: SamplesInput[] = [[[1, 2], [3, 4]], { data: [1, 2, 3, 4], dim: 2 }, new Float64Array([1, 2, 3, 4])];
 * for (const input of inputs) {
 *   const s = toSamples(input);
 *   console.log(s.n, s.dim); // 2 2, then 2 2, then 4 1
 * }
 * ```
 */
export type SamplesInput =
  | Samples
  | ReadonlyArray<ReadonlyArray<number>>
  | ReadonlyArray<number>
  | Float64Array
  | Float32Array
  | { data: ArrayLike<number>; dim: number };

/**
 * Normalise and validate a sample matrix. A flat array without `dim` is read as 1-D samples.
 * Throws a typed error for empty input, ragged rows, NaN/Infinity or a dimension different from `expectDim`.
 *
 * @param name - parameter name used in error messages.
 * @example
 * ```ts
 * import { toSamples } from '@ratedistortion/core';
 * const s = toSamples([[1, 2], [3, 4], [5, 6]]);
 * console.log(s.n, s.dim); // 3 2
 * ```
 */
export function toSamples(input: SamplesInput, name = 'samples', expectDim?: number): Samples {
  let out: Samples;
  if (input == null) throw new InvalidParameterError(name, 'a non-empty sample matrix', input);
  if (isSamples(input)) {
    out = { n: input.n, dim: input.dim, data: input.data };
  } else if (typeof input === 'object' && 'data' in input && 'dim' in input && !ArrayBuffer.isView(input)) {
    const dim = input.dim;
    assertInteger(`${name}.dim`, dim, 1);
    if (input.data.length % dim !== 0) {
      throw new InvalidParameterError(`${name}.data`, `a length divisible by dim = ${dim}`, input.data.length);
    }
    out = { n: input.data.length / dim, dim, data: Float64Array.from(input.data) };
  } else if (input instanceof Float64Array || input instanceof Float32Array) {
    out = { n: input.length, dim: 1, data: input instanceof Float64Array ? input : Float64Array.from(input) };
  } else if (Array.isArray(input)) {
    if (input.length === 0) throw new InvalidParameterError(name, 'a non-empty sample matrix', input, 'empty sample');
    if (typeof input[0] === 'number') {
      out = { n: input.length, dim: 1, data: Float64Array.from(input as number[]) };
    } else {
      const rows = input as ReadonlyArray<ReadonlyArray<number>>;
      const dim = rows[0].length;
      if (dim === 0) throw new InvalidParameterError(`${name}[0]`, 'a non-empty row', rows[0]);
      const data = new Float64Array(rows.length * dim);
      rows.forEach((row, i) => {
        if (!row || row.length !== dim) throw new DimensionMismatchError(`${name}[${i}]`, dim, row ? row.length : 0);
        for (let j = 0; j < dim; j++) data[i * dim + j] = row[j];
      });
      out = { n: rows.length, dim, data };
    }
  } else {
    throw new InvalidParameterError(name, 'rows (number[][]), a flat array, or {data, dim}', input);
  }
  if (out.n === 0) throw new InvalidParameterError(name, 'a non-empty sample matrix', out.data, 'empty sample');
  assertFiniteArray(name, out.data);
  if (expectDim !== undefined && out.dim !== expectDim) throw new DimensionMismatchError(name, expectDim, out.dim);
  return out;
}

function isSamples(x: unknown): x is Samples {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as Samples).data instanceof Float64Array &&
    typeof (x as Samples).n === 'number' &&
    typeof (x as Samples).dim === 'number'
  );
}

/**
 * Rows of a {@link Samples} as plain arrays (for printing or JSON).
 *
 * @example
 * ```ts
 * import { toRows } from '@ratedistortion/core';
 * console.log(toRows({ n: 2, dim: 1, data: new Float64Array([1, 2]) })); // [[1],[2]]
 * ```
 */
export function toRows(s: Samples): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < s.n; i++) rows.push(Array.from(s.data.subarray(i * s.dim, (i + 1) * s.dim)));
  return rows;
}

/**
 * Column means and the (unbiased, n−1) covariance matrix of a sample, in float64.
 *
 * @example
 * ```ts
 * import { sampleMoments, toSamples } from '@ratedistortion/core';
 * const { mean, covariance } = sampleMoments(toSamples([[0, 0], [2, 2]]));
 * ```
 */
export function sampleMoments(s: Samples): { mean: Float64Array; covariance: Float64Array[] } {
  const { n, dim, data } = s;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += data[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov = Array.from({ length: dim }, () => new Float64Array(dim));
  const c = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) c[j] = data[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) cov[a][b] += c[a] * c[b];
  }
  const denom = Math.max(n - 1, 1);
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      cov[a][b] /= denom;
      cov[b][a] = cov[a][b];
    }
  return { mean, covariance: cov };
}
