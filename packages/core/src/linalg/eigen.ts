// Symmetric eigendecomposition by the cyclic Jacobi method. Jacobi is slower than tridiagonal QR for large
// matrices but is simple, unconditionally convergent for symmetric input and computes small eigenvalues to
// high relative accuracy — which matters for water-filling on ill-conditioned covariances.
import { InvalidParameterError, NumericalError } from '../errors/errors.js';
import { toSquareMatrix64, type MatrixInput } from './cholesky.js';

/**
 * Result of {@link symmetricEigen64}.
 *
 * @example
 * ```ts
 * import { symmetricEigen64, type SymmetricEigen } from '@ratedistortion/core';
 * const e: SymmetricEigen = symmetricEigen64([[2, 0], [0, 1]]);
 * ```
 */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /**
   * Unit eigenvectors, one per array: `vectors[k]` is the eigenvector of `values[k]`
   * (i.e. the columns of the orthogonal matrix V in `A = V diag(values) Vᵀ`, stored as rows).
   */
  vectors: Float64Array[];
}

const MAX_SWEEPS = 100;

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of a real symmetric matrix, in float64.
 *
 * Throws `InvalidParameterError` for a non-square, non-finite or asymmetric matrix (relative tolerance 1e-10
 * of the largest entry), and `NumericalError` if Jacobi sweeps fail to converge (not expected for finite input).
 *
 * @param a - symmetric matrix (rows or flat row-major).
 * @param name - parameter name used in error messages.
 * @example
 * ```ts
 * import { symmetricEigen64 } from '@ratedistortion/core';
 * const { values, vectors } = symmetricEigen64([[2, 1], [1, 2]]);
 * console.log(Array.from(values));     // [1, 3]
 * console.log(Array.from(vectors[1])); // ±[0.7071, 0.7071], the eigenvector of 3
 * ```
 */
export function symmetricEigen64(a: MatrixInput, name = 'matrix'): SymmetricEigen {
  const A = toSquareMatrix64(a, name);
  const d = A.length;
  let scale = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scale = Math.max(scale, Math.abs(A[i][j]));
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(A[i][j] - A[j][i]) > 1e-10 * scale) {
        throw new InvalidParameterError(name, 'a symmetric matrix', A, `entry (${i},${j}) differs from (${j},${i})`);
      }
      const m = 0.5 * (A[i][j] + A[j][i]);
      A[i][j] = m;
      A[j][i] = m;
    }
  }
  // V accumulates rotations; V[r][k] is component r of eigenvector k.
  const V = Array.from({ length: d }, (_, i) => {
    const r = new Float64Array(d);
    r[i] = 1;
    return r;
  });
  let converged = d === 1;
  for (let sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += A[i][i] * A[i][i];
      for (let j = i + 1; j < d; j++) off += A[i][j] * A[i][j];
    }
    // Off-diagonal mass negligible relative to the diagonal (or everything is zero): done.
    if (off <= 1e-32 * diag || off === 0) {
      converged = true;
      break;
    }
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p][q];
        if (apq === 0) continue;
        const app = A[p][p];
        const aqq = A[q][q];
        // Rotation angle chosen to annihilate A[p][q] (Golub & Van Loan, Alg. 8.5.1), using the smaller root.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = A[k][p];
          const akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = A[p][k];
          const aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
        A[p][q] = 0;
        A[q][p] = 0;
        for (let k = 0; k < d; k++) {
          const vkp = V[k][p];
          const vkq = V[k][q];
          V[k][p] = c * vkp - s * vkq;
          V[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (!converged)
    throw new NumericalError('symmetricEigen64', `Jacobi iteration did not converge in ${MAX_SWEEPS} sweeps`);
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => A[i][i] - A[j][j]);
  const values = new Float64Array(d);
  const vectors: Float64Array[] = [];
  order.forEach((k, idx) => {
    values[idx] = A[k][k];
    const v = new Float64Array(d);
    for (let r = 0; r < d; r++) v[r] = V[r][k];
    vectors.push(v);
  });
  return { values, vectors };
}
