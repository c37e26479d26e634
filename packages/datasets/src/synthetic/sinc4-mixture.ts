// The sinc⁴ mixture of the paper's App. D.3: a band-limited (non-Gaussian-mixture) source whose BHE solution is
// known in the Fourier domain. Sampled exactly by rejection, not from a grid approximation.
import { DimensionMismatchError, assertProbabilityVector, type Random, type Samples, type Sinc4MixtureSpec } from '@ratedistortion/core';
import { gaussKronrod } from '../quadrature/gauss-kronrod.js';
import { SourceBase, checkSamplesDim, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import { readVector, rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * `sin(x)/x` (unnormalised sinc, as in the paper), with its Taylor series near 0.
 *
 * @example
 * ```ts
 * import { sinc } from '@ratedistortion/datasets';
 * console.log(sinc(0), sinc(Math.PI)); // 1, ~0
 * ```
 */
export function sinc(x: number): number {
  const a = Math.abs(x);
  if (a < 1e-4) return 1 - (x * x) / 6;
  return Math.sin(x) / x;
}

/**
 * Density at `s` of `S = U₁+U₂+U₃+U₄`, `Uᵢ ~ Uniform[−1, 1]` i.i.d.:
 * `f(s) = (1/96) Σ_{k=0}^{4} (−1)^k C(4,k) (s+4−2k)₊³` (a cubic B-spline on [−4, 4]).
 * Since the characteristic function of `Uᵢ` is `sinc`, `f` is the inverse Fourier transform of `sinc⁴`, and the
 * characteristic function of the unit sinc⁴ density `(3/2π) sinc⁴(x)` is `f(t)/f(0) = 3 f(t)`.
 *
 * @example
 * ```ts
 * import { sumOfFourUniformsDensity } from '@ratedistortion/datasets';
 * console.log(sumOfFourUniformsDensity(0)); // 1/3
 * ```
 */
export function sumOfFourUniformsDensity(s: number): number {
  const C = [1, -4, 6, -4, 1];
  let v = 0;
  for (let k = 0; k <= 4; k++) {
    const t = s + 4 - 2 * k;
    if (t > 0) v += C[k] * t * t * t;
  }
  // The alternating sum cancels to rounding noise outside [−4, 4].
  return Math.abs(s) >= 4 ? 0 : v / 96;
}

/**
 * One exact draw from the unit sinc⁴ density `q(y) = (3/2π) sinc⁴(y)` by rejection.
 *
 * Envelope: since `|sin y| ≤ 1` and `|sin y| ≤ |y|`, `sinc⁴(y) = (sin y / y)⁴ ≤ min(1, y⁻⁴) =: g(y)`, with
 * `∫g = 2 + 2∫₁^∞ y⁻⁴ dy = 8/3`. Drawing from `g/(8/3)`: with probability 2/(8/3) = 3/4 a Uniform[−1, 1] draw,
 * otherwise `±V^{−1/3}` with `V ~ Uniform(0, 1]` (the Pareto law `P(|Y| > y) = y⁻³` on `|y| ≥ 1`, whose density
 * is `3y⁻⁴ ∝ g` there). Accepting with probability `sinc⁴(y)/g(y) ≤ 1` returns an exact draw from `q`; the
 * acceptance rate is `(2π/3)/(8/3) = π/4`.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { sampleUnitSinc4 } from '@ratedistortion/datasets';
 * console.log(sampleUnitSinc4(new Random(0)));
 * ```
 */
export function sampleUnitSinc4(rng: Random): number {
  for (;;) {
    let y: number;
    if (rng.uniform() < 0.75) {
      y = 2 * rng.uniform() - 1;
    } else {
      const r = Math.pow(rng.uniformOpen(), -1 / 3);
      y = rng.uniform() < 0.5 ? -r : r;
    }
    const s = sinc(y);
    const s4 = s * s * s * s;
    const g = Math.abs(y) <= 1 ? 1 : 1 / (y * y * y * y);
    if (rng.uniform() * g < s4) return y;
  }
}

/**
 * Variance of the unit sinc⁴ density: `(3/2π) ∫ sin⁴(x)/x² dx = (3/2π)(π/2) = 3/4` (equivalently `−3 f''(0)`
 * for the B-spline f of {@link sumOfFourUniformsDensity}).
 *
 * @example
 * ```ts
 * import { UNIT_SINC4_VARIANCE } from '@ratedistortion/datasets';
 * console.log(UNIT_SINC4_VARIANCE); // 0.75
 * ```
 */
export const UNIT_SINC4_VARIANCE = 0.75;

/**
 * `p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ)`, `Cᵢ = 2π mᵢ/3` (paper App. D.3), on ℝ.
 *
 * Sampling is exact: pick component i with probability wᵢ, return `mᵢ·Y` with Y from {@link sampleUnitSinc4}
 * (the density of `mY` is `sinc⁴(x/m)/C`). Moments: mean 0, variance `(3/4) Σ wᵢ mᵢ²` (the fourth moment is
 * infinite: the tails decay as x⁻⁴). Characteristic function `Σ wᵢ · 3 f(mᵢ ω)` with f from
 * {@link sumOfFourUniformsDensity}; it vanishes for `|ω| ≥ 4/min mᵢ` (band-limited).
 * Entropy by quadrature (see {@link Sinc4MixtureSource.entropy}).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { Sinc4MixtureSource } from '@ratedistortion/datasets';
 * const s = Sinc4MixtureSource.fromSpec({ kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] });
 * console.log(s.covariance()[0][0], s.entropy().value, s.sample(3, new Random(0)).data);
 * ```
 */
export class Sinc4MixtureSource extends SourceBase {
  readonly kind = 'sinc4-mixture';
  readonly dim = 1;
  private readonly weights: Float64Array;
  private readonly scales: Float64Array;
  private cachedEntropy: EntropyValue | null = null;

  constructor(weights: ArrayLike<number>, scales: ArrayLike<number>) {
    super();
    this.weights = readVector('weights', Array.from(weights));
    assertProbabilityVector('weights', this.weights);
    this.scales = readVector('scales', Array.from(scales), undefined, { positive: true });
    if (this.scales.length !== this.weights.length) throw new DimensionMismatchError('scales', `${this.weights.length} (the length of weights)`, this.scales.length);
  }

  /**
   * Build from core's {@link Sinc4MixtureSpec}.
   *
   * @example
   * ```ts
   * import { Sinc4MixtureSource } from '@ratedistortion/datasets';
   * const s = Sinc4MixtureSource.fromSpec({ kind: 'sinc4-mixture', weights: [1], scales: [2] });
   * ```
   */
  static fromSpec(input: unknown): Sinc4MixtureSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'weights', 'scales']);
    return new Sinc4MixtureSource(readVector('weights', spec.weights), readVector('scales', spec.scales, undefined, { positive: true }));
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) out[s] = this.scales[rng.categorical(this.weights)] * sampleUnitSinc4(rng);
  }

  /** The density at one point. */
  pdf(x: number): number {
    let p = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const m = this.scales[i];
      const s = sinc(x / m);
      p += (this.weights[i] * 3 * s * s * s * s) / (2 * Math.PI * m);
    }
    return p;
  }

  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, 1);
    return x.data.map((v) => Math.log(this.pdf(v)));
  }

  /**
   * `−∫ p log p` by symmetry as `2∫₀^T`, with T = 1000·max mᵢ, by 15-point Gauss–Kronrod on panels of a quarter
   * of the shortest oscillation period `π min mᵢ`. The neglected tails are bounded in `errorEstimate` using
   * `p(x) ≤ A x⁻⁴` for `A = Σ wᵢ 3mᵢ³/2π` (from `sinc⁴(x/m) ≤ (m/x)⁴`) and the monotonicity of `−u log u` on
   * `[0, 1/e]`: each tail is at most `A(4 log T/3 + 4/9 − log A/3)/T³`.
   */
  entropy(): EntropyValue {
    if (this.cachedEntropy) return { ...this.cachedEntropy };
    const mMax = Math.max(...this.scales);
    const mMin = Math.min(...this.scales);
    const T = 1000 * mMax;
    const panels = Math.ceil(T / ((Math.PI * mMin) / 4));
    const q = gaussKronrod((x) => {
      const p = this.pdf(x);
      return p > 0 ? -p * Math.log(p) : 0;
    }, 0, T, panels);
    let A = 0;
    for (let i = 0; i < this.weights.length; i++) A += (this.weights[i] * 3 * this.scales[i] ** 3) / (2 * Math.PI);
    const tail = (A * ((4 * Math.log(T)) / 3 + 4 / 9 - Math.log(A) / 3)) / T ** 3;
    this.cachedEntropy = { value: 2 * q.value, errorEstimate: 2 * (q.errorEstimate + Math.abs(tail)), method: 'quadrature' };
    return { ...this.cachedEntropy };
  }

  mean(): Float64Array {
    return Float64Array.of(0);
  }

  covariance(): Float64Array[] {
    let v = 0;
    for (let i = 0; i < this.weights.length; i++) v += this.weights[i] * this.scales[i] ** 2;
    return [Float64Array.of(UNIT_SINC4_VARIANCE * v)];
  }

  characteristicFunction(omega: Float64Array | number): Complex {
    const w = omegaVector(omega, 1)[0];
    let re = 0;
    for (let i = 0; i < this.weights.length; i++) re += this.weights[i] * 3 * sumOfFourUniformsDensity(this.scales[i] * w);
    return { re, im: 0 };
  }

  toSpec(): Sinc4MixtureSpec {
    return { kind: 'sinc4-mixture', weights: Array.from(this.weights), scales: Array.from(this.scales) };
  }
}
