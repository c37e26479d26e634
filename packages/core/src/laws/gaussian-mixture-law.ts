// Gaussian mixtures in eigen-form: `Σ wᵢ N(μᵢ, Σᵢ + shift·I)`. Keeping every covariance as Σ = V diag(λ) Vᵀ lets
// density, score and samples be evaluated for any isotropic shift without refactorising — the backward heat
// equation maps each component N(μ, Σ) to N(μ, Σ − eps·t·I) (paper Eq. 22).
import { DimensionMismatchError, InvalidParameterError, NumericalError, ValidityRangeError } from '../errors/errors.js';
import { assertFinite, assertInteger } from '../errors/validate.js';
import { cholesky64 } from '../linalg/cholesky.js';
import { integrate, integrate2d } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import type { Samples } from '../samples/samples.js';
import type { GaussianMixtureSpec, GaussianSpec } from '../spec/spec.js';
import { gaussianComponents, type GaussianComponent } from './gaussian-components.js';
import type { ComplexValue, Law, LawEntropy } from './law.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Sample size and seed of a Gaussian mixture's Monte Carlo entropy (the default above two dimensions); fixed, so
 * that `entropy()` is deterministic.
 *
 * @example
 * ```ts
 * import { GAUSSIAN_MIXTURE_ENTROPY_MC } from '@ratedistortion/core';
 * console.log(GAUSSIAN_MIXTURE_ENTROPY_MC.n); // 200000
 * ```
 */
export const GAUSSIAN_MIXTURE_ENTROPY_MC = { n: 200_000, seed: 20_240_601 } as const;

/**
 * Options of {@link GaussianMixtureLaw.entropy}.
 *
 * @example
 * ```ts
 * import { GaussianMixtureLaw, type MixtureEntropyOptions } from '@ratedistortion/core';
 * const opts: MixtureEntropyOptions = { method: 'monte-carlo', samples: 20000, rng: 1 };
 * const g = GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-2, 2], variances: [1, 1] });
 * console.log(g.entropy(opts).value, g.entropy().value); // agree within a few standard errors
 * ```
 */
export interface MixtureEntropyOptions {
  /** 'auto' (default): quadrature for dim ≤ 2, Monte Carlo above. */
  method?: 'auto' | 'quadrature' | 'monte-carlo';
  /** Absolute tolerance of the quadrature (default 1e-10 in 1-D, 1e-8 in 2-D). */
  tol?: number;
  /** Monte Carlo sample size (default {@link GAUSSIAN_MIXTURE_ENTROPY_MC}.n). */
  samples?: number;
  /** Monte Carlo seed (default {@link GAUSSIAN_MIXTURE_ENTROPY_MC}.seed) or generator. */
  rng?: Random | number;
}

function negPlogP(lp: number): number {
  return lp === -Infinity ? 0 : -Math.exp(lp) * lp;
}

/**
 * A Gaussian mixture `Σ wᵢ N(μᵢ, Σᵢ + shift·I)` in any dimension. `shift` is 0 for the source itself,
 * `−eps·t` for the backward-heat-equation solution `p_t` and `+eps` for a Gaussian-smoothed mixture.
 *
 * Draws: a component by its weight, then `μᵢ + Lᵢz` with `Lᵢ` the Cholesky factor of `Σᵢ + shift·I` and z standard
 * normal. Entropy: adaptive quadrature of `−p log p` in 1-D and 2-D, Monte Carlo above.
 *
 * @example
 * ```ts
 * import { GaussianMixtureLaw } from '@ratedistortion/core';
 * const p0 = GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });
 * const smoothed = p0.withShift(0.02);
 * console.log(p0.minEigenvalue, p0.entropy().value < smoothed.entropy().value); // 0.04 true
 * ```
 */
export class GaussianMixtureLaw implements Law {
  /** Dimension of the mixture. */
  readonly dim: number;
  /** The components of the unshifted mixture. */
  readonly components: readonly GaussianComponent[];
  /** The isotropic shift added to every covariance. */
  readonly shift: number;
  private readonly logWeights: Float64Array;
  /** Shifted eigenvalues, component-major: [i*dim + k]. */
  private readonly lam: Float64Array;
  private readonly logNorm: Float64Array;
  private readonly vecs: Float64Array; // [(i*dim + k)*dim + j]
  private readonly means: Float64Array; // [i*dim + j]
  private readonly weights: Float64Array;
  private chols: Float64Array[][] | null = null;
  private cachedEntropy: LawEntropy | null = null;

