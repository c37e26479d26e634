// Gaussian mixtures in eigen-form. The backward heat equation maps each component N(μ, Σ) to
// N(μ, Σ − eps·t·I) (paper Eq. 22, generalised to full covariances), so keeping every covariance as
// Σ = V diag(λ) Vᵀ lets density, score and drift be evaluated for any shift without refactorising.
import {
  DimensionMismatchError,
  InvalidParameterError,
  Random,
  ValidityRangeError,
  assertFinite,
  assertInRange,
  assertInteger,
  assertPositive,
  type GaussianMixtureSpec,
  type GaussianSpec,
  type Samples,
} from '@ratedistortion/core';
import { gaussianComponents, type GaussianComponent } from '../sources/analytic-source.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A Gaussian mixture `Σ wᵢ N(μᵢ, Σᵢ + shift·I)` in any dimension. `shift` is 0 for the source itself,
 * `−eps·t` for the backward-heat-equation solution `p_t` and `+eps` for a Gaussian-smoothed mixture.
 *
 * @example
 * ```ts
 * import { GaussianMixture } from '@ratedistortion/analytic';
 * const p0 = GaussianMixture.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });
 * const p1 = p0.atTime(0.02, 1);           // reconstruction law P1 for eps = 0.02
 * console.log(p0.bheValidityLimit);        // 0.04
 * console.log(p1.density([0])[0] > p0.density([0])[0]);
 * ```
 */
export class GaussianMixture {
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

  /** Build from validated components (see {@link gaussianComponents}); most callers use {@link GaussianMixture.fromSpec}. */
  constructor(components: readonly GaussianComponent[], shift = 0) {
    if (!Array.isArray(components) || components.length === 0) throw new InvalidParameterError('components', 'a non-empty array', components);
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
    components.forEach((c, i) => {
      if (c.mean.length !== dim) throw new DimensionMismatchError(`components[${i}].mean`, dim, c.mean.length);
      this.logWeights[i] = Math.log(c.weight);
      let ld = 0;
      for (let a = 0; a < dim; a++) {
        const l = c.eigenvalues[a] + shift;
        if (!(l > 0)) {
          throw new ValidityRangeError('shift', `a shift > ${-this.minEigenvalueOf(components)}`, shift, 'a Gaussian mixture covariance (it must stay positive definite)');
        }
        this.lam[i * dim + a] = l;
        ld += Math.log(l);
        for (let j = 0; j < dim; j++) this.vecs[(i * dim + a) * dim + j] = c.eigenvectors[a][j];
      }
      for (let j = 0; j < dim; j++) this.means[i * dim + j] = c.mean[j];
      this.logNorm[i] = this.logWeights[i] - 0.5 * (dim * LOG_2PI + ld);
    });
  }

  private minEigenvalueOf(components: readonly GaussianComponent[]): number {
    let m = Infinity;
    for (const c of components) m = Math.min(m, c.eigenvalues[0]);
    return m;
  }

  /**
   * Validate a Gaussian or Gaussian-mixture spec (weights summing to 1, SPD covariances) and build the mixture.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gaussian', covariance: [[1, 0.5], [0.5, 2]] });
   * console.log(g.dim, g.components.length); // 2 1
   * ```
   */
  static fromSpec(spec: GaussianSpec | GaussianMixtureSpec): GaussianMixture {
    return new GaussianMixture(gaussianComponents(spec));
  }

  /**
   * The supremum of eps for which the backward-heat-equation solution exists: the smallest covariance
   * eigenvalue over all components (of the unshifted mixture).
   */
  get bheValidityLimit(): number {
    return this.minEigenvalueOf(this.components);
  }

  /**
   * The mixture with every covariance replaced by `Σᵢ + s·I` (relative to the unshifted components).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const p1 = GaussianMixture.fromSpec({ kind: 'gaussian', variance: 1 }).withShift(-0.25);
   * console.log(p1.components[0].eigenvalues[0] + p1.shift); // 0.75
   * ```
   */
  withShift(s: number): GaussianMixture {
    return new GaussianMixture(this.components, s);
  }

  /**
   * The backward-heat-equation solution `p_t = Σ wᵢ N(μᵢ, Σᵢ − eps·t·I)` of the unshifted mixture.
   * Throws `ValidityRangeError` unless `0 < eps < bheValidityLimit`; `t` must lie in [0, 1].
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.2, 0.3] });
   * console.log(g.atTime(0.1, 0.5).shift); // -0.05
   * ```
   */
  atTime(eps: number, t: number): GaussianMixture {
    this.assertBheEps(eps);
    assertInRange('t', t, 0, 1);
    return new GaussianMixture(this.components, -eps * t);
  }

