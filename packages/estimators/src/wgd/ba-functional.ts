// The Blahut–Arimoto functional of a particle measure ν = Σ_j ν_j δ_{y_j} against a batch μ = (1/m) Σ_i δ_{x_i}
// (Yang et al. 2024, Eq. 6), with its Wasserstein gradient and read-outs, in float64.
//
// With S_ij = β·½‖x_i − y_j‖² (β = 1/eps; every WGD distortion convention gives the same β·cost, see config.ts):
//   φ_i = −log Σ_j ν_j e^{−S_ij}                   (the inner BA problem, solved in closed form)
//   L(ν) = (1/m) Σ_i φ_i                           (the functional, = R + βD of the optimal coupling for ν)
//   ψ(y) = −(1/m) Σ_i e^{φ_i − β·½‖x_i − y‖²}     (first variation of L in ν, φ held fixed)
//   ∇ψ(y_j) = β Σ_i a_ij (y_j − x_i),  a_ij = e^{φ_i − S_ij}/m
// The coupling is π_ij = a_ij ν_j; its distortion D = Σ π_ij ½‖x_i − y_j‖², its rate L − βD = KL(π ‖ μ⊗ν).
// g(y) = −ψ(y) also gives Blahut's dual bound L − log sup_y g(y) ≤ min_ν L (their `rdlb`).
//
// Everything streams one batch row at a time (a length-n buffer), so memory is O(n·d) whatever m is, and the
// softmax over particles costs one exp per pair: π(j|i) = e_j/Σ_k e_k with e_j = exp(−S_ij + log ν_j − max).
import {
  DimensionMismatchError,
  InvalidParameterError,
  NumericalError,
  assertInteger,
  assertPositive,
  halfSquaredDistancesRow,
} from '@ratedistortion/core';

/**
 * A weighted particle measure ν in float64: `n` points of dimension `dim`, row-major, with log-weights that sum
 * (after exponentiation) to one.
 *
 * @example
 * ```ts
 * import type { ParticleMeasure } from '@ratedistortion/estimators';
 * const nu: ParticleMeasure = { n: 2, dim: 1, points: new Float64Array([-1, 1]), logWeights: new Float64Array([Math.log(0.5), Math.log(0.5)]) };
 * ```
 */
export interface ParticleMeasure {
  n: number;
  dim: number;
  points: Float64Array;
  logWeights: Float64Array;
}

/**
 * What {@link baFunctional} computes on one batch. `rate` and `distortion` are in the library's convention
 * (nats, ½‖x − y‖²).
 *
 * @example
 * ```ts
 * import type { BaFunctionalValue } from '@ratedistortion/estimators';
 * const show = (v: BaFunctionalValue) => console.log(v.loss, v.rate, v.distortion);
 * ```
 */
export interface BaFunctionalValue {
  /** L(ν) = mean_i φ_i = rate + distortion/eps, nats. */
  loss: number;
  /** KL(π ‖ μ⊗ν) of the optimal coupling for ν, nats. */
  rate: number;
  /** Distortion ½E_π‖X − Y‖² of that coupling. */
  distortion: number;
  /** g(y_j) = (1/m) Σ_i e^{φ_i − S_ij} at each particle (= −ψ(y_j)); the ν-weighted mean of g is exactly 1. */
  g: Float64Array;
  /** The Wasserstein gradient ∇ψ(y_j), n × dim row-major (present when requested). */
  gradient: Float64Array | null;
  /** The potentials φ_i of the batch rows. */
  phi: Float64Array;
}

/** Check a batch against a particle measure; returns the batch size m. */
function checkShapes(x: Float64Array, dim: number, nu: ParticleMeasure): number {
  if (nu.dim !== dim) throw new DimensionMismatchError('particles', dim, nu.dim);
  if (nu.points.length !== nu.n * nu.dim)
    throw new InvalidParameterError('particles.points', `${nu.n * nu.dim} values`, nu.points.length);
  if (nu.logWeights.length !== nu.n)
    throw new InvalidParameterError('particles.logWeights', `${nu.n} values`, nu.logWeights.length);
  if (x.length === 0 || x.length % dim !== 0)
    throw new InvalidParameterError('x', `a non-empty row-major batch of dimension ${dim}`, x.length);
  return x.length / dim;
}

/**
 * The BA functional of `nu` on the batch `x` (row-major, `dim` columns) at slope `beta = 1/eps`, with its
 * rate/distortion read-out, the dual potential g at the particles and, if `withGradient`, the Wasserstein
 * gradient ∇ψ at every particle.
 *
 * @example
 * ```ts
 * import { baFunctional } from '@ratedistortion/estimators';
 * const nu = { n: 2, dim: 1, points: new Float64Array([-0.8, 0.8]), logWeights: new Float64Array([Math.log(0.5), Math.log(0.5)]) };
 * const v = baFunctional(new Float64Array([-1, 0.2, 1.3]), 1, nu, 4, true);
 * console.log(v.loss, v.rate, v.distortion, v.gradient);
 * ```
 */
