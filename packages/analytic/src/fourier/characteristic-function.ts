// Characteristic functions in the paper's sign convention (Eq. 85): φ(ω) = ∫ p(x) e^{−iωx} dx, so that
// p(x) = (1/2π) ∫ e^{iωx} φ(ω) dω.
import {
  assertFiniteArray,
  assertPositive,
  assertProbabilityVector,
  InvalidParameterError,
} from '@ratedistortion/core';

/**
 * A complex number.
 *
 * @example
 * ```ts
 * import type { Complex } from '@ratedistortion/analytic';
 * const z: Complex = { re: 1, im: 0 };
 * ```
 */
export interface Complex {
  re: number;
  im: number;
}

/**
 * A characteristic-function value `(re + i·im)·e^{logScale}`; `logScale` (default 0) lets spectra that
 * underflow double precision (a Gaussian tail e^{−σ²ω²/2}) be amplified by the BHE gain e^{½·eps·t·ω²}
 * without losing them.
 *
 * @example
 * ```ts
 * import type { ScaledComplex } from '@ratedistortion/analytic';
 * const z: ScaledComplex = { re: 1, im: 0, logScale: -800 }; // e^{-800}, not representable as a double
 * ```
 */
export interface ScaledComplex extends Complex {
  logScale?: number;
}

/**
 * The characteristic function `φ(ω) = ∫ p(x) e^{−iωx} dx` of a 1-D density (paper Eq. 85).
 *
 * @example
 * ```ts
 * import type { CharacteristicFunction } from '@ratedistortion/analytic';
 * const standardNormal: CharacteristicFunction = (w) => ({ re: Math.exp(-0.5 * w * w), im: 0 });
 * ```
 */
export type CharacteristicFunction = (omega: number) => ScaledComplex;

/**
 * Characteristic function of a 1-D Gaussian mixture: `φ(ω) = Σ wᵢ e^{−iωμᵢ − σᵢ²ω²/2}`.
 *
 * @example
 * ```ts
 * import { gaussianMixtureCharacteristicFunction } from '@ratedistortion/analytic';
 * const phi = gaussianMixtureCharacteristicFunction([0.5, 0.5], [-1, 1], [0.1, 0.1]);
 * console.log(phi(0)); // { re: 1, im: 0, logScale: -0 }
 * ```
 */
export function gaussianMixtureCharacteristicFunction(
  weights: ArrayLike<number>,
  means: ArrayLike<number>,
  variances: ArrayLike<number>,
): CharacteristicFunction {
  assertProbabilityVector('weights', weights);
  assertFiniteArray('means', means);
  assertFiniteArray('variances', variances);
  if (means.length !== weights.length || variances.length !== weights.length) {
    throw new InvalidParameterError('means', `arrays of ${weights.length} means and variances`, means);
  }
  for (let i = 0; i < variances.length; i++) assertPositive(`variances[${i}]`, variances[i]);
  const w = Float64Array.from(weights);
  const m = Float64Array.from(means);
  const v = Float64Array.from(variances);
  let vmin = Infinity;
  for (const vi of v) vmin = Math.min(vmin, vi);
  return (omega) => {
    // factor out the slowest-decaying Gaussian so the value never underflows
    const logScale = -0.5 * vmin * omega * omega;
    let re = 0;
    let im = 0;
    for (let i = 0; i < w.length; i++) {
      const a = w[i] * Math.exp(-0.5 * (v[i] - vmin) * omega * omega);
      re += a * Math.cos(omega * m[i]);
      im -= a * Math.sin(omega * m[i]);
    }
    return { re, im, logScale };
  };
}
