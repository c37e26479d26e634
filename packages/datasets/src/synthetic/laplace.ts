// Independent Laplace coordinates: a heavy-ish-tailed, non-Gaussian test source with closed-form entropy.
import { DimensionMismatchError, LaplaceLaw, productDim, type LaplaceSpec } from '@ratedistortion/core';
import { LawSource } from '../source/law-source.js';
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
export class LaplaceSource extends LawSource<LaplaceLaw, LaplaceSpec> {
  readonly kind = 'laplace';

  constructor(location: ArrayLike<number>, scale: ArrayLike<number>, spec?: LaplaceSpec) {
    const loc = readScalarOrVector('location', Array.from(location), location.length);
    const b = readScalarOrVector('scale', Array.from(scale), scale.length, { positive: true });
    if (loc.length !== b.length) throw new DimensionMismatchError('location', b.length, loc.length);
    const law = new LaplaceLaw(loc, b);
    super(law, spec ?? law.toSpec());
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
}

/**
 * The dimension of a box-like SPEC whose `fields` are each a number or a vector: the common vector length,
 * else `dim` (default 1; at most `SPEC_MAX_DIM`). Throws when vectors disagree or contradict `dim`: core's
 * {@link productDim} with the SPEC's bound on `dim`.
 *
 * @example
 * ```ts
 * import { boxDim } from '@ratedistortion/datasets';
 * console.log(boxDim({ low: [0, 0], high: 1 }, ['low', 'high'])); // 2
 * ```
 */
export function boxDim(spec: Record<string, unknown>, fields: readonly string[]): number {
  if (spec.dim !== undefined) readDim(spec.dim);
  return productDim(Object.fromEntries(fields.map((f) => [f, spec[f]])), spec.dim);
}