  /** Build from validated components (see {@link gaussianComponents}); most callers use {@link GaussianMixtureLaw.fromSpec}. */
  constructor(components: readonly GaussianComponent[], shift = 0) {
    if (!Array.isArray(components) || components.length === 0)
      throw new InvalidParameterError('components', 'a non-empty array', components);
    assertFinite('shift', shift);
    const dim = components[0].mean.length;
    const k = components.length;
    this.dim = dim;
    this.components = components;
    this.shift = shift;
    this.logWeights = new Float64Array(k);
    this.lam = new Float64Array(k * dim);
    this.logNorm = new Float64Array(k);
    this.vecs = new Float64Array(k * dim * dim);
    this.means = new Float64Array(k * dim);
    this.weights = Float64Array.from(components, (c) => c.weight);
    components.forEach((c, i) => {
      if (c.mean.length !== dim) throw new DimensionMismatchError(`components[${i}].mean`, dim, c.mean.length);
      this.logWeights[i] = Math.log(c.weight);
      let ld = 0;
      for (let a = 0; a < dim; a++) {
        const l = c.eigenvalues[a] + shift;
        if (!(l > 0)) {
          throw new ValidityRangeError(
            'shift',
            `a shift > ${-this.minEigenvalueOf(components)}`,
            shift,
            'a Gaussian mixture covariance (it must stay positive definite)',
          );
        }
        this.lam[i * dim + a] = l;
        ld += Math.log(l);
        for (let j = 0; j < dim; j++) this.vecs[(i * dim + a) * dim + j] = c.eigenvectors[a][j];
      }
      for (let j = 0; j < dim; j++) this.means[i * dim + j] = c.mean[j];
      this.logNorm[i] = this.logWeights[i] - 0.5 * (dim * LOG_2PI + ld);
    });
  }

  /** @internal */
  protected minEigenvalueOf(components: readonly GaussianComponent[]): number {
    let m = Infinity;
    for (const c of components) m = Math.min(m, c.eigenvalues[0]);
    return m;
  }

  /**
   * Validate a Gaussian or Gaussian-mixture spec (weights summing to 1, SPD covariances) and build the mixture.
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', covariance: [[1, 0.5], [0.5, 2]] });
   * console.log(g.dim, g.components.length); // 2 1
   * ```
   */
  static fromSpec(spec: GaussianSpec | GaussianMixtureSpec): GaussianMixtureLaw {
    return new GaussianMixtureLaw(gaussianComponents(spec));
  }

  /** The smallest covariance eigenvalue over all components of the unshifted mixture. */
  get minEigenvalue(): number {
    return this.minEigenvalueOf(this.components);
  }

  /**
   * The mixture with every covariance replaced by `Σᵢ + s·I` (relative to the unshifted components).
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const p1 = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 1 }).withShift(-0.25);
   * console.log(p1.components[0].eigenvalues[0] + p1.shift); // 0.75
   * ```
   */
  withShift(s: number): GaussianMixtureLaw {
    return new GaussianMixtureLaw(this.components, s);
  }

