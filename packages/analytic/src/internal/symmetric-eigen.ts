// Internal: symmetric eigendecomposition via ml-matrix (tridiagonal QL), kept in float64. Not part of the
// public API; the analytic package needs eigenvalues of small covariance matrices only.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { InvalidParameterError, NonFiniteValueError } from '@ratedistortion/core';

export interface Eigen {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** vectors[k] is the unit eigenvector of values[k]. */
  vectors: Float64Array[];
}

/** Validate a square symmetric matrix and return it as rows. */
export function toSymmetricMatrix(name: string, a: ReadonlyArray<ArrayLike<number>>, dim?: number): Float64Array[] {
  if (!Array.isArray(a) || a.length === 0) throw new InvalidParameterError(name, 'a non-empty square matrix (array of rows)', a);
  const d = a.length;
  if (dim !== undefined && d !== dim) throw new InvalidParameterError(name, `a ${dim}×${dim} matrix`, a, `it has ${d} rows`);
  const rows: Float64Array[] = [];
  for (let i = 0; i < d; i++) {
    const r = a[i];
    if (r == null || r.length !== d) throw new InvalidParameterError(`${name}[${i}]`, `a row of length ${d}`, r);
    const row = Float64Array.from(r);
    for (let j = 0; j < d; j++) if (!Number.isFinite(row[j])) throw new NonFiniteValueError(name, i * d + j, row[j]);
    rows.push(row);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const s = Math.max(Math.abs(rows[i][j]), Math.abs(rows[j][i]), 1e-300);
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-12 * s + 1e-14) {
        throw new InvalidParameterError(name, 'a symmetric positive-definite matrix', a, `entry (${i},${j}) differs from (${j},${i})`);
      }
    }
  }
  return rows;
}

export function symmetricEigen(rows: ReadonlyArray<Float64Array>): Eigen {
  const d = rows.length;
  if (d === 1) return { values: Float64Array.of(rows[0][0]), vectors: [Float64Array.of(1)] };
  const m = new Matrix(rows.map((r) => Array.from(r)));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
  const values = new Float64Array(d);
  const vectors: Float64Array[] = [];
  order.forEach((k, idx) => {
    values[idx] = vals[k];
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) v[i] = V.get(i, k);
    vectors.push(v);
  });
  return { values, vectors };
}

/** Eigendecomposition of an SPD matrix; throws when an eigenvalue is not positive. */
export function spdEigen(name: string, rows: ReadonlyArray<Float64Array>): Eigen {
  const e = symmetricEigen(rows);
  const scale = Math.max(...Array.from(e.values, Math.abs), 1e-300);
  if (!(e.values[0] > 1e-14 * scale)) {
    throw new InvalidParameterError(name, 'a symmetric positive-definite matrix', rows.map((r) => Array.from(r)), `smallest eigenvalue ${e.values[0]}`);
  }
  return e;
}
