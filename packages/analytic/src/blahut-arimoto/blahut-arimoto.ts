// Blahut–Arimoto for d(x, y) = ½‖x − y‖² at slope −1/eps (β = 1/eps), on uniform product grids in 1-D and 2-D
// where the source points are also the reconstruction points. The Gibbs kernel e^{−β·d} then depends on the
// index difference only (symmetric Toeplitz per axis) and factorises over coordinates, K = K₁ ⊗ K₂, so the
// kernel is stored as one length-nᵢ column per axis and a product costs O(N·Σ bandᵢ) with the matrix in L1.
//
// Updates (Blahut 1972): with reconstruction marginal q, Z_j = Σ_k K_jk q_k and c_k = Σ_j p_j K_jk / Z_j,
// q ← q ⊙ c. The marginal is carried in the log domain (log q += log c; Σ_k q_k c_k = Σ_j p_j = 1 keeps it
// normalised), so reconstruction points that die out decay without underflow; the kernel has a unit diagonal
// (source point = reconstruction point), which keeps every Z_j > 0 while q is positive.
//
// Objective: L(q) = −Σ_j p_j log Z_j(q) = min over channels Q of E[KL(Q(·|X) ‖ q)] + βD, the BA functional.
// It is the Lagrangian R + βD at the fixed point, decreases monotonically under the update, and is a free
// by-product of Z. Bounds at the final marginal, with D the distortion of the channel Q(k|j) = q_k K_jk / Z_j:
//   upper  R_U = L − βD − Σ_k q_k c_k log c_k   (= I(X; X̂) of that channel),
//   lower  R_L = L − βD − max_k log c_k          (Blahut's Theorem 8 dual bound),
// so the grid problem's R(D) lies in [R_L, R_U]. R_L is the lower bound of Yang & Mandt's BA code (github
// yiboyang/wgd, `estimate_rd`: rdlb = loss − log max_y Σ_x μ(x) e^{φ(x) − λρ(x,y)}, with loss = L, e^{φ} = 1/Z and
// ρ = ½‖x − y‖² ('hse'), λ = β) evaluated at the channel's D.
//
// Stopping (explicit, see BlahutArimotoOptions): `tol` bounds the decrease of L over one plain BA update; the
// dual gap R_U − R_L is reported separately and can optionally stop the run (`gapTol`). The gap converges much
// more slowly than R and D: max_k log c_k is a sup-norm over the far tails of q, where the source has almost no
// mass and the multiplicative update re-equilibrates slowly (BA converges sublinearly here, L − L* ~ 1/t²).
//
// Acceleration (default): SQUAREM (Varadhan & Roland 2008, scheme S3) on θ = log q. From θ₀, θ₁ = G(θ₀),
// θ₂ = G(θ₁) with r = θ₁ − θ₀, v = θ₂ − 2θ₁ + θ₀, α = ‖r‖/‖v‖ ∈ [1, αmax], the extrapolant
// θ′ = θ₀ + 2αr + α²v (α = 1 gives θ₂) is followed by one BA update and accepted only if L(θ′) ≤ L(θ₁), else
// the run continues from θ₂: the fixed points are those of BA (r = v = 0) and L decreases monotonically.
import { InvalidParameterError, NumericalError, assertInteger, assertPositive } from '@ratedistortion/core';
import { SymmetricToeplitz, exactBandwidth } from './toeplitz.js';
import { SymmetricToeplitzFft } from './toeplitz-fft.js';
import { EXP_TABLE_MIN, expNonPositive } from '../mixture/exp-table.js';

/** Smallest weight the reconstruction marginal keeps on a cell within the kernel's reach of source mass. */
const Q_FLOOR = 1e-300;

/**
 * Why a Blahut–Arimoto run stopped: `'lagrangian'` (one plain update decreased the Lagrangian by ≤ `tol`),
 * `'gap'` (dual gap ≤ `gapTol`) or `'max-iterations'`.
 *
 * @example
 * ```ts
 * import type { BlahutArimotoStopReason } from '@ratedistortion/analytic';
 * const why: BlahutArimotoStopReason = 'lagrangian';
 * ```
 */
