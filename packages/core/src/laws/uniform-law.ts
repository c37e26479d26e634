// The uniform law on a box: bounded support, closed-form entropy.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import type { Random } from '../random/random.js';
import type { UniformSpec } from '../spec/spec.js';
import type { ComplexValue, Law, LawEntropy } from './law.js';
import { productDim, productVector } from './product-law-fields.js';

/**
 * The uniform law on `Π [lowᵢ, highᵢ]`: mean `(low+high)/2`, variance `(high−low)²/12`, entropy `Σ log(highᵢ−lowᵢ)`,
 * characteristic function `Π e^{iωᵢcᵢ} sin(ωᵢwᵢ)/(ωᵢwᵢ)` (centre c, half-width w).
 *
 * @example
 * ```ts
 * import { UniformLaw } from '@ratedistortion/core';
 * const u = UniformLaw.fromSpec({ kind: 'uniform', low: 0, high: 2 });
 * console.log(u.entropy().value, u.logDensityAt([3])); // log 2, −Infinity
 * ```
 */
export class UniformLaw implements Law {
  readonly dim: number;
  readonly low: Float64Array;
  readonly high: Float64Array;

  constructor(low: ArrayLike<number>, high: ArrayLike<number>) {
    if (high.length !== low.length) throw new DimensionMismatchError('high', low.length, high.length);
    this.low = productVector('low', Array.from(low), low.length);
    this.high = productVector('high', Array.from(high), low.length);
    this.dim = this.low.length;
    if (this.dim === 0) throw new InvalidParameterError('low', 'a number or a non-empty vector', []);
    for (let i = 0; i < this.dim; i++) {
      if (!(this.high[i] > this.low[i])) {
        throw new InvalidParameterError(
          this.dim === 1 ? 'high' : `high[${i}]`,
          `a number > low = ${this.low[i]}`,
          this.high[i],
        );
      }
    }
  }

  /**
   * Validate a {@link UniformSpec} (scalars broadcast to `dim`, default 1).
   *
   * @example
   * ```ts
   * import { UniformLaw } from '@ratedistortion/core';
   * console.log(UniformLaw.fromSpec({ kind: 'uniform', low: [0, 0], high: [1, 2] }).entropy().value); // log 2
   * ```
   */
  static fromSpec(spec: UniformSpec): UniformLaw {
    if (spec == null || spec.kind !== 'uniform')
      throw new InvalidParameterError('source', "a UniformSpec (kind 'uniform')", spec);
    const dim = productDim({ low: spec.low, high: spec.high }, spec.dim);
    return new UniformLaw(productVector('low', spec.low, dim), productVector('high', spec.high, dim));
  }

  /** `−Σ log(h−l)` inside the closed box, `−∞` outside. */
  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    let v = 0;
    for (let i = 0; i < this.dim; i++) {
      const xi = x[offset + i];
      if (xi < this.low[i] || xi > this.high[i]) return -Infinity;
      v -= Math.log(this.high[i] - this.low[i]);
    }
    return v;
  }

  fill(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < this.dim; i++)
        out[s * this.dim + i] = this.low[i] + (this.high[i] - this.low[i]) * rng.uniform();
    }
  }

  mean(): Float64Array {
    return this.low.map((l, i) => (l + this.high[i]) / 2);
  }

  covariance(): Float64Array[] {
    return Array.from({ length: this.dim }, (_, i) => {
      const r = new Float64Array(this.dim);
      r[i] = (this.high[i] - this.low[i]) ** 2 / 12;
      return r;
    });
  }

  entropy(): LawEntropy {
    let h = 0;
    for (let i = 0; i < this.dim; i++) h += Math.log(this.high[i] - this.low[i]);
    return { value: h, method: 'exact' };
  }

  characteristicFunction(omega: ArrayLike<number>): ComplexValue {
    let mag = 1;
    let phase = 0;
    for (let i = 0; i < this.dim; i++) {
      const t = (omega[i] * (this.high[i] - this.low[i])) / 2;
      mag *= t === 0 ? 1 : Math.sin(t) / t;
      phase += (omega[i] * (this.high[i] + this.low[i])) / 2;
    }
    return { re: mag * Math.cos(phase), im: mag * Math.sin(phase) };
  }

  toSpec(): UniformSpec {
    return { kind: 'uniform', low: Array.from(this.low), high: Array.from(this.high) };
  }
}
