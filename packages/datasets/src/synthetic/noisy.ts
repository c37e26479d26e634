// X = Y + N(0, σ²I): any source the package samples, plus independent Gaussian noise. These are the deconvolution
// sources of the RD benchmark suite: at slopes eps ≤ σ² the backward heat equation run from X stays a density
// (P_Y smoothed by N(0, (σ² − eps)I)), so R(D) equals the Shannon lower bound h(X) − (d/2)log(2πe·2D/d) for
// D ≤ dσ²/2, whatever Y is.
import { InvalidParameterError, type Random } from '@ratedistortion/core';
import { SourceBase, entropyUnknownError, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue, Source } from '../source/source.js';
import { readNumber, rejectUnknownFields, specObject } from '../spec/fields.js';
import type { NoisySpec } from '../spec/specs.js';

/**
 * `X = Y + N(0, σ²I)` for a base source Y: mean of Y, covariance Cov(Y) + σ²I, characteristic function
 * φ_Y(ω)·e^{−σ²‖ω‖²/2}. Each draw takes one draw of Y, then `dim` normal draws from the same generator.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { NoisySource, UniformSource } from '@ratedistortion/datasets';
 * const x = new NoisySource(new UniformSource([0], [1]), 0.01);
 * console.log(x.covariance()[0][0], 1 / 12 + 0.01, x.sample(2, new Random(0)).data);
 * ```
 */
export class NoisySource extends SourceBase {
  readonly kind = 'noisy';
  readonly dim: number;
  override readonly hasEntropy = false;
  override readonly hasFiniteFourthMoment: boolean;

  constructor(
    readonly base: Source,
    readonly noiseVariance: number,
  ) {
    super();
    if (base == null || typeof base.sample !== 'function') throw new InvalidParameterError('source', 'a Source', base);
    this.noiseVariance = readNumber('noiseVariance', noiseVariance, { positive: true });
    this.dim = base.dim;
    // Y + N(0, σ²I) has a finite fourth moment exactly when Y has (the Gaussian part has every moment).
    this.hasFiniteFourthMoment = base.hasFiniteFourthMoment;
  }

  /**
   * Build from a {@link NoisySpec}; `build` turns the nested `source` SPEC into a Source (`sourceFromSpec`).
   *
   * @example
   * ```ts
   * import { NoisySource, sourceFromSpec } from '@ratedistortion/datasets';
   * const x = NoisySource.fromSpec({ kind: 'noisy', source: { kind: 'laplace', scale: 1 }, noiseVariance: 0.05 }, sourceFromSpec);
   * console.log(x.dim); // 1
   * ```
   */
  static fromSpec(input: unknown, build: (spec: unknown) => Source): NoisySource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'source', 'noiseVariance']);
    if (spec.source == null || typeof spec.source !== 'object')
      throw new InvalidParameterError('source', 'a source SPEC (the Y of X = Y + N(0, σ²I))', spec.source);
    return new NoisySource(build(spec.source), spec.noiseVariance as number);
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    const y = this.base.sample(n, rng).data;
    const sd = Math.sqrt(this.noiseVariance);
    for (let k = 0; k < n * this.dim; k++) out[k] = y[k] + sd * rng.normal();
  }

  /** Not in closed form: the analytic package computes h(X) for the suite's noisy sources by quadrature. */
  entropy(): EntropyValue {
    throw entropyUnknownError(this.kind);
  }

  mean(): Float64Array {
    return this.base.mean();
  }

  covariance(): Float64Array[] {
    const c = this.base.covariance().map((row) => Float64Array.from(row));
    for (let i = 0; i < this.dim; i++) c[i][i] += this.noiseVariance;
    return c;
  }

  characteristicFunction(omega: Float64Array | number): Complex {
    if (!this.base.characteristicFunction)
      throw new InvalidParameterError('source', 'a base source with a characteristic function', this.base.kind);
    const w = omegaVector(omega, this.dim);
    const phi = this.base.characteristicFunction(w);
    let n2 = 0;
    for (const v of w) n2 += v * v;
    const g = Math.exp(-0.5 * this.noiseVariance * n2);
    return { re: phi.re * g, im: phi.im * g };
  }

  toSpec(): NoisySpec {
    return { kind: 'noisy', source: this.base.toSpec(), noiseVariance: this.noiseVariance };
  }
}