export type BlahutArimotoStopReason = 'lagrangian' | 'gap' | 'max-iterations';

/**
 * Result of a Blahut–Arimoto run; all bounds are evaluated at the final reconstruction marginal.
 *
 * @example
 * ```ts
 * import { blahutArimotoGrid1d, type BlahutArimotoResult } from '@ratedistortion/analytic';
 * const r: BlahutArimotoResult = blahutArimotoGrid1d({ density: (x) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 200 }, 0.5);
 * console.log(r.stopReason, r.rate, r.gap);
 * ```
 */
export interface BlahutArimotoResult {
  eps: number;
  /** Rate (nats) I(X; X̂) of the final channel: an upper bound on the grid source's R(distortion). */
  rate: number;
  /** Distortion ½E‖X − X̂‖² of the final channel. */
  distortion: number;
  /** Dual lower bound on the grid source's R(distortion) (Blahut's Theorem 8). */
  lowerBound: number;
  /** Dual gap `rate − lowerBound` (≥ 0): a certificate of how far `rate` can be from the grid R(D). */
  gap: number;
  /** BA functional L(q) = −Σ_j p_j log Z_j at the final marginal (nats): an upper bound on min(R + βD), equal to it at the fixed point. */
  lagrangian: number;
  /** Decrease of the Lagrangian over the last plain BA update (the quantity compared with `tol`). */
  lagrangianChange: number;
  /** BA updates performed (each costs two kernel products). */
  iterations: number;
  /** Whether the stated criterion (`tol`, or `gapTol` when given) was met before `maxIterations`. */
  converged: boolean;
  stopReason: BlahutArimotoStopReason;
  /** Reconstruction marginal q over the grid points (row-major in 2-D). */
  reconstruction: Float64Array;
}

/**
 * Stopping rule and acceleration of {@link blahutArimotoGrid1d} / {@link blahutArimotoGrid2d}.
 *
 * The run stops, with `converged: true`, as soon as one plain BA update decreases the Lagrangian
 * L = −Σ p log Z (= R + βD at the fixed point) by at most `tol`, or, when `gapTol` is given, the dual gap
 * R_U − R_L is at most `gapTol`; otherwise at `maxIterations` with `converged: false`. The per-update decrease
 * is a stationarity test, not an error bound: the error in R is typically 10²–10⁴ times larger (BA converges
 * sublinearly on fine grids); the dual gap is the certificate, reported in every result.
 *
 * @example
 * ```ts
 * import type { BlahutArimotoOptions } from '@ratedistortion/analytic';
 * const o: BlahutArimotoOptions = { tol: 1e-12, gapTol: 1e-6, maxIterations: 5000 };
 * ```
 */
export interface BlahutArimotoOptions {
  /** Stop when one plain update decreases the Lagrangian by ≤ tol nats (default 1e-13). */
  tol?: number;
  /** Also stop when the dual gap R_U − R_L ≤ gapTol (default: not used). */
  gapTol?: number;
  /** Iteration cap, counting BA updates (default 20000). */
  maxIterations?: number;
  /** With `gapTol`, the gap (three extra kernel products) is evaluated every `checkEvery` updates (default 10). */
  checkEvery?: number;
  /** `'squarem'` (default) or `'none'` (plain BA). Both have the same fixed points. */
  acceleration?: 'squarem' | 'none';
  /**
   * How the Gibbs kernel K is applied along an axis: `'dense'` (banded Toeplitz row dot products, O(n·band)),
   * `'fft'` ({@link SymmetricToeplitzFft}, O(n log n), entries below the FFT's error bound recomputed exactly so
   * each has relative error ≤ 1e-6) or `'auto'` (default: `'fft'` on axes with n ≥ 512 and band ≥ 64, where it
   * is faster). The distortion product K ⊙ d (bounds only) and the 2-D column pass are always dense.
   */
  product?: 'auto' | 'dense' | 'fft';
}

