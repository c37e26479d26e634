// R(D) at a given distortion and D(R) at a given rate, for every source rdPoint answers. The slope eps that
// reaches the target is found in closed form where one exists — reverse water-filling is piecewise linear in eps
// (distortion) and piecewise logarithmic (rate); on the BHE range D = d·eps/2 and R = h − (d/2)log(2πe·eps) —
// and otherwise by a bracketing model step and Brent's method on log eps over Blahut–Arimoto solves (solveForMultiplier). The grid
// of a BA search is chosen for its starting eps; when the root lands below half of it the search is repeated on
// the grid of the root, so the cell width always follows the eps of the answer.
import {
  GridDensityLaw,
  InvalidParameterError,
  Sinc4MixtureLaw,
  assertInteger,
  assertPositive,
  lawFromSpec,
  type AnalyticSourceSpec,
  type GaussianMixtureSpec,
  type GaussianSpec,
} from '@ratedistortion/core';
import { solveForMultiplier } from '../blahut-arimoto/at-target.js';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { mixtureEntropy } from '../mixture/mixture-entropy.js';
import { Sinc4Mixture } from '../sinc4/sinc4-mixture.js';
import { BaReferenceSolver, baGridProblems } from './ba-reference.js';
import { rdPoint, type RdPointOptions, type RdPointResult } from './rd-point.js';
import { baRunOptions, rdPointFromBa, sinc4H, sinc4ValidAt } from './rd-point-parts.js';

/**
 * Options of {@link rateAtDistortion} / {@link distortionAtRate}: those of {@link rdPoint} plus the root finder's
 * tolerance for the Blahut–Arimoto search.
 *
 * @example
 * ```ts
 * import type { RdTargetOptions } from '@ratedistortion/analytic';
 * const o: RdTargetOptions = { method: 'ba', logEpsTol: 1e-8, ba: { points: 400 } };
 * ```
 */
export interface RdTargetOptions extends RdPointOptions {
  /** Absolute tolerance on log eps of a Blahut–Arimoto search (default 1e-5: the target is met to ~1e-5 relative, so the rate is off by ~1e-5·D/eps nats at most). */
  logEpsTol?: number;
  /** Cap on Blahut–Arimoto solves per search, bracketing included (default 60). */
  maxSolves?: number;
}

/**
 * An RD point reached at a target: the {@link RdPointResult} at the eps that meets it, and the number of
 * Blahut–Arimoto solves the search took (0 when eps came in closed form).
 *
 * @example
 * ```ts
 * import { rateAtDistortion, type RdTargetResult } from '@ratedistortion/analytic';
 * const r: RdTargetResult = rateAtDistortion({ kind: 'gaussian', variance: 1 }, 0.25);
 * console.log(r.rate, r.eps, r.solves); // 0.3466 0.5 0
 * ```
 */
export interface RdTargetResult extends RdPointResult {
  solves: number;
}

type Which = 'distortion' | 'rate';

/**
 * R(D): the rate (nats) of the source at distortion `D = ½E‖X − X̂‖²`, with the same methods and reference kinds
 * as {@link rdPoint} (`'auto'`: water-filling for Gaussians, the BHE/SLB answer where D = d·eps/2 falls in the
 * BHE range, Blahut–Arimoto otherwise). Throws `InvalidParameterError` when D is not below ½·tr Cov (where R = 0).
 *
 * @example
 * ```ts
 * import { rateAtDistortion } from '@ratedistortion/analytic';
 * console.log(rateAtDistortion({ kind: 'gaussian', covariance: [[1, 0], [0, 0.25]] }, 0.3).rate); // ½log(1/0.35) = 0.5249
 * // Blahut–Arimoto search (a coarse 200-point grid here; the default grid is finer)
 * const l = rateAtDistortion({ kind: 'laplace', scale: 1 }, 0.25, { ba: { points: 200 } });
 * console.log(l.rate, l.distortion, l.reference); // ≈ 0.624 0.25 'ba'
 * ```
 */
