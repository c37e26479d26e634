// Reverse water-filling for Gaussian sources in the library's convention: D = ½E‖X−X̂‖², rates in nats,
// Lagrange slope dR/dD = −1/eps. Along an eigen-direction with variance λ the optimal per-direction MSE is
// min(eps, λ) — the water level in MSE units is eps itself — so the half-SSE distortion is min(eps, λ)/2
// and the rate ½·log(λ/eps) when λ > eps, 0 otherwise.
import { InvalidParameterError, assertFiniteArray, assertPositive, type GaussianSpec } from '@ratedistortion/core';
import { gaussianComponents } from '../sources/analytic-source.js';

/**
 * One point of a Gaussian RD curve.
 *
 * @example
 * ```ts
 * import { reverseWaterFilling, type WaterFillingPoint } from '@ratedistortion/analytic';
 * const p: WaterFillingPoint = reverseWaterFilling([1, 4], 2);
 * console.log(p.rate, p.distortion); // 0.34657359027997264 1.5
 * ```
 */
export interface WaterFillingPoint {
  /** Water level in per-direction MSE units (= 1/β). */
  eps: number;
  /** Rate in nats. */
  rate: number;
  /** Total distortion ½E‖X−X̂‖². */
  distortion: number;
  /** Per eigen-direction distortion min(eps, λᵢ)/2, in the order the eigenvalues were given. */
  componentDistortions: Float64Array;
  /** Per eigen-direction rate max(0, ½ log(λᵢ/eps)). */
  componentRates: Float64Array;
}

function checkEigenvalues(eigenvalues: ArrayLike<number>): Float64Array {
  assertFiniteArray('eigenvalues', eigenvalues);
  const v = Float64Array.from(eigenvalues);
  for (let i = 0; i < v.length; i++)
    if (!(v[i] > 0)) throw new InvalidParameterError(`eigenvalues[${i}]`, 'a variance > 0', v[i]);
  return v;
}

/**
 * Covariance eigenvalues (ascending) of a Gaussian spec.
 *
 * @example
 * ```ts
 * import { gaussianEigenvalues } from '@ratedistortion/analytic';
 * console.log(gaussianEigenvalues({ kind: 'gaussian', covariance: [[2, 1], [1, 2]] })); // Float64Array [1, 3]
 * ```
 */
export function gaussianEigenvalues(spec: GaussianSpec): Float64Array {
  return gaussianComponents(spec)[0].eigenvalues;
}

/**
 * Rate and distortion of a Gaussian source with covariance eigenvalues `eigenvalues` at slope −1/eps.
 *
 * @example
 * ```ts
 * import { reverseWaterFilling } from '@ratedistortion/analytic';
 * // λ = (1, 4), eps = 2: the first direction is not coded, the second gets ½log(4/2).
 * const p = reverseWaterFilling([1, 4], 2);
 * console.log(p.distortion, p.rate); // 1.5 0.34657359027997264
 * ```
 */
export function reverseWaterFilling(eigenvalues: ArrayLike<number>, eps: number): WaterFillingPoint {
  const lam = checkEigenvalues(eigenvalues);
  assertPositive('eps', eps);
  const cd = new Float64Array(lam.length);
  const cr = new Float64Array(lam.length);
  let rate = 0;
  let distortion = 0;
  for (let i = 0; i < lam.length; i++) {
    cd[i] = 0.5 * Math.min(eps, lam[i]);
    cr[i] = lam[i] > eps ? 0.5 * Math.log(lam[i] / eps) : 0;
    rate += cr[i];
    distortion += cd[i];
  }
  return { eps, rate, distortion, componentDistortions: cd, componentRates: cr };
}

/**
 * The Gaussian rate–distortion function `R(D)` (nats) for covariance eigenvalues `eigenvalues`, by reverse
 * water-filling solved exactly (piecewise-linear in eps). For `D ≥ ½Σλᵢ` the rate is 0 and `eps` is the
 * largest eigenvalue (the smallest water level giving zero rate).
 *
 * @example
 * ```ts
 * import { gaussianRateDistortion } from '@ratedistortion/analytic';
 * const { rate, eps } = gaussianRateDistortion([1], 0.25); // scalar N(0,1): ½log(σ²/2D)
 * console.log(rate, 0.5 * Math.log(1 / 0.5), eps);       // 0.34657... 0.34657... 0.5
 * ```
 */
export function gaussianRateDistortion(eigenvalues: ArrayLike<number>, distortion: number): WaterFillingPoint {
  const lam = checkEigenvalues(eigenvalues).sort();
  assertPositive('distortion', distortion);
  const d = lam.length;
  let total = 0;
  for (const l of lam) total += l;
  if (2 * distortion >= total) return reverseWaterFilling(lam, lam[d - 1]);
  // k directions (the k smallest) are below the water level: 2D = Σ_{i<k} λ_i + (d − k)·eps.
  let below = 0;
  for (let k = 0; k < d; k++) {
    const eps = (2 * distortion - below) / (d - k);
    if (eps <= lam[k] && (k === 0 || eps >= lam[k - 1])) return reverseWaterFilling(lam, eps);
    below += lam[k];
  }
  /* c8 ignore next */
  throw new InvalidParameterError('distortion', `a value in (0, ${total / 2})`, distortion);
}

/**
 * The Gaussian distortion–rate function `D(R)`, the inverse of {@link gaussianRateDistortion}.
 * `R = 0` gives `D = ½Σλᵢ`.
 *
 * @example
 * ```ts
 * import { gaussianDistortionRate } from '@ratedistortion/analytic';
 * const { distortion } = gaussianDistortionRate([1], Math.log(2)); // σ²·e^{−2R}/2
 * console.log(distortion); // 0.125
 * ```
 */
export function gaussianDistortionRate(eigenvalues: ArrayLike<number>, rate: number): WaterFillingPoint {
  const lam = checkEigenvalues(eigenvalues).sort();
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)
    throw new InvalidParameterError('rate', 'a finite number >= 0', rate);
  const d = lam.length;
  if (rate === 0) return reverseWaterFilling(lam, lam[d - 1]);
  // m largest directions active: R = ½Σ_active log λ − (m/2) log eps.
  let sumLog = 0;
  for (let m = 1; m <= d; m++) {
    sumLog += Math.log(lam[d - m]);
    const eps = Math.exp((sumLog - 2 * rate) / m);
    const belowAll = eps < lam[d - m];
    const aboveRest = m === d || eps >= lam[d - m - 1];
    if (belowAll && aboveRest) return reverseWaterFilling(lam, eps);
  }
  /* c8 ignore next */
  throw new InvalidParameterError('rate', 'a finite number >= 0', rate);
}
