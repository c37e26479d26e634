// A density given by its values on a uniform 1-D or 2-D grid, piecewise constant on the cells: draws pick a cell
// by its mass and a point uniformly inside it; density, entropy, moments and characteristic function are exact
// sums over the cells.
import { InvalidParameterError } from '../errors/errors.js';
import type { Random } from '../random/random.js';
import type { GridDensitySpec } from '../spec/spec.js';
import type { ComplexValue, Law, LawEntropy } from './law.js';
import { sinc } from './sinc4-mixture-law.js';

/** `[min, max, points]` of one grid axis. */
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
 * The piecewise-constant law of a {@link GridDensitySpec}: `values` (row-major, x slowest) are the density at the
 * cell centres, normalised to mass 1. Exact: entropy `−Σ pₖ log(pₖ / cell area)`, covariance of the cell centres
 * plus `hₐ²/12` on the diagonal, characteristic function `Σ pₖ Πₐ e^{iωₐcₖₐ} sinc(ωₐhₐ/2)` (cell centres c, widths h).
 * Throws `InvalidParameterError` naming the field for a bad axis, a `values` array of the wrong length, a negative
 * or non-finite value, or zero total mass.
 *
 * @example
 * ```ts
 * import { GridDensityLaw, Random } from '@ratedistortion/core';
 * const g = new GridDensityLaw({ kind: 'grid-density', x: [0, 2, 2], values: [1, 3] });
 * const x = new Float64Array(3);
 * g.fill(3, new Random(0), x);
 * console.log(g.mean()[0], g.entropy().value, g.mass); // 1.25, −(¼ log ¼ + ¾ log ¾), [0.25, 0.75]
 * ```
 */
export class GridDensityLaw implements Law {
  readonly dim: number;
  /** The grid axes, `[min, max, points]` each (x, then y in 2-D). */
  readonly axes: readonly Axis[];
  /** The cell masses, summing to 1 (row-major, x slowest). */
  readonly mass: Float64Array;
  private readonly cdf: Float64Array;
  private readonly values: number[];

  constructor(spec: GridDensitySpec) {
    if (spec == null || typeof spec !== 'object')
      throw new InvalidParameterError('source', "a GridDensitySpec (kind 'grid-density')", spec);
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
    let total = 0;
    spec.values.forEach((v, i) => {
      if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v)))
        throw new InvalidParameterError(`values[${i}]`, 'a finite density value >= 0', v);
      total += v;
    });
    if (!(total > 0)) throw new InvalidParameterError('values', 'a density with positive mass', total);
    this.values = [...spec.values];
    this.mass = new Float64Array(cells);
    this.cdf = new Float64Array(cells);
    let acc = 0;
    for (let i = 0; i < cells; i++) {
      this.mass[i] = spec.values[i] / total;
      acc += this.mass[i];
      this.cdf[i] = acc;
    }
  }

  /** Cell width along axis `a`. */
  private width(a: number): number {
    return (this.axes[a][1] - this.axes[a][0]) / this.axes[a][2];
  }

  /** Centre along axis `a` of flat cell `k`. */
  private centre(k: number, a: number): number {
    return this.axes[a][0] + (this.index(k, a) + 0.5) * this.width(a);
  }

  /** Cell index along axis `a` of flat cell `k`. */
  private index(k: number, a: number): number {
    return this.dim === 1 ? k : a === 0 ? Math.floor(k / this.axes[1][2]) : k % this.axes[1][2];
  }

  private cellArea(): number {
    return this.axes.reduce((v, _, a) => v * this.width(a), 1);
  }

  /** Log of the cell's density at `x[offset..]`; −∞ outside the grid. */
  logDensityAt(x: ArrayLike<number>, offset = 0): number {
    let k = 0;
    for (let a = 0; a < this.dim; a++) {
      const i = Math.floor((x[offset + a] - this.axes[a][0]) / this.width(a));
      if (!(i >= 0 && i < this.axes[a][2])) return -Infinity;
      k = a === 0 ? i : k * this.axes[1][2] + i;
    }
    return Math.log(this.mass[k] / this.cellArea());
  }

  fill(n: number, rng: Random, out: Float64Array): void {
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

  mean(): Float64Array {
    const m = new Float64Array(this.dim);
    this.mass.forEach((p, k) => {
      for (let a = 0; a < this.dim; a++) m[a] += p * this.centre(k, a);
    });
    return m;
  }

  /** Exact: the cell centres' covariance plus the uniform within-cell variance h²/12 on the diagonal. */
  covariance(): Float64Array[] {
    const m = this.mean();
    const c = Array.from({ length: this.dim }, () => new Float64Array(this.dim));
    this.mass.forEach((p, k) => {
      for (let a = 0; a < this.dim; a++) {
        const da = this.centre(k, a) - m[a];
        for (let b = 0; b < this.dim; b++) c[a][b] += p * da * (this.centre(k, b) - m[b]);
      }
    });
    for (let a = 0; a < this.dim; a++) c[a][a] += this.width(a) ** 2 / 12;
    return c;
  }

  /** Exact: `−Σ pₖ log(pₖ / cell area)`. */
  entropy(): LawEntropy {
    const area = this.cellArea();
    let h = 0;
    for (const p of this.mass) if (p > 0) h -= p * Math.log(p / area);
    return { value: h, method: 'exact' };
  }

  /** Exact: `Σ pₖ Πₐ e^{iωₐcₖₐ} sinc(ωₐhₐ/2)`. */
  characteristicFunction(omega: ArrayLike<number>): ComplexValue {
    let envelope = 1;
    for (let a = 0; a < this.dim; a++) envelope *= sinc((omega[a] * this.width(a)) / 2);
    let re = 0;
    let im = 0;
    this.mass.forEach((p, k) => {
      let phase = 0;
      for (let a = 0; a < this.dim; a++) phase += omega[a] * this.centre(k, a);
      re += p * Math.cos(phase);
      im += p * Math.sin(phase);
    });
    return { re: envelope * re, im: envelope * im };
  }

  /** The spec, with the values as given (not normalised). */
  toSpec(): GridDensitySpec {
    const [x, y] = this.axes;
    return y
      ? { kind: 'grid-density', x: [...x], y: [...y], values: [...this.values] }
      : { kind: 'grid-density', x: [...x], values: [...this.values] };
  }
}
