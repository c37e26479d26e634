// Types of the untyped `fft.js` package (the only declaration in the repository; core's `createFft` wraps it).
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    /** Forward DFT, X_k = Σ x_n e^{−2πikn/N}; interleaved [re, im] arrays. */
    transform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    /** Inverse DFT including the 1/N factor: x_n = (1/N) Σ X_k e^{+2πikn/N}. */
    inverseTransform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    /** Forward DFT of a real input: fills bins 0..N/2 of `out` (interleaved re, im); the other bins are left as they are. */
    realTransform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    /** Fills bins N/2+1..N−1 of a spectrum from bins 1..N/2−1 by Hermitian symmetry. */
    completeSpectrum(spectrum: ArrayLike<number> & { [i: number]: number }): void;
  }
}
