// Converters between the library's conventions and those of its peers.
//
// The library: distortion D = ½E‖X−X̂‖² ("half SSE"), rate in nats, eps = 1/β for a multiplier β on ½‖x−y‖².
// Peers: NERD (Lei et al. 2022) reports SSE = E‖X−X̂‖² and bits, with a multiplier λ < 0 on the SSE;
// WGD (Yang et al. 2024) lets the user choose half_sse, sse or per-dimension mse; RD-sandwich reports
// per-dimension MSE = E‖X−X̂‖²/d.
import { assertFinite, assertInteger, assertPositive } from '../errors/validate.js';
import { InvalidParameterError } from '../errors/errors.js';

function finiteRate(rate: number): number {
  assertFinite('rate', rate);
  return rate;
}

/**
 * How a peer measures distortion. `half-sse` is the library's own convention.
 *
 * @example
 * ```ts
 * import { convertDistortion, type DistortionConvention } from '@ratedistortion/core';
 * const d = 0.025; // the library's D = ½E‖X−X̂‖² of a 1-D point
 * for (const to of ['half-sse', 'sse', 'mse'] as DistortionConvention[]) {
 *   console.log(to, convertDistortion(d, 'half-sse', to, 1)); // 0.025, 0.05, 0.05
 * }
 * ```
 */
export type DistortionConvention = 'half-sse' | 'sse' | 'mse';

/**
 * Library distortion (½E‖X−X̂‖²) → expected squared error E‖X−X̂‖².
 *
 * @example
 * ```ts
 * import { toSse } from '@ratedistortion/core';
 * console.log(toSse(0.25)); // 0.5
 * ```
 */
export function toSse(distortion: number): number {
  assertFinite('distortion', distortion);
  return 2 * distortion;
}

/**
 * Expected squared error E‖X−X̂‖² → library distortion.
 *
 * @example
 * ```ts
 * import { fromSse } from '@ratedistortion/core';
 * console.log(fromSse(0.5)); // 0.25
 * ```
 */
export function fromSse(sse: number): number {
  assertFinite('sse', sse);
  return sse / 2;
}

/**
 * Library distortion → per-dimension MSE E‖X−X̂‖²/d.
 *
 * @example
 * ```ts
 * import { toPerDimMse } from '@ratedistortion/core';
 * console.log(toPerDimMse(1, 4)); // 0.5
 * ```
 */
export function toPerDimMse(distortion: number, dim: number): number {
  assertFinite('distortion', distortion);
  assertInteger('dim', dim, 1);
  return (2 * distortion) / dim;
}

/**
 * Per-dimension MSE → library distortion.
 *
 * @example
 * ```ts
 * import { fromPerDimMse } from '@ratedistortion/core';
 * console.log(fromPerDimMse(0.5, 4)); // 1
 * ```
 */
export function fromPerDimMse(mse: number, dim: number): number {
  assertFinite('mse', mse);
  assertInteger('dim', dim, 1);
  return (mse * dim) / 2;
}

/**
 * Convert a distortion between conventions (`dim` needed for `mse`).
 *
 * @example
 * ```ts
 * import { convertDistortion } from '@ratedistortion/core';
 * console.log(convertDistortion(0.3, 'sse', 'mse', 3)); // 0.1
 * ```
 */
export function convertDistortion(
  value: number,
  from: DistortionConvention,
  to: DistortionConvention,
  dim?: number,
): number {
  const need = (): number => {
    if (dim === undefined)
      throw new InvalidParameterError('dim', "an integer >= 1 when converting to or from 'mse'", dim);
    return dim;
  };
  let half: number;
  switch (from) {
    case 'half-sse':
      assertFinite('value', value);
      half = value;
      break;
    case 'sse':
      half = fromSse(value);
      break;
    case 'mse':
      half = fromPerDimMse(value, need());
      break;
    default:
      throw new InvalidParameterError('from', "'half-sse', 'sse' or 'mse'", from);
  }
  switch (to) {
    case 'half-sse':
      return half;
    case 'sse':
      return toSse(half);
    case 'mse':
      return toPerDimMse(half, need());
    default:
      throw new InvalidParameterError('to', "'half-sse', 'sse' or 'mse'", to);
  }
}

/**
 * Nats → bits.
 *
 * @example
 * ```ts
 * import { natsToBits } from '@ratedistortion/core';
 * console.log(natsToBits(Math.LN2)); // 1
 * ```
 */
export function natsToBits(nats: number): number {
  assertFinite('nats', nats);
  return nats / Math.LN2;
}

/**
 * Bits → nats.
 *
 * @example
 * ```ts
 * import { bitsToNats } from '@ratedistortion/core';
 * console.log(bitsToNats(1)); // 0.6931...
 * ```
 */
export function bitsToNats(bits: number): number {
  assertFinite('bits', bits);
  return bits * Math.LN2;
}

/**
 * eps → the Blahut–Arimoto multiplier β on ½‖x−y‖² (β = 1/eps).
 *
 * @example
 * ```ts
 * import { epsToBeta } from '@ratedistortion/core';
 * console.log(epsToBeta(0.1)); // 10
 * ```
 */
export function epsToBeta(eps: number): number {
  assertPositive('eps', eps);
  return 1 / eps;
}

/**
 * β (multiplier on ½‖x−y‖²) → eps.
 *
 * @example
 * ```ts
 * import { betaToEps } from '@ratedistortion/core';
 * console.log(betaToEps(10)); // 0.1
 * ```
 */
export function betaToEps(beta: number): number {
  assertPositive('beta', beta);
  return 1 / beta;
}

