// A density given by its values on a uniform 1-D or 2-D grid (core's GridDensitySpec and GridDensityLaw). The
// analytic package answers it with Blahut–Arimoto on the same grid.
import { GridDensityLaw, type GridDensitySpec } from '@ratedistortion/core';
import { LawSource } from '../source/law-source.js';
import { rejectUnknownFields, specObject } from '../spec/fields.js';

/**
 * The piecewise-constant density of a {@link GridDensitySpec}: `values` (row-major, x slowest) are the density at
 * the cell centres, normalised to mass 1: core's {@link GridDensityLaw} (draws pick a cell by its mass and a point
 * uniformly inside it; entropy, moments and characteristic function are exact sums over the cells).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { GridDensitySource } from '@ratedistortion/datasets';
 * const s = GridDensitySource.fromSpec({ kind: 'grid-density', x: [0, 2, 2], values: [1, 3] });
 * console.log(s.mean()[0], s.entropy().value); // 1.25, −(¼ log ¼ + ¾ log ¾)
 * ```
 */
export class GridDensitySource extends LawSource<GridDensityLaw, GridDensitySpec> {
  readonly kind = 'grid-density';

  constructor(spec: GridDensitySpec) {
    const law = new GridDensityLaw(spec);
    super(law, law.toSpec());
  }

  /**
   * Validate a {@link GridDensitySpec}.
   *
   * @example
   * ```ts
   * import { GridDensitySource } from '@ratedistortion/datasets';
   * console.log(GridDensitySource.fromSpec({ kind: 'grid-density', x: [0, 1, 2], y: [0, 1, 1], values: [1, 1] }).dim); // 2
   * ```
   */
  static fromSpec(input: unknown): GridDensitySource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'x', 'y', 'values']);
    return new GridDensitySource(spec as unknown as GridDensitySpec);
  }
}
