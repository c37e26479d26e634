// Uniform distribution on a box: bounded support, closed-form entropy, the other standard non-Gaussian test.
import { UniformLaw, type Random, type Samples, type UniformSpec } from '@ratedistortion/core';
import { SourceBase, checkSamplesDim, entropyValueOf, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import { readScalarOrVector, rejectUnknownFields, specObject } from '../spec/fields.js';
import { boxDim } from './laplace.js';

/**
 * The uniform distribution on `Π [lowᵢ, highᵢ]`: mean `(low+high)/2`, variance `(high−low)²/12`, entropy
 * `Σ log(highᵢ−lowᵢ)`, characteristic function `Π (e^{iωh} − e^{iωl}) / (iω(h−l))`: core's {@link UniformLaw}.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { UniformSource } from '@ratedistortion/datasets';
 * const u = new UniformSource([0, -1], [1, 1]);
 * console.log(u.entropy().value); // log 2
 * ```
 */
export class UniformSource extends SourceBase {
  readonly kind = 'uniform';
  readonly dim: number;
  /** The law this source samples. */
  readonly law: UniformLaw;
  private readonly spec: UniformSpec;

  constructor(low: ArrayLike<number>, high: ArrayLike<number>, spec?: UniformSpec) {
    super();
    this.law = new UniformLaw(
      readScalarOrVector('low', Array.from(low), low.length),
      readScalarOrVector('high', Array.from(high), low.length),
    );
    this.dim = this.law.dim;
    this.spec = spec ?? this.law.toSpec();
  }

  /**
   * Build from a {@link UniformSpec}.
   *
   * @example
   * ```ts
   * import { UniformSource } from '@ratedistortion/datasets';
   * const u = UniformSource.fromSpec({ kind: 'uniform', low: 0, high: 1, dim: 4 });
   * ```
   */
  static fromSpec(input: unknown): UniformSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'low', 'high', 'dim']);
    const dim = boxDim(spec, ['low', 'high']);
    const low = readScalarOrVector('low', spec.low, dim);
    const high = readScalarOrVector('high', spec.high, dim);
    return new UniformSource(low, high, JSON.parse(JSON.stringify(spec)) as UniformSpec);
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    this.law.fill(n, rng, out);
  }

  /** `−Σ log(h−l)` inside the box, `−∞` outside. */
  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const out = new Float64Array(x.n);
    for (let s = 0; s < x.n; s++) out[s] = this.law.logDensityAt(x.data, s * this.dim);
    return out;
  }

  entropy(): EntropyValue {
    return entropyValueOf(this.law.entropy());
  }

  mean(): Float64Array {
    return this.law.mean();
  }

  covariance(): Float64Array[] {
    return this.law.covariance();
  }

  /** Product over coordinates of `e^{iωc} sin(ωw)/(ωw)` with centre c and half-width w. */
  characteristicFunction(omega: Float64Array | number): Complex {
    return this.law.characteristicFunction(omegaVector(omega, this.dim));
  }

  toSpec(): UniformSpec {
    return JSON.parse(JSON.stringify(this.spec)) as UniformSpec;
  }
  /** Its own spec: the analytic package answers for this law directly. */
  override analyticSpec(): UniformSpec {
    return this.toSpec();
  }
}
