// The batch check of the trained entropy models (KNIFE, the DV critic, R2D2's conditional critic): a rank-2 tensor
// with the model's dimension and enough rows.
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';

/**
 * Check that `x` is a batch a model of dimension `dim` can read: a rank-2 tensor [n, dim] with n ≥ `minRows`.
 * Throws {@link DimensionMismatchError} naming `x` for another rank or width, {@link InvalidParameterError} for
 * too few rows (`why` says what would go wrong, e.g. a singular covariance).
 *
 * @example
 * ```ts
 * import { assertSampleBatchTf, tf } from '@ratedistortion/core';
 * const x = tf.zeros([2, 3]) as tf.Tensor2D;
 * assertSampleBatchTf(x, 3, 1); // fine
 * try {
 *   assertSampleBatchTf(x, 3, 4, 'the sample covariance would be singular');
 * } catch (e) {
 *   console.log((e as Error).message); // names x, "at least dim + 1 = 4 rows" and the reason
 * }
 * x.dispose();
 * ```
 */
export function assertSampleBatchTf(x: tf.Tensor2D, dim: number, minRows: number, why?: string): void {
  if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== dim) {
    throw new DimensionMismatchError('x', `[n, ${dim}]`, x instanceof tf.Tensor ? `[${x.shape.join(', ')}]` : typeof x);
  }
  if (x.shape[0] < minRows) {
    const expected =
      minRows === 1
        ? 'a non-empty batch'
        : minRows === dim + 1
          ? `at least dim + 1 = ${minRows} rows`
          : `at least ${minRows} rows`;
    throw new InvalidParameterError('x', expected, x.shape[0], why);
  }
}
