// Blahut–Arimoto for d(x, y) = ½‖x − y‖² at slope −1/eps (β = 1/eps), on product grids in 1-D and 2-D where
// the source points are also the reconstruction points. The Gibbs kernel e^{−β·d} then factorises over
// coordinates, K = K₁ ⊗ K₂, so a kernel product costs O(N·(n₁ + n₂)) instead of O(N²) in 2-D.
//
// Updates (Blahut 1972): with reconstruction marginal q, Z_j = Σ_k K_jk q_k and c_k = Σ_j p_j K_jk / Z_j,
// q ← q ⊙ c. The marginal is carried in the log domain (log q += log c, renormalised by log-sum-exp), so
// reconstruction points that die out decay without underflow; the kernel has a unit diagonal (source point =
// reconstruction point), which keeps every Z_j > 0 while q is positive.
// Bounds at each check: with D the distortion of the current channel Q(k|j) = q_k K_jk / Z_j,
//   upper  R_U = −βD − Σ_j p_j log Z_j − Σ_k q_k c_k log c_k   (= I(X; X̂) of that channel),
//   lower  R_L = −βD − Σ_j p_j log Z_j − max_k log c_k          (Blahut's Theorem 8 dual bound),
// so the grid problem's R(D) lies in [R_L, R_U]; iteration stops when R_U − R_L ≤ tol.
import { InvalidParameterError, NumericalError, assertInteger, assertPositive } from '@ratedistortion/core';

/**
 * Result of a Blahut–Arimoto run.
 *
 * @example
 * ```ts
 * import { blahutArimotoGrid1d, type BlahutArimotoResult } from '@ratedistortion/analytic';
 * const r: BlahutArimotoResult = blahutArimotoGrid1d({ density: (x) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 200 }, 0.5);
 * ```
 */
export interface BlahutArimotoResult {
  eps: number;
  /** Rate (nats) of the final channel: an upper estimate of the grid source's R(distortion). */
  rate: number;
  /** Distortion ½E‖X − X̂‖² of the final channel. */
  distortion: number;
  /** Dual lower bound on the grid source's R(distortion). */
  lowerBound: number;
  iterations: number;
  converged: boolean;
  /** Reconstruction marginal q over the grid points (row-major in 2-D). */
  reconstruction: Float64Array;
}

/**
 * Stopping rule of {@link blahutArimotoGrid1d} / {@link blahutArimotoGrid2d}.
 *
 * @example
 * ```ts
 * import type { BlahutArimotoOptions } from '@ratedistortion/analytic';
 * const o: BlahutArimotoOptions = { tol: 1e-6, maxIterations: 5000 };
 * ```
 */
export interface BlahutArimotoOptions {
  /** Stop when rate − lowerBound ≤ tol (default 1e-8 nats). */
  tol?: number;
  /** Iteration cap (default 20000). */
  maxIterations?: number;
  /** Bounds are evaluated every `checkEvery` iterations (default 10). */
  checkEvery?: number;
  /**
   * Also stop (with `converged: false`) when R and β·D change by at most `stallTol` between two checks
   * (default 1e-12): the gap R_U − R_L can stall on the far tails of the marginal while R and D are settled.
   */
  stallTol?: number;
}

/** A product grid with separable kernels: 1 or 2 axes of uniformly spaced points. */
interface Axis { n: number; k: Float64Array; kd: Float64Array }

function axis(points: Float64Array, beta: number): Axis {
  const n = points.length;
  const k = new Float64Array(n * n);
  const kd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = 0.5 * (points[i] - points[j]) ** 2;
      const e = Math.exp(-beta * d);
      k[i * n + j] = e;
      kd[i * n + j] = e * d;
    }
  }
  return { n, k, kd };
}

