// Time grids t_0 < t_1 < ... < t_K on which the SDE solvers step. A grid is plain data (a Float64Array of
// times) so that the Float64 and the tfjs solvers, the Brownian increments and the energy read-out all
// agree on the same Δt_i = t_{i+1} − t_i without recomputing them differently.
import { InvalidParameterError } from '../errors/errors.js';
import { assertFinite, assertInteger } from '../errors/validate.js';

/**
 * Strictly increasing, finite time points `t_0 < ... < t_K` (K ≥ 1 steps). Build one with
 * {@link uniformGrid} or {@link customGrid}, which validate; solvers re-validate grids built by hand.
 *
 * @example
 * ```ts
 * import { uniformGrid, type TimeGrid } from '@ratedistortion/core';
 * const grid: TimeGrid = uniformGrid(100); // Δt = 0.01 on [0, 1], as in the paper's experiments
 * console.log(grid.times.length); // 101
 * ```
 */
export interface TimeGrid {
  readonly times: Float64Array;
}

/**
 * `steps` equal steps from `t0` to `t1`; the last point is exactly `t1` (no accumulated rounding).
 *
 * @param steps - number of steps K, an integer ≥ 1.
 * @param t0 - start time (default 0).
 * @param t1 - end time, > t0 (default 1).
 * @example
 * ```ts
 * import { uniformGrid } from '@ratedistortion/core';
 * const g = uniformGrid(4);
 * console.log(Array.from(g.times)); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function uniformGrid(steps: number, t0 = 0, t1 = 1): TimeGrid {
  assertInteger('steps', steps, 1);
  assertFinite('t0', t0);
  assertFinite('t1', t1);
  if (!(t1 > t0)) throw new InvalidParameterError('t1', `a time greater than t0 = ${t0}`, t1);
  const times = new Float64Array(steps + 1);
  const span = t1 - t0;
  for (let i = 0; i < steps; i++) times[i] = t0 + (span * i) / steps;
  times[steps] = t1;
  // A span so small that consecutive points round to the same double would give zero steps.
  assertStrictlyIncreasing('times', times);
  return { times };
}

/**
 * A grid from explicit time points (copied), e.g. finer steps near t = 1 where a drift is stiff.
 * Throws {@link InvalidParameterError} unless there are at least 2 finite, strictly increasing points.
 *
 * @example
 * ```ts
 * import { customGrid } from '@ratedistortion/core';
 * const g = customGrid([0, 0.5, 0.75, 0.9, 1]);
 * ```
 */
export function customGrid(times: ArrayLike<number>): TimeGrid {
  if (times == null || typeof times.length !== 'number') {
    throw new InvalidParameterError('times', 'an array of at least 2 increasing numbers', times);
  }
  const copy = Float64Array.from(times as ArrayLike<number>);
  validateTimes('times', copy);
  return { times: copy };
}

/**
 * Check a {@link TimeGrid} built elsewhere (e.g. deserialised); throws {@link InvalidParameterError}
 * naming `name` when it has fewer than 2 points, a non-finite point or a non-increasing pair.
 *
 * @example
 * ```ts
 * import { assertTimeGrid, uniformGrid } from '@ratedistortion/core';
 * assertTimeGrid('grid', uniformGrid(10)); // ok
 * ```
 */
export function assertTimeGrid(name: string, grid: TimeGrid): void {
  if (grid == null || !(grid.times instanceof Float64Array)) {
    throw new InvalidParameterError(name, 'a TimeGrid { times: Float64Array } (use uniformGrid or customGrid)', grid);
  }
  validateTimes(`${name}.times`, grid.times);
}

/**
 * The step sizes Δt_i = t_{i+1} − t_i, i = 0..K−1.
 *
 * @example
 * ```ts
 * import { customGrid, stepSizes } from '@ratedistortion/core';
 * console.log(Array.from(stepSizes(customGrid([0, 0.5, 1])))); // [0.5, 0.5]
 * ```
 */
export function stepSizes(grid: TimeGrid): Float64Array {
  const { times } = grid;
  const dt = new Float64Array(times.length - 1);
  for (let i = 0; i < dt.length; i++) dt[i] = times[i + 1] - times[i];
  return dt;
}

function validateTimes(name: string, times: Float64Array): void {
  if (times.length < 2) throw new InvalidParameterError(name, 'at least 2 time points', times);
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i])) throw new InvalidParameterError(`${name}[${i}]`, 'a finite time', times[i]);
  }
  assertStrictlyIncreasing(name, times);
}

function assertStrictlyIncreasing(name: string, times: Float64Array): void {
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] > times[i - 1])) {
      throw new InvalidParameterError(
        `${name}[${i}]`,
        `a time greater than ${name}[${i - 1}] = ${times[i - 1]}`,
        times[i],
      );
    }
  }
}