export function rateAtDistortion(
  source: AnalyticSourceSpec,
  distortion: number,
  opts: RdTargetOptions = {},
): RdTargetResult {
  assertPositive('distortion', distortion);
  return atTarget(source, 'distortion', distortion, opts);
}

/**
 * D(R): the distortion `½E‖X − X̂‖²` of the source at rate `R` nats (the inverse of {@link rateAtDistortion}).
 *
 * @example
 * ```ts
 * import { distortionAtRate } from '@ratedistortion/analytic';
 * console.log(distortionAtRate({ kind: 'gaussian', variance: 1 }, Math.log(2)).distortion); // ½·e^{−2R} = 0.125
 * ```
 */
export function distortionAtRate(source: AnalyticSourceSpec, rate: number, opts: RdTargetOptions = {}): RdTargetResult {
  assertPositive('rate', rate);
  return atTarget(source, 'rate', rate, opts);
}

interface SourceFacts {
  dim: number;
  /** ½·tr Cov: the distortion at rate 0. */
  maxDistortion: number;
  /** Differential entropy (nats), for the SLB starting guess of a rate search. */
  entropy: () => number;
}

function factsOf(spec: AnalyticSourceSpec, opts: RdTargetOptions): SourceFacts {
  const law = lawFromSpec(spec);
  const cov = law.covariance();
  let maxDistortion = 0.5 * cov.reduce((s, row, i) => s + row[i], 0);
  // Blahut–Arimoto solves a grid density as the discrete source on its cell centres: without the h²/12 within-cell
  // variance of the piecewise-constant law.
  if (law instanceof GridDensityLaw) for (const [lo, hi, n] of law.axes) maxDistortion -= ((hi - lo) / n) ** 2 / 24;
  const entropy =
    spec.kind === 'gaussian' || spec.kind === 'gmm'
      ? () => mixtureEntropy(GaussianMixture.fromSpec(spec), opts.entropy).entropy
      : law instanceof Sinc4MixtureLaw
        ? () => sinc4H(law)
        : () => law.entropy().value;
  return { dim: law.dim, maxDistortion, entropy };
}

function atTarget(spec: AnalyticSourceSpec, which: Which, target: number, opts: RdTargetOptions): RdTargetResult {
  if (spec == null || typeof spec !== 'object')
    throw new InvalidParameterError('source', 'an analytic source spec', spec);
  const method = opts.method ?? 'auto';
  if (!['auto', 'closed-form', 'bhe', 'fourier', 'ba'].includes(method)) {
    throw new InvalidParameterError('method', "one of 'auto', 'closed-form', 'bhe', 'fourier', 'ba'", method);
  }
  if (opts.logEpsTol !== undefined) assertPositive('logEpsTol', opts.logEpsTol);
  if (opts.maxSolves !== undefined) assertInteger('maxSolves', opts.maxSolves, 2);
  const facts = factsOf(spec, opts);
  if (which === 'distortion' && !(target < facts.maxDistortion)) {
    throw new InvalidParameterError(
      'distortion',
      `a value in (0, ${facts.maxDistortion}) (½·tr Cov, where R reaches 0)`,
      target,
    );
  }
  const kind = spec.kind;
  if (kind === 'gaussian' && (method === 'auto' || method === 'closed-form')) {
    const eigenvalues = Array.from(GaussianMixture.fromSpec(spec).components[0].eigenvalues);
    const eps =
      which === 'distortion' ? waterLevelAtDistortion(eigenvalues, target) : waterLevelAtRate(eigenvalues, target);
    return { ...rdPoint(spec, eps, { ...opts, method: 'closed-form' }), solves: 0 };
  }
  if (kind === 'laplace' || kind === 'uniform' || kind === 'grid-density') {
    if (method !== 'auto' && method !== 'ba') {
      throw new InvalidParameterError(
        'method',
        `'auto' or 'ba' for a ${kind} source (no closed form or BHE solution)`,
        method,
      );
    }
    return baSearch(spec, which, target, opts, facts, () => false);
  }
  if (method === 'closed-form') {
    throw new InvalidParameterError(
      'method',
      `'auto', 'bhe', 'fourier' or 'ba' for a ${kind} source (no closed form)`,
      method,
    );
  }
  // Gaussian (bhe/fourier/ba), GMM and sinc⁴ mixtures: the BHE range first.
  let bheValidAt: (eps: number) => boolean;
  if (kind === 'sinc4-mixture') {
    const s = Sinc4Mixture.fromSpec(spec);
    const halfWidth = opts.validityHalfWidth ?? 100;
    assertPositive('validityHalfWidth', halfWidth);
    bheValidAt = (eps) => sinc4ValidAt(s, eps, halfWidth);
  } else {
    const limit = GaussianMixture.fromSpec(spec as GaussianSpec | GaussianMixtureSpec).bheValidityLimit;
    bheValidAt = (eps) => eps < limit;
  }
  if (method !== 'ba') {
    const d = facts.dim;
    const eps =
      which === 'distortion'
        ? (2 * target) / d
        : Math.exp((2 * (facts.entropy() - target)) / d) / (2 * Math.PI * Math.E);
    if (method !== 'auto' || bheValidAt(eps)) {
      // rdPoint throws ValidityRangeError for an explicit 'bhe'/'fourier' outside the range.
      return { ...rdPoint(spec, eps, { ...opts, method: method === 'auto' ? 'bhe' : method }), solves: 0 };
    }
  }
  return baSearch(spec, which, target, opts, facts, bheValidAt);
}

