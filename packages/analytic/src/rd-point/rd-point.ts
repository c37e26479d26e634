// One RD point of an analytic source, choosing the method: reverse water-filling for Gaussians, the
// BHE/Shannon-lower-bound answer for Gaussian and sinc⁴ mixtures where the BHE solution is a density, and
// Blahut–Arimoto on a grid otherwise (1-D and 2-D densities; Laplace and uniform in any dimension, coordinate by
// coordinate). Every result says what kind of reference it is (exact, Monte Carlo, BA with its dual gap).
import {
  InvalidParameterError,
  ValidityRangeError,
  assertFiniteArray,
  assertPositive,
  type AnalyticSourceSpec,
  type GaussianMixtureSpec,
  type GaussianSpec,
  type Sinc4MixtureSpec,
} from '@ratedistortion/core';
import type { BlahutArimotoOptions } from '../blahut-arimoto/blahut-arimoto.js';
import { BaReferenceSolver, baGridProblems } from './ba-reference.js';
import { baRunOptions, rdPointFromBa, sinc4H, sinc4ValidAt } from './rd-point-parts.js';
import { shannonLowerBoundAtEps } from '../bounds/shannon-lower-bound.js';
import { bheFourierDirect } from '../fourier/bhe-fourier.js';
import {
  gaussianMixtureCharacteristicFunction,
  type CharacteristicFunction,
} from '../fourier/characteristic-function.js';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { mixtureEntropy, type MixtureEntropyOptions } from '../mixture/mixture-entropy.js';
import { Sinc4Mixture } from '../sinc4/sinc4-mixture.js';

/**
 * Method selector of {@link rdPoint}.
 *
 * @example
 * ```ts
 * import type { RdMethod } from '@ratedistortion/analytic';
 * const m: RdMethod = 'auto';
 * ```
 */
export type RdMethod = 'auto' | 'closed-form' | 'bhe' | 'fourier' | 'ba';

/**
 * The method an {@link rdPoint} result was actually computed with: never `'auto'`, which resolves to one of
 * these before anything is computed.
 *
 * @example
 * ```ts
 * import { rdPoint, type RdComputedMethod } from '@ratedistortion/analytic';
 * const m: RdComputedMethod = rdPoint({ kind: 'gaussian', variance: 1 }, 0.5).method; // 'closed-form'
 * ```
 */
export type RdComputedMethod = Exclude<RdMethod, 'auto'>;

/**
 * Options of {@link rdPoint}.
 *
 * @example
 * ```ts
 * import type { RdPointOptions } from '@ratedistortion/analytic';
 * const o: RdPointOptions = { method: 'ba', ba: { points: 400, tol: 1e-6 } };
 * ```
 */
export interface RdPointOptions {
  method?: RdMethod;
  /**
   * Blahut–Arimoto: grid points per axis (default: chosen from eps and the source scale, see {@link baGridProblems})
   * and the stopping rule of {@link BlahutArimotoOptions} (`tol`: Lagrangian decrease per update, default
   * 1e-11; optional dual-gap stop `gapTol`; iteration cap `maxIterations`, default 100000). At tol 1e-11 the rate
   * is within 1e-6 nats of its 100,000-iteration value (measured on the Laplace grid at eps 0.05–2).
   */
  ba?: { points?: number; tol?: number; gapTol?: number; maxIterations?: number };
  /** Entropy options for Gaussian mixtures (quadrature in 1-D/2-D, Monte Carlo above). */
  entropy?: MixtureEntropyOptions;
  /** Half-width of the window on which a sinc⁴ mixture's p₁ is checked for non-negativity (default 100). */
  validityHalfWidth?: number;
}

