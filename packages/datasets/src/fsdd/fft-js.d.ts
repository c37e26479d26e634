// Types of the untyped `fft.js` package. Kept identical to the declaration in packages/analytic (both are
// visible when the whole repository is type-checked); the real-input transform used here is typed in stft.ts.
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