/** One axis of a uniform grid: the Toeplitz operators K = e^{−βd} and K ⊙ d, d = ½(mh)², banded at K's exact zeros. */
interface Axis {
  n: number;
  k: SymmetricToeplitz | SymmetricToeplitzFft;
  kd: SymmetricToeplitz;
  kCol: Float64Array;
  kdCol: Float64Array;
  band: number;
}

/** Axes at least this long, with at least this bandwidth, use the FFT product under `product: 'auto'`. */
const AUTO_FFT_MIN_POINTS = 512;
const AUTO_FFT_MIN_BAND = 64;
/**
 * Per-entry relative accuracy of the FFT kernel products. Entries of Z = Kq below the FFT's absolute error
 * bound/1e-6 are recomputed exactly; the rest perturb L = −Σ p log Z by at most 1e-6 times the mass of the cells
 * near that threshold (tail cells, Z ~ 1e-5 of its maximum on the benchmark grid), and c = Kw has no small
 * entries. Tested: rate and distortion agree with the dense products to ≤ 1e-9 relative. A stricter 1e-9 costs
 * about twice as many exact rows (a third of the grid on the benchmark problem instead of a sixth).
 */
const FFT_REL_TOL = 1e-6;

function gibbsAxis(n: number, h: number, beta: number, product: 'auto' | 'dense' | 'fft' = 'auto'): Axis {
  const k = new Float64Array(n);
  const kd = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    const d = 0.5 * (m * h) ** 2;
    k[m] = Math.exp(-beta * d);
    kd[m] = k[m] * d;
  }
  // kd vanishes wherever k does (and at m = 0), so k's bandwidth skips exact zeros of both.
  const band = exactBandwidth(k);
  const fft = product === 'fft' || (product === 'auto' && n >= AUTO_FFT_MIN_POINTS && band >= AUTO_FFT_MIN_BAND);
  return {
    n,
    k: fft ? new SymmetricToeplitzFft(k, band, { relTol: FFT_REL_TOL }) : new SymmetricToeplitz(k, band),
    kd: new SymmetricToeplitz(kd, band),
    kCol: k,
    kdCol: kd,
    band,
  };
}

/** The Gibbs kernel K (and K ⊙ d) of a 1-D or 2-D product grid, as Toeplitz factors. */
class GibbsKernel {
  readonly n: number;
  private readonly tmp: Float64Array;
  private readonly views = new Map<Float64Array, Float64Array[]>();
  constructor(
    private readonly a1: Axis,
    private readonly a2: Axis | null,
  ) {
    this.n = a1.n * (a2?.n ?? 1);
    this.tmp = new Float64Array(this.n);
  }

  /** out = K v. */
  apply(v: Float64Array, out: Float64Array): void {
    if (this.a2 === null) this.a1.k.apply(v, out);
    else this.kron(this.a1.kCol, this.a2.k, v, out, false);
  }

  /** out = (K ⊙ d) v, d = ½‖x − y‖² summed over the axes: (K₁⊙d₁) ⊗ K₂ + K₁ ⊗ (K₂⊙d₂) in 2-D. */
  applyDistortion(v: Float64Array, out: Float64Array): void {
    if (this.a2 === null) {
      this.a1.kd.apply(v, out);
      return;
    }
    this.kron(this.a1.kdCol, this.a2.k, v, out, false);
    this.kron(this.a1.kCol, this.a2.kd, v, out, true);
  }

  // out (+)= (T₁ ⊗ T₂) v: T₂ along every row, then T₁ (its first column col1) across the rows.
  private kron(
    col1: Float64Array,
    t2: SymmetricToeplitz | SymmetricToeplitzFft,
    v: Float64Array,
    out: Float64Array,
    accumulate: boolean,
  ): void {
    this.rows(t2, v, this.tmp);
    this.columns(col1, this.tmp, out, accumulate);
  }