/**
 * NERD's dual variable λ < 0 multiplies the squared error ‖x−y‖² (see its `NERDlagr.py`:
 * `lmbda_dual * dist_mat` with `dist_mat = ((x-y)**2).sum()`). Since β·½‖x−y‖² = −λ‖x−y‖², β = −2λ and
 * eps = −1/(2λ). NERD's λ = −10 is eps = 0.05.
 *
 * @example
 * ```ts
 * import { nerdLambdaToEps } from '@ratedistortion/core';
 * console.log(nerdLambdaToEps(-10)); // 0.05
 * ```
 */
export function nerdLambdaToEps(lambda: number): number {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda >= 0) {
    throw new InvalidParameterError('lambda', 'a finite number < 0 (NERD convention)', lambda);
  }
  return multiplierToEps(-lambda, 'sse');
}

/**
 * eps → NERD's λ = −1/(2·eps).
 *
 * @example
 * ```ts
 * import { epsToNerdLambda } from '@ratedistortion/core';
 * console.log(epsToNerdLambda(0.05)); // -10
 * ```
 */
export function epsToNerdLambda(eps: number): number {
  return -epsToMultiplier(eps, 'sse');
}

/**
 * An RD point in the library's convention.
 *
 * @example
 * ```ts
 * import { toPeerUnits, type RdPointNats } from '@ratedistortion/core';
 * const p: RdPointNats = { rate: 0.5 * Math.log(1 / 0.05), distortion: 0.025 }; // unit Gaussian, eps = 0.05
 * console.log(toPeerUnits(p, { distortion: 'sse', rate: 'bits' })); // { rate: 2.16…, distortion: 0.05 }
 * ```
 */
export interface RdPointNats {
  rate: number;
  distortion: number;
}

/**
 * Express a library RD point (nats, ½E‖X−X̂‖²) in a peer's units.
 *
 * @example
 * ```ts
 * import { toPeerUnits } from '@ratedistortion/core';
 * // NERD: SSE and bits
 * console.log(toPeerUnits({ rate: Math.LN2, distortion: 0.5 }, { distortion: 'sse', rate: 'bits' }));
 * // { rate: 1, distortion: 1 }
 * ```
 */
export function toPeerUnits(point: RdPointNats, units: PeerUnits): RdPointNats {
  return convertPoint(point, units, 'to-peer');
}

/**
 * Bring a peer's RD point back to the library's convention.
 *
 * @example
 * ```ts
 * import { fromPeerUnits } from '@ratedistortion/core';
 * console.log(fromPeerUnits({ rate: 1, distortion: 1 }, { distortion: 'sse', rate: 'bits' }));
 * // { rate: 0.693..., distortion: 0.5 }
 * ```
 */
export function fromPeerUnits(point: RdPointNats, units: PeerUnits): RdPointNats {
  return convertPoint(point, units, 'from-peer');
}

type PeerUnits = { distortion: DistortionConvention; rate: 'nats' | 'bits'; dim?: number };

/** The point between the library's units (nats, ½‖x−y‖²) and `units`, in the given direction. */
function convertPoint(point: RdPointNats, units: PeerUnits, direction: 'to-peer' | 'from-peer'): RdPointNats {
  const toPeer = direction === 'to-peer';
  const bits = units.rate === 'bits';
  return {
    rate: bits ? (toPeer ? natsToBits(point.rate) : bitsToNats(point.rate)) : finiteRate(point.rate),
    distortion: toPeer
      ? convertDistortion(point.distortion, 'half-sse', units.distortion, units.dim)
      : convertDistortion(point.distortion, units.distortion, 'half-sse', units.dim),
  };
}

function costScale(convention: DistortionConvention, dim?: number): number {
  // cost in `convention` = scale · ½‖x−y‖²
  switch (convention) {
    case 'half-sse':
      return 1;
    case 'sse':
      return 2;
    case 'mse':
      if (dim === undefined) throw new InvalidParameterError('dim', "an integer >= 1 for the 'mse' convention", dim);
      assertInteger('dim', dim, 1);
      return 2 / dim;
    default:
      throw new InvalidParameterError('convention', "'half-sse', 'sse' or 'mse'", convention);
  }
}

/**
 * A peer's Lagrange multiplier λ > 0 on its distortion (`λ·cost(x, y)`) → the library's eps. With
 * cost = s·½‖x−y‖² (s = 1 for half-SSE, 2 for SSE, 2/d for per-dimension MSE), λ·cost = ½‖x−y‖²/eps, so
 * eps = 1/(λ·s). WGD's `rd_lambda`, EBRD's β (on SSE) and NERD's −λ (on SSE) all convert this way.
 *
 * @example
 * ```ts
 * import { multiplierToEps } from '@ratedistortion/core';
 * console.log(multiplierToEps(10, 'sse'));      // 0.05 (NERD λ = −10, EBRD β = 10)
 * console.log(multiplierToEps(10, 'mse', 4));   // 0.2
 * ```
 */
export function multiplierToEps(multiplier: number, convention: DistortionConvention, dim?: number): number {
  assertPositive('multiplier', multiplier);
  return 1 / (multiplier * costScale(convention, dim));
}

/**
 * The library's eps → a peer's multiplier λ on its distortion convention (inverse of {@link multiplierToEps}).
 *
 * @example
 * ```ts
 * import { epsToMultiplier } from '@ratedistortion/core';
 * console.log(epsToMultiplier(0.05, 'sse')); // 10
 * ```
 */
export function epsToMultiplier(eps: number, convention: DistortionConvention, dim?: number): number {
  assertPositive('eps', eps);
  return 1 / (eps * costScale(convention, dim));
}