  /** Log-density at the point stored at `x[offset .. offset+dim)`. */
  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    const k = this.logWeights.length;
    const terms = new Float64Array(k);
    const max = this.componentLogTerms(x, offset, terms);
    if (max === -Infinity) return -Infinity;
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.exp(terms[i] - max);
    return max + Math.log(s);
  }

  /**
   * `terms[i] = log(wᵢ N(x; μᵢ, Σᵢ + shift·I))` for the point `x[offset..]` via the eigen-form; with `grads`, also
   * `grads[i·dim ..] += −(Σᵢ + shift·I)⁻¹(x − μᵢ)`, the gradient of that term. Returns the largest term.
   */
  private componentLogTerms(x: ArrayLike<number>, offset: number, terms: Float64Array, grads?: Float64Array): number {
    const { dim } = this;
    let max = -Infinity;
    for (let i = 0; i < terms.length; i++) {
      let q = 0;
      for (let a = 0; a < dim; a++) {
        let z = 0;
        const vo = (i * dim + a) * dim;
        for (let j = 0; j < dim; j++) z += this.vecs[vo + j] * (x[offset + j] - this.means[i * dim + j]);
        const l = this.lam[i * dim + a];
        q += (z * z) / l;
        if (grads !== undefined) {
          const c = -z / l;
          for (let j = 0; j < dim; j++) grads[i * dim + j] += c * this.vecs[vo + j];
        }
      }
      terms[i] = this.logNorm[i] - 0.5 * q;
      if (terms[i] > max) max = terms[i];
    }
    return max;
  }

  /**
   * Log-density at each point (rows of `points`; a flat array is read as 1-D points).
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 1 });
   * console.log(g.logDensity([0])[0], -0.5 * Math.log(2 * Math.PI));
   * ```
   */
  logDensity(points: Samples | ArrayLike<number>): Float64Array {
    const { data, n } = this.points(points);
    const out = new Float64Array(n);
    for (let m = 0; m < n; m++) out[m] = this.logDensityAt(data, m * this.dim);
    return out;
  }

  /**
   * Density at each point (rows of `points`; a flat array is read as 1-D points).
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 1 });
   * console.log(g.density([0, 1]));
   * ```
   */
  density(points: Samples | ArrayLike<number>): Float64Array {
    const out = this.logDensity(points);
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]);
    return out;
  }

  /**
   * Score `∇ log p(x)` at the point `x[offset..]`, written to `out[outOffset..]`; returns `log p(x)`.
   * Responsibilities are formed in the log domain, so the score stays finite far in the tails.
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 2 });
   * const s = new Float64Array(1);
   * g.scoreAt([1], 0, s, 0);
   * console.log(s[0]); // -0.5
   * ```
   */
  scoreAt(x: ArrayLike<number>, offset: number, out: Float64Array, outOffset: number): number {
    const { dim } = this;
    const k = this.logWeights.length;
    const terms = new Float64Array(k);
    const grads = new Float64Array(k * dim);
    const max = this.componentLogTerms(x, offset, terms, grads);
    let s = 0;
    for (let j = 0; j < dim; j++) out[outOffset + j] = 0;
    for (let i = 0; i < k; i++) {
      const r = Math.exp(terms[i] - max);
      s += r;
      for (let j = 0; j < dim; j++) out[outOffset + j] += r * grads[i * dim + j];
    }
    for (let j = 0; j < dim; j++) out[outOffset + j] /= s;
    return max + Math.log(s);
  }

  /**
   * Score `∇ log p` at every point; rows in, rows out (`n × dim`, row-major).
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.5, 0.5] });
   * console.log(g.score([0])[0]); // 0 by symmetry
   * ```
   */
  score(points: Samples | ArrayLike<number>): Float64Array {
    const { data, n } = this.points(points);
    const out = new Float64Array(n * this.dim);
    for (let m = 0; m < n; m++) this.scoreAt(data, m * this.dim, out, m * this.dim);
    return out;
  }

  /**
   * Exact i.i.d. samples (see the class notes for the construction).
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw, Random } from '@ratedistortion/core';
   * const g = GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] });
   * const s = g.sample(1000, new Random(1));
   * console.log(s.n, s.dim); // 1000 1
   * ```
   */
  sample(n: number, rng: Random): Samples {
    assertInteger('n', n, 1);
    if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
    const data = new Float64Array(n * this.dim);
    this.fill(n, rng, data);
    return { n, dim: this.dim, data };
  }

  fill(n: number, rng: Random, out: Float64Array): void {
    const d = this.dim;
    const L = this.choleskyFactors();
    const z = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      const k = rng.categorical(this.weights);
      const Lk = L[k];
      rng.fillNormal(z);
      for (let i = 0; i < d; i++) {
        let v = this.means[k * d + i];
        for (let j = 0; j <= i; j++) v += Lk[i][j] * z[j];
        out[s * d + i] = v;
      }
    }
  }

  /** Lower Cholesky factors of `Σᵢ + shift·I`, computed once. */
  private choleskyFactors(): Float64Array[][] {
    if (this.chols) return this.chols;
    const d = this.dim;
    this.chols = this.components.map((c, i) => {
      if (this.shift === 0) return cholesky64(c.covariance, `covariances[${i}]`);
      const cov = Array.from({ length: d }, () => new Float64Array(d));
      for (let a = 0; a < d; a++) {
        const l = this.lam[i * d + a];
        const vo = (i * d + a) * d;
        for (let r = 0; r < d; r++) for (let q = 0; q < d; q++) cov[r][q] += l * this.vecs[vo + r] * this.vecs[vo + q];
      }
      for (let r = 0; r < d; r++)
        for (let q = 0; q < r; q++) {
          const m = 0.5 * (cov[r][q] + cov[q][r]);
          cov[r][q] = m;
          cov[q][r] = m;
        }
      return cholesky64(cov, `covariances[${i}]`);
    });
    return this.chols;
  }

  /** Mean vector of the mixture. */
  mean(): Float64Array {
    const out = new Float64Array(this.dim);
    this.components.forEach((c, i) => {
      for (let j = 0; j < this.dim; j++) out[j] += c.weight * this.means[i * this.dim + j];
    });
    return out;
  }

  /** `Σᵢ wᵢ (Σᵢ + shift·I + μᵢμᵢᵀ) − μμᵀ`. */
  covariance(): Float64Array[] {
    const d = this.dim;
    const m = this.mean();
    const out = Array.from({ length: d }, () => new Float64Array(d));
    this.components.forEach((c, i) => {
      for (let a = 0; a < d; a++) {
        const l = this.lam[i * d + a];
        const vo = (i * d + a) * d;
        for (let r = 0; r < d; r++)
          for (let q = 0; q < d; q++) out[r][q] += c.weight * l * this.vecs[vo + r] * this.vecs[vo + q];
      }
      for (let r = 0; r < d; r++)
        for (let q = 0; q < d; q++) out[r][q] += c.weight * this.means[i * d + r] * this.means[i * d + q];
    });
    for (let r = 0; r < d; r++) for (let q = 0; q < d; q++) out[r][q] -= m[r] * m[q];
    for (let r = 0; r < d; r++)
      for (let q = 0; q < r; q++) {
        const v = 0.5 * (out[r][q] + out[q][r]);
        out[r][q] = v;
        out[q][r] = v;
      }
    return out;
  }

  /** `Σᵢ wᵢ exp(i ωᵀμᵢ − ½ ωᵀ(Σᵢ + shift·I)ω)`. */
  characteristicFunction(omega: ArrayLike<number>): ComplexValue {
    const d = this.dim;
    if (omega == null || omega.length !== d)
      throw new DimensionMismatchError('omega', d, omega == null ? 'none' : omega.length);
    let re = 0;
    let im = 0;
    this.components.forEach((c, i) => {
      let phase = 0;
      let quad = 0;
      for (let j = 0; j < d; j++) phase += omega[j] * this.means[i * d + j];
      for (let a = 0; a < d; a++) {
        let z = 0;
        const vo = (i * d + a) * d;
        for (let j = 0; j < d; j++) z += this.vecs[vo + j] * omega[j];
        quad += this.lam[i * d + a] * z * z;
      }
      const mag = c.weight * Math.exp(-0.5 * quad);
      re += mag * Math.cos(phase);
      im += mag * Math.sin(phase);
    });
    return { re, im };
  }

  /**
   * Differential entropy (nats): adaptive Gauss–Kronrod quadrature of `−p log p` over the 12-standard-deviation
   * box (p < e^{−72} outside) in 1-D and 2-D, Monte Carlo `−mean log p(X)` with its standard error above. The default
   * call is cached.
   *
   * @example
   * ```ts
   * import { GaussianMixtureLaw } from '@ratedistortion/core';
   * const h = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 1 }).entropy();
   * console.log(h.value, 0.5 * Math.log(2 * Math.PI * Math.E)); // equal to ~1e-12
   * ```
   */
  entropy(opts: MixtureEntropyOptions = {}): LawEntropy {
    const isDefault =
      opts.method === undefined && opts.tol === undefined && opts.samples === undefined && opts.rng === undefined;
    if (isDefault && this.cachedEntropy) return { ...this.cachedEntropy };
    const method = opts.method ?? 'auto';
    if (!['auto', 'quadrature', 'monte-carlo'].includes(method)) {
      throw new InvalidParameterError('method', "'auto', 'quadrature' or 'monte-carlo'", method);
    }
    const useQuad = method === 'quadrature' || (method === 'auto' && this.dim <= 2);
    let result: LawEntropy;
    if (useQuad) {
      if (this.dim > 2) throw new InvalidParameterError('method', "'monte-carlo' for dimension > 2", method);
      const { lo, hi } = this.boundingBox(12);
      const brk = (j: number): number[] => this.components.map((_, i) => this.means[i * this.dim + j]);
      const pt = new Float64Array(this.dim);
      if (this.dim === 1) {
        const tol = opts.tol ?? 1e-10;
        const r = integrate(
          (x) => {
            pt[0] = x;
            return negPlogP(this.logDensityAt(pt));
          },
          lo[0],
          hi[0],
          {
            absTol: tol,
            relTol: 0,
            maxIntervals: 5000,
            breakpoints: brk(0),
          },
        );
        if (!r.converged)
          throw new NumericalError('GaussianMixtureLaw.entropy quadrature', `error estimate ${r.error} above ${tol}`);
        result = { value: r.value, method: 'quadrature', error: r.error };
      } else {
        const tol = opts.tol ?? 1e-8;
        const r = integrate2d(
          (x, y) => {
            pt[0] = x;
            pt[1] = y;
            return negPlogP(this.logDensityAt(pt));
          },
          [lo[0], hi[0]],
          [lo[1], hi[1]],
          {
            absTol: tol,
            relTol: 0,
            maxIntervals: 5000,
            breakpoints: brk(0),
            yBreakpoints: brk(1),
          },
        );
        if (!r.converged)
          throw new NumericalError(
            'GaussianMixtureLaw.entropy 2-D quadrature',
            `error estimate ${r.error} above ${tol}`,
          );
        result = { value: r.value, method: 'quadrature', error: r.error };
      }
    } else {
      const n = opts.samples ?? GAUSSIAN_MIXTURE_ENTROPY_MC.n;
      assertInteger('samples', n, 2);
      const rng = opts.rng instanceof Random ? opts.rng : new Random(opts.rng ?? GAUSSIAN_MIXTURE_ENTROPY_MC.seed);
      const s = this.sample(n, rng);
      let sum = 0;
      let sumSq = 0;
      for (let m = 0; m < n; m++) {
        const v = -this.logDensityAt(s.data, m * this.dim);
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / n;
      const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
      result = { value: mean, method: 'monte-carlo', stdError: Math.sqrt(variance / n), n };
    }
    if (isDefault) this.cachedEntropy = result;
    return { ...result };
  }

  /** Axis-aligned box outside which every component has less than e^{-½·r²}-scale density (r standard deviations). */
  boundingBox(r = 12): { lo: Float64Array; hi: Float64Array } {
    const lo = new Float64Array(this.dim).fill(Infinity);
    const hi = new Float64Array(this.dim).fill(-Infinity);
    this.components.forEach((_c, i) => {
      const sd = Math.sqrt(this.lam[i * this.dim + this.dim - 1]);
      for (let j = 0; j < this.dim; j++) {
        lo[j] = Math.min(lo[j], this.means[i * this.dim + j] - r * sd);
        hi[j] = Math.max(hi[j], this.means[i * this.dim + j] + r * sd);
      }
    });
    return { lo, hi };
  }

  private points(points: Samples | ArrayLike<number>): { data: ArrayLike<number>; n: number } {
    if (points != null && typeof points === 'object' && 'dim' in points && 'data' in points) {
      const s = points as Samples;
      if (s.dim !== this.dim) throw new DimensionMismatchError('points', this.dim, s.dim);
      return { data: s.data, n: s.n };
    }
    const a = points as ArrayLike<number>;
    if (a == null || typeof a.length !== 'number')
      throw new InvalidParameterError('points', 'Samples or an array of numbers', points);
    if (a.length % this.dim !== 0)
      throw new DimensionMismatchError('points', this.dim, `a flat array of length ${a.length}`);
    return { data: a, n: a.length / this.dim };
  }
}