  // Row-major views of length n₂ into `a`, made once per work array (no allocation per product).
  private rowViews(a: Float64Array): Float64Array[] {
    let r = this.views.get(a);
    if (r === undefined) {
      const n2 = (this.a2 as Axis).n;
      r = Array.from({ length: this.a1.n }, (_, i) => a.subarray(i * n2, (i + 1) * n2));
      this.views.set(a, r);
    }
    return r;
  }

  // out[i, :] = T₂ v[i, :] for every row i.
  private rows(t: SymmetricToeplitz | SymmetricToeplitzFft, v: Float64Array, out: Float64Array): void {
    const vr = this.rowViews(v);
    const or = this.rowViews(out);
    for (let i = 0; i < this.a1.n; i++) t.apply(vr[i], or[i]);
  }

  // out[i, :] (+)= Σ_l T₁[|i − l|] v[l, :] over |i − l| < band₁: row axpys, contiguous in the inner loop.
  private columns(col: Float64Array, v: Float64Array, out: Float64Array, accumulate: boolean): void {
    const n1 = this.a1.n;
    const n2 = (this.a2 as Axis).n;
    const band = this.a1.band;
    for (let i = 0; i < n1; i++) {
      const o = i * n2;
      if (!accumulate) out.fill(0, o, o + n2);
      const lo = i - band + 1 > 0 ? i - band + 1 : 0;
      const hi = i + band < n1 ? i + band : n1;
      for (let l = lo; l < hi; l++) {
        const c = col[i > l ? i - l : l - i];
        if (c === 0) continue;
        const vo = l * n2;
        for (let j = 0; j < n2; j++) out[o + j] += c * v[vo + j];
      }
    }
  }
}

interface Bounds {
  lagrangian: number;
  rate: number;
  lowerBound: number;
  distortion: number;
}

