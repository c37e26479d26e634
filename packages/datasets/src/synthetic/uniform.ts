// Uniform distribution on a box: bounded support, closed-form entropy, the other standard non-Gaussian test.
import { InvalidParameterError, type Random, type Samples } from '@ratedistortion/core';
import { SourceBase, checkSamplesDim, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import type { UniformSpec } from '../spec/specs.js';
import { readScalarOrVector, rejectUnknownFields, specObject } from '../spec/fields.js';
import { boxDim } from './laplace.js';

/**
 * The uniform distribution on `Π [lowᵢ, highᵢ]`: mean `(low+high)/2`, variance `(high−low)²/12`, entropy
 * `Σ log(highᵢ−lowᵢ)`, characteristic function `Π (e^{iωh} − e^{iωl}) / (iω(h−l))`.
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
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly spec: UniformSpec;

  constructor(low: ArrayLike<number>, high: ArrayLike<number>, spec?: UniformSpec) {
    super();
    this.low = readScalarOrVector('low', Array.from(low), low.length);
    this.high = readScalarOrVector('high', Array.from(high), low.length);
    this.dim = this.low.length;
    for (let i = 0; i < this.dim; i++) {
      if (!(this.high[i] > this.low[i])) {
        throw new InvalidParameterError(this.dim === 1 ? 'high' : `high[${i}]`, `a number > low = ${this.low[i]}`, this.high[i]);
      }
    }
    this.spec = spec ?? { kind: 'uniform', low: Array.from(this.low), high: Array.from(this.high) };
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
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < this.dim; i++) out[s * this.dim + i] = this.low[i] + (this.high[i] - this.low[i]) * rng.uniform();
    }
  }

  /** `−Σ log(h−l)` inside the box, `−∞` outside. */
  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const inside = -this.entropy().value;
    const out = new Float64Array(x.n);
    for (let s = 0; s < x.n; s++) {
      let ok = true;
      for (let i = 0; i < this.dim; i++) {
        const v = x.data[s * this.dim + i];
        if (v < this.low[i] || v > this.high[i]) ok = false;
      }
      out[s] = ok ? inside : -Infinity;
    }
    return out;
  }

  entropy(): EntropyValue {
    let h = 0;
    for (let i = 0; i < this.dim; i++) h += Math.log(this.high[i] - this.low[i]);
    return { value: h, method: 'exact' };
  }

  mean(): Float64Array {
    return this.low.map((l, i) => (l + this.high[i]) / 2);
  }

  covariance(): Float64Array[] {
    return Array.from({ length: this.dim }, (_, i) => { const r = new Float64Array(this.dim); r[i] = (this.high[i] - this.low[i]) ** 2 / 12; return r; });
  }

  /** Product over coordinates of `e^{iωc} sin(ωw)/(ωw)` with centre c and half-width w. */
  characteristicFunction(omega: Float64Array | number): Complex {
    const w = omegaVector(omega, this.dim);
    let mag = 1;
    let phase = 0;
    for (let i = 0; i < this.dim; i++) {
      const half = (this.high[i] - this.low[i]) / 2;
      const t = w[i] * half;
      mag *= t === 0 ? 1 : Math.sin(t) / t;
      phase += w[i] * (this.high[i] + this.low[i]) / 2;
    }
    return { re: mag * Math.cos(phase), im: mag * Math.sin(phase) };
  }

  toSpec(): UniformSpec {
    return JSON.parse(JSON.stringify(this.spec)) as UniformSpec;
  }
}
