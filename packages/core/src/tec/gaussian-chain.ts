// The optimal TEC chain of a Gaussian source, per principal direction (variance λ, mean μ), on any time grid of
// [0, 1], for the SDE dX = u dt + √eps dW and its noise-controlled Euler chain (sde/noise-controlled.ts).
//
// Active direction (λ > eps): the backward heat equation keeps p_t = N(μ, v(t)), v(t) = λ − eps·t, so
// u*(x, t) = eps ∇log p_t = −eps (x − μ)/v(t) and X1 ~ N(μ, λ − eps) (reverse water-filling). The exact Gaussian
// transitions of that law between grid times t < t' are
//   E[X_{t'} | X_t = x] = μ + a (x − μ),   a = v(t')/v(t),   Var[X_{t'} | X_t] = eps (t' − t) · a,
// i.e. a noise-controlled step with drift·h = (a − 1)(x − μ) and squared noise gain g² = a. A chain of such steps
// reproduces the optimal test channel exactly on ANY grid (its read-out is ½ log(λ/eps) with D = eps/2); with fixed
// noise (g ≡ 1) the same drift is the Euler discretisation of u*, off by O(h) and by O(√h) as eps → λ.
//
// Inactive direction (λ ≤ eps): the optimum reconstructs the mean (R = 0, D = λ/2). The optimal path is the
// mixture of Brownian bridges from X0 to μ, whose drift −(x − μ)/(1 − t) does not depend on X0 (so it is Markov):
// the same formulas with eps replaced by e = λ, v(t) = λ(1 − t), a = (1 − t')/(1 − t), g² = a. At λ = eps both
// branches agree. The last step collapses the direction (a = g² = 0), whose KL cost and the entropy of X1 are both
// infinite; the gain is therefore floored at g² ≥ GAUSSIAN_CHAIN_GAIN_FLOOR, which leaves X1 a variance of
// floor·eps·h in that direction and costs (floor/2)(1 − h) nats per inactive direction in the read-out (computed exactly by
// the recursion in gaussian-chain.test.ts).
import { InvalidParameterError } from '../errors/errors.js';
import { assertPositive } from '../errors/validate.js';

/**
 * Smallest squared noise gain of {@link gaussianChainStep}: an inactive direction's read-out then exceeds R = 0 by
 * (floor/2)(1 − h) < 5·10⁻⁵ nats (h the last step).
 *
 * @example
 * ```ts
 * import { GAUSSIAN_CHAIN_GAIN_FLOOR } from '@ratedistortion/core';
 * console.log(GAUSSIAN_CHAIN_GAIN_FLOOR); // 0.0001
 * ```
 */
export const GAUSSIAN_CHAIN_GAIN_FLOOR = 1e-4;

/**
 * One step [t, tNext] of the optimal Gaussian chain of a direction with variance `variance` at `eps` (see the file
 * header): the contraction `a` of x − μ (drift·h = (a − 1)(x − μ)) and the squared noise gain `gainSquared`
 * (≥ {@link GAUSSIAN_CHAIN_GAIN_FLOOR}) of the noise-controlled chain. Times lie in [0, 1] with t < tNext.
 *
 * @example
 * ```ts
 * import { gaussianChainStep } from '@ratedistortion/core';
 * // λ = 1, eps = 0.5, first step of a 100-step grid: a = (1 − 0.005)/1
 * const s = gaussianChainStep(1, 0.5, 0, 0.01);
 * console.log(s.contraction, s.gainSquared); // 0.995 0.995
 * ```
 */
export function gaussianChainStep(
  variance: number,
  eps: number,
  t: number,
  tNext: number,
): { contraction: number; gainSquared: number } {
  assertPositive('variance', variance);
  assertPositive('eps', eps);
  if (!(t >= 0 && tNext > t && tNext <= 1))
    throw new InvalidParameterError('t, tNext', 'times with 0 ≤ t < tNext ≤ 1', `${t}, ${tNext}`);
  const e = Math.min(eps, variance);
  const contraction = Math.max(variance - e * tNext, 0) / (variance - e * t);
  return { contraction, gainSquared: Math.max(contraction, GAUSSIAN_CHAIN_GAIN_FLOOR) };
}

/**
 * The exact expected TEC read-out (Eq. 24, with the exact entropy of X1) of the optimal Gaussian chain of one
 * direction on a uniform grid of `steps` steps: `noise: 'controlled'` uses the gains of {@link gaussianChainStep}
 * (R = ½ log(λ/eps), D = eps/2 for λ > eps, on any grid); `'fixed'` keeps g ≡ 1 with the same drift, the Euler chain
 * of the paper's SDE, whose read-out is off by O(h) and by O(√h) as eps approaches λ (the Euler floor). Computed by
 * the exact variance recursion of the linear chain (energy ½E[u²]h per step, noise cost ½(g² − 1 − log g²),
 * H(X1) = ½ log 2πe Var X1, D = ½E(X1 − X0)²).
 *
 * @example
 * ```ts
 * import { gaussianChainReadout } from '@ratedistortion/core';
 * const fixed = gaussianChainReadout(1, 0.9, 100, 'fixed');
 * console.log((fixed.rate - 0.5 * Math.log(1 / 0.9)).toFixed(3)); // 0.018 (the Euler floor at eps = 0.9 λ)
 * ```
 */
export function gaussianChainReadout(
  variance: number,
  eps: number,
  steps: number,
  noise: 'fixed' | 'controlled',
): { rate: number; distortion: number } {
  assertPositive('variance', variance);
  assertPositive('eps', eps);
  if (!Number.isInteger(steps) || steps < 1) throw new InvalidParameterError('steps', 'an integer ≥ 1', steps);
  if (noise !== 'fixed' && noise !== 'controlled')
    throw new InvalidParameterError('noise', "'fixed' or 'controlled'", noise);
  const h = 1 / steps;
  let v = variance;
  let energy = 0;
  let cost = 0;
  let prodA = 1;
  for (let k = 0; k < steps; k++) {
    const s = gaussianChainStep(variance, eps, k * h, k + 1 === steps ? 1 : (k + 1) * h);
    const g2 = noise === 'controlled' ? s.gainSquared : 1;
    energy += (0.5 * (s.contraction - 1) ** 2 * v) / h;
    cost += 0.5 * (g2 - 1 - Math.log(g2));
    v = s.contraction * s.contraction * v + g2 * eps * h;
    prodA *= s.contraction;
  }
  const entropy = 0.5 * Math.log(2 * Math.PI * Math.E * v);
  const distortion = 0.5 * (v + variance - 2 * prodA * variance);
  return {
    rate: (energy + eps * cost + eps * entropy - distortion) / eps - 0.5 * Math.log(2 * Math.PI * eps),
    distortion,
  };
}
