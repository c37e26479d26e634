// The optimal TEC controller u*(x, t) = eps·∇log p_t(x) of Thm. 3.2 for Gaussian (mixture) sources, in the
// Float64 drift layout of core's `solveSde64`. Allocation-free per call: the integrator calls it
// 10⁷ times in the benchmark.
import { InvalidParameterError, ValidityRangeError, type GaussianMixtureSpec, type GaussianSpec } from '@ratedistortion/core';
import { GaussianMixture } from './gaussian-mixture.js';

/**
 * A Float64 drift `(x, t, out, n, dim)`: `x` and `out` are `n × dim` row-major. Structurally identical to
 * core's `Drift64`, so it can be passed to `solveSde64`.
 *
 * @example
 * ```ts
 * import { mixtureOptimalDrift, type OptimalDrift64 } from '@ratedistortion/analytic';
 * const u: OptimalDrift64 = mixtureOptimalDrift({ kind: 'gaussian', variance: 1 }, 0.5);
 * ```
 */
export type OptimalDrift64 = (x: Float64Array, t: number, out: Float64Array, n: number, dim: number) => void;

function toMixture(source: GaussianMixture | GaussianSpec | GaussianMixtureSpec): GaussianMixture {
  return source instanceof GaussianMixture ? source : GaussianMixture.fromSpec(source);
}

/**
 * The optimal drift `u*(x,t) = eps·∇log p_t(x)`, `p_t = Σ wᵢ N(μᵢ, Σᵢ − eps·t·I)`, for a Gaussian or
 * Gaussian-mixture source. Throws `ValidityRangeError` unless `0 < eps < smallest covariance eigenvalue`
 * (outside that range the BHE solution does not exist), and when called with `t ∉ [0, 1]`.
 *
 * @example
 * ```ts
 * import { mixtureOptimalDrift } from '@ratedistortion/analytic';
 * const u = mixtureOptimalDrift({ kind: 'gaussian', variance: 1 }, 0.5);
 * const out = new Float64Array(1);
 * u(Float64Array.of(2), 1, out, 1, 1);
 * console.log(out[0]); // −eps·x/(σ² − eps·t) = −2
 * ```
 */
export function mixtureOptimalDrift(source: GaussianMixture | GaussianSpec | GaussianMixtureSpec, eps: number): OptimalDrift64 {
  const g = toMixture(source);
  if (g.shift !== 0) throw new InvalidParameterError('source', 'an unshifted mixture (the source P0)', g.shift);
  g.assertBheEps(eps);
  const dim = g.dim;
  const checkT = (t: number): void => {
    if (!(t >= 0 && t <= 1)) throw new ValidityRangeError('t', 'a time in [0, 1]', t, 'the optimal drift');
  };
  const checkShape = (x: Float64Array, out: Float64Array, n: number, d: number): void => {
    if (d !== dim) throw new InvalidParameterError('dim', `${dim}`, d);
    if (x.length < n * d || out.length < n * d) throw new InvalidParameterError('x', `arrays of length >= n·dim = ${n * d}`, x.length);
  };
  if (dim === 1) {
    const k = g.components.length;
    const mu = Float64Array.from(g.components, (c) => c.mean[0]);
    const v0 = Float64Array.from(g.components, (c) => c.eigenvalues[0]);
    const lw = Float64Array.from(g.components, (c) => Math.log(c.weight));
    const a = new Float64Array(k); // −½/(v − eps t)
    const c0 = new Float64Array(k); // log w − ½ log(v − eps t)
    const prec = new Float64Array(k);
    const ys = new Float64Array(k);
    const es = new Float64Array(k);
    return (x, t, out, n, d) => {
      checkT(t);
      checkShape(x, out, n, d);
      for (let i = 0; i < k; i++) {
        const v = v0[i] - eps * t;
        prec[i] = 1 / v;
        a[i] = -0.5 / v;
        c0[i] = lw[i] - 0.5 * Math.log(v);
      }
      if (k === 1) {
        for (let m = 0; m < n; m++) out[m] = -eps * prec[0] * (x[m] - mu[0]);
        return;
      }
      for (let m = 0; m < n; m++) {
        const xm = x[m];
        let max = -Infinity;
        for (let i = 0; i < k; i++) {
          const y = xm - mu[i];
          const e = c0[i] + a[i] * y * y;
          ys[i] = y;
          es[i] = e;
          if (e > max) max = e;
        }
        let s = 0;
        let num = 0;
        for (let i = 0; i < k; i++) {
          const r = Math.exp(es[i] - max);
          s += r;
          num -= r * prec[i] * ys[i];
        }
        out[m] = (eps * num) / s;
      }
    };
  }
  let cached: GaussianMixture | undefined;
  let cachedT = NaN;
  return (x, t, out, n, d) => {
    checkT(t);
    checkShape(x, out, n, d);
    if (t !== cachedT) { cached = g.withShift(-eps * t); cachedT = t; }
    for (let m = 0; m < n; m++) {
      cached!.scoreAt(x, m * dim, out, m * dim);
      for (let j = 0; j < dim; j++) out[m * dim + j] *= eps;
    }
  };
}

/**
 * The optimal drift for a Gaussian source, `u*(x,t) = −eps (Σ − eps·t·I)⁻¹ (x − μ)`; throws
 * `ValidityRangeError` for eps at or above the smallest covariance eigenvalue (there the water-filling
 * answer leaves directions uncoded and P1 is singular).
 *
 * @example
 * ```ts
 * import { gaussianOptimalDrift } from '@ratedistortion/analytic';
 * const u = gaussianOptimalDrift({ kind: 'gaussian', covariance: [[2, 0], [0, 1]] }, 0.5);
 * const out = new Float64Array(2);
 * u(Float64Array.of(1, 1), 0, out, 1, 2);
 * console.log(out); // Float64Array [-0.25, -0.5]
 * ```
 */
export function gaussianOptimalDrift(spec: GaussianSpec, eps: number): OptimalDrift64 {
  if (spec == null || spec.kind !== 'gaussian') throw new InvalidParameterError('spec', "a GaussianSpec (kind 'gaussian')", spec);
  return mixtureOptimalDrift(spec, eps);
}
