// The sinc⁴ mixture of the paper's App. D.3: p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ), Cᵢ = 2πmᵢ/3 (∫sinc⁴ = 2π/3). Its
// characteristic function is band-limited to |ω| ≤ 4/min mᵢ (Eqs. 85–89), which makes the backward heat equation
// solvable by Fourier inversion. Sampled exactly by rejection.
import { InvalidParameterError, NumericalError } from '../errors/errors.js';
import { assertInteger, assertPositive, assertProbabilityVector } from '../errors/validate.js';
import { integrate } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import type { Samples } from '../samples/samples.js';
import type { Sinc4MixtureSpec } from '../spec/spec.js';
import type { ComplexValue, Law, LawEntropy } from './law.js';

/**
 * `sinc(u) = sin(u)/u` (unnormalised, as in the paper), with `sinc(0) = 1` (series below |u| = 1e-4).
 *
 * @example
 * ```ts
 * import { sinc } from '@ratedistortion/core';
 * console.log(sinc(0), sinc(Math.PI)); // 1 ~1e-17
 * ```
 */
export function sinc(u: number): number {
  return Math.abs(u) < 1e-4 ? 1 - (u * u) / 6 : Math.sin(u) / u;
}

/**
 * Fourier transform of sinc⁴, `∫ sinc⁴(x) e^{−iωx} dx` (paper Eqs. 87–89): a piecewise cubic (C², kinks of the
 * third derivative at ω = 0, ±2, ±4), zero for |ω| ≥ 4, equal to 2π/3 at 0. It is `2π·f(ω)` for the density f of
 * the sum of four Uniform[−1, 1] variables.
 *
 * @example
 * ```ts
 * import { sinc4Transform } from '@ratedistortion/core';
 * console.log(sinc4Transform(0), 2 * Math.PI / 3); // 2.0943951023931953 2.0943951023931953
 * ```
 */
export function sinc4Transform(w: number): number {
  const a = Math.abs(w);
  if (a >= 4) return 0;
  // (π/96)·(|w−4|³ − 4|w−2|³ + 6|w|³ − 4|w+2|³ + |w+4|³), written per piece to avoid cancellation.
  if (a <= 2) return (Math.PI / 96) * (64 - 24 * a * a + 6 * a * a * a);
  const r = 4 - a;
  return (Math.PI / 96) * 2 * r * r * r;
}

/**
 * Variance of the unit sinc⁴ density `(3/2π) sinc⁴(y)`: `(3/2π) ∫ sin⁴(x)/x² dx = (3/2π)(π/2) = 3/4`.
 *
 * @example
 * ```ts
 * import { UNIT_SINC4_VARIANCE } from '@ratedistortion/core';
 * console.log(UNIT_SINC4_VARIANCE); // 0.75
 * ```
 */
export const UNIT_SINC4_VARIANCE = 0.75;

/**
 * One exact draw from the unit sinc⁴ density `q(y) = (3/2π) sinc⁴(y)` by rejection.
 *
 * Envelope: `sinc⁴(y) ≤ min(1, y⁻⁴) =: g(y)`, `∫g = 8/3`. With probability 3/4 a Uniform[−1, 1] draw, otherwise
 * `±V^{−1/3}` with `V ~ Uniform(0, 1]` (density `3y⁻⁴ ∝ g` on |y| ≥ 1); accepting with probability `sinc⁴(y)/g(y)`
 * returns an exact draw from q. Acceptance rate `(2π/3)/(8/3) = π/4`.
 *
 * @example
 * ```ts
 * import { Random, sampleUnitSinc4 } from '@ratedistortion/core';
 * console.log(sampleUnitSinc4(new Random(0)));
 * ```
 */
export function sampleUnitSinc4(rng: Random): number {
  for (;;) {
    let y: number;
    if (rng.uniform() < 0.75) {
      y = 2 * rng.uniform() - 1;
    } else {
      const r = rng.uniformOpen() ** (-1 / 3);
      y = rng.uniform() < 0.5 ? -r : r;
    }
    const s = sinc(y);
    const s4 = s * s * s * s;
    const g = Math.abs(y) <= 1 ? 1 : 1 / (y * y * y * y);
    if (rng.uniform() * g < s4) return y;
  }
}

