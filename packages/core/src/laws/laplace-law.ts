// Independent Laplace coordinates: closed-form density, entropy and characteristic function.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import type { Random } from '../random/random.js';
import type { LaplaceSpec } from '../spec/spec.js';
import type { ComplexValue, Law, LawEntropy } from './law.js';
import { productDim, productVector } from './product-law-fields.js';

/**
 * Independent coordinates `Xᵢ ~ Laplace(μᵢ, bᵢ)`: density `Π (2bᵢ)⁻¹ e^{−|xᵢ−μᵢ|/bᵢ}`, variance `2bᵢ²`, entropy
 * `Σ (1 + log 2bᵢ)`, characteristic function `Π e^{iωᵢμᵢ}/(1 + bᵢ²ωᵢ²)`. Draws are `μ + b(E₁ − E₂)` with two
 * independent Exp(1) variables.
 *
 * @example
 * ```ts
 * import { LaplaceLaw, Random } from '@ratedistortion/core';
 * const l = LaplaceLaw.fromSpec({ kind: 'laplace', scale: [1, 2] });
 * const x = new Float64Array(4);
 * l.fill(2, new Random(0), x);
 * console.log(l.entropy().value, l.densityAt1d(0, 0)); // 2 + log 8, 0.5
 * ```
 */
export class LaplaceLaw implements Law {
  readonly dim: number;
  readonly location: Float64Array;
  readonly scale: Float64Array;

  constructor(location: ArrayLike<number>, scale: ArrayLike<number>) {
    this.scale = productVector('scale', Array.from(scale), scale.length, true);
    if (location.length !== scale.length) throw new DimensionMismatchError('location', scale.length, location.length);
    this.location = productVector('location', Array.from(location), scale.length);
    this.dim = scale.length;
    if (this.dim === 0) throw new InvalidParameterError('scale', 'a number > 0 or a non-empty vector', []);
  }

  /**
   * Validate a {@link LaplaceSpec} (scalars broadcast to `dim`, default 1; location defaults to 0).
   *
   * @example
   * ```ts
   * import { LaplaceLaw } from '@ratedistortion/core';
   * console.log(LaplaceLaw.fromSpec({ kind: 'laplace', scale: 1, dim: 3 }).dim); // 3
   * ```
   */
  static fromSpec(spec: LaplaceSpec): LaplaceLaw {
    if (spec == null || spec.kind !== 'laplace')
      throw new InvalidParameterError('source', "a LaplaceSpec (kind 'laplace')", spec);
    const dim = productDim({ location: spec.location, scale: spec.scale }, spec.dim);
    const loc = spec.location === undefined ? new Float64Array(dim) : productVector('location', spec.location, dim);
    return new LaplaceLaw(loc, productVector('scale', spec.scale, dim, true));
  }

  /** Density of coordinate `i` at `x`. */
  densityAt1d(i: number, x: number): number {
    return Math.exp(-Math.abs(x - this.location[i]) / this.scale[i]) / (2 * this.scale[i]);
  }

  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    let v = 0;
    for (let i = 0; i < this.dim; i++)
      v -= Math.abs(x[offset + i] - this.location[i]) / this.scale[i] + Math.log(2 * this.scale[i]);
    return v;
  }

  fill(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < this.dim; i++)
        out[s * this.dim + i] = this.location[i] + this.scale[i] * (rng.exponential() - rng.exponential());
    }
  }

  mean(): Float64Array {
    return Float64Array.from(this.location);
  }

  covariance(): Float64Array[] {
    return Array.from({ length: this.dim }, (_, i) => {
      const r = new Float64Array(this.dim);
      r[i] = 2 * this.scale[i] ** 2;
      return r;
    });
  }

  entropy(): LawEntropy {
    let h = 0;
    for (let i = 0; i < this.dim; i++) h += 1 + Math.log(2 * this.scale[i]);
    return { value: h, method: 'exact' };
  }

  characteristicFunction(omega: ArrayLike<number>): ComplexValue {
    let mag = 1;
    let phase = 0;
    for (let i = 0; i < this.dim; i++) {
      mag /= 1 + (this.scale[i] * omega[i]) ** 2;
      phase += omega[i] * this.location[i];
    }
    return { re: mag * Math.cos(phase), im: mag * Math.sin(phase) };
  }

  toSpec(): LaplaceSpec {
    return { kind: 'laplace', location: Array.from(this.location), scale: Array.from(this.scale) };
  }
}
