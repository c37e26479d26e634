// A density given by its values on a uniform 1-D or 2-D grid (core's GridDensitySpec): piecewise constant on the
// cells, so draws pick a cell by its mass and a point uniformly inside it, and the entropy, mean and covariance are
// exact sums over the cells. The analytic package answers it with Blahut–Arimoto on the same grid.
import { InvalidParameterError, type GridDensitySpec, type Random, type Samples } from '@ratedistortion/core';
import { SourceBase, checkSamplesDim } from '../source/source-base.js';
import type { EntropyValue } from '../source/source.js';
import { rejectUnknownFields, specObject } from '../spec/fields.js';

type Axis = [number, number, number];

function readAxis(name: string, a: unknown): Axis {
  if (
    !Array.isArray(a) ||
    a.length !== 3 ||
    !a.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !(a[1] > a[0]) ||
    !Number.isInteger(a[2]) ||
    a[2] < 1
  ) {
    throw new InvalidParameterError(name, '[min, max, points] with finite min < max and an integer points >= 1', a);
  }
  return [a[0], a[1], a[2]];
}

/**
 * The piecewise-constant density of a {@link GridDensitySpec}: `values` (row-major, x slowest) are the density at
 * the cell centres, normalised to mass 1.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { GridDensitySource } from '@ratedistortion/datasets';
 * const s = GridDensitySource.fromSpec({ kind: 'grid-density', x: [0, 2, 2], values: [1, 3] });
 * console.log(s.mean()[0], s.entropy().value); // 1.25, −(¼ log ¼ + ¾ log ¾)
 * ```
 */
export class GridDensitySource extends SourceBase {
  readonly kind = 'grid-density';
  readonly dim: number;
  private readonly axes: Axis[];
  private readonly mass: Float64Array;
  private readonly cdf: Float64Array;
  private readonly spec: GridDensitySpec;

  constructor(spec: GridDensitySpec) {
    super();
    const x = readAxis('x', spec.x);
    const y = spec.y === undefined ? undefined : readAxis('y', spec.y);
    this.axes = y ? [x, y] : [x];
    this.dim = this.axes.length;
    const cells = x[2] * (y ? y[2] : 1);
    if (!Array.isArray(spec.values) || spec.values.length !== cells) {
      throw new InvalidParameterError(
        'values',
        `an array of ${cells} density values (one per cell${y ? ', row-major with x slowest' : ''})`,
        Array.isArray(spec.values) ? `${spec.values.length} values` : spec.values,
      );
    }
    this.mass = new Float64Array(cells);
    let total = 0;
    spec.values.forEach((v, i) => {
      if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v)))
        throw new InvalidParameterError(`values[${i}]`, 'a finite density value >= 0', v);
      total += v;
    });
    if (!(total > 0)) throw new InvalidParameterError('values', 'a density with positive mass', total);
    this.cdf = new Float64Array(cells);
    let acc = 0;
    for (let i = 0; i < cells; i++) {
      this.mass[i] = spec.values[i] / total;
      acc += this.mass[i];
      this.cdf[i] = acc;
    }
    this.spec = y
      ? { kind: 'grid-density', x, y, values: [...spec.values] }
      : { kind: 'grid-density', x, values: [...spec.values] };
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

  private width(a: number): number {
    return (this.axes[a][1] - this.axes[a][0]) / this.axes[a][2];
  }

  /** Cell index of axis `a` for flat cell `k`. */
  private index(k: number, a: number): number {
    return this.dim === 1 ? k : a === 0 ? Math.floor(k / this.axes[1][2]) : k % this.axes[1][2];
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    const last = this.cdf.length - 1;
    for (let s = 0; s < n; s++) {
      const u = rng.uniform();
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      for (let a = 0; a < this.dim; a++)
        out[s * this.dim + a] = this.axes[a][0] + (this.index(lo, a) + rng.uniform()) * this.width(a);
    }
  }

  /** Log density (piecewise constant; −∞ outside the grid). */
  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const out = new Float64Array(x.n);
    const area = this.axes.reduce((v, _, a) => v * this.width(a), 1);
    for (let s = 0; s < x.n; s++) {
      let k = 0;
      let inside = true;
      for (let a = 0; a < this.dim; a++) {
        const i = Math.floor((x.data[s * this.dim + a] - this.axes[a][0]) / this.width(a));
        if (i < 0 || i >= this.axes[a][2]) inside = false;
        k = a === 0 ? i : k * this.axes[1][2] + i;
      }
      out[s] = inside ? Math.log(this.mass[k] / area) : -Infinity;
    }
    return out;
  }

  /** Exact: −Σ pᵢ log(pᵢ / cell area). */
  entropy(): EntropyValue {
    const area = this.axes.reduce((v, _, a) => v * this.width(a), 1);
    let h = 0;
    for (const p of this.mass) if (p > 0) h -= p * Math.log(p / area);
    return { value: h, method: 'exact' };
  }

  mean(): Float64Array {
    const m = new Float64Array(this.dim);
    this.mass.forEach((p, k) => {
      for (let a = 0; a < this.dim; a++) m[a] += p * (this.axes[a][0] + (this.index(k, a) + 0.5) * this.width(a));
    });
    return m;
  }

  /** Exact: cell centres' covariance plus the uniform within-cell variance h²/12 on the diagonal. */
  covariance(): Float64Array[] {
    const m = this.mean();
    const c = Array.from({ length: this.dim }, () => new Float64Array(this.dim));
    this.mass.forEach((p, k) => {
      for (let a = 0; a < this.dim; a++) {
        const da = this.axes[a][0] + (this.index(k, a) + 0.5) * this.width(a) - m[a];
        for (let b = 0; b < this.dim; b++)
          c[a][b] += p * da * (this.axes[b][0] + (this.index(k, b) + 0.5) * this.width(b) - m[b]);
      }
    });
    for (let a = 0; a < this.dim; a++) c[a][a] += this.width(a) ** 2 / 12;
    return c;
  }

  override analyticSpec(): GridDensitySpec {
    return this.toSpec();
  }

  toSpec(): GridDensitySpec {
    return JSON.parse(JSON.stringify(this.spec)) as GridDensitySpec;
  }
}