/**
 * What kind of reference an {@link RdPointResult} is:
 *
 * - `'exact'`: closed form (reverse water-filling), or the BHE/Shannon-lower-bound answer with the entropy by
 *   closed form or adaptive quadrature (error ≤ the quadrature tolerance, ~1e-10 nats);
 * - `'monte-carlo'`: the BHE/SLB answer with a Monte Carlo entropy (dimension > 2): `stdError` is its standard error;
 * - `'ba'`: Blahut–Arimoto on a grid, converged (its stopping rule met, or a dual gap ≤ 1e-5 nats); `gap` bounds
 *   how far `rate` is from the grid source's R(D) (the grid's discretisation error, O(h²) in the cell width, comes
 *   on top);
 * - `'ba-unconverged'`: Blahut–Arimoto stopped at its iteration cap with a larger gap: an upper bound, `gap` says
 *   how loose.
 *
 * @example
 * ```ts
 * import { rdPoint, type RdReferenceKind } from '@ratedistortion/analytic';
 * const k: RdReferenceKind = rdPoint({ kind: 'gaussian', variance: 1 }, 0.5).reference; // 'exact'
 * ```
 */
export type RdReferenceKind = 'exact' | 'monte-carlo' | 'ba' | 'ba-unconverged';

/**
 * One RD point: rate in nats, distortion ½E‖X − X̂‖², the method used, the kind of reference it is and whether
 * the BHE solution exists at this eps (for sinc⁴ mixtures: whether p₁ ≥ 0 on the validity window — see
 * `sinc4FarField` for why no eps > 0 is valid on all of ℝ when the scales are incommensurate; Laplace, uniform and
 * grid densities have none).
 *
 * @example
 * ```ts
 * import { rdPoint, type RdPointResult } from '@ratedistortion/analytic';
 * const r: RdPointResult = rdPoint({ kind: 'gaussian', variance: 1 }, 0.5);
 * console.log(r.reference, r.bheValid); // 'exact' true
 * ```
 */
export interface RdPointResult {
  eps: number;
  rate: number;
  distortion: number;
  /** The method actually used (`'auto'` is resolved: `'closed-form'`, `'bhe'` or `'ba'`). */
  method: RdComputedMethod;
  /** What kind of reference the point is (see {@link RdReferenceKind}). */
  reference: RdReferenceKind;
  /** Whether the backward-heat-equation solution (the SLB-attaining reconstruction law) exists at this eps. */
  bheValid: boolean;
  /** Monte Carlo standard error of the rate (Gaussian mixtures in dimension > 2). */
  stdError?: number;
  /** Blahut–Arimoto dual lower bound (method 'ba'). */
  lowerBound?: number;
  /** Blahut–Arimoto dual gap `rate − lowerBound` (method 'ba'). */
  gap?: number;
  /** Blahut–Arimoto diagnostics (method 'ba'): updates run and whether the stopping rule was met. */
  iterations?: number;
  converged?: boolean;
}

function baAt(spec: AnalyticSourceSpec, eps: number, opts: RdPointOptions, bheValid: boolean): RdPointResult {
  const problems = baGridProblems(spec, eps, { points: opts.ba?.points });
  return rdPointFromBa(new BaReferenceSolver(problems, baRunOptions(opts)).at(eps), bheValid);
}

/**
 * The RD point of an analytic source at slope −1/eps.
 *
 * - `'auto'`: closed form for Gaussians; for Gaussian/sinc⁴ mixtures the BHE/SLB answer inside the validity
 *   range, Blahut–Arimoto outside it (dimension ≤ 2; beyond that a `ValidityRangeError`).
 * - `'closed-form'`: reverse water-filling (Gaussian sources only).
 * - `'bhe'`: `R = h(P0) − (d/2)log(2πe·eps)`, `D = d·eps/2`; throws `ValidityRangeError` outside the range.
 * - `'fourier'`: as 'bhe' for 1-D sources, but validity decided by the sign of the Fourier p₁ on the window.
 * - `'ba'`: Blahut–Arimoto on a grid (1-D, 2-D; Laplace and uniform sources in any dimension, one 1-D grid per
 *   distinct coordinate law; the grids of {@link baGridProblems}).
 *
 * Laplace, uniform and grid-density sources have no closed form or BHE answer: `'auto'` is `'ba'` for them.
 *
 * @example
 * ```ts
 * import { rdPoint } from '@ratedistortion/analytic';
 * console.log(rdPoint({ kind: 'gaussian', variance: 1 }, 0.5));
 * // { eps: 0.5, rate: 0.34657359027997264, distortion: 0.25, method: 'closed-form', reference: 'exact', bheValid: true }
 * const gmm = { kind: 'gmm' as const, weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] };
 * console.log(rdPoint(gmm, 0.01).method); // 'bhe'
 * const laplace = rdPoint({ kind: 'laplace', scale: 1 }, 0.5);
 * console.log(laplace.method, laplace.reference, laplace.gap); // 'ba' 'ba' (dual gap, nats)
 * ```
 */
