// Special functions needed by the entropy estimators' formulas and bias corrections, in float64.
// Asymptotic series after upward recurrence: |error| < 1e-13 for the arguments used here (x > 0).
import { InvalidParameterError } from '../errors/errors.js';

function assertPositiveArg(name: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
    throw new InvalidParameterError(name, 'a finite number > 0', x);
}

/**
 * Digamma ψ(x) = d/dx log Γ(x) for x > 0 (recurrence to x ≥ 10, then the Stirling-type asymptotic series).
 *
 * @example
 * ```ts
 * import { digamma } from '@ratedistortion/core';
 * console.log(digamma(1)); // −0.5772156649 (minus the Euler–Mascheroni constant)
 * ```
 */
export function digamma(x: number): number {
  assertPositiveArg('x', x);
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
}

/**
 * Trigamma ψ₁(x) = d²/dx² log Γ(x) for x > 0.
 *
 * @example
 * ```ts
 * import { trigamma } from '@ratedistortion/core';
 * console.log(trigamma(1)); // π²/6 ≈ 1.644934
 * ```
 */
export function trigamma(x: number): number {
  assertPositiveArg('x', x);
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * log Γ(x) for x > 0 (Lanczos approximation, g = 7, relative error ~1e-15).
 *
 * @example
 * ```ts
 * import { logGamma } from '@ratedistortion/core';
 * console.log(Math.exp(logGamma(5))); // 24
 * ```
 */
export function logGamma(x: number): number {
  assertPositiveArg('x', x);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * log of the volume of the Euclidean unit ball in ℝ^d: `(d/2) log π − log Γ(d/2 + 1)`.
 *
 * @example
 * ```ts
 * import { logUnitBallVolume } from '@ratedistortion/core';
 * console.log(Math.exp(logUnitBallVolume(2))); // π
 * ```
 */
export function logUnitBallVolume(d: number): number {
  if (!Number.isInteger(d) || d < 1) throw new InvalidParameterError('d', 'an integer >= 1', d);
  return (d / 2) * Math.log(Math.PI) - logGamma(d / 2 + 1);
}