// out = (A ⊗ B) v for a row-major n1×n2 array v, A and B symmetric.
function kron(a: Float64Array, n1: number, b: Float64Array | null, n2: number, v: Float64Array, out: Float64Array, tmp: Float64Array): void {
  if (b === null) {
    for (let i = 0; i < n1; i++) {
      let s = 0;
      const o = i * n1;
      for (let j = 0; j < n1; j++) s += a[o + j] * v[j];
      out[i] = s;
    }
    return;
  }
  // tmp = V·B (rows of V times B), out = A·tmp
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) {
      let s = 0;
      const vo = i * n2;
      const bo = j * n2;
      for (let l = 0; l < n2; l++) s += v[vo + l] * b[bo + l];
      tmp[i * n2 + j] = s;
    }
  }
  out.fill(0);
  for (let i = 0; i < n1; i++) {
    const ao = i * n1;
    for (let l = 0; l < n1; l++) {
      const c = a[ao + l];
      if (c === 0) continue;
      const to = l * n2;
      const oo = i * n2;
      for (let j = 0; j < n2; j++) out[oo + j] += c * tmp[to + j];
    }
  }
}

function run(p: Float64Array, axes: Axis[], eps: number, opts: BlahutArimotoOptions): BlahutArimotoResult {
  const tol = opts.tol ?? 1e-8;
  const maxIterations = opts.maxIterations ?? 20000;
  const checkEvery = opts.checkEvery ?? 10;
  const stallTol = opts.stallTol ?? 1e-12;
  assertPositive('stallTol', stallTol);
  let prevRate = NaN;
  let prevDist = NaN;
  assertPositive('tol', tol);
  assertInteger('maxIterations', maxIterations, 1);
  assertInteger('checkEvery', checkEvery, 1);
  const beta = 1 / eps;
  const n = p.length;
  const [a1, a2] = axes;
  const n1 = a1.n;
  const n2 = a2?.n ?? 1;
  const tmp = new Float64Array(n);
  const kprod = (which: 'k' | 'kd1' | 'kd2', v: Float64Array, out: Float64Array): void => {
    if (!a2) { kron(which === 'k' ? a1.k : a1.kd, n1, null, 1, v, out, tmp); return; }
    if (which === 'k') kron(a1.k, n1, a2.k, n2, v, out, tmp);
    else if (which === 'kd1') kron(a1.kd, n1, a2.k, n2, v, out, tmp);
    else kron(a1.k, n1, a2.kd, n2, v, out, tmp);
  };
  const logq = new Float64Array(n);
  const q = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const c = new Float64Array(n);
  const dz = new Float64Array(n);
  const dz2 = new Float64Array(n);
  for (let k = 0; k < n; k++) logq[k] = 0; // uniform start
  let rate = NaN;
  let lowerBound = NaN;
  let distortion = NaN;
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= maxIterations; it++) {
    let max = -Infinity;
    for (let k = 0; k < n; k++) if (logq[k] > max) max = logq[k];
    let qs = 0;
    for (let k = 0; k < n; k++) { q[k] = Math.exp(logq[k] - max); qs += q[k]; }
    const logNorm = max + Math.log(qs); // log Σ_k exp(logq_k)
    for (let k = 0; k < n; k++) q[k] /= qs;
    kprod('k', q, z);
    for (let j = 0; j < n; j++) {
      if (p[j] === 0) { w[j] = 0; continue; }
      if (!(z[j] > 0)) throw new NumericalError(`Blahut–Arimoto iteration ${it}`, 'a partition sum underflowed; use a smaller grid range or larger eps');
      w[j] = p[j] / z[j];
    }
    kprod('k', w, c);
    iterations = it;
    if (it % checkEvery === 0 || it === maxIterations) {
      kprod('kd1', q, dz);
      if (a2) kprod('kd2', q, dz2);
      let dsum = 0;
      let logZ = 0;
      for (let j = 0; j < n; j++) {
        if (p[j] === 0) continue;
        dsum += w[j] * (dz[j] + (a2 ? dz2[j] : 0));
        logZ += p[j] * Math.log(z[j]);
      }
      let maxLogC = -Infinity;
      let qclogc = 0;
      for (let k = 0; k < n; k++) {
        const lc = Math.log(c[k]);
        if (lc > maxLogC) maxLogC = lc;
        if (q[k] > 0 && c[k] > 0) qclogc += q[k] * c[k] * lc;
      }
      distortion = dsum;
      const base = -beta * dsum - logZ;
      rate = base - qclogc;
      lowerBound = base - maxLogC;
      if (!Number.isFinite(rate) || !Number.isFinite(lowerBound)) throw new NumericalError(`Blahut–Arimoto iteration ${it}`, 'non-finite rate bound');
      if (rate - lowerBound <= tol) { converged = true; break; }
      // The dual gap can stall long after R and D have settled: the marginal's far tails (where the source
      // has ~no mass) re-equilibrate very slowly. Stop then too, reporting converged = false with the gap.
      if (Math.abs(rate - prevRate) <= stallTol && beta * Math.abs(distortion - prevDist) <= stallTol) break;
      prevRate = rate;
      prevDist = distortion;
    }
    for (let k = 0; k < n; k++) logq[k] = logq[k] - logNorm + Math.log(c[k]);
  }
  let max = -Infinity;
  for (let k = 0; k < n; k++) if (logq[k] > max) max = logq[k];
  let qs = 0;
  for (let k = 0; k < n; k++) { q[k] = Math.exp(logq[k] - max); qs += q[k]; }
  for (let k = 0; k < n; k++) q[k] /= qs;
  return { eps, rate, distortion, lowerBound, iterations, converged, reconstruction: q };
}