export function rdPoint(source: AnalyticSourceSpec, eps: number, opts: RdPointOptions = {}): RdPointResult {
  assertPositive('eps', eps);
  const method = opts.method ?? 'auto';
  if (!['auto', 'closed-form', 'bhe', 'fourier', 'ba'].includes(method)) {
    throw new InvalidParameterError('method', "one of 'auto', 'closed-form', 'bhe', 'fourier', 'ba'", method);
  }
  if (source == null || typeof source !== 'object')
    throw new InvalidParameterError('source', 'an analytic source spec', source);
  if (source.kind === 'sinc4-mixture') return rdPointSinc4(source, eps, method, opts);
  if (source.kind === 'laplace' || source.kind === 'uniform' || source.kind === 'grid-density') {
    if (method !== 'auto' && method !== 'ba') {
      throw new InvalidParameterError(
        'method',
        `'auto' or 'ba' for a ${source.kind} source (no closed form or BHE solution)`,
        method,
      );
    }
    return baAt(source, eps, opts, false);
  }
  if (source.kind !== 'gaussian' && source.kind !== 'gmm') {
    throw new InvalidParameterError(
      'source.kind',
      "'gaussian', 'gmm', 'sinc4-mixture', 'laplace', 'uniform' or 'grid-density'",
      (source as { kind: unknown }).kind,
    );
  }
  const g = GaussianMixture.fromSpec(source as GaussianSpec | GaussianMixtureSpec);
  const valid = eps < g.bheValidityLimit;
  const isGaussian = source.kind === 'gaussian';
  if (method === 'closed-form' || (method === 'auto' && isGaussian)) {
    if (!isGaussian)
      throw new InvalidParameterError(
        'method',
        "'auto', 'bhe', 'fourier' or 'ba' for a Gaussian mixture (no closed form)",
        method,
      );
    const w = reverseWaterFilling(g.components[0].eigenvalues, eps);
    return { eps, rate: w.rate, distortion: w.distortion, method: 'closed-form', reference: 'exact', bheValid: valid };
  }
  if (method === 'ba' || (method === 'auto' && !valid)) {
    if (method === 'auto' && g.dim > 2) {
      throw new ValidityRangeError(
        'eps',
        `a value in (0, ${g.bheValidityLimit})`,
        eps,
        'the BHE solution; Blahut–Arimoto is only available in dimension 1 and 2',
      );
    }
    return baAt(source, eps, opts, valid);
  }
  if (method === 'fourier') {
    if (g.dim !== 1) throw new InvalidParameterError('method', "'bhe' or 'ba' for a source of dimension > 1", method);
    if (!valid)
      throw new ValidityRangeError(
        'eps',
        `a value in (0, ${g.bheValidityLimit})`,
        eps,
        'the Fourier BHE solution (the spectrum grows without bound)',
      );
  }
  g.assertBheEps(eps);
  const h = mixtureEntropy(g, opts.entropy);
  const p = shannonLowerBoundAtEps(h.entropy, eps, g.dim);
  const out: RdPointResult = {
    eps,
    rate: p.rate,
    distortion: p.distortion,
    method: method === 'auto' ? 'bhe' : method,
    reference: h.stdError !== undefined ? 'monte-carlo' : 'exact',
    bheValid: true,
  };
  if (h.stdError !== undefined) out.stdError = h.stdError;
  return out;
}