function baSearch(
  spec: AnalyticSourceSpec,
  which: Which,
  target: number,
  opts: RdTargetOptions,
  facts: SourceFacts,
  bheValidAt: (eps: number) => boolean,
): RdTargetResult {
  const d = facts.dim;
  let guess =
    which === 'distortion' ? (2 * target) / d : Math.exp((2 * (facts.entropy() - target)) / d) / (2 * Math.PI * Math.E);
  let solves = 0;
  for (let round = 0; ; round++) {
    const solver = new BaReferenceSolver(baGridProblems(spec, guess, { points: opts.ba?.points }), baRunOptions(opts));
    const found = solveForMultiplier((eps) => solver.at(eps), which, target, guess, {
      logEpsTol: opts.logEpsTol,
      maxSolves: opts.maxSolves,
      dim: d,
    });
    solves += found.solves;
    const eps = found.result.eps;
    // The grid follows the starting eps: search again on the root's own grid when the root is well below it.
    if (opts.ba?.points !== undefined || eps >= guess / 2 || round === 2) {
      return { ...rdPointFromBa(found.result, bheValidAt(eps)), solves };
    }
    guess = eps;
  }
}

/** The eps with ½Σ min(eps, λᵢ) = D (D below ½Σλᵢ): exact, piece by piece of the piecewise-linear map. */
function waterLevelAtDistortion(eigenvalues: number[], distortion: number): number {
  const lambda = [...eigenvalues].sort((a, b) => a - b);
  let below = 0;
  for (let k = 0; k < lambda.length; k++) {
    const eps = (2 * distortion - below) / (lambda.length - k);
    if (eps <= lambda[k]) return eps;
    below += lambda[k];
  }
  throw new InvalidParameterError('distortion', `a value in (0, ${below / 2})`, distortion);
}

/** The eps with ½Σ_{λᵢ > eps} log(λᵢ/eps) = R (R > 0): the m largest eigenvalues active, for the m that is consistent. */
function waterLevelAtRate(eigenvalues: number[], rate: number): number {
  const lambda = [...eigenvalues].sort((a, b) => b - a);
  let logSum = 0;
  for (let m = 1; m <= lambda.length; m++) {
    logSum += Math.log(lambda[m - 1]);
    const eps = Math.exp((logSum - 2 * rate) / m);
    if (eps < lambda[m - 1] && (m === lambda.length || eps >= lambda[m])) return eps;
  }
  return Math.exp((logSum - 2 * rate) / lambda.length);
}
