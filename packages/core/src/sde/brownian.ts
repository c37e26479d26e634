// Brownian motion as a source of per-step increments, separate from the solvers (as in Diffrax), so that
// the same path can drive Euler–Maruyama and SRA1, the Float64 and the tfjs solvers, or be replayed
// from arrays in tests.
//
// Per step i of length h = Δt_i a source supplies
//   ΔW_i = W(t_{i+1}) − W(t_i)                       ~ N(0, h I), and, on request,
//   H_i  = (1/h) ∫ (W_s − W_{t_i} − (s−t_i)/h ΔW_i) ds ~ N(0, h/12 I), independent of ΔW_i
// (the "space-time Lévy area" of Foster, Lyons & Oberhauser, 2020, the convention of Diffrax). Schemes of
// higher order for additive noise need the iterated integral I_(1,0) = ∫ (W_s − W_{t_i}) ds = h(ΔW_i/2 + H_i).
import { InvalidParameterError } from '../errors/errors.js';
import { assertFiniteArray, assertInteger } from '../errors/validate.js';
import type { Random } from '../random/random.js';
import { assertBrownianShape, checkIncrementBuffer } from './brownian-checks.js';
import { SequentialBrownianSource } from './sequential-brownian.js';
import type { TimeGrid } from './grid.js';

/**
 * Increments of a `dim`-dimensional Brownian motion for `n` independent samples on a {@link TimeGrid}.
 * Arrays are row-major `n × dim`, like {@link Samples}.
 *
 * @example
 * ```ts
 * import { Random, brownianIncrements, uniformGrid, type BrownianSource } from '@ratedistortion/core';
 * const source: BrownianSource = brownianIncrements(new Random(1), { n: 4, dim: 2, grid: uniformGrid(10) });
 * const dW = new Float64Array(8);
 * source.increment(0, dW); // ΔW_0 for all 4 samples
 * ```
 */
export interface BrownianSource {
  readonly n: number;
  readonly dim: number;
  readonly grid: TimeGrid;
  /**
   * Write ΔW for step `step` into `dW` (length n·dim) and, when `levyArea` is given, the space-time
   * Lévy area H (independent of ΔW, variance Δt/12) into it. Sources may require steps in increasing order.
   */
  increment(step: number, dW: Float64Array, levyArea?: Float64Array): void;
}

/**
 * Shape of a Brownian source: `n` samples of dimension `dim` on `grid`.
 *
 * @example
 * ```ts
 * import { uniformGrid, type BrownianShape } from '@ratedistortion/core';
 * const shape: BrownianShape = { n: 512, dim: 1, grid: uniformGrid(100) };
 * ```
 */
export interface BrownianShape {
  n: number;
  dim: number;
  grid: TimeGrid;
}

/**
 * Brownian increments drawn step by step from a seeded {@link Random}, in float64.
 *
 * Reproducibility: the constructor splits `rng` into two independent streams (advancing `rng` past both),
 * one for ΔW and one for the Lévy areas H. Hence the ΔW sequence depends only on the state of `rng`, not on
 * whether a scheme also asks for H: Euler–Maruyama and SRA1 run from the same seed see the same Brownian
 * path. Within a step the draws fill the n × dim array in row-major order. Steps must be requested in
 * order 0, 1, ..., K−1 (each exactly once), since the numbers are generated on the fly, not stored.
 *
 * @example
 * ```ts
 * import { BrownianIncrements, Random, uniformGrid } from '@ratedistortion/core';
 * const bm = new BrownianIncrements(new Random(7), { n: 1000, dim: 1, grid: uniformGrid(50) });
 * const dW = new Float64Array(1000);
 * const H = new Float64Array(1000);
 * bm.increment(0, dW, H);
 * ```
 */
export class BrownianIncrements extends SequentialBrownianSource {
  private readonly wStream: Random;
  private readonly hStream: Random;

  constructor(rng: Random, shape: BrownianShape) {
    super(rng, shape);
    [this.wStream, this.hStream] = rng.split(2);
  }

  protected draw(_step: number, h: number, dW: Float64Array, levyArea: Float64Array | undefined): void {
    this.wStream.fillNormal(dW, 0, Math.sqrt(h));
    if (levyArea) this.hStream.fillNormal(levyArea, 0, Math.sqrt(h / 12));
  }
}

