// Input checks shared by the tfjs solvers (solveSdeTf, solveNoiseControlledTf, solveSdeCheckpointedTf), so that
// the three reject the same inputs with the same messages. Not part of the public API.
import { InvalidParameterError } from '../errors/errors.js';
import { assertFiniteArray, assertPositive } from '../errors/validate.js';
import { tf } from '../backend/tf.js';
import type { NoiseAmplitude } from './diffusion.js';

/**
 * x0 must be a non-empty float32 [n, dim] tensor, finite when `checkFinite` (one device read-back); returns
 * [n, dim].
 */
export function assertStateTensor(x0: tf.Tensor2D, checkFinite: boolean): [number, number] {
  if (!(x0 instanceof tf.Tensor) || x0.rank !== 2) {
    throw new InvalidParameterError(
      'x0',
      'a rank-2 tf.Tensor2D of shape [n, dim]',
      x0 instanceof tf.Tensor ? `rank ${x0.rank}` : x0,
    );
  }
  if (x0.dtype !== 'float32') throw new InvalidParameterError('x0', 'a float32 tensor', x0.dtype);
  const [n, dim] = x0.shape;
  if (n < 1 || dim < 1) throw new InvalidParameterError('x0', 'a non-empty [n, dim] tensor', `shape [${n}, ${dim}]`);
  if (checkFinite) assertFiniteArray('x0', x0.dataSync());
  return [n, dim];
}

/**
 * The noise-controlled chain's reference amplitude: one number σ > 0, returned as the per-coordinate array the
 * step noise is scaled by.
 */
export function referenceSigma(sigma: NoiseAmplitude, dim: number): Float64Array {
  if (typeof sigma !== 'number')
    throw new InvalidParameterError('sigma', 'a number > 0 (one reference amplitude)', sigma);
  assertPositive('sigma', sigma);
  return new Float64Array(dim).fill(sigma);
}

/**
 * V must be a float32 [dim, dim] tensor with VᵀV = I (to float32 accuracy); the orthonormality is read back and
 * checked only when `check`.
 */
export function assertOrthonormalBasis(basis: tf.Tensor2D, dim: number, check: boolean): void {
  if (!(basis instanceof tf.Tensor) || basis.rank !== 2 || basis.shape[0] !== dim || basis.shape[1] !== dim) {
    throw new InvalidParameterError(
      'basis',
      `an orthonormal float32 [${dim}, ${dim}] tensor`,
      basis instanceof tf.Tensor ? `shape [${basis.shape.join(', ')}]` : basis,
    );
  }
  if (!check) return;
  const v = basis.dataSync();
  let worst = 0;
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b < dim; b++) {
      let dot = 0;
      for (let r = 0; r < dim; r++) dot += v[r * dim + a] * v[r * dim + b];
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  if (!(worst <= 1e-4))
    throw new InvalidParameterError(
      'basis',
      'an orthonormal matrix (VᵀV = I within 1e-4)',
      `max |VᵀV − I| = ${worst.toExponential(2)}`,
    );
}
