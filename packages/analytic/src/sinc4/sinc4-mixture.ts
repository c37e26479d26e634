// The sinc⁴ mixture of the paper's App. D.3: p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ), Cᵢ = 2πmᵢ/3 (∫sinc⁴ = 2π/3).
// Its characteristic function is band-limited to |ω| ≤ 4/min mᵢ (Eqs. 85–89), which is what makes the
// backward heat equation solvable by Fourier inversion.
import {
  InvalidParameterError,
  Random,
  assertInteger,
  assertPositive,
  assertProbabilityVector,
  type Samples,
  type Sinc4MixtureSpec,
} from '@ratedistortion/core';
import type { CharacteristicFunction } from '../fourier/characteristic-function.js';

/**
 * `sinc(u) = sin(u)/u`, with `sinc(0) = 1` (series below |u| = 1e-4 to avoid 0/0).
 *
 * @example
 * ```ts
 * import { sinc } from '@ratedistortion/analytic';
 * console.log(sinc(0), sinc(Math.PI)); // 1 ~1e-17
 * ```
 */
export function sinc(u: number): number {
  return Math.abs(u) < 1e-4 ? 1 - (u * u) / 6 : Math.sin(u) / u;
}

/**
 * Fourier transform of sinc⁴, `∫ sinc⁴(x) e^{−iωx} dx` (paper Eqs. 87–89): a piecewise cubic (C², kinks
 * of the third derivative at ω = 0, ±2, ±4), zero for |ω| ≥ 4, equal to 2π/3 at 0.
 *
 * @example
 * ```ts
 * import { sinc4Transform } from '@ratedistortion/analytic';
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
 * A validated sinc⁴ mixture with density, characteristic function and exact sampling.
 *
 * @example
 * ```ts
 * import { Sinc4Mixture } from '@ratedistortion/analytic';
 * const s = Sinc4Mixture.fromSpec({ kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] });
 * console.log(s.bandLimit, s.characteristicFunction(0)); // 4 { re: 1, im: 0 }
 * ```
 */
export class Sinc4Mixture {
  readonly weights: Float64Array;
  readonly scales: Float64Array;

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
   * import { Sinc4Mixture } from '@ratedistortion/analytic';
   * const s = Sinc4Mixture.fromSpec({ kind: 'sinc4-mixture', weights: [1], scales: [2] });
   * ```
   */
  static fromSpec(spec: Sinc4MixtureSpec): Sinc4Mixture {
    if (spec == null || spec.kind !== 'sinc4-mixture') throw new InvalidParameterError('source', "a Sinc4MixtureSpec (kind 'sinc4-mixture')", spec);
    return new Sinc4Mixture(spec.weights, spec.scales);
  }

  /** The paper's Fig. 3/10 source: m = [1, √2, π, e], wᵢ = ¼. */
  static paperExample(): Sinc4Mixture {
    return new Sinc4Mixture([0.25, 0.25, 0.25, 0.25], [1, Math.SQRT2, Math.PI, Math.E]);
  }

  /** φ vanishes for |ω| > 4/min mᵢ. */
  get bandLimit(): number {
    return 4 / Math.min(...this.scales);
  }

  /** Kinks of φ: ω = 2/mᵢ and 4/mᵢ (useful as quadrature breakpoints). */
  get spectralBreakpoints(): number[] {
    return Array.from(this.scales).flatMap((m) => [2 / m, 4 / m]).sort((a, b) => a - b);
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
   * import { Sinc4Mixture } from '@ratedistortion/analytic';
   * console.log(Sinc4Mixture.paperExample().density([0, 1]));
   * ```
   */
  density(xs: ArrayLike<number>): Float64Array {
    return Float64Array.from(xs, (x) => this.densityAt(x));
  }

  /** `φ(ω) = Σ wᵢ Cᵢ⁻¹ mᵢ K(mᵢω) = Σ wᵢ (3/2π) K(mᵢω)`, K = {@link sinc4Transform}; real and even. */
  readonly characteristicFunction: CharacteristicFunction = (omega) => {
    let re = 0;
    for (let i = 0; i < this.weights.length; i++) re += this.weights[i] * sinc4Transform(this.scales[i] * omega);
    return { re: (re * 3) / (2 * Math.PI), im: 0 };
  };

  /**
   * Exact samples by rejection from the envelope ∝ min(1, u⁻⁴) (acceptance π/4): uniform on [−1, 1] with
   * probability ¾, otherwise a Pareto(3) tail with a random sign; then scaled by the chosen mᵢ.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { Sinc4Mixture } from '@ratedistortion/analytic';
   * const s = Sinc4Mixture.paperExample().sample(1000, new Random(3));
   * console.log(s.n); // 1000
   * ```
   */
  sample(n: number, rng: Random): Samples {
    assertInteger('n', n, 1);
    if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
    const data = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const i = rng.categorical(this.weights);
      let u: number;
      for (;;) {
        let env: number;
        if (rng.uniform() < 0.75) { u = 2 * rng.uniform() - 1; env = 1; } else {
          const r = Math.pow(rng.uniformOpen(), -1 / 3);
          u = rng.uniform() < 0.5 ? -r : r;
          env = 1 / (r * r * r * r);
        }
        const s = sinc(u);
        if (rng.uniform() * env < s * s * s * s) break;
      }
      data[j] = this.scales[i] * u;
    }
    return { n, dim: 1, data };
  }
}