/**
 * A fresh {@link BrownianIncrements} source drawing from `rng`.
 *
 * @example
 * ```ts
 * import { Random, brownianIncrements, uniformGrid } from '@ratedistortion/core';
 * const bm = brownianIncrements(new Random(3), { n: 10, dim: 2, grid: uniformGrid(20) });
 * ```
 */
export function brownianIncrements(rng: Random, shape: BrownianShape): BrownianIncrements {
  return new BrownianIncrements(rng, shape);
}

/**
 * Increments stored as arrays: `dW[i]` (and `levyArea[i]`) is the n × dim row-major array of step i.
 *
 * @example
 * ```ts
 * import type { StoredIncrements } from '@ratedistortion/core';
 * // one sample, one coordinate, two steps of a path with zero noise
 * const zero: StoredIncrements = { dW: [new Float64Array(1), new Float64Array(1)] };
 * ```
 */
export interface StoredIncrements {
  dW: Float64Array[];
  levyArea?: Float64Array[];
}

/**
 * Draw all increments of a path up front (memory K·n·dim), e.g. to drive two solvers with one path or to
 * build coarser paths by summing. Same numbers as stepping a {@link BrownianIncrements} made from the same
 * generator state.
 *
 * @example
 * ```ts
 * import { Random, drawBrownianIncrements, uniformGrid } from '@ratedistortion/core';
 * const { dW } = drawBrownianIncrements(new Random(5), { n: 3, dim: 1, grid: uniformGrid(8) });
 * console.log(dW.length); // 8
 * ```
 */
export function drawBrownianIncrements(
  rng: Random,
  shape: BrownianShape,
  options: { levyArea?: boolean } = {},
): StoredIncrements {
  const source = new BrownianIncrements(rng, shape);
  const steps = shape.grid.times.length - 1;
  const size = shape.n * shape.dim;
  const dW: Float64Array[] = [];
  const levy: Float64Array[] = [];
  for (let i = 0; i < steps; i++) {
    const w = new Float64Array(size);
    const h = options.levyArea ? new Float64Array(size) : undefined;
    source.increment(i, w, h);
    dW.push(w);
    if (h) levy.push(h);
  }
  return options.levyArea ? { dW, levyArea: levy } : { dW };
}

/**
 * A source that replays given increments (validated: one finite n·dim array per step). Steps may be
 * requested in any order and repeatedly. A scheme that needs Lévy areas throws when they were not given.
 *
 * @example
 * ```ts
 * import { brownianFromIncrements, uniformGrid } from '@ratedistortion/core';
 * const grid = uniformGrid(2);
 * const source = brownianFromIncrements({ n: 1, dim: 1, grid }, { dW: [new Float64Array([0.1]), new Float64Array([-0.3])] });
 * ```
 */
export function brownianFromIncrements(shape: BrownianShape, increments: StoredIncrements): BrownianSource {
  assertBrownianShape(shape);
  const steps = shape.grid.times.length - 1;
  const size = shape.n * shape.dim;
  const check = (name: string, arrays: Float64Array[] | undefined): Float64Array[] | undefined => {
    if (arrays === undefined) return undefined;
    if (!Array.isArray(arrays) || arrays.length !== steps) {
      throw new InvalidParameterError(name, `an array of ${steps} step arrays (one per grid step)`, arrays);
    }
    arrays.forEach((a, i) => {
      checkIncrementBuffer(`${name}[${i}]`, a, size);
      assertFiniteArray(`${name}[${i}]`, a);
    });
    return arrays.map((a) => Float64Array.from(a));
  };
  const dW = check('increments.dW', increments?.dW);
  if (!dW) throw new InvalidParameterError('increments.dW', `an array of ${steps} step arrays`, undefined);
  const levy = check('increments.levyArea', increments.levyArea);
  return {
    n: shape.n,
    dim: shape.dim,
    grid: shape.grid,
    increment(step: number, out: Float64Array, levyOut?: Float64Array): void {
      assertInteger('step', step, 0, steps - 1);
      checkIncrementBuffer('dW', out, size);
      out.set(dW[step]);
      if (levyOut) {
        if (!levy) {
          throw new InvalidParameterError(
            'increments.levyArea',
            'Lévy areas for every step (this scheme needs them)',
            undefined,
          );
        }
        checkIncrementBuffer('levyArea', levyOut, size);
        levyOut.set(levy[step]);
      }
    },
  };
}
