// Fourier solution of the backward heat equation (paper Eq. 19):
//   p_t(x) = (1/2π) ∫ e^{iωx + ½·eps·t·ω²} φ(ω) dω.
// FFT path: the trapezoidal sum on ω_k = (k − N/2)·2π/L equals, by Poisson summation, the L-periodisation
// Σ_m p_t(x + mL) whenever the integrand is negligible (or zero, for band-limited sources) beyond the
// Nyquist frequency π/dx. The error is therefore the tail mass of p_t outside the window plus the spectrum
// beyond π/dx — both controllable by the window and the grid. A direct adaptive-quadrature path checks it.
import {
  InvalidParameterError,
  NumericalError,
  assertInRange,
  assertInteger,
  assertPositive,
  createFft,
  integrate,
} from '@ratedistortion/core';
import type { CharacteristicFunction } from './characteristic-function.js';

/**
 * Input of {@link bheFourierGrid}.
 *
 * @example
 * ```ts
 * import type { BheFourierOptions } from '@ratedistortion/analytic';
 * const o: BheFourierOptions = { charFn: (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 }), eps: 0.5, t: 1, xMin: -10, xMax: 10, points: 1024 };
 * ```
 */
export interface BheFourierOptions {
  /** φ(ω) = ∫ p₀(x) e^{−iωx} dx. */
  charFn: CharacteristicFunction;
  /** eps = 1/β > 0. */
  eps: number;
  /** Time in [0, 1]; t = 1 gives the reconstruction density p₁. */
  t: number;
  /** Left end of the x-window (the grid is xMin + j·dx, j < points, dx = (xMax − xMin)/points). */
  xMin: number;
  /** Right end of the (periodic) window; excluded from the grid. */
  xMax: number;
  /** Number of grid points, a power of two ≥ 16. */
  points: number;
  /** Set when φ vanishes for |ω| > bandLimit (band-limited sources): the spectrum is cut there exactly. */
  bandLimit?: number;
}

/**
 * `p_t` on a grid, with its derivative and the score `p_t′/p_t`.
 *
 * @example
 * ```ts
 * import { bheFourierGrid, type BheFourierGrid } from '@ratedistortion/analytic';
 * const r: BheFourierGrid = bheFourierGrid({ charFn: (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 }), eps: 0.5, t: 1, xMin: -10, xMax: 10, points: 256 });
 * ```
 */
export interface BheFourierGrid {
  xs: Float64Array;
  /** p_t(x_j). */
  density: Float64Array;
  /** ∂ₓp_t(x_j). */
  derivative: Float64Array;
  /** ∇log p_t = p_t′/p_t (meaningless where p_t ≤ 0). */
  score: Float64Array;
  /** Largest |imaginary part| of the reconstructed density: round-off, or a φ without Hermitian symmetry. */
  maxImaginary: number;
  /** Highest frequency represented, π/dx. */
  nyquist: number;
}

function validate(o: BheFourierOptions): void {
  if (typeof o?.charFn !== 'function') throw new InvalidParameterError('charFn', 'a function ω ↦ {re, im}', o?.charFn);
  assertPositive('eps', o.eps);
  assertInRange('t', o.t, 0, 1);
  if (!Number.isFinite(o.xMin) || !Number.isFinite(o.xMax) || !(o.xMax > o.xMin)) {
    throw new InvalidParameterError('xMax', `a finite number > xMin = ${o.xMin}`, o.xMax);
  }
  assertInteger('points', o.points, 16);
  if ((o.points & (o.points - 1)) !== 0) throw new InvalidParameterError('points', 'a power of two >= 16', o.points);
  if (o.bandLimit !== undefined) assertPositive('bandLimit', o.bandLimit);
}

// e^{½·eps·t·ω²}·φ(ω), refusing an overflowing product: then the source's spectrum does not decay fast
// enough for this eps (e.g. a Gaussian mixture beyond its validity range).
function spectrum(charFn: CharacteristicFunction, w: number, gain: number): { re: number; im: number } {
  const c = charFn(w);
  if (c.re === 0 && c.im === 0) return { re: 0, im: 0 };
  const e = Math.exp((c.logScale ?? 0) + gain * w * w);
  let re = c.re * e;
  let im = c.im * e;
  if (e === Infinity) {
    // |φ| tiny, gain huge: combine in the log domain before deciding that the product overflows.
    const mod = Math.hypot(c.re, c.im);
    const f = Math.exp(Math.log(mod) + (c.logScale ?? 0) + gain * w * w);
    re = (c.re / mod) * f;
    im = (c.im / mod) * f;
  }
  if (!Number.isFinite(re) || !Number.isFinite(im)) {
    throw new NumericalError(
      `the BHE spectrum at ω = ${w}`,
      'φ(ω)·e^{½·eps·t·ω²} overflows: the characteristic function does not decay fast enough for this eps (the BHE solution does not exist), or the grid is too fine',
    );
  }
  return { re, im };
}

/**
 * Solve the BHE for a 1-D source from its characteristic function by FFT on a uniform grid (paper Eq. 19).
 *
 * @example
 * ```ts
 * import { bheFourierGrid } from '@ratedistortion/analytic';
 * // N(0, 1) source, eps = 0.5: p₁ = N(0, 0.5).
 * const r = bheFourierGrid({ charFn: (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 }), eps: 0.5, t: 1, xMin: -10, xMax: 10, points: 512 });
 * const j = 256; // x = 0
 * console.log(r.density[j], 1 / Math.sqrt(Math.PI)); // 0.5641895835477563 0.5641895835477563
 * ```
 */
