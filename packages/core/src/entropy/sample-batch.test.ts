import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertSampleBatchTf } from './sample-batch.js';

describe('assertSampleBatchTf', () => {
  it('accepts [n, dim] with enough rows and names x, the expected shape and the reason otherwise', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    const wide = tf.zeros([3, 3]) as tf.Tensor2D;
    const flat = tf.zeros([6]) as unknown as tf.Tensor2D;
    const empty = tf.zeros([0, 2]) as tf.Tensor2D;
    expect(() => assertSampleBatchTf(x, 2, 3)).not.toThrow();
    expect(() => assertSampleBatchTf(wide, 2, 1)).toThrow(DimensionMismatchError);
    expect(() => assertSampleBatchTf(wide, 2, 1)).toThrow(/x.*\[n, 2\].*\[3, 3\]/);
    expect(() => assertSampleBatchTf(flat, 2, 1)).toThrow(/\[6\]/);
    expect(() => assertSampleBatchTf([[1, 2]] as unknown as tf.Tensor2D, 2, 1)).toThrow(DimensionMismatchError);
    expect(() => assertSampleBatchTf(empty, 2, 1)).toThrow(/non-empty batch/);
    expect(() => assertSampleBatchTf(x, 2, 4, 'too few')).toThrow(InvalidParameterError);
    expect(() => assertSampleBatchTf(x, 2, 4, 'too few')).toThrow(/at least 4 rows.*too few/);
    expect(() => assertSampleBatchTf(x, 3, 4)).toThrow(DimensionMismatchError);
    const y = tf.zeros([2, 2]) as tf.Tensor2D;
    expect(() => assertSampleBatchTf(y, 2, 3, 'singular')).toThrow(/at least dim \+ 1 = 3 rows.*singular/);
    tf.dispose([x, wide, flat, empty, y]);
  });
});
