// Gaussian mixture source (core's GaussianMixtureSpec): the paper's main non-Gaussian example (§5.1, App. D.2).
import {
  DimensionMismatchError, InvalidParameterError, Random, assertProbabilityVector, cholesky64,
  logdetFromCholesky64, type GaussianMixtureSpec, type Samples,
} from '@ratedistortion/core';
import { gaussKronrod } from '../quadrature/gauss-kronrod.js';
import { SourceBase, checkSamplesDim, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import { readMatrix, readNumber, readVector, rejectUnknownFields, specObject } from '../spec/fields.js';

const LOG_2PI = Math.log(2 * Math.PI);
/**
 * Sample size and seed of the Monte Carlo entropy (dim ≥ 2); fixed so that `entropy()` is deterministic.
 *
 * @example
 * ```ts
 * import { GMM_ENTROPY_MC } from '@ratedistortion/datasets';
 * console.log(GMM_ENTROPY_MC.n);
 * ```
 */
export const GMM_ENTROPY_MC = { n: 200_000, seed: 20_240_601 } as const;

/**
 * One component of a mixture: weight, mean and covariance.
 *
 * @example
 * ```ts
 * import type { MixtureComponent } from '@ratedistortion/datasets';
 * const c: MixtureComponent = { weight: 1, mean: Float64Array.of(0), covariance: [Float64Array.of(1)] };
 * ```
 */
export interface MixtureComponent {
  weight: number;
  mean: Float64Array;
  covariance: Float64Array[];
}

/**
 * `Σ_k w_k N(μ_k, Σ_k)` on ℝ^dim.
 *
 * Entropy: in 1-D by 15-point Gauss–Kronrod quadrature of `−p log p` over `[min μ−40σ, max μ+40σ]` on panels of
 * half the smallest standard deviation (the truncated tails carry mass below e^{−800}); for dim ≥ 2 by Monte
 * Carlo, `−mean log p(X)` over {@link GMM_ENTROPY_MC} draws with a fixed seed, with its standard error.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { GaussianMixtureSource } from '@ratedistortion/datasets';
 * const g = GaussianMixtureSource.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] });
 * console.log(g.entropy(), g.sample(3, new Random(0)).data);
 * ```
 */
export class GaussianMixtureSource extends SourceBase {
  readonly kind = 'gmm';
  readonly dim: number;
  private readonly comps: MixtureComponent[];
  private readonly chols: Float64Array[][];
  private readonly logNorm: Float64Array;
  private readonly weights: Float64Array;
  private readonly spec: GaussianMixtureSpec;
  private cachedEntropy: EntropyValue | null = null;

  constructor(components: MixtureComponent[], spec?: GaussianMixtureSpec) {
    super();
    if (!Array.isArray(components) || components.length === 0) {
      throw new InvalidParameterError('components', 'a non-empty list of mixture components', components);
    }
    this.weights = Float64Array.from(components.map((c) => c.weight));
    assertProbabilityVector('weights', this.weights);
    this.dim = components[0].mean.length;
    this.comps = components.map((c, k) => {
      if (c.mean.length !== this.dim) throw new DimensionMismatchError(`means[${k}]`, this.dim, c.mean.length);
      if (c.covariance.length !== this.dim) throw new DimensionMismatchError(`covariances[${k}]`, `${this.dim}×${this.dim}`, `${c.covariance.length} rows`);
      return { weight: c.weight, mean: Float64Array.from(c.mean), covariance: c.covariance.map((r) => Float64Array.from(r)) };
    });
    this.chols = this.comps.map((c, k) => cholesky64(c.covariance, `covariances[${k}]`));
    this.logNorm = Float64Array.from(this.chols.map((L, k) =>
      Math.log(this.weights[k]) - 0.5 * (this.dim * LOG_2PI + logdetFromCholesky64(L))));
    this.spec = spec ?? {
      kind: 'gmm',
      weights: Array.from(this.weights),
      means: this.comps.map((c) => Array.from(c.mean)),
      covariances: this.comps.map((c) => c.covariance.map((r) => Array.from(r))),
    };
  }

  /**
   * Build from core's {@link GaussianMixtureSpec}: `weights` (summing to 1), `means` (numbers for 1-D, vectors
   * otherwise), and exactly one of `variances` (isotropic per component) or `covariances`.
   *
   * @example
   * ```ts
   * import { GaussianMixtureSource } from '@ratedistortion/datasets';
   * const g = GaussianMixtureSource.fromSpec({
   *   kind: 'gmm', weights: [0.3, 0.7], means: [[0, 0], [1, 1]], covariances: [[[1, 0], [0, 1]], [[0.5, 0.1], [0.1, 0.5]]],
   * });
   * ```
   */
  static fromSpec(input: unknown): GaussianMixtureSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'weights', 'means', 'variances', 'covariances']);
    const weights = readVector('weights', spec.weights);
    assertProbabilityVector('weights', weights);
    const K = weights.length;
    if (!Array.isArray(spec.means)) throw new InvalidParameterError('means', 'an array of numbers (1-D) or of vectors', spec.means);
    if (spec.means.length !== K) throw new DimensionMismatchError('means', `${K} components (the length of weights)`, spec.means.length);
    const oneD = spec.means.every((m) => typeof m === 'number');
    const means = oneD
      ? (spec.means as unknown[]).map((m, k) => Float64Array.of(readNumber(`means[${k}]`, m)))
      : (spec.means as unknown[]).map((m, k) => readVector(`means[${k}]`, m));
    const dim = means[0].length;
    means.forEach((m, k) => { if (m.length !== dim) throw new DimensionMismatchError(`means[${k}]`, dim, m.length); });
    const hasVar = spec.variances !== undefined;
    const hasCov = spec.covariances !== undefined;
    if (hasVar === hasCov) {
      throw new InvalidParameterError('variances', 'exactly one of variances, covariances', hasVar ? 'both' : undefined);
    }
    let covs: Float64Array[][];
    if (hasVar) {
      const v = readVector('variances', spec.variances, undefined, { positive: true });
      if (v.length !== K) throw new DimensionMismatchError('variances', `${K} components`, v.length);
      covs = Array.from(v, (vk) => Array.from({ length: dim }, (_, i) => { const r = new Float64Array(dim); r[i] = vk; return r; }));
    } else {
      if (!Array.isArray(spec.covariances)) throw new InvalidParameterError('covariances', 'an array of matrices', spec.covariances);
      if (spec.covariances.length !== K) throw new DimensionMismatchError('covariances', `${K} components`, spec.covariances.length);
      covs = spec.covariances.map((c, k) => readMatrix(`covariances[${k}]`, c, dim));
    }
    const components = means.map((mean, k) => ({ weight: weights[k], mean, covariance: covs[k] }));
    return new GaussianMixtureSource(components, JSON.parse(JSON.stringify(spec)) as GaussianMixtureSpec);
  }

  /** The components (copies). */
  components(): MixtureComponent[] {
    return this.comps.map((c) => ({ weight: c.weight, mean: Float64Array.from(c.mean), covariance: c.covariance.map((r) => Float64Array.from(r)) }));
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    const d = this.dim;
    const z = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      const k = rng.categorical(this.weights);
      const L = this.chols[k];
      const mu = this.comps[k].mean;
      rng.fillNormal(z);
      for (let i = 0; i < d; i++) {
        let v = mu[i];
        for (let j = 0; j <= i; j++) v += L[i][j] * z[j];
        out[s * d + i] = v;
      }
    }
  }

  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const d = this.dim;
    const K = this.comps.length;
    const out = new Float64Array(x.n);
    const r = new Float64Array(d);
    const terms = new Float64Array(K);
    for (let s = 0; s < x.n; s++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const L = this.chols[k];
        const mu = this.comps[k].mean;
        let q = 0;
        for (let i = 0; i < d; i++) {
          let v = x.data[s * d + i] - mu[i];
          for (let j = 0; j < i; j++) v -= L[i][j] * r[j];
          r[i] = v / L[i][i];
          q += r[i] * r[i];
        }
        terms[k] = this.logNorm[k] - 0.5 * q;
        if (terms[k] > max) max = terms[k];
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(terms[k] - max);
      out[s] = max + Math.log(sum);
    }
    return out;
  }

  entropy(): EntropyValue {
    if (this.cachedEntropy) return { ...this.cachedEntropy };
    let result: EntropyValue;
    if (this.dim === 1) {
      const sds = this.comps.map((c) => Math.sqrt(c.covariance[0][0]));
      const lo = Math.min(...this.comps.map((c, k) => c.mean[0] - 40 * sds[k]));
      const hi = Math.max(...this.comps.map((c, k) => c.mean[0] + 40 * sds[k]));
      const panels = Math.ceil((hi - lo) / (0.5 * Math.min(...sds)));
      const x: Samples = { n: 1, dim: 1, data: new Float64Array(1) };
      const q = gaussKronrod((t) => {
        x.data[0] = t;
        const lp = this.logPdf(x)[0];
        return lp === -Infinity ? 0 : -Math.exp(lp) * lp;
      }, lo, hi, panels);
      result = { value: q.value, errorEstimate: q.errorEstimate, method: 'quadrature' };
    } else {
      const xs = this.sample(GMM_ENTROPY_MC.n, new Random(GMM_ENTROPY_MC.seed));
      const lp = this.logPdf(xs);
      let m = 0;
      for (let i = 0; i < lp.length; i++) m += lp[i];
      m /= lp.length;
      let v = 0;
      for (let i = 0; i < lp.length; i++) v += (lp[i] - m) ** 2;
      v /= lp.length - 1;
      result = { value: -m, stdError: Math.sqrt(v / lp.length), method: 'monte-carlo' };
    }
    this.cachedEntropy = result;
    return { ...result };
  }

  mean(): Float64Array {
    const m = new Float64Array(this.dim);
    for (const c of this.comps) for (let i = 0; i < this.dim; i++) m[i] += c.weight * c.mean[i];
    return m;
  }

  /** `Σ_k w_k (Σ_k + μ_k μ_kᵀ) − μμᵀ`. */
  covariance(): Float64Array[] {
    const d = this.dim;
    const m = this.mean();
    const out = Array.from({ length: d }, () => new Float64Array(d));
    for (const c of this.comps) {
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i][j] += c.weight * (c.covariance[i][j] + c.mean[i] * c.mean[j]);
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i][j] -= m[i] * m[j];
    return out;
  }

  /** `Σ_k w_k exp(i ωᵀμ_k − ½ ωᵀΣ_kω)`. */
  characteristicFunction(omega: Float64Array | number): Complex {
    const w = omegaVector(omega, this.dim);
    let re = 0;
    let im = 0;
    for (const c of this.comps) {
      let phase = 0;
      let quad = 0;
      for (let i = 0; i < this.dim; i++) {
        phase += w[i] * c.mean[i];
        for (let j = 0; j < this.dim; j++) quad += w[i] * c.covariance[i][j] * w[j];
      }
      const mag = c.weight * Math.exp(-0.5 * quad);
      re += mag * Math.cos(phase);
      im += mag * Math.sin(phase);
    }
    return { re, im };
  }

  toSpec(): GaussianMixtureSpec {
    return JSON.parse(JSON.stringify(this.spec)) as GaussianMixtureSpec;
  }
}