function uniformPoints(name: string, lo: number, hi: number, points: number): Float64Array {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new InvalidParameterError(name, `a finite range with max > min`, [lo, hi]);
  assertInteger(`${name}.points`, points, 2);
  const h = (hi - lo) / points;
  return Float64Array.from({ length: points }, (_, i) => lo + (i + 0.5) * h);
}

function normalise(name: string, w: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new InvalidParameterError(`${name}[${i}]`, 'a finite density value >= 0', w[i]);
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
export function blahutArimotoGrid1d(source: GridSource1d, eps: number, opts: BlahutArimotoOptions = {}): BlahutArimotoResult {
  assertPositive('eps', eps);
  const xs = uniformPoints('x', source.xMin, source.xMax, source.points);
  let p: Float64Array;
  if (source.probabilities !== undefined) {
    if (source.probabilities.length !== xs.length) throw new InvalidParameterError('probabilities', `an array of ${xs.length} values`, source.probabilities);
    p = normalise('probabilities', Float64Array.from(source.probabilities));
  } else if (typeof source.density === 'function') {
    p = normalise('density', Float64Array.from(xs, source.density));
  } else throw new InvalidParameterError('source', 'a density function or grid probabilities', source);
  return run(p, [axis(xs, 1 / eps)], eps, opts);
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
export function histogramSource1d(samples: ArrayLike<number>, xMin: number, xMax: number, points: number): GridSource1d & { probabilities: Float64Array } {
  uniformPoints('x', xMin, xMax, points);
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
export function blahutArimotoGrid2d(source: GridSource2d, eps: number, opts: BlahutArimotoOptions = {}): BlahutArimotoResult {
  assertPositive('eps', eps);
  const xs = uniformPoints('x', source.x[0], source.x[1], source.x[2]);
  const ys = uniformPoints('y', source.y[0], source.y[1], source.y[2]);
  const n = xs.length * ys.length;
  let p: Float64Array;
  if (source.probabilities !== undefined) {
    if (source.probabilities.length !== n) throw new InvalidParameterError('probabilities', `an array of ${n} values`, source.probabilities);
    p = normalise('probabilities', Float64Array.from(source.probabilities));
  } else if (typeof source.density === 'function') {
    p = new Float64Array(n);
    for (let i = 0; i < xs.length; i++) for (let j = 0; j < ys.length; j++) p[i * ys.length + j] = source.density(xs[i], ys[j]);
    p = normalise('density', p);
  } else throw new InvalidParameterError('source', 'a density function or grid probabilities', source);
  return run(p, [axis(xs, 1 / eps), axis(ys, 1 / eps)], eps, opts);
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
): { rate: number; distortion: number; coarse: BlahutArimotoResult; fine: BlahutArimotoResult; discretisationError: number } {
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
