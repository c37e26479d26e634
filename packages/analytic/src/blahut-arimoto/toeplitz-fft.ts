// Symmetric Toeplitz products by FFT: T (n × n, T[i][j] = t[|i − j|], band b) is the leading block of the circulant
// C of size N = 2^⌈log₂(n + b − 1)⌉ with first column (t₀, t₁, …, t_{b−1}, 0, …, 0, t_{b−1}, …, t₁), so T v is the first
// n entries of C·pad(v) = IDFT(Ĉ ⊙ DFT(pad(v))), O(N log N) instead of O(n·bandwidth). C is symmetric, so its
// spectrum Ĉ is real and is computed once.
//
// Accuracy. The FFT's error is absolute, not relative to each entry: ‖ŷ − y‖_∞ ≤ ‖ŷ − y‖₂ ≲ c·log₂N·u·max|Ĉ|·‖v‖₂
// (u = 2⁻⁵³; max|Ĉ| ≤ Σ|C|, the circulant's column 1-norm). Entries much smaller than that bound — Blahut–
// Arimoto's partition sums Z_j in the source's far tails — would carry a large relative error, or even come out
// negative. So every entry whose FFT value is below bound/relTol is recomputed by the exact banded row dot
// product of the dense operator ({@link SymmetricToeplitz}); the others have relative error ≤ relTol.
import {
  DimensionMismatchError,
  InvalidParameterError,
  assertInteger,
  assertPositive,
  createFft,
  type Fft,
} from '@ratedistortion/core';
import { SymmetricToeplitz } from './toeplitz.js';

/**
 * Factor c of the FFT error bound c·log₂N·u·Σ|C|·‖v‖₂ (fft.js, radix 4, tabulated twiddles). The worst measured
 * ratio |error|/(log₂N·u·Σ|C|·‖v‖₂) over random and Gibbs-kernel columns and vectors is 0.053 for n = 300..3000
 * and 0.2 for n = 5 (toeplitz-fft.test.ts asserts < 0.1 and < 0.5), so c = 2 leaves a margin of 10 to 40.
 */
const ERROR_FACTOR = 2;

/**
 * Options of {@link SymmetricToeplitzFft}.
 *
 * @example
 * ```ts
 * import type { ToeplitzFftOptions } from '@ratedistortion/analytic';
 * const o: ToeplitzFftOptions = { relTol: 1e-10 };
 * ```
 */
export interface ToeplitzFftOptions {
  /**
   * Entries whose FFT value is below (error bound)/relTol are recomputed exactly, so every entry has relative
   * error ≤ relTol (default 1e-9).
   */
  relTol?: number;
}

/**
 * The symmetric banded Toeplitz matrix `T[i][j] = column[|i − j|]` (`|i − j| < bandwidth`) applied by FFT in
 * O(n log n), with small entries recomputed by exact dot products so that each entry of the product has relative
 * error ≤ `relTol` (see the file header). Same contract as {@link SymmetricToeplitz}.
 *
 * @example
 * ```ts
 * import { SymmetricToeplitzFft } from '@ratedistortion/analytic';
 * const column = Float64Array.from({ length: 1000 }, (_, m) => Math.exp(-0.5 * (m / 30) ** 2));
 * const t = new SymmetricToeplitzFft(column);
 * const out = new Float64Array(1000);
 * t.apply(new Float64Array(1000).fill(1), out);
 * console.log(out[500], t.size, t.lastRecomputed); // ≈ 75.2 2048 0
 * ```
 */
export class SymmetricToeplitzFft {
  readonly n: number;
  readonly bandwidth: number;
  /** The FFT length N. */
  readonly size: number;
  readonly relTol: number;
  /** How many entries the last `apply` recomputed exactly. */
  lastRecomputed = 0;
  private readonly fft: Fft;
  private readonly half: Fft; // size N/2, for the real inverse transform
  private readonly spectrum: Float64Array; // real Ĉ_k/N, k = 0..N/2 (even: Ĉ_{N−k} = Ĉ_k)
  private readonly twiddle: Float64Array; // [cos, sin](2πk/N), k < N/2
  private readonly dense: SymmetricToeplitz;
  private readonly bound: number; // c·log₂N·u·Σ|C|, times ‖v‖₂ per product
  private readonly pad: Float64Array;
  private readonly freq: Float64Array;
  private readonly packed: Float64Array;
  private readonly back: Float64Array;
  private readonly rows: Int32Array;