export function bheFourierGrid(o: BheFourierOptions): BheFourierGrid {
  validate(o);
  const n = o.points;
  const dx = (o.xMax - o.xMin) / n;
  const period = n * dx;
  const dw = (2 * Math.PI) / period;
  const gain = 0.5 * o.eps * o.t;
  const band = o.bandLimit ?? Infinity;
  const fft = createFft(n);
  const a = fft.createComplexArray();
  const b = fft.createComplexArray();
  for (let k = 0; k < n; k++) {
    const w = (k - n / 2) * dw;
    if (Math.abs(w) > band) {
      a[2 * k] = 0;
      a[2 * k + 1] = 0;
      b[2 * k] = 0;
      b[2 * k + 1] = 0;
      continue;
    }
    const g = spectrum(o.charFn, w, gain);
    // shift by e^{iω·xMin} so that index j of the transform is x_j = xMin + j·dx
    const c = Math.cos(w * o.xMin);
    const s = Math.sin(w * o.xMin);
    const re = g.re * c - g.im * s;
    const im = g.re * s + g.im * c;
    a[2 * k] = re;
    a[2 * k + 1] = im;
    // multiplying by iω differentiates in x
    b[2 * k] = -w * im;
    b[2 * k + 1] = w * re;
  }
  const pa = fft.createComplexArray();
  const pb = fft.createComplexArray();
  fft.inverseTransform(pa, a);
  fft.inverseTransform(pb, b);
  // Σ_k a_k e^{iω_k j dx} = (−1)^j·N·ifft(a)_j since ω_k·j·dx = 2π(k − N/2)j/N.
  const scale = (dw / (2 * Math.PI)) * n;
  const xs = new Float64Array(n);
  const density = new Float64Array(n);
  const derivative = new Float64Array(n);
  const score = new Float64Array(n);
  let maxImaginary = 0;
  for (let j = 0; j < n; j++) {
    const sign = j % 2 === 0 ? scale : -scale;
    xs[j] = o.xMin + j * dx;
    density[j] = sign * pa[2 * j];
    derivative[j] = sign * pb[2 * j];
    score[j] = derivative[j] / density[j];
    maxImaginary = Math.max(maxImaginary, Math.abs(sign * pa[2 * j + 1]));
  }
  return { xs, density, derivative, score, maxImaginary, nyquist: Math.PI / dx };
}

/**
 * Options of {@link bheFourierDirect}.
 *
 * @example
 * ```ts
 * import type { BheDirectOptions } from '@ratedistortion/analytic';
 * const o: BheDirectOptions = { charFn: (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 }), eps: 0.5, t: 1, omegaMax: 12 };
 * ```
 */
export interface BheDirectOptions {
  charFn: CharacteristicFunction;
  eps: number;
  t: number;
  /** Upper limit of the ω-integral: the band limit, or where |φ(ω)|e^{½·eps·t·ω²} is negligible. */
  omegaMax: number;
  /** Frequencies where φ has kinks (e.g. 2/mᵢ, 4/mᵢ for sinc⁴ mixtures). */
  breakpoints?: number[];
  /** Absolute tolerance per point (default 1e-12). */
  tol?: number;
}

/**
 * `p_t(x)` and `p_t′(x)` at arbitrary points by adaptive Gauss–Kronrod quadrature of Eq. (19) over
 * [0, omegaMax], using the Hermitian symmetry φ(−ω) = conj φ(ω) of a real density. Independent of the FFT
 * path and used to check it.
 *
 * @example
 * ```ts
 * import { bheFourierDirect } from '@ratedistortion/analytic';
 * const r = bheFourierDirect([0], { charFn: (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 }), eps: 0.5, t: 1, omegaMax: 15 });
 * console.log(r.density[0], 1 / Math.sqrt(Math.PI));
 * ```
 */
export function bheFourierDirect(
  xs: ArrayLike<number>,
  o: BheDirectOptions,
): { density: Float64Array; derivative: Float64Array } {
  if (typeof o?.charFn !== 'function') throw new InvalidParameterError('charFn', 'a function ω ↦ {re, im}', o?.charFn);
  assertPositive('eps', o.eps);
  assertInRange('t', o.t, 0, 1);
  assertPositive('omegaMax', o.omegaMax);
  const tol = o.tol ?? 1e-12;
  const gain = 0.5 * o.eps * o.t;
  const density = new Float64Array(xs.length);
  const derivative = new Float64Array(xs.length);
  // Oscillation count of cos(ωx) over [0, Ω] sets the initial partition so that adaptivity starts resolved.
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const panels = Math.max(1, Math.ceil((Math.abs(x) * o.omegaMax) / (2 * Math.PI)));
    const brk = new Set<number>(o.breakpoints ?? []);
    for (let p = 1; p < panels; p++) brk.add((p * o.omegaMax) / panels);
    const bp = Array.from(brk);
    const opts = { absTol: tol, relTol: 0, maxIntervals: 20 * panels + 2000, breakpoints: bp };
    const f = integrate(
      (w) => {
        const g = spectrum(o.charFn, w, gain);
        return g.re * Math.cos(w * x) - g.im * Math.sin(w * x);
      },
      0,
      o.omegaMax,
      opts,
    );
    const df = integrate(
      (w) => {
        const g = spectrum(o.charFn, w, gain);
        return -w * (g.re * Math.sin(w * x) + g.im * Math.cos(w * x));
      },
      0,
      o.omegaMax,
      opts,
    );
    density[i] = f.value / Math.PI;
    derivative[i] = df.value / Math.PI;
  }
  return { density, derivative };
}
