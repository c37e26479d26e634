// Uniform distribution on a box: bounded support, closed-form entropy, the other standard non-Gaussian test.
import { UniformLaw, type UniformSpec } from '@ratedistortion/core';
import { LawSource } from '../source/law-source.js';
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
export class UniformSource extends LawSource<UniformLaw, UniformSpec> {
  readonly kind = 'uniform';

  constructor(low: ArrayLike<number>, high: ArrayLike<number>, spec?: UniformSpec) {
    const law = new UniformLaw(
      readScalarOrVector('low', Array.from(low), low.length),
      readScalarOrVector('high', Array.from(high), low.length),
    );
    super(law, spec ?? law.toSpec());
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
}