export function baFunctional(
  x: Float64Array,
  dim: number,
  nu: ParticleMeasure,
  beta: number,
  withGradient = false,
): BaFunctionalValue {
  assertPositive('beta', beta);
  const m = checkShapes(x, dim, nu);
  const n = nu.n;
  const y = nu.points;
  const logw = nu.logWeights;
  // 1/ν_j overflows for particles the hybrid's reweighting has all but removed; their a_ij is then taken
  // directly as e^{φ_i − S_ij}/m (one extra exp each), so g stays exact for them too.
  const invW = new Float64Array(n);
  const tiny: number[] = [];
  for (let j = 0; j < n; j++) {
    invW[j] = Math.exp(-logw[j]);
    if (!(logw[j] > -700)) tiny.push(j);
  }
  const s = new Float64Array(n); // ½‖x_i − y_j‖² of the current row
  const e = new Float64Array(n);
  const g = new Float64Array(n);
  // Σ_i a_ij x_i, accumulated for the gradient
  const ax = withGradient ? new Float64Array(n * dim) : null;
  const phis = new Float64Array(m);
  let lossSum = 0;
  let distSum = 0;
  const invM = 1 / m;
  for (let i = 0; i < m; i++) {
    const xo = i * dim;
    halfSquaredDistancesRow(x, xo, y, n, dim, s);
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      const t = logw[j] - beta * s[j];
      e[j] = t;
      if (t > max) max = t;
    }
    if (!Number.isFinite(max))
      throw new NumericalError(
        'WGD functional',
        `row ${i} of the batch has no finite log-likelihood under the particles`,
      );
    let z = 0;
    for (let j = 0; j < n; j++) {
      const v = Math.exp(e[j] - max);
      e[j] = v;
      z += v;
    }
    const phi = -(max + Math.log(z));
    phis[i] = phi;
    lossSum += phi;
    const invZ = 1 / z;
    let rowDist = 0;
    for (let j = 0; j < n; j++) {
      const post = e[j] * invZ; // π(j | x_i)
      if (post === 0) continue;
      rowDist += post * s[j];
      if (!(logw[j] > -700)) continue;
      const a = post * invW[j] * invM; // a_ij = e^{φ_i − S_ij}/m
      g[j] += a;
      if (ax) {
        const ao = j * dim;
        for (let k = 0; k < dim; k++) ax[ao + k] += a * x[xo + k];
      }
    }
    for (const j of tiny) {
      const a = Math.exp(phi - beta * s[j]) * invM;
      g[j] += a;
      if (ax) {
        const ao = j * dim;
        for (let k = 0; k < dim; k++) ax[ao + k] += a * x[xo + k];
      }
    }
    distSum += rowDist;
  }
  const loss = lossSum * invM;
  const distortion = distSum * invM;
  let gradient: Float64Array | null = null;
  if (ax) {
    gradient = new Float64Array(n * dim);
    for (let j = 0; j < n; j++) {
      const o = j * dim;
      for (let k = 0; k < dim; k++) gradient[o + k] = beta * (y[o + k] * g[j] - ax[o + k]);
    }
  }
  return { loss, rate: loss - beta * distortion, distortion, g, gradient, phi: phis };
}

/**
 * One Blahut–Arimoto update of the particle weights at fixed locations (the hybrid step of Yang et al. 2024):
 * ν_j ← Σ_i π_ij = ν_j·g(y_j), returned as new log-weights (renormalised against round-off).
 *
 * @example
 * ```ts
 * import { baFunctional, baWeightUpdate } from '@ratedistortion/estimators';
 * const nu = { n: 2, dim: 1, points: new Float64Array([-0.8, 0.8]), logWeights: new Float64Array([Math.log(0.5), Math.log(0.5)]) };
 * const v = baFunctional(new Float64Array([-1, 0.2, 1.3]), 1, nu, 4);
 * console.log(baWeightUpdate(nu.logWeights, v.g)); // more mass on the particle nearer most points
 * ```
 */
export function baWeightUpdate(logWeights: Float64Array, g: Float64Array): Float64Array {
  if (logWeights.length !== g.length) throw new DimensionMismatchError('g', logWeights.length, g.length);
  const out = new Float64Array(logWeights.length);
  let max = -Infinity;
  for (let j = 0; j < out.length; j++) {
    out[j] = logWeights[j] + Math.log(g[j]);
    if (out[j] > max) max = out[j];
  }
  if (!Number.isFinite(max)) throw new NumericalError('Blahut–Arimoto weight update', 'every particle lost its mass');
  let z = 0;
  for (let j = 0; j < out.length; j++) z += Math.exp(out[j] - max);
  const lz = max + Math.log(z);
  for (let j = 0; j < out.length; j++) out[j] -= lz;
  return out;
}

const HEAVY_STARTS = 16;