/**
 * The sinc⁴ mixture `p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ)`, `Cᵢ = 2π mᵢ/3`, on ℝ: density, band-limited characteristic
 * function `φ(ω) = Σ wᵢ (3/2π) K(mᵢω)` (K = {@link sinc4Transform}), exact sampling (component i by weight, then
 * `mᵢ·Y` with Y from {@link sampleUnitSinc4}), variance `(3/4) Σ wᵢmᵢ²` and entropy by quadrature.
 *
 * @example
 * ```ts
 * import { Random, Sinc4MixtureLaw } from '@ratedistortion/core';
 * const s = Sinc4MixtureLaw.paperExample();
 * const x = new Float64Array(3);
 * s.fill(3, new Random(0), x);
 * console.log(s.bandLimit, s.characteristicFunction(0).re, s.variance); // 4 1 3.798…
 * ```
 */
export class Sinc4MixtureLaw implements Law {
  readonly dim = 1;
  readonly weights: Float64Array;
  readonly scales: Float64Array;
  private cachedEntropy: LawEntropy | null = null;

  constructor(weights: ArrayLike<number>, scales: ArrayLike<number>) {
    assertProbabilityVector('weights', weights);
    if (scales == null || scales.length !== weights.length) {
      throw new InvalidParameterError('scales', `an array of ${weights.length} scales (one per weight)`, scales);
    }
    for (let i = 0; i < scales.length; i++) assertPositive(`scales[${i}]`, scales[i]);
    this.weights = Float64Array.from(weights);
    this.scales = Float64Array.from(scales);
  }

  /**
   * Validate a {@link Sinc4MixtureSpec}.
   *
   * @example
   * ```ts
   * import { Sinc4MixtureLaw } from '@ratedistortion/core';
   * const s = Sinc4MixtureLaw.fromSpec({ kind: 'sinc4-mixture', weights: [1], scales: [2] });
   * ```
   */
  static fromSpec(spec: Sinc4MixtureSpec): Sinc4MixtureLaw {
    if (spec == null || spec.kind !== 'sinc4-mixture')
      throw new InvalidParameterError('source', "a Sinc4MixtureSpec (kind 'sinc4-mixture')", spec);
    return new Sinc4MixtureLaw(spec.weights, spec.scales);
  }

  /** The paper's Fig. 3/10 source: m = [1, √2, π, e], wᵢ = ¼. */
  static paperExample(): Sinc4MixtureLaw {
    return new Sinc4MixtureLaw([0.25, 0.25, 0.25, 0.25], [1, Math.SQRT2, Math.PI, Math.E]);
  }

  /** φ vanishes for |ω| ≥ 4/min mᵢ. */
  get bandLimit(): number {
    return 4 / Math.min(...this.scales);
  }

  /** Kinks of φ: ω = 2/mᵢ and 4/mᵢ (useful as quadrature breakpoints). */
  get spectralBreakpoints(): number[] {
    return Array.from(this.scales)
      .flatMap((m) => [2 / m, 4 / m])
      .sort((a, b) => a - b);
  }

  /** `(3/4) Σ wᵢ mᵢ²` (the fourth moment is infinite: the tails decay as x⁻⁴). */
  get variance(): number {
    let v = 0;
    for (let i = 0; i < this.weights.length; i++) v += this.weights[i] * this.scales[i] ** 2;
    return UNIT_SINC4_VARIANCE * v;
  }

