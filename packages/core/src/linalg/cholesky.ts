// Dense float64 Cholesky factorisation and everything built on it (log-determinant, solves, inverse).
// Matrices are small (d ≤ a few hundred) in this library, so a plain row-oriented implementation on
// Float64Array rows is both fast enough and easy to audit.
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import { assertSymmetric, inverseByColumns, symmetriseInPlace } from './dense-helpers.js';

/**
 * A square matrix in float64: rows (`number[][]`, `Float64Array[]`) or a flat row-major `Float64Array`
 * of length d².
 *
 * @example
 * ```ts
 * import type { MatrixInput } from '@ratedistortion/core';
 * const a: MatrixInput = [[2, 1], [1, 2]];
 * ```
 */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | Float64Array;

/**
 * Copy any {@link MatrixInput} into square `Float64Array` rows, checking shape and finiteness.
 *
 * @param name - parameter name used in error messages.
 * @example
 * ```ts
 * import { toSquareMatrix64 } from '@ratedistortion/core';
 * const rows = toSquareMatrix64(new Float64Array([1, 0, 0, 1])); // 2×2 identity
 * console.log(rows.length); // 2
 * ```
 */
export function toSquareMatrix64(a: MatrixInput, name = 'matrix'): Float64Array[] {
  if (a == null) throw new InvalidParameterError(name, 'a square matrix', a);
  let rows: Float64Array[];
  if (a instanceof Float64Array) {
    const d = Math.round(Math.sqrt(a.length));
    if (a.length === 0 || d * d !== a.length) {
      throw new InvalidParameterError(name, 'a flat row-major square matrix (length d²)', a.length);
    }
    rows = Array.from({ length: d }, (_, i) => a.slice(i * d, (i + 1) * d));
  } else if (Array.isArray(a)) {
    const d = a.length;
    if (d === 0) throw new InvalidParameterError(name, 'a non-empty square matrix', a);
    rows = a.map((row, i) => {
      if (row == null || row.length !== d)
        throw new DimensionMismatchError(`${name}[${i}]`, d, row ? row.length : 0, 'rows of a square matrix');
      return Float64Array.from(row);
    });
  } else {
    throw new InvalidParameterError(name, 'a square matrix (number[][], Float64Array[] or flat Float64Array)', a);
  }
  const d = rows.length;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(rows[i][j])) throw new NonFiniteValueError(name, i * d + j, rows[i][j]);
    }
  }
  return rows;
}

// Relative tolerance for symmetry: entries are compared against the largest magnitude in the matrix, so a
// covariance assembled in float64 from data (round-off ~1e-16 relative) passes, a genuinely asymmetric one fails.
const SYMMETRY_RTOL = 1e-10;

function factor(rows: Float64Array[], name: string): Float64Array[] {
  const d = rows.length;
  const L = Array.from({ length: d }, () => new Float64Array(d));
  for (let j = 0; j < d; j++) {
    const Lj = L[j];
    let s = rows[j][j];
    for (let k = 0; k < j; k++) s -= Lj[k] * Lj[k];
    // `!(s > 0)` also catches NaN; a zero or negative pivot means the matrix is not (numerically) positive definite.
    if (!(s > 0)) {
      throw new InvalidParameterError(
        name,
        'a symmetric positive-definite matrix',
        rows,
        `Cholesky pivot ${j} is ${s}: the matrix is singular or indefinite`,
      );
    }
    const djj = Math.sqrt(s);
    Lj[j] = djj;
    for (let i = j + 1; i < d; i++) {
      const Li = L[i];
      let t = rows[i][j];
      for (let k = 0; k < j; k++) t -= Li[k] * Lj[k];
      Li[j] = t / djj;
    }
  }
  return L;
}

/**
 * Cholesky factor `L` (lower triangular, positive diagonal) with `A = L Lᵀ`, in float64.
 *
 * Throws `InvalidParameterError(name, 'a symmetric positive-definite matrix', …)` when `A` is not symmetric
 * (relative tolerance 1e-10 of its largest entry) or a pivot is not strictly positive. Never regularises.
 *
 * @param a - the SPD matrix; only square input is accepted.
 * @param name - parameter name used in error messages (e.g. `'covariance'`).
 * @returns the rows of `L`; entries above the diagonal are 0.
 * @example
 * ```ts
 * import { cholesky64 } from '@ratedistortion/core';
 * const L = cholesky64([[4, 2], [2, 3]], 'covariance');
 * console.log(Array.from(L[0]), Array.from(L[1])); // [2, 0] [1, 1.414…]
 * ```
 */
export function cholesky64(a: MatrixInput, name = 'matrix'): Float64Array[] {
  const rows = toSquareMatrix64(a, name);
  assertSymmetric(name, rows, SYMMETRY_RTOL);
  return factor(rows, name);
}