/**
 * The dual lower bound of a batch and how it was found.
 *
 * @example
 * ```ts
 * import type { DualLowerBound } from '@ratedistortion/estimators';
 * const show = (b: DualLowerBound) => console.log(b.lagrangian, b.logSupG);
 * ```
 */
export interface DualLowerBound {
  /** L(ν) − log sup g: a lower bound on min over couplings of (rate + distortion/eps) for the batch. */
  lagrangian: number;
  /** log of the largest g found (≥ 0, since the ν-weighted mean of g is 1). */
  logSupG: number;
  /** The point where it was found. */
  argmax: Float64Array;
}

/**
 * Blahut's dual bound (Yang et al.'s `rdlb`): for any potential φ = φ_ν, L(ν) − log sup_y g(y) lower-bounds the
 * batch's Lagrangian min_π (I + βD), hence R(D′) ≥ lagrangian − βD′ for every D′. The authors take the sup over
 * the particles only; `meanShiftIterations` > 0 also climbs g from every particle by mean-shift
 * (y ← Σ_i w_i x_i / Σ_i w_i with w_i = e^{φ_i − β½‖x_i − y‖²}, a monotone ascent for this Gaussian-kernel sum),
 * also from the 16 batch points of largest φ, which can only raise the sup found and lower — make safer — the bound. 0 reproduces their code.
 *
 * @example
 * ```ts
 * import { dualLowerBound } from '@ratedistortion/estimators';
 * const nu = { n: 2, dim: 1, points: new Float64Array([-0.8, 0.8]), logWeights: new Float64Array([Math.log(0.5), Math.log(0.5)]) };
 * const b = dualLowerBound(new Float64Array([-1, 0.2, 1.3]), 1, nu, 4, 5);
 * console.log(b.lagrangian); // ≤ the batch's L(ν)
 * ```
 */
export function dualLowerBound(
  x: Float64Array,
  dim: number,
  nu: ParticleMeasure,
  beta: number,
  meanShiftIterations = 0,
  value?: BaFunctionalValue,
): DualLowerBound {
  assertInteger('meanShiftIterations', meanShiftIterations, 0);
  // `value`: baFunctional(x, dim, nu, beta) when the caller already has it
  const v = value ?? baFunctional(x, dim, nu, beta, false);
  if (v.phi.length * dim !== x.length || v.g.length !== nu.n)
    throw new DimensionMismatchError(
      'value',
      `a functional value of this batch and ν`,
      `${v.phi.length} rows, ${v.g.length} particles`,
    );
  const m = x.length / dim;
  // log(e^{φ_i}/m): the weight of x_i in g
  const logc = new Float64Array(m);
  for (let i = 0; i < m; i++) logc[i] = v.phi[i] - Math.log(m);
  let best = -Infinity;
  let bestJ = 0;
  for (let j = 0; j < nu.n; j++) {
    const lg = Math.log(v.g[j]);
    if (lg > best) {
      best = lg;
      bestJ = j;
    }
  }
  let argmax = nu.points.slice(bestJ * dim, bestJ * dim + dim);
  if (meanShiftIterations > 0) {
    const w = new Float64Array(m);
    const yk = new Float64Array(dim);
    const logG = (p: Float64Array): number => {
      let max = -Infinity;
      for (let i = 0; i < m; i++) {
        let sq = 0;
        for (let k = 0; k < dim; k++) {
          const d = x[i * dim + k] - p[k];
          sq += d * d;
        }
        w[i] = logc[i] - 0.5 * beta * sq;
        if (w[i] > max) max = w[i];
      }
      let z = 0;
      for (let i = 0; i < m; i++) {
        w[i] = Math.exp(w[i] - max);
        z += w[i];
      }
      return max + Math.log(z);
    };
    // Starts: every particle, and the batch points of largest φ (the heaviest terms of g, which may sit in
    // modes of g that no particle's basin reaches, e.g. source outliers far from all particles).
    const order = Array.from({ length: m }, (_, i) => i)
      .sort((a, b) => logc[b] - logc[a])
      .slice(0, Math.min(m, HEAVY_STARTS));
    const starts = [
      ...Array.from({ length: nu.n }, (_, j) => nu.points.slice(j * dim, j * dim + dim)),
      ...order.map((i) => x.slice(i * dim, i * dim + dim)),
    ];
    for (const p of starts) {
      let lg = logG(p);
      for (let it = 0; it < meanShiftIterations; it++) {
        yk.fill(0);
        let ws = 0;
        for (let i = 0; i < m; i++) {
          ws += w[i];
          for (let k = 0; k < dim; k++) yk[k] += w[i] * x[i * dim + k];
        }
        if (!(ws > 0)) break;
        for (let k = 0; k < dim; k++) p[k] = yk[k] / ws;
        lg = logG(p); // also refreshes w for the next iteration
      }
      if (lg > best) {
        best = lg;
        argmax = Float64Array.from(p);
      }
    }
  }
  return { lagrangian: v.loss - best, logSupG: best, argmax };
}
