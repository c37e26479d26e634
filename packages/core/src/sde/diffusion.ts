// The noise term of dX = u(X,t) dt + diag(σ) dW: constant and additive, which is what the TEC problem
// needs (σ = √eps, Eq. 14) and what makes the SRA1 scheme applicable.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertPositive } from '../errors/validate.js';

/**
 * Constant additive noise amplitude: one number for every coordinate (`√eps` in the paper), or one
 * positive number per coordinate (diagonal diffusion).
 *
 * @example
 * ```ts
 * import type { NoiseAmplitude } from '@ratedistortion/core';
 * const eps = 0.25;
 * const sigma: NoiseAmplitude = Math.sqrt(eps);
 * const diagonal: NoiseAmplitude = [0.5, 1.0];
 * ```
 */
export type NoiseAmplitude = number | ArrayLike<number>;

/**
 * Expand and validate `sigma` to one finite positive amplitude per coordinate.
 * Throws {@link InvalidParameterError} for σ ≤ 0 or non-finite σ, and {@link DimensionMismatchError}
 * for a per-coordinate array whose length is not `dim`.
 *
 * @param name - parameter name used in error messages.
 * @example
 * ```ts
 * import { diagonalSigma } from '@ratedistortion/core';
 * console.log(Array.from(diagonalSigma(0.5, 3))); // [0.5, 0.5, 0.5]
 * ```
 */
export function diagonalSigma(sigma: NoiseAmplitude, dim: number, name = 'sigma'): Float64Array {
  if (typeof sigma === 'number') {
    assertPositive(name, sigma);
    return new Float64Array(dim).fill(sigma);
  }
  if (sigma == null || typeof (sigma as ArrayLike<number>).length !== 'number') {
    throw new InvalidParameterError(name, 'a number > 0 or an array of numbers > 0, one per dimension', sigma);
  }
  if (sigma.length !== dim)
    throw new DimensionMismatchError(name, dim, sigma.length, 'one noise amplitude per coordinate');
  const out = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    assertPositive(`${name}[${j}]`, sigma[j]);
    out[j] = sigma[j];
  }
  return out;
}