function rdPointSinc4(spec: Sinc4MixtureSpec, eps: number, method: RdMethod, opts: RdPointOptions): RdPointResult {
  const s = Sinc4Mixture.fromSpec(spec);
  const halfWidth = opts.validityHalfWidth ?? 100;
  assertPositive('validityHalfWidth', halfWidth);
  if (method === 'closed-form')
    throw new InvalidParameterError(
      'method',
      "'auto', 'bhe', 'fourier' or 'ba' for a sinc⁴ mixture (no closed form)",
      method,
    );
  const valid = sinc4ValidAt(s, eps, halfWidth);
  if (method === 'ba' || (method === 'auto' && !valid)) return baAt(spec, eps, opts, valid);
  if (!valid) {
    throw new ValidityRangeError(
      'eps',
      `an eps for which p₁ ≥ 0 on [−${halfWidth}, ${halfWidth}]`,
      eps,
      'the BHE solution of this sinc⁴ mixture',
    );
  }
  const p = shannonLowerBoundAtEps(sinc4H(s), eps, 1);
  return {
    eps,
    rate: p.rate,
    distortion: p.distortion,
    method: method === 'auto' ? 'bhe' : method,
    reference: 'exact',
    bheValid: true,
  };
}

/**
 * The reconstruction density p₁(x) (1-D sources) at the points `xs`: exact for Gaussians and Gaussian
 * mixtures (`Σ wᵢ N(μᵢ, σᵢ² − eps)`), by adaptive quadrature of Eq. (19) for sinc⁴ mixtures. Throws
 * `ValidityRangeError` where the BHE solution is not a density (Gaussian mixtures: eps ≥ min σᵢ²; sinc⁴:
 * p₁ negative on [−100, 100]).
 *
 * @example
 * ```ts
 * import { reconstructionDensity } from '@ratedistortion/analytic';
 * const p1 = reconstructionDensity({ kind: 'gaussian', variance: 1 }, 0.5, [0]);
 * console.log(p1[0], 1 / Math.sqrt(Math.PI)); // N(0, 0.5) at 0
 * ```
 */
export function reconstructionDensity(source: AnalyticSourceSpec, eps: number, xs: ArrayLike<number>): Float64Array {
  assertPositive('eps', eps);
  if (xs == null || typeof xs.length !== 'number') throw new InvalidParameterError('xs', 'an array of numbers', xs);
  assertFiniteArray('xs', xs);
  if (source == null || typeof source !== 'object')
    throw new InvalidParameterError('source', 'an analytic source spec', source);
  if (source.kind !== 'gaussian' && source.kind !== 'gmm' && source.kind !== 'sinc4-mixture') {
    throw new InvalidParameterError(
      'source.kind',
      "'gaussian', 'gmm' or 'sinc4-mixture' (sources with a BHE solution)",
      source.kind,
    );
  }
  if (source.kind === 'sinc4-mixture') {
    const s = Sinc4Mixture.fromSpec(source);
    if (!sinc4ValidAt(s, eps, 100)) {
      throw new ValidityRangeError(
        'eps',
        'an eps for which p₁ ≥ 0 on [−100, 100]',
        eps,
        'the BHE solution of this sinc⁴ mixture',
      );
    }
    return bheFourierDirect(xs, {
      charFn: s.characteristicFunction,
      eps,
      t: 1,
      omegaMax: s.bandLimit,
      breakpoints: s.spectralBreakpoints,
      tol: 1e-13,
    }).density;
  }
  const g = GaussianMixture.fromSpec(source as GaussianSpec | GaussianMixtureSpec);
  if (g.dim !== 1) throw new InvalidParameterError('source', 'a 1-D source', g.dim);
  return g.atTime(eps, 1).density(xs);
}

/**
 * Characteristic function of a 1-D Gaussian or Gaussian-mixture spec (for the Fourier BHE solver).
 *
 * @example
 * ```ts
 * import { mixtureCharacteristicFunction } from '@ratedistortion/analytic';
 * const phi = mixtureCharacteristicFunction({ kind: 'gaussian', variance: 1 });
 * const v = phi(1);
 * console.log(v.re * Math.exp(v.logScale ?? 0), Math.exp(-0.5));
 * ```
 */
export function mixtureCharacteristicFunction(spec: GaussianSpec | GaussianMixtureSpec): CharacteristicFunction {
  const g = GaussianMixture.fromSpec(spec);
  if (g.dim !== 1) throw new InvalidParameterError('spec', 'a 1-D source', g.dim);
  return gaussianMixtureCharacteristicFunction(
    g.components.map((c) => c.weight),
    g.components.map((c) => c.mean[0]),
    g.components.map((c) => c.eigenvalues[0]),
  );
}
