// A typed radix-4 complex FFT in float64 (fft.js underneath): the one FFT of the repository, used by the Fourier
// BHE solver and Blahut–Arimoto's Toeplitz products (analytic) and the STFT features (datasets).
import FFT from 'fft.js';
import { InvalidParameterError } from '../errors/errors.js';

/** A writable array of numbers (`number[]` or a typed array). */
type Writable = ArrayLike<number> & { [i: number]: number };

/**
 * A complex FFT of a fixed power-of-two size N. Complex arrays are interleaved `[re₀, im₀, re₁, im₁, …]` of
 * length 2N.
 *
 * @example
 * ```ts
 * import { createFft, type Fft } from '@ratedistortion/core';
 * const fft: Fft = createFft(4);
 * const out = fft.createComplexArray();
 * fft.transform(out, [1, 0, 0, 0, 0, 0, 0, 0]); // DFT of a unit impulse: all ones
 * console.log(out); // [1, 0, 1, 0, 1, 0, 1, 0]
 * ```
 */
export interface Fft {
  /** N, the number of complex points. */
  readonly size: number;
  /** A zeroed interleaved complex array of length 2N. */
  createComplexArray(): number[];
  /** Forward DFT `X_k = Σ x_n e^{−2πikn/N}`. */
  transform(out: Writable, data: ArrayLike<number>): void;
  /** Inverse DFT with the 1/N factor, `x_n = (1/N) Σ X_k e^{+2πikn/N}`. */
  inverseTransform(out: Writable, data: ArrayLike<number>): void;
  /** Forward DFT of N real inputs: fills bins 0..N/2 of `out` (interleaved); bins above N/2 are left untouched. */
  realTransform(out: Writable, data: ArrayLike<number>): void;
  /** Fills bins N/2+1..N−1 of a spectrum from bins 1..N/2−1 by Hermitian symmetry (after `realTransform`). */
  completeSpectrum(spectrum: Writable): void;
}

/**
 * A complex FFT of `size` points; `size` must be a power of two ≥ 2.
 *
 * @example
 * ```ts
 * import { createFft } from '@ratedistortion/core';
 * const fft = createFft(8);
 * const spec = new Float64Array(16);
 * fft.realTransform(spec, [1, 1, 1, 1, 1, 1, 1, 1]);
 * console.log(spec[0], spec[2]); // 8 0: a constant has only the DC bin
 * ```
 */
export function createFft(size: number): Fft {
  if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
    throw new InvalidParameterError('size', 'a power of two ≥ 2', size);
  }
  return new FFT(size);
}
