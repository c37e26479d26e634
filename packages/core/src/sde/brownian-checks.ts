// Argument checks shared by the Brownian sources (BrownianIncrements, brownianFromIncrements,
// StratifiedBrownianIncrements). Not part of the public API.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { Random } from '../random/random.js';
import type { BrownianShape } from './brownian.js';
import { assertTimeGrid, type TimeGrid } from './grid.js';

/** `rng` (when checked) a Random, `shape` an object with integer n, dim ≥ 1 and a valid time grid. */
export function assertBrownianShape(shape: BrownianShape, rng?: { value: unknown }): void {
  if (rng && !(rng.value instanceof Random))
    throw new InvalidParameterError('rng', 'a Random instance (new Random(seed))', rng.value);
  if (shape == null || typeof shape !== 'object') throw new InvalidParameterError('shape', '{ n, dim, grid }', shape);
  assertInteger('n', shape.n, 1);
  assertInteger('dim', shape.dim, 1);
  assertTimeGrid('grid', shape.grid);
}

/** An output buffer must be a Float64Array of n·dim entries. */
export function checkIncrementBuffer(name: string, buf: Float64Array, size: number): void {
  if (!(buf instanceof Float64Array)) throw new InvalidParameterError(name, `a Float64Array of length ${size}`, buf);
  if (buf.length !== size) throw new DimensionMismatchError(name, `n·dim = ${size}`, buf.length);
}

/**
 * The checks of an on-the-fly source's `increment(step, dW, levyArea)`: `step` must be `nextStep` (increments are
 * drawn in order) and the buffers n·dim Float64Arrays. Returns the step's length h.
 */
export function checkNextIncrement(
  source: { n: number; dim: number; grid: TimeGrid },
  nextStep: number,
  step: number,
  dW: Float64Array,
  levyArea: Float64Array | undefined,
): number {
  const times = source.grid.times;
  const steps = times.length - 1;
  if (step !== nextStep || step >= steps) {
    throw new InvalidParameterError(
      'step',
      `the next step in order, ${nextStep} (of ${steps})`,
      step,
      'increments are drawn on the fly and must be requested in order',
    );
  }
  const size = source.n * source.dim;
  checkIncrementBuffer('dW', dW, size);
  if (levyArea) checkIncrementBuffer('levyArea', levyArea, size);
  return times[step + 1] - times[step];
}