  /** Density at one point. */
  densityAt(x: number): number {
    let p = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const m = this.scales[i];
      const s = sinc(x / m);
      const s2 = s * s;
      p += (this.weights[i] * 3 * s2 * s2) / (2 * Math.PI * m);
    }
    return p;
  }

  /**
   * Density at each of `xs`.
   *
   * @example
   * ```ts
   * import { Sinc4MixtureLaw } from '@ratedistortion/core';
   * console.log(Sinc4MixtureLaw.paperExample().density([0, 1]));
   * ```
   */
  density(xs: ArrayLike<number>): Float64Array {
    return Float64Array.from(xs, (x) => this.densityAt(x));
  }

  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    return Math.log(this.densityAt(x[offset]));
  }

  /**
   * `φ(ω) = Σ wᵢ (3/2π) K(mᵢω)`, real and even; `omega` is a number or a length-1 vector. A bound function (it can
   * be passed on as a callback, e.g. to a Fourier solver).
   */
  readonly characteristicFunction = (omega: ArrayLike<number> | number): ComplexValue => {
    const w = typeof omega === 'number' ? omega : omega[0];
    let re = 0;
    for (let i = 0; i < this.weights.length; i++) re += this.weights[i] * sinc4Transform(this.scales[i] * w);
    return { re: (re * 3) / (2 * Math.PI), im: 0 };
  };

  /**
   * `n` exact draws (see the class notes).
   *
   * @example
   * ```ts
   * import { Random, Sinc4MixtureLaw } from '@ratedistortion/core';
   * console.log(Sinc4MixtureLaw.paperExample().sample(1000, new Random(3)).n); // 1000
   * ```
   */
  sample(n: number, rng: Random): Samples {
    assertInteger('n', n, 1);
    if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
    const data = new Float64Array(n);
    this.fill(n, rng, data);
    return { n, dim: 1, data };
  }

  fill(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) out[s] = this.scales[rng.categorical(this.weights)] * sampleUnitSinc4(rng);
  }

  mean(): Float64Array {
    return Float64Array.of(0);
  }

  covariance(): Float64Array[] {
    return [Float64Array.of(this.variance)];
  }

  /**
   * `−∫ p log p` (nats): p is even with x⁻⁴ tails, so `2∫₀^X` is integrated panel by panel (width 1 to 2000, width 10
   * to X = 20000, in units of max mᵢ) by adaptive Gauss–Kronrod and the rest added analytically: with p ≈ Ā/x⁴ on
   * average (Ā = Σ wᵢ (3/2π) mᵢ³ · 3/8, the mean of sin⁴ being 3/8), `∫_X^∞ −p log p ≈ 4Ā(log X/(3X³) + 1/(9X³)) −
   * Ā log Ā/(3X³)`. `error` sums the panels' estimates and half the tail term. Cached.
   */
  entropy(): LawEntropy {
    if (this.cachedEntropy) return { ...this.cachedEntropy };
    const f = (x: number): number => {
      const p = this.densityAt(x);
      return p > 0 ? -p * Math.log(p) : 0;
    };
    const unit = Math.max(...this.scales);
    let half = 0;
    let error = 0;
    const panel = (a: number, b: number, tol: number): void => {
      const r = integrate(f, a, b, { absTol: tol, relTol: 0, maxIntervals: 200 });
      if (!r.converged)
        throw new NumericalError(`Sinc4MixtureLaw.entropy on [${a}, ${b}]`, `error estimate ${r.error}`);
      half += r.value;
      error += r.error;
    };
    for (let a = 0; a < 2000; a += 1) panel(a * unit, (a + 1) * unit, 1e-14);
    for (let a = 2000; a < 20000; a += 10) panel(a * unit, (a + 10) * unit, 1e-16);
    const X = 20000 * unit;
    let abar = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const m = this.scales[i];
      abar += (this.weights[i] * 3 * m * m * m * 3) / (2 * Math.PI * 8);
    }
    const tail = 4 * abar * (Math.log(X) / (3 * X ** 3) + 1 / (9 * X ** 3)) - (abar * Math.log(abar)) / (3 * X ** 3);
    half += tail;
    error += Math.abs(tail) * 0.5;
    this.cachedEntropy = { value: 2 * half, method: 'quadrature', error: 2 * error };
    return { ...this.cachedEntropy };
  }

  toSpec(): Sinc4MixtureSpec {
    return { kind: 'sinc4-mixture', weights: Array.from(this.weights), scales: Array.from(this.scales) };
  }
}