  /** Throw `ValidityRangeError` unless `0 < eps < bheValidityLimit`. */
  assertBheEps(eps: number): void {
    assertPositive('eps', eps);
    const lim = this.bheValidityLimit;
    if (!(eps < lim)) {
      throw new ValidityRangeError('eps', `a value in (0, ${lim})`, eps, 'the backward-heat-equation solution of this Gaussian mixture (eps must be below the smallest covariance eigenvalue)');
    }
  }

  /** Log-density at the point stored at `x[offset .. offset+dim)`. */
  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    const { dim } = this;
    const k = this.logWeights.length;
    let max = -Infinity;
    const terms = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let q = 0;
      for (let a = 0; a < dim; a++) {
        let z = 0;
        const vo = (i * dim + a) * dim;
        for (let j = 0; j < dim; j++) z += this.vecs[vo + j] * (x[offset + j] - this.means[i * dim + j]);
        q += (z * z) / this.lam[i * dim + a];
      }
      terms[i] = this.logNorm[i] - 0.5 * q;
      if (terms[i] > max) max = terms[i];
    }
    if (max === -Infinity) return -Infinity;
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.exp(terms[i] - max);
    return max + Math.log(s);
  }

  /**
   * Log-density at each point (rows of `points`; a flat array is read as 1-D points).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gaussian', variance: 1 });
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
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gaussian', variance: 1 });
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
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gaussian', variance: 2 });
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
    let max = -Infinity;
    for (let i = 0; i < k; i++) {
      let q = 0;
      for (let a = 0; a < dim; a++) {
        let z = 0;
        const vo = (i * dim + a) * dim;
        for (let j = 0; j < dim; j++) z += this.vecs[vo + j] * (x[offset + j] - this.means[i * dim + j]);
        const l = this.lam[i * dim + a];
        q += (z * z) / l;
        const c = -z / l;
        for (let j = 0; j < dim; j++) grads[i * dim + j] += c * this.vecs[vo + j];
      }
      terms[i] = this.logNorm[i] - 0.5 * q;
      if (terms[i] > max) max = terms[i];
    }
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
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.5, 0.5] });
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
   * Exact i.i.d. samples: a component by its weight, then `μ + Σ_k √λ_k z_k v_k`.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] });
   * const s = g.sample(1000, new Random(1));
   * console.log(s.n, s.dim); // 1000 1
   * ```
   */
  sample(n: number, rng: Random): Samples {
    assertInteger('n', n, 1);
    if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
    const { dim } = this;
    const k = this.logWeights.length;
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) w[i] = Math.exp(this.logWeights[i]);
    const data = new Float64Array(n * dim);
    for (let m = 0; m < n; m++) {
      const i = k === 1 ? 0 : rng.categorical(w);
      for (let j = 0; j < dim; j++) data[m * dim + j] = this.means[i * dim + j];
      for (let a = 0; a < dim; a++) {
        const c = Math.sqrt(this.lam[i * dim + a]) * rng.normal();
        const vo = (i * dim + a) * dim;
        for (let j = 0; j < dim; j++) data[m * dim + j] += c * this.vecs[vo + j];
      }
    }
    return { n, dim, data };
  }

  /** Mean vector of the mixture. */
  mean(): Float64Array {
    const out = new Float64Array(this.dim);
    this.components.forEach((c, i) => { for (let j = 0; j < this.dim; j++) out[j] += c.weight * this.means[i * this.dim + j]; });
    return out;
  }

  /** Axis-aligned box outside which every component has less than e^{-½·r²}-scale density (r standard deviations). */
  boundingBox(r = 12): { lo: Float64Array; hi: Float64Array } {
    const lo = new Float64Array(this.dim).fill(Infinity);
    const hi = new Float64Array(this.dim).fill(-Infinity);
    this.components.forEach((c, i) => {
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
    if (a == null || typeof a.length !== 'number') throw new InvalidParameterError('points', 'Samples or an array of numbers', points);
    if (a.length % this.dim !== 0) throw new DimensionMismatchError('points', this.dim, `a flat array of length ${a.length}`);
    return { data: a, n: a.length / this.dim };
  }
}