function run(p: Float64Array, kernel: GibbsKernel, eps: number, opts: BlahutArimotoOptions): BlahutArimotoResult {
  const tol = opts.tol ?? 1e-13;
  assertPositive('tol', tol);
  const gapTol = opts.gapTol;
  if (gapTol !== undefined) assertPositive('gapTol', gapTol);
  const maxIterations = opts.maxIterations ?? 20000;
  assertInteger('maxIterations', maxIterations, 1);
  const checkEvery = opts.checkEvery ?? 10;
  assertInteger('checkEvery', checkEvery, 1);
  const acceleration = opts.acceleration ?? 'squarem';
  if (acceleration !== 'squarem' && acceleration !== 'none')
    throw new InvalidParameterError('acceleration', "'squarem' or 'none'", acceleration);
  const beta = 1 / eps;
  const n = p.length;
  const q = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const c = new Float64Array(n);
  const dz = new Float64Array(n);
  let iterations = 0;

  // q ← softmax(logq); returns log Σ exp(logq), the shift that normalises logq.
  const marginal = (logq: Float64Array): number => {
    let max = -Infinity;
    for (let k = 0; k < n; k++) if (logq[k] > max) max = logq[k];
    let s = 0;
    // table-driven exp of the non-positive shifted logs (a few ulps, ~4× faster than Math.exp); below
    // EXP_TABLE_MIN the weight is under e^{−700} of the largest (exactly 1) and is set to 0, as Math.exp would
    // nearly do (it underflows at −745)
    for (let k = 0; k < n; k++) {
      const d = logq[k] - max;
      const e = d >= EXP_TABLE_MIN ? expNonPositive(d) : 0;
      q[k] = e;
      s += e;
    }
    const inv = 1 / s;
    // A cell whose weight fell below Q_FLOOR keeps Q_FLOOR (unless its log weight is −∞: no source mass within the
    // kernel's reach). Otherwise a source cell far out in a tail, whose neighbours' weights all underflowed, has a
    // partition sum of exactly 0 and the iteration stops (Laplace samples at eps 0.1 did); the floor moves rates
    // and distortions by at most n·Q_FLOOR, and keeps p/z and K(p/z) finite (Q_FLOOR·band ≪ the float64 range).
    for (let k = 0; k < n; k++) q[k] = logq[k] === -Infinity ? 0 : Math.max(q[k] * inv, Q_FLOOR);
    return max + Math.log(s);
  };
  // z = Kq, w = p / z, c = Kw; returns L(q).
  const products = (where: string): number => {
    kernel.apply(q, z);
    let lagrangian = 0;
    for (let j = 0; j < n; j++) {
      if (p[j] === 0) {
        w[j] = 0;
        continue;
      }
      if (!(z[j] > 0))
        throw new NumericalError(
          `Blahut–Arimoto ${where}`,
          'a partition sum underflowed; use a smaller grid range or larger eps',
        );
      w[j] = p[j] / z[j];
      lagrangian -= p[j] * Math.log(z[j]);
    }
    kernel.apply(w, c);
    return lagrangian;
  };
  // One BA update out = G(logq) (normalised because Σ q c = 1); returns L at the input marginal.
  const update = (logq: Float64Array, out: Float64Array): number => {
    const shift = marginal(logq);
    iterations++;
    const lagrangian = products(`iteration ${iterations}`);
    for (let k = 0; k < n; k++) out[k] = logq[k] - shift + Math.log(c[k]);
    return lagrangian;
  };
  const bounds = (logq: Float64Array): Bounds => {
    marginal(logq);
    const lagrangian = products(`bounds after iteration ${iterations}`);
    kernel.applyDistortion(q, dz);
    let distortion = 0;
    for (let j = 0; j < n; j++) distortion += w[j] * dz[j];
    let maxLogC = -Infinity;
    let qclogc = 0;
    for (let k = 0; k < n; k++) {
      if (!(c[k] > 0)) continue;
      const lc = Math.log(c[k]);
      if (lc > maxLogC) maxLogC = lc;
      if (q[k] > 0) qclogc += q[k] * c[k] * lc;
    }
    const base = lagrangian - beta * distortion;
    const rate = base - qclogc;
    const lowerBound = base - maxLogC;
    if (!Number.isFinite(rate) || !Number.isFinite(lowerBound))
      throw new NumericalError(`Blahut–Arimoto bounds after iteration ${iterations}`, 'non-finite rate bound');
    return { lagrangian, rate, lowerBound, distortion };
  };

  let theta0 = new Float64Array(n); // uniform start
  let theta1 = new Float64Array(n);
  let theta2 = new Float64Array(n);
  const thetaX = new Float64Array(n);
  let change = NaN;
  let reason: BlahutArimotoStopReason = 'max-iterations';
  let final = null as Bounds | null;
  let nextCheck = checkEvery;
  // Gap test on the current state, due every `checkEvery` updates.
  const gapMet = (logq: Float64Array): boolean => {
    if (gapTol === undefined || iterations < nextCheck) return false;
    while (nextCheck <= iterations) nextCheck += checkEvery;
    const b = bounds(logq);
    if (b.rate - b.lowerBound <= gapTol) {
      final = b;
      return true;
    }
    return false;
  };

  if (acceleration === 'none') {
    let prev = NaN;
    while (iterations < maxIterations) {
      const l = update(theta0, theta1);
      [theta0, theta1] = [theta1, theta0];
      if (iterations >= 2) {
        change = prev - l;
        // l is L at the state before this update, so the test concerns the previous update.
        if (change <= tol) {
          reason = 'lagrangian';
          break;
        }
      }
      prev = l;
      if (gapMet(theta0)) {
        reason = 'gap';
        break;
      }
    }
  } else {
    let stepMax = 1;
    while (iterations + 2 <= maxIterations) {
      const l0 = update(theta0, theta1);
      const l1 = update(theta1, theta2);
      change = l0 - l1;
      if (change <= tol) {
        reason = 'lagrangian';
        [theta0, theta2] = [theta2, theta0];
        break;
      }
      if (gapMet(theta2)) {
        reason = 'gap';
        [theta0, theta2] = [theta2, theta0];
        break;
      }
      if (iterations + 1 > maxIterations) {
        [theta0, theta2] = [theta2, theta0];
        break;
      }
      let rr = 0;
      let vv = 0;
      for (let k = 0; k < n; k++) {
        const r = theta1[k] - theta0[k];
        const v = theta2[k] - 2 * theta1[k] + theta0[k];
        if (Number.isFinite(r) && Number.isFinite(v)) {
          rr += r * r;
          vv += v * v;
        }
      }
      let alpha = Math.sqrt(rr / vv);
      if (!(alpha >= 1)) alpha = 1;
      if (alpha >= stepMax) {
        alpha = stepMax;
        stepMax *= 4;
      }
      for (let k = 0; k < n; k++) {
        const r = theta1[k] - theta0[k];
        const v = theta2[k] - 2 * theta1[k] + theta0[k];
        const x = theta0[k] + 2 * alpha * r + alpha * alpha * v;
        thetaX[k] = Number.isFinite(x) ? x : theta2[k];
      }
      const lx = update(thetaX, theta1); // theta1 is free now: it receives G(θ′)
      if (lx <= l1) {
        [theta0, theta1] = [theta1, theta0];
      } else {
        // Extrapolation overshot: continue from the plain iterate θ₂ with a shorter maximal step.
        [theta0, theta2] = [theta2, theta0];
        stepMax = Math.max(1, stepMax / 4);
      }
    }
    // A last plain update when one more is allowed but no SQUAREM cycle fits.
    if (reason === 'max-iterations' && iterations < maxIterations) {
      update(theta0, theta1);
      [theta0, theta1] = [theta1, theta0];
    }
  }
  const b = final ?? bounds(theta0);
  marginal(theta0);
  return {
    eps,
    rate: b.rate,
    distortion: b.distortion,
    lowerBound: b.lowerBound,
    gap: b.rate - b.lowerBound,
    lagrangian: b.lagrangian,
    lagrangianChange: change,
    iterations,
    converged: reason !== 'max-iterations',
    stopReason: reason,
    reconstruction: Float64Array.from(q),
  };
}

