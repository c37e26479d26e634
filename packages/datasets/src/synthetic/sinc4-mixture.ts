// The sinc⁴ mixture of the paper's App. D.3: a band-limited (non-Gaussian-mixture) source whose BHE solution is
// known in the Fourier domain. Sampled exactly by rejection, not from a grid approximation.
import {
  DimensionMismatchError,
  Sinc4MixtureLaw,
  assertProbabilityVector,
  type Sinc4MixtureSpec,
} from '@ratedistortion/core';
import { LawSource } from '../source/law-source.js';
import { readVector, rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * `p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ)`, `Cᵢ = 2π mᵢ/3` (paper App. D.3), on ℝ.
 *
 * Core's {@link Sinc4MixtureLaw}: exact sampling by rejection (component i by weight, then `mᵢ·Y` with Y from
 * `sampleUnitSinc4`), mean 0, variance `(3/4) Σ wᵢ mᵢ²` (the fourth moment is infinite: the tails decay as x⁻⁴),
 * characteristic function band-limited to `|ω| ≤ 4/min mᵢ`, entropy by quadrature.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { Sinc4MixtureSource } from '@ratedistortion/datasets';
 * const s = Sinc4MixtureSource.fromSpec({ kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] });
 * console.log(s.covariance()[0][0], s.entropy().value, s.hasFiniteFourthMoment); // 3.798… 1.996… false
 * console.log(s.sample(3, new Random(0)).data);
 * ```
 */
export class Sinc4MixtureSource extends LawSource<Sinc4MixtureLaw, Sinc4MixtureSpec> {
  readonly kind = 'sinc4-mixture';
  /** The density decays as x⁻⁴, so E X⁴ = ∞ (the variance is finite). */
  override readonly hasFiniteFourthMoment = false;

  constructor(weights: ArrayLike<number>, scales: ArrayLike<number>) {
    const w = readVector('weights', Array.from(weights));
    assertProbabilityVector('weights', w);
    const m = readVector('scales', Array.from(scales), undefined, { positive: true });
    if (m.length !== w.length)
      throw new DimensionMismatchError('scales', `${w.length} (the length of weights)`, m.length);
    const law = new Sinc4MixtureLaw(w, m);
    super(law, law.toSpec());
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
    return new Sinc4MixtureSource(
      readVector('weights', spec.weights),
      readVector('scales', spec.scales, undefined, { positive: true }),
    );
  }

  /** The density at one point. */
  pdf(x: number): number {
    return this.law.densityAt(x);
  }
}
