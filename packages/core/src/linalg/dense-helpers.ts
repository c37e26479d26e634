// Small float64 dense-matrix steps shared by the Cholesky routines (cholesky.ts) and their tfjs wrappers
// (cholesky-tf.ts). Not part of the public API.
import { InvalidParameterError } from '../errors/errors.js';

/** Replace every off-diagonal pair of the square `rows` by its mean, in place: the exactly symmetric part. */
export function symmetriseInPlace(rows: Float64Array[]): Float64Array[] {
  const d = rows.length;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const m = 0.5 * (rows[i][j] + rows[j][i]);
      rows[i][j] = m;
      rows[j][i] = m;
    }
  }
  return rows;
}

/**
 * The d × d inverse of a matrix given by its solver: column j is `solve(e_j)`, of which only the rows from
 * `firstRow(j)` on are copied (the rest stay 0: j for a lower-triangular inverse, 0 for a full one).
 */
export function inverseByColumns(
  d: number,
  solve: (e: Float64Array) => Float64Array,
  firstRow: (j: number) => number,
): Float64Array[] {
  const inv = Array.from({ length: d }, () => new Float64Array(d));
  const e = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    e.fill(0);
    e[j] = 1;
    const col = solve(e);
    for (let i = firstRow(j); i < d; i++) inv[i][j] = col[i];
  }
  return inv;
}

/**
 * The square `rows` must be symmetric: every |a_ij − a_ji| ≤ `rtol` × the largest |entry|. Throws
 * InvalidParameterError naming `name` and the first asymmetric pair.
 */
export function assertSymmetric(name: string, rows: Float64Array[], rtol: number): void {
  const d = rows.length;
  let scale = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scale = Math.max(scale, Math.abs(rows[i][j]));
  const tol = rtol * Math.max(scale, Number.MIN_VALUE);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(rows[i][j] - rows[j][i]) > tol) {
        throw new InvalidParameterError(
          name,
          'a symmetric positive-definite matrix',
          rows,
          `entry (${i},${j}) = ${rows[i][j]} differs from (${j},${i}) = ${rows[j][i]}`,
        );
      }
    }
  }
}