function productOption(opts: BlahutArimotoOptions): 'auto' | 'dense' | 'fft' {
  const p = opts.product ?? 'auto';
  if (p !== 'auto' && p !== 'dense' && p !== 'fft')
    throw new InvalidParameterError('product', "'auto', 'dense' or 'fft'", p);
  return p;
}

function uniformPoints(name: string, lo: number, hi: number, points: number): Float64Array {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo))
    throw new InvalidParameterError(name, `a finite range with max > min`, [lo, hi]);
  assertInteger(`${name}.points`, points, 2);
  const h = (hi - lo) / points;
  return Float64Array.from({ length: points }, (_, i) => lo + (i + 0.5) * h);
}

function normalise(name: string, w: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] >= 0) || !Number.isFinite(w[i]))
      throw new InvalidParameterError(`${name}[${i}]`, 'a finite density value >= 0', w[i]);
    s += w[i];
  }
  if (!(s > 0)) throw new InvalidParameterError(name, 'a density with positive mass on the grid', s);
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return w;
}

/**
 * Source on a 1-D grid: a density evaluated at the cell midpoints of `points` cells on [xMin, xMax]
 * (normalised on the grid), or given probabilities `probabilities` at those midpoints (e.g. a histogram).
 *
 * @example
 * ```ts
 * import type { GridSource1d } from '@ratedistortion/analytic';
 * const s: GridSource1d = { density: (x) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 400 };
 * ```
 */
export interface GridSource1d {
  density?: (x: number) => number;
  probabilities?: ArrayLike<number>;
  xMin: number;
  xMax: number;
  points: number;
}

/**
 * Blahut–Arimoto on a 1-D grid (reconstruction alphabet = the same grid). Grid discretisation error: the
 * result is the RD function of the discretised source; for smooth densities it converges as O(h²) in the
 * cell width h once h ≪ √eps (see {@link blahutArimotoRichardson1d}).
 *
 * @example
 * ```ts
 * import { blahutArimotoGrid1d } from '@ratedistortion/analytic';
 * const r = blahutArimotoGrid1d({ density: (x) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 400 }, 0.5);
 * console.log(r.rate, 0.5 * Math.log(1 / 0.5), r.distortion); // ≈ 0.3466 0.3466 ≈ 0.25
 * ```
 */
