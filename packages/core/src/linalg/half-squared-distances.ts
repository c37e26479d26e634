// The squared-error cost ρ(x, y) = ½‖x − y‖² of one source point against a set of points: the inner loop of every
// float64 tilted read-out (core's tiltedDualReadout, WGD's Blahut–Arimoto functional).

/**
 * Write `out[j] = ½‖x_i − y_j‖²` for the row `x_i` starting at `xOffset` in the row-major `x` and each of the
 * `m` rows of the row-major `y` (all rows `dim` long), summing the squares over coordinates in order, in float64.
 *
 * @example
 * ```ts
 * import { halfSquaredDistancesRow } from '@ratedistortion/core';
 * const x = new Float64Array([0, 0, 1, 1]); // two points in 2-D; use the second
 * const y = new Float64Array([1, 1, 3, 1, 1, -1]);
 * const out = new Float64Array(3);
 * halfSquaredDistancesRow(x, 2, y, 3, 2, out);
 * console.log(Array.from(out)); // [0, 2, 2]
 * ```
 */
export function halfSquaredDistancesRow(
  x: ArrayLike<number>,
  xOffset: number,
  y: ArrayLike<number>,
  m: number,
  dim: number,
  out: Float64Array,
): void {
  for (let j = 0; j < m; j++) {
    const yo = j * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) {
      const diff = x[xOffset + k] - y[yo + k];
      s += diff * diff;
    }
    out[j] = 0.5 * s;
  }
}