  constructor(column: Float64Array, bandwidth: number = column.length, options: ToeplitzFftOptions = {}) {
    if (!(column instanceof Float64Array) || column.length < 1)
      throw new InvalidParameterError('column', 'a non-empty Float64Array', column);
    const n = column.length;
    assertInteger('bandwidth', bandwidth, 1, n);
    const relTol = options.relTol ?? 1e-9;
    assertPositive('relTol', relTol);
    this.dense = new SymmetricToeplitz(column, bandwidth); // validates the entries
    this.n = n;
    this.bandwidth = bandwidth;
    this.relTol = relTol;
    let size = 2;
    while (size < n + bandwidth - 1) size *= 2; // no wrap-around of the band
    this.size = size;
    this.fft = createFft(size);
    this.half = createFft(Math.max(2, size / 2));
    this.twiddle = new Float64Array(size);
    for (let k = 0; k < size / 2; k++) {
      this.twiddle[2 * k] = Math.cos((2 * Math.PI * k) / size);
      this.twiddle[2 * k + 1] = Math.sin((2 * Math.PI * k) / size);
    }
    const c = new Float64Array(size);
    let norm1 = Math.abs(column[0]);
    c[0] = column[0];
    for (let m = 1; m < bandwidth; m++) {
      c[m] = column[m];
      c[size - m] = column[m];
      norm1 += 2 * Math.abs(column[m]);
    }
    const spec = new Float64Array(2 * size);
    this.fft.realTransform(spec, c);
    this.spectrum = new Float64Array(size / 2 + 1);
    for (let k = 0; k <= size / 2; k++) this.spectrum[k] = spec[2 * k] / size; // imaginary parts vanish (C even); 1/N of the inverse folded in
    this.bound = ERROR_FACTOR * Math.log2(size) * 2 ** -53 * norm1;
    this.pad = new Float64Array(size);
    this.freq = new Float64Array(2 * size);
    this.packed = new Float64Array(size);
    this.back = new Float64Array(size);
    this.rows = new Int32Array(n);
  }

  /** `out = T v` (`out` and `v` must not overlap). */
  apply(v: Float64Array, out: Float64Array): void {
    const n = this.n;
    if (v.length !== n) throw new DimensionMismatchError('v', n, v.length);
    if (out.length !== n) throw new DimensionMismatchError('out', n, out.length);
    const size = this.size;
    const pad = this.pad;
    const freq = this.freq;
    const spec = this.spectrum;
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      pad[j] = v[j];
      norm2 += v[j] * v[j];
    }
    this.fft.realTransform(freq, pad);
    // Y = Ĉ ⊙ X/N is Hermitian, so y = IDFT_N(Y)·N is real; it is computed by one complex transform of size N/2:
    // z_m = y_{2m} + i·y_{2m+1} = Σ_{k<N/2} Z_k e^{2πikm/(N/2)} with Z_k = (A + B) + i(A − B)e^{2πik/N},
    // A = Y_k, B = conj(Y_{N/2−k}); and that unnormalised inverse is conj(DFT(conj Z)).
    if (size === 2) {
      const y0 = freq[0] * spec[0];
      const y1 = freq[2] * spec[1];
      out[0] = y0 + y1;
      if (n > 1) out[1] = y0 - y1;
    } else {
      const h = size / 2;
      const tw = this.twiddle;
      const packed = this.packed;
      for (let k = 0; k < h; k++) {
        const sa = spec[k];
        const sb = spec[h - k];
        const ar = freq[2 * k] * sa;
        const ai = freq[2 * k + 1] * sa;
        const br = freq[2 * (h - k)] * sb;
        const bi = -freq[2 * (h - k) + 1] * sb;
        const dr = ar - br;
        const di = ai - bi;
        const c = tw[2 * k];
        const s = tw[2 * k + 1];
        // i·(d·w) = i·(dr c − di s + i(dr s + di c)) = −(dr s + di c) + i(dr c − di s)
        packed[2 * k] = ar + br - (dr * s + di * c);
        packed[2 * k + 1] = -(ai + bi + (dr * c - di * s)); // conjugated
      }
      this.half.transform(this.back, packed);
      const back = this.back;
      for (let m = 0; 2 * m < n; m++) {
        out[2 * m] = back[2 * m];
        if (2 * m + 1 < n) out[2 * m + 1] = -back[2 * m + 1];
      }
    }
    const threshold = (this.bound * Math.sqrt(norm2)) / this.relTol;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const y = out[i];
      if (!(Math.abs(y) >= threshold)) this.rows[count++] = i;
    }
    this.lastRecomputed = count;
    if (count > 0) this.dense.applyRows(v, out, this.rows, count);
  }
}
