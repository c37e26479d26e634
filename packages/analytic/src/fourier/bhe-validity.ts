// Largest eps for which the Fourier BHE solution p₁ is a density on a window, by bisection on eps with the
// grid minimum of p₁ (FFT path). Assumes the negative part appears once and grows with eps (true for the
// band-limited sources here: the amplification e^{½·eps·ω²} of high frequencies is monotone in eps).
// Resolution: eps to `tol`; x to the grid spacing dx (a negative dip narrower than dx can be missed).
// The answer depends on the window: for a sinc⁴ mixture with incommensurate scales p₁ turns negative
// somewhere far out for every eps > 0 (see `sinc4TailDeficit`), so the limit shrinks as the window grows.
import { InvalidParameterError, assertPositive } from '@ratedistortion/core';
import { bheFourierGrid } from './bhe-fourier.js';
import type { CharacteristicFunction } from './characteristic-function.js';

/**
 * Options of {@link bheValidityLimit}.
 *
 * @example
 * ```ts
 * import type { BheValidityOptions } from '@ratedistortion/analytic';
 * const o: BheValidityOptions = { charFn: (w) => ({ re: Math.max(0, 1 - Math.abs(w)), im: 0 }), bandLimit: 1, halfWidth: 50, epsMax: 1 };
 * ```
 */
export interface BheValidityOptions {
  charFn: CharacteristicFunction;
  /** Band limit of φ (required: the method is meant for band-limited spectra). */
  bandLimit: number;
  /** The window is [−halfWidth, halfWidth) (default 100). */
  halfWidth?: number;
  /** Grid points, a power of two (default 2¹⁴). */
  points?: number;
  /** Upper end of the eps search interval; must give a negative minimum. */
  epsMax: number;
  /** Bisection tolerance on eps (default 1e-6). */
  tol?: number;
}

/**
 * Result of {@link bheValidityLimit}: the largest eps (within `tol`) whose p₁ is ≥ 0 on the window.
 *
 * @example
 * ```ts
 * import type { BheValidityLimit } from '@ratedistortion/analytic';
 * const r: BheValidityLimit = { epsLimit: 0.07, tol: 1e-6, halfWidth: 100, dx: 0.01, minAtLimit: 0, bracket: [0.07, 0.0700001] };
 * ```
 */
export interface BheValidityLimit {
  epsLimit: number;
  tol: number;
  halfWidth: number;
  dx: number;
  /** min p₁ over the grid at `epsLimit` (≥ 0). */
  minAtLimit: number;
  /** Final bisection bracket [valid, invalid]. */
  bracket: [number, number];
}

/**
 * Minimum of p₁ over the FFT grid of the window, and where it is attained.
 *
 * @example
 * ```ts
 * import { bheMinimumDensity, Sinc4Mixture } from '@ratedistortion/analytic';
 * const s = Sinc4Mixture.paperExample();
 * console.log(bheMinimumDensity(s.characteristicFunction, 0.2, { bandLimit: s.bandLimit, halfWidth: 50 }).min < 0); // true
 * ```
 */
export function bheMinimumDensity(
  charFn: CharacteristicFunction,
  eps: number,
  o: { bandLimit: number; halfWidth?: number; points?: number },
): { min: number; at: number; dx: number } {
  const halfWidth = o.halfWidth ?? 100;
  assertPositive('halfWidth', halfWidth);
  const r = bheFourierGrid({
    charFn,
    eps,
    t: 1,
    xMin: -halfWidth,
    xMax: halfWidth,
    points: o.points ?? 1 << 14,
    bandLimit: o.bandLimit,
  });
  let min = Infinity;
  let at = 0;
  for (let j = 0; j < r.xs.length; j++)
    if (r.density[j] < min) {
      min = r.density[j];
      at = r.xs[j];
    }
  return { min, at, dx: r.xs[1] - r.xs[0] };
}

/**
 * Bisection for the largest eps with p₁ ≥ 0 on the window (see the file comment for method and resolution).
 * Throws `InvalidParameterError` when `epsMax` does not produce a negative p₁ (nothing to bracket).
 *
 * @example
 * ```ts
 * import { bheValidityLimit, Sinc4Mixture } from '@ratedistortion/analytic';
 * const s = Sinc4Mixture.paperExample();
 * const r = bheValidityLimit({ charFn: s.characteristicFunction, bandLimit: s.bandLimit, halfWidth: 50, epsMax: 1, tol: 1e-4 });
 * console.log(r.epsLimit); // ≈ 0.07 on [−50, 50]
 * ```
 */
export function bheValidityLimit(o: BheValidityOptions): BheValidityLimit {
  assertPositive('epsMax', o.epsMax);
  const tol = o.tol ?? 1e-6;
  assertPositive('tol', tol);
  const halfWidth = o.halfWidth ?? 100;
  const grid = { bandLimit: o.bandLimit, halfWidth, points: o.points };
  const hiMin = bheMinimumDensity(o.charFn, o.epsMax, grid);
  if (hiMin.min >= 0)
    throw new InvalidParameterError(
      'epsMax',
      'an eps at which p₁ has a negative value on the window',
      o.epsMax,
      `min p₁ = ${hiMin.min}`,
    );
  let lo = 0;
  let hi = o.epsMax;
  let minLo = Infinity;
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    const m = bheMinimumDensity(o.charFn, mid, grid).min;
    if (m >= 0) {
      lo = mid;
      minLo = m;
    } else hi = mid;
  }
  return { epsLimit: lo, tol, halfWidth, dx: hiMin.dx, minAtLimit: minLo, bracket: [lo, hi] };
}