export function blahutArimotoGrid1d(
  source: GridSource1d,
  eps: number,
  opts: BlahutArimotoOptions = {},
): BlahutArimotoResult {
  assertPositive('eps', eps);
  const xs = uniformPoints('x', source.xMin, source.xMax, source.points);
  let p: Float64Array;
  if (source.probabilities !== undefined) {
    if (source.probabilities.length !== xs.length)
      throw new InvalidParameterError('probabilities', `an array of ${xs.length} values`, source.probabilities);
    p = normalise('probabilities', Float64Array.from(source.probabilities));
  } else if (typeof source.density === 'function') {
    p = normalise('density', Float64Array.from(xs, source.density));
  } else throw new InvalidParameterError('source', 'a density function or grid probabilities', source);
  return run(
    p,
    new GibbsKernel(
      gibbsAxis(xs.length, (source.xMax - source.xMin) / source.points, 1 / eps, productOption(opts)),
      null,
    ),
    eps,
    opts,
  );
}

/**
 * Histogram of 1-D samples on `points` equal cells of [xMin, xMax], as grid probabilities for
 * {@link blahutArimotoGrid1d}. Samples outside the range are an error (never silently dropped).
 *
 * @example
 * ```ts
 * import { histogramSource1d } from '@ratedistortion/analytic';
 * const s = histogramSource1d([0.1, 0.2, -0.3], -1, 1, 4);
 * console.log(s.probabilities); // Float64Array [0, 0.333.., 0.666.., 0]
 * ```
 */
export function histogramSource1d(
  samples: ArrayLike<number>,
  xMin: number,
  xMax: number,
  points: number,
): GridSource1d & { probabilities: Float64Array } {
  uniformPoints('x', xMin, xMax, points);
  if (samples == null || !(samples.length > 0))
    throw new InvalidParameterError('samples', 'a non-empty list of numbers', samples);
  const counts = new Float64Array(points);
  const h = (xMax - xMin) / points;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (!(x >= xMin && x <= xMax)) throw new InvalidParameterError(`samples[${i}]`, `a value in [${xMin}, ${xMax}]`, x);
    counts[Math.min(points - 1, Math.floor((x - xMin) / h))] += 1;
  }
  for (let i = 0; i < points; i++) counts[i] /= samples.length;
  return { probabilities: counts, xMin, xMax, points };
}

/**
 * Source on a 2-D product grid: `density(x, y)` at the cell midpoints (normalised on the grid), or
 * row-major `probabilities` (index i·ny + j for x-cell i, y-cell j).
 *
 * @example
 * ```ts
 * import type { GridSource2d } from '@ratedistortion/analytic';
 * const s: GridSource2d = { density: (x, y) => Math.exp(-0.5 * (x * x + y * y)), x: [-6, 6, 60], y: [-6, 6, 60] };
 * ```
 */
export interface GridSource2d {
  density?: (x: number, y: number) => number;
  probabilities?: ArrayLike<number>;
  /** [min, max, points] of the first coordinate. */
  x: [number, number, number];
  /** [min, max, points] of the second coordinate. */
  y: [number, number, number];
}

/**
 * Blahut–Arimoto on a 2-D product grid with the separable Gibbs kernel (d = ½(Δx² + Δy²)).
 *
 * @example
 * ```ts
 * import { blahutArimotoGrid2d } from '@ratedistortion/analytic';
 * const r = blahutArimotoGrid2d({ density: (x, y) => Math.exp(-0.5 * (x * x + y * y / 0.25)), x: [-7, 7, 70], y: [-3.5, 3.5, 70] }, 0.5);
 * console.log(r.rate, r.distortion); // water-filling: ½log(1/0.5) = 0.3466, D = 0.25 + 0.125 = 0.375
 * ```
 */