/**
 * Throw `InvalidParameterError(name, 'a symmetric positive-definite matrix', …)` unless `a` is a finite,
 * square, symmetric, positive-definite matrix (checked by attempting a Cholesky factorisation).
 *
 * @example
 * ```ts
 * import { assertSymmetricPositiveDefinite } from '@ratedistortion/core';
 * assertSymmetricPositiveDefinite('covariance', [[1, 0.5], [0.5, 1]]); // ok
 * ```
 */
export function assertSymmetricPositiveDefinite(name: string, a: MatrixInput): void {
  cholesky64(a, name);
}

/**
 * `log det A` of a symmetric positive-definite matrix, as `2 Σ log L_ii` from its Cholesky factor.
 *
 * @example
 * ```ts
 * import { logdet64 } from '@ratedistortion/core';
 * console.log(logdet64([[2, 0], [0, 3]])); // log 6 ≈ 1.7918
 * ```
 */
export function logdet64(a: MatrixInput, name = 'matrix'): number {
  return logdetFromCholesky64(cholesky64(a, name));
}

/**
 * `log det A = 2 Σ log L_ii` given the Cholesky factor `L` of `A`.
 *
 * @example
 * ```ts
 * import { cholesky64, logdetFromCholesky64 } from '@ratedistortion/core';
 * console.log(logdetFromCholesky64(cholesky64([[4, 0], [0, 9]]))); // log 36
 * ```
 */
export function logdetFromCholesky64(L: ReadonlyArray<ArrayLike<number>>): number {
  let s = 0;
  for (let i = 0; i < L.length; i++) s += Math.log(L[i][i]);
  return 2 * s;
}

function checkVector(name: string, b: ArrayLike<number>, d: number): void {
  if (b == null || b.length !== d) throw new DimensionMismatchError(name, d, b ? b.length : 'none');
}

/**
 * Solve `L y = b` for lower-triangular `L` (forward substitution).
 *
 * @example
 * ```ts
 * import { forwardSubstitute64 } from '@ratedistortion/core';
 * const y = forwardSubstitute64([new Float64Array([2, 0]), new Float64Array([1, 1])], new Float64Array([2, 3]));
 * console.log(Array.from(y)); // [1, 2]
 * ```
 */
export function forwardSubstitute64(L: ReadonlyArray<ArrayLike<number>>, b: ArrayLike<number>): Float64Array {
  const d = L.length;
  checkVector('b', b, d);
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const Li = L[i];
    let s = b[i];
    for (let k = 0; k < i; k++) s -= Li[k] * y[k];
    y[i] = s / Li[i];
  }
  return y;
}

/**
 * Solve `Lᵀ x = y` for lower-triangular `L` (back substitution with the transpose).
 *
 * @example
 * ```ts
 * import { backSubstituteTransposed64 } from '@ratedistortion/core';
 * const x = backSubstituteTransposed64([new Float64Array([2, 0]), new Float64Array([1, 1])], new Float64Array([4, 2]));
 * console.log(Array.from(x)); // [1, 2]
 * ```
 */
export function backSubstituteTransposed64(L: ReadonlyArray<ArrayLike<number>>, y: ArrayLike<number>): Float64Array {
  const d = L.length;
  checkVector('y', y, d);
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/**
 * Solve `A x = b` given the Cholesky factor `L` of `A` (`A = L Lᵀ`).
 *
 * @example
 * ```ts
 * import { cholesky64, choleskySolve64 } from '@ratedistortion/core';
 * const L = cholesky64([[4, 2], [2, 3]]);
 * const x = choleskySolve64(L, new Float64Array([6, 5])); // A·[1,1] = [6,5]
 * console.log(Array.from(x)); // [1, 1]
 * ```
 */
export function choleskySolve64(L: ReadonlyArray<ArrayLike<number>>, b: ArrayLike<number>): Float64Array {
  return backSubstituteTransposed64(L, forwardSubstitute64(L, b));
}

/**
 * Inverse of a symmetric positive-definite matrix via its Cholesky factor (result symmetrised exactly).
 *
 * @example
 * ```ts
 * import { inverseSpd64 } from '@ratedistortion/core';
 * const inv = inverseSpd64([[2, 0], [0, 4]]);
 * console.log(inv[0][0], inv[1][1]); // 0.5 0.25
 * ```
 */
export function inverseSpd64(a: MatrixInput, name = 'matrix'): Float64Array[] {
  const L = cholesky64(a, name);
  return symmetriseInPlace(
    inverseByColumns(
      L.length,
      (e) => choleskySolve64(L, e),
      () => 0,
    ),
  );
}

/**
 * Inverse of a lower-triangular matrix with non-zero diagonal (the result is lower triangular).
 *
 * @example
 * ```ts
 * import { lowerTriangularInverse64 } from '@ratedistortion/core';
 * const inv = lowerTriangularInverse64([new Float64Array([2, 0]), new Float64Array([1, 1])]);
 * console.log(Array.from(inv[1])); // [-0.5, 1]
 * ```
 */
export function lowerTriangularInverse64(L: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  return inverseByColumns(
    L.length,
    (e) => forwardSubstitute64(L, e),
    (j) => j,
  );
}
