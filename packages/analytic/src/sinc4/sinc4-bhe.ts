// BHE solution of the sinc⁴ mixture (paper Eq. 23/90) and its far-field behaviour.
//
// Far field: integrating Eq. (19) by parts four times, p_t(x) = A_t(x)/x⁴ + O(x⁻⁵), where A_t collects the
// jumps of the third derivative of e^{½·eps·t·ω²}φ(ω) at ω = 0, ±2/mᵢ, ±4/mᵢ. Since sin⁴u = (3 − 4cos2u +
// cos4u)/8, the BHE multiplies the cos(2x/mᵢ) and cos(4x/mᵢ) amplitudes by aᵢ = e^{2·eps·t/mᵢ²} and
// bᵢ = e^{8·eps·t/mᵢ²}:  A_t(x) = Σ cᵢ (3 − 4aᵢ cos θᵢ + bᵢ cos 2θᵢ), θᵢ = 2x/mᵢ, cᵢ = 3wᵢmᵢ³/(16π).
// Each bracket has minimum 3 − bᵢ − 2aᵢ²/bᵢ ≈ −48(eps·t/mᵢ²)² < 0; with rationally independent scales the
// phases θᵢ are jointly dense (Kronecker), so inf A_t = Σ cᵢ·minᵢ < 0: p_t is negative somewhere far out for
// every eps > 0. The negative values are tiny (|p| ~ 1e-11 at eps = 0.05) but mean the BHE solution is a
// density only on a window, which is how validity is reported here.
import { assertInRange, assertPositive } from '@ratedistortion/core';
import { bheFourierGrid, type BheFourierGrid } from '../fourier/bhe-fourier.js';
import type { Sinc4Mixture } from './sinc4-mixture.js';

/**
 * Leading far-field coefficient `A_t(x)` of `p_t(x) ≈ A_t(x)/x⁴` for a sinc⁴ mixture, and its infimum over x
 * when the scales are rationally independent (`infimum < 0` for every eps > 0).
 *
 * @example
 * ```ts
 * import { Sinc4Mixture, sinc4FarField } from '@ratedistortion/analytic';
 * const f = sinc4FarField(Sinc4Mixture.paperExample(), 0.05, 1);
 * console.log(f.infimum < 0, f.coefficient(128.45) < 0); // true true
 * ```
 */
export function sinc4FarField(
  source: Sinc4Mixture,
  eps: number,
  t = 1,
): { coefficient: (x: number) => number; infimum: number } {
  assertPositive('eps', eps);
  assertInRange('t', t, 0, 1);
  const k = source.weights.length;
  const c = new Float64Array(k);
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  let infimum = 0;
  for (let i = 0; i < k; i++) {
    const m = source.scales[i];
    c[i] = (3 * source.weights[i] * m * m * m) / (16 * Math.PI);
    a[i] = Math.exp((2 * eps * t) / (m * m));
    b[i] = Math.exp((8 * eps * t) / (m * m));
    // min over cos θ ∈ [−1, 1] of 2b·cos²θ − 4a·cos θ + 3 − b
    const vertex = a[i] / b[i];
    infimum += c[i] * (vertex <= 1 ? 3 - b[i] - (2 * a[i] * a[i]) / b[i] : 3 + b[i] - 4 * a[i]);
  }
  const coefficient = (x: number): number => {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const th = (2 * x) / source.scales[i];
      s += c[i] * (3 - 4 * a[i] * Math.cos(th) + b[i] * Math.cos(2 * th));
    }
    return s;
  };
  return { coefficient, infimum };
}

/**
 * `p_t` of a sinc⁴ mixture on the grid `xMin + j·dx` (FFT of Eq. 19, spectrum cut exactly at the band limit).
 *
 * @example
 * ```ts
 * import { Sinc4Mixture, sinc4BheGrid } from '@ratedistortion/analytic';
 * const r = sinc4BheGrid(Sinc4Mixture.paperExample(), 0.05, 1, { halfWidth: 100, points: 1 << 14 });
 * console.log(r.density.length); // 16384
 * ```
 */
export function sinc4BheGrid(
  source: Sinc4Mixture,
  eps: number,
  t: number,
  grid: { halfWidth?: number; points?: number } = {},
): BheFourierGrid {
  const h = grid.halfWidth ?? 100;
  return bheFourierGrid({
    charFn: source.characteristicFunction,
    eps,
    t,
    xMin: -h,
    xMax: h,
    points: grid.points ?? 1 << 14,
    bandLimit: source.bandLimit,
  });
}