export function blahutArimotoGrid2d(
  source: GridSource2d,
  eps: number,
  opts: BlahutArimotoOptions = {},
): BlahutArimotoResult {
  assertPositive('eps', eps);
  const xs = uniformPoints('x', source.x[0], source.x[1], source.x[2]);
  const ys = uniformPoints('y', source.y[0], source.y[1], source.y[2]);
  const n = xs.length * ys.length;
  let p: Float64Array;
  if (source.probabilities !== undefined) {
    if (source.probabilities.length !== n)
      throw new InvalidParameterError('probabilities', `an array of ${n} values`, source.probabilities);
    p = normalise('probabilities', Float64Array.from(source.probabilities));
  } else if (typeof source.density === 'function') {
    p = new Float64Array(n);
    for (let i = 0; i < xs.length; i++)
      for (let j = 0; j < ys.length; j++) p[i * ys.length + j] = source.density(xs[i], ys[j]);
    p = normalise('density', p);
  } else throw new InvalidParameterError('source', 'a density function or grid probabilities', source);
  const product = productOption(opts);
  const ax = gibbsAxis(xs.length, (source.x[1] - source.x[0]) / source.x[2], 1 / eps, product);
  const ay = gibbsAxis(ys.length, (source.y[1] - source.y[0]) / source.y[2], 1 / eps, product);
  return run(p, new GibbsKernel(ax, ay), eps, opts);
}

/**
 * Blahut–Arimoto on a 1-D or a 2-D grid source: {@link blahutArimotoGrid1d} for a {@link GridSource1d} (it has
 * `xMin`), {@link blahutArimotoGrid2d} for a {@link GridSource2d}.
 *
 * @example
 * ```ts
 * import { blahutArimotoGrid } from '@ratedistortion/analytic';
 * const oneD = blahutArimotoGrid({ density: (x: number) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 200 }, 0.5);
 * const twoD = blahutArimotoGrid({ density: (x: number, y: number) => Math.exp(-0.5 * (x * x + y * y)), x: [-6, 6, 30], y: [-6, 6, 30] }, 0.5);
 * console.log(oneD.rate, twoD.rate); // ≈ ½ log 2, ≈ log 2 (a coarse 2-D grid)
 * ```
 */
export function blahutArimotoGrid(
  source: GridSource1d | GridSource2d,
  eps: number,
  opts: BlahutArimotoOptions = {},
): BlahutArimotoResult {
  if (source == null || typeof source !== 'object')
    throw new InvalidParameterError('source', 'a GridSource1d or GridSource2d', source);
  return 'xMin' in source ? blahutArimotoGrid1d(source, eps, opts) : blahutArimotoGrid2d(source, eps, opts);
}

/**
 * Richardson extrapolation of 1-D grid BA in the cell width: runs `points` and `2·points` cells on the same
 * range and combines them assuming an O(h²) leading error, `R* = R_{h/2} + (R_{h/2} − R_h)/3` (same for D).
 * `discretisationError` is |R_{h/2} − R_h|·4/3, the size of the correction at the coarser grid.
 *
 * @example
 * ```ts
 * import { blahutArimotoRichardson1d } from '@ratedistortion/analytic';
 * const r = blahutArimotoRichardson1d({ density: (x) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 100 }, 0.5);
 * console.log(r.rate, r.discretisationError);
 * ```
 */
export function blahutArimotoRichardson1d(
  source: Omit<GridSource1d, 'probabilities'> & { density: (x: number) => number },
  eps: number,
  opts: BlahutArimotoOptions = {},
): {
  rate: number;
  distortion: number;
  coarse: BlahutArimotoResult;
  fine: BlahutArimotoResult;
  discretisationError: number;
} {
  const coarse = blahutArimotoGrid1d(source, eps, opts);
  const fine = blahutArimotoGrid1d({ ...source, points: 2 * source.points }, eps, opts);
  return {
    rate: fine.rate + (fine.rate - coarse.rate) / 3,
    distortion: fine.distortion + (fine.distortion - coarse.distortion) / 3,
    coarse,
    fine,
    discretisationError: (Math.abs(fine.rate - coarse.rate) * 4) / 3,
  };
}
