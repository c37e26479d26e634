// Independent Laplace coordinates: a heavy-ish-tailed, non-Gaussian test source with closed-form entropy.
import { DimensionMismatchError, InvalidParameterError, type Random, type Samples } from '@ratedistortion/core';
import { SourceBase, checkSamplesDim, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import type { LaplaceSpec } from '../spec/specs.js';
import { readInteger, readScalarOrVector, rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * Independent coordinates `Xᵢ ~ Laplace(μᵢ, bᵢ)`, density `Π (2bᵢ)⁻¹ e^{−|xᵢ−μᵢ|/bᵢ}`; variance `2bᵢ²`, entropy
 * `Σ (1 + log 2bᵢ)`, characteristic function `Π e^{iωᵢμᵢ} / (1 + bᵢ²ωᵢ²)`. Sampling: `μ + b (E₁ − E₂)` with two
 * independent Exp(1) draws (the difference of exponentials is standard Laplace).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { LaplaceSource } from '@ratedistortion/datasets';
 * const l = new LaplaceSource([0, 0], [1, 2]);
 * console.log(l.entropy().value, l.sample(2, new Random(0)).data);
 * ```
 */
export class LaplaceSource extends SourceBase {
  readonly kind = 'laplace';
  readonly dim: number;
  private readonly loc: Float64Array;
  private readonly scale: Float64Array;
  private readonly spec: LaplaceSpec;

  constructor(location: ArrayLike<number>, scale: ArrayLike<number>, spec?: LaplaceSpec) {
    super();
    this.loc = readScalarOrVector('location', Array.from(location), location.length);
    this.scale = readScalarOrVector('scale', Array.from(scale), scale.length, { positive: true });
    if (this.loc.length !== this.scale.length) throw new DimensionMismatchError('location', this.scale.length, this.loc.length);
    this.dim = this.scale.length;
    this.spec = spec ?? { kind: 'laplace', location: Array.from(this.loc), scale: Array.from(this.scale) };
  }

  /**
   * Build from a {@link LaplaceSpec}.
   *
   * @example
   * ```ts
   * import { LaplaceSource } from '@ratedistortion/datasets';
   * const l = LaplaceSource.fromSpec({ kind: 'laplace', scale: 1, dim: 3 });
   * ```
   */
  static fromSpec(input: unknown): LaplaceSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'location', 'scale', 'dim']);
    const dim = boxDim(spec, ['location', 'scale']);
    const loc = spec.location === undefined ? new Float64Array(dim) : readScalarOrVector('location', spec.location, dim);
    const scale = readScalarOrVector('scale', spec.scale, dim, { positive: true });
    return new LaplaceSource(loc, scale, JSON.parse(JSON.stringify(spec)) as LaplaceSpec);
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < this.dim; i++) out[s * this.dim + i] = this.loc[i] + this.scale[i] * (rng.exponential() - rng.exponential());
    }
  }

  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const out = new Float64Array(x.n);
    for (let s = 0; s < x.n; s++) {
      let v = 0;
      for (let i = 0; i < this.dim; i++) v -= Math.abs(x.data[s * this.dim + i] - this.loc[i]) / this.scale[i] + Math.log(2 * this.scale[i]);
      out[s] = v;
    }
    return out;
  }

  entropy(): EntropyValue {
    let h = 0;
    for (let i = 0; i < this.dim; i++) h += 1 + Math.log(2 * this.scale[i]);
    return { value: h, method: 'exact' };
  }

  mean(): Float64Array {
    return Float64Array.from(this.loc);
  }

  covariance(): Float64Array[] {
    return Array.from({ length: this.dim }, (_, i) => { const r = new Float64Array(this.dim); r[i] = 2 * this.scale[i] ** 2; return r; });
  }

  characteristicFunction(omega: Float64Array | number): Complex {
    const w = omegaVector(omega, this.dim);
    let mag = 1;
    let phase = 0;
    for (let i = 0; i < this.dim; i++) {
      mag /= 1 + (this.scale[i] * w[i]) ** 2;
      phase += w[i] * this.loc[i];
    }
    return { re: mag * Math.cos(phase), im: mag * Math.sin(phase) };
  }

  toSpec(): LaplaceSpec {
    return JSON.parse(JSON.stringify(this.spec)) as LaplaceSpec;
  }
}

/**
 * The dimension of a box-like SPEC whose `fields` are each a number or a vector: the common vector length,
 * else `dim` (default 1). Throws when vectors disagree or contradict `dim`.
 *
 * @example
 * ```ts
 * import { boxDim } from '@ratedistortion/datasets';
 * console.log(boxDim({ low: [0, 0], high: 1 }, ['low', 'high'])); // 2
 * ```
 */
export function boxDim(spec: Record<string, unknown>, fields: readonly string[]): number {
  let dim: number | undefined = spec.dim === undefined ? undefined : readInteger('dim', spec.dim, 1);
  let from = 'dim';
  for (const f of fields) {
    const v = spec[f];
    if (Array.isArray(v)) {
      if (dim !== undefined && v.length !== dim) throw new DimensionMismatchError(f, `${dim} (as ${from})`, v.length);
      dim = v.length;
      from = f;
    } else if (v !== undefined && typeof v !== 'number') {
      throw new InvalidParameterError(f, 'a number or an array of numbers', v);
    }
  }
  return dim ?? 1;
}
