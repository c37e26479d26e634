// Haar-distributed random orthogonal matrices, for the rotated Gaussian family of NERD.
import { assertInteger, type Random } from '@ratedistortion/core';

/**
 * A random orthogonal `dim × dim` matrix from the Haar measure on O(dim), returned as rows.
 *
 * Method: QR of a matrix of i.i.d. N(0,1) entries with the sign convention `R_ii > 0` (Mezzadri, 2007):
 * the Q factor is then Haar distributed. The QR is a modified Gram–Schmidt with one re-orthogonalisation
 * pass, which keeps `QᵀQ = I` to rounding error (a bare Gram–Schmidt loses orthogonality in proportion to
 * the condition number of the Gaussian matrix). Gram–Schmidt produces `R_ii = ‖·‖ > 0` directly.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { randomOrthogonal } from '@ratedistortion/datasets';
 * const U = randomOrthogonal(3, new Random(0));
 * ```
 */
export function randomOrthogonal(dim: number, rng: Random): Float64Array[] {
  assertInteger('dim', dim, 1);
  // cols[j] is column j of the Gaussian matrix, orthonormalised in place.
  const cols: Float64Array[] = [];
  for (let j = 0; j < dim; j++) cols.push(new Float64Array(dim));
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) cols[j][i] = rng.normal();
  for (let j = 0; j < dim; j++) {
    const v = cols[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const q = cols[k];
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += q[i] * v[i];
        for (let i = 0; i < dim; i++) v[i] -= dot * q[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < dim; i++) v[i] /= norm;
  }
  const rows: Float64Array[] = [];
  for (let i = 0; i < dim; i++) {
    const r = new Float64Array(dim);
    for (let j = 0; j < dim; j++) r[j] = cols[j][i];
    rows.push(r);
  }
  return rows;
}
