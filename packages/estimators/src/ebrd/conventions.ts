// EBRD (Wu et al.) measure distortion by the full squared error ρ(x, y) = ‖x − y‖² with a multiplier β on it
// (their Sec. IV-A, Eq. 2–3). The library's multiplier 1/eps sits on ½‖x − y‖², so β·‖x−y‖² = (1/eps)·½‖x−y‖²
// gives eps = 1/(2β): the same map as NERD's λ = −β.
import { epsToMultiplier, multiplierToEps } from '@ratedistortion/core';

/**
 * EBRD's β (multiplier on ρ = ‖x − y‖², their convention) → the library's eps = 1/(2β).
 *
 * @example
 * ```ts
 * import { ebrdBetaToEps } from '@ratedistortion/estimators';
 * console.log(ebrdBetaToEps(10)); // 0.05
 * ```
 */
export function ebrdBetaToEps(beta: number): number {
  return multiplierToEps(beta, 'sse');
}

/**
 * The library's eps → EBRD's β = 1/(2·eps) (multiplier on ‖x − y‖²).
 *
 * @example
 * ```ts
 * import { epsToEbrdBeta } from '@ratedistortion/estimators';
 * console.log(epsToEbrdBeta(0.05)); // 10
 * ```
 */
export function epsToEbrdBeta(eps: number): number {
  return epsToMultiplier(eps, 'sse');
}
