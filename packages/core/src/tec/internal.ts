// Validation shared by the TEC loss functions (not part of the public API).
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertTimeGrid, type TimeGrid } from '../sde/grid.js';

/** Check that `drifts` holds one float32 [n, dim] tensor per step of `grid`, all of one shape. */
export function assertDriftsOnGrid(
  drifts: readonly tf.Tensor2D[],
  grid: TimeGrid,
  name = 'drifts',
): { n: number; dim: number } {
  assertTimeGrid('grid', grid);
  const steps = grid.times.length - 1;
  if (!Array.isArray(drifts)) throw new InvalidParameterError(name, `an array of ${steps} tf.Tensor2D`, drifts);
  if (drifts.length !== steps) {
    throw new InvalidParameterError(name, `one tensor per grid step (${steps})`, drifts.length);
  }
  const first = drifts[0];
  if (!(first instanceof tf.Tensor) || first.rank !== 2) {
    throw new InvalidParameterError(
      `${name}[0]`,
      'a rank-2 tf.Tensor2D [n, dim]',
      first instanceof tf.Tensor ? `rank ${first.rank}` : first,
    );
  }
  const [n, dim] = first.shape;
  drifts.forEach((u, i) => {
    if (!(u instanceof tf.Tensor) || u.rank !== 2) {
      throw new InvalidParameterError(
        `${name}[${i}]`,
        'a rank-2 tf.Tensor2D [n, dim]',
        u instanceof tf.Tensor ? `rank ${u.rank}` : u,
      );
    }
    if (u.shape[0] !== n || u.shape[1] !== dim) {
      throw new DimensionMismatchError(`${name}[${i}]`, `[${n}, ${dim}]`, `[${u.shape.join(', ')}]`);
    }
  });
  return { n, dim };
}
