// Independent Laplace coordinates: a heavy-ish-tailed, non-Gaussian test source with closed-form entropy.
import {
  DimensionMismatchError,
  InvalidParameterError,
  LaplaceLaw,
  type LaplaceSpec,
  type Random,
  type Samples,
} from '@ratedistortion/core';
import { SourceBase, checkSamplesDim, entropyValueOf, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import { readDim, readScalarOrVector, rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * Independent coordinates `Xᵢ ~ Laplace(μᵢ, bᵢ)`, density `Π (2bᵢ)⁻¹ e^{−|xᵢ−μᵢ|/bᵢ}`; variance `2bᵢ²`, entropy
 * `Σ (1 + log 2bᵢ)`, characteristic function `Π e^{iωᵢμᵢ} / (1 + bᵢ²ωᵢ²)`: core's {@link LaplaceLaw}, which also
 * samples (`μ + b (E₁ − E₂)` with two independent Exp(1) draws).
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
  /** The law this source samples. */
  readonly law: LaplaceLaw;
  private readonly spec: LaplaceSpec;

  constructor(location: ArrayLike<number>, scale: ArrayLike<number>, spec?: LaplaceSpec) {
    super();
    const loc = readScalarOrVector('location', Array.from(location), location.length);
    const b = readScalarOrVector('scale', Array.from(scale), scale.length, { positive: true });
    if (loc.length !== b.length) throw new DimensionMismatchError('location', b.length, loc.length);
    this.law = new LaplaceLaw(loc, b);
    this.dim = this.law.dim;
    this.spec = spec ?? this.law.toSpec();
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
    const loc =
      spec.location === undefined ? new Float64Array(dim) : readScalarOrVector('location', spec.location, dim);
    const scale = readScalarOrVector('scale', spec.scale, dim, { positive: true });
    return new LaplaceSource(loc, scale, JSON.parse(JSON.stringify(spec)) as LaplaceSpec);
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    this.law.fill(n, rng, out);
  }

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

  characteristicFunction(omega: Float64Array | number): Complex {
    return this.law.characteristicFunction(omegaVector(omega, this.dim));
  }

  toSpec(): LaplaceSpec {
    return JSON.parse(JSON.stringify(this.spec)) as LaplaceSpec;
  }
  /** Its own spec: the analytic package answers for this law directly. */
  override analyticSpec(): LaplaceSpec {
    return this.toSpec();
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
  let dim: number | undefined = spec.dim === undefined ? undefined : readDim(spec.dim);
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
