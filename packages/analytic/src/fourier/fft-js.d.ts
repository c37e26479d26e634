// fft.js ships no type declarations; this covers the part the Fourier BHE solver uses.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    /** Forward DFT, X_k = Σ x_n e^{−2πikn/N}; interleaved [re, im] arrays. */
    transform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    /** Inverse DFT including the 1/N factor: x_n = (1/N) Σ X_k e^{+2πikn/N}. */
    inverseTransform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
  }
}
