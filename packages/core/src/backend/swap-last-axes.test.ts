// swapLastAxesTf equals tf.transpose of the last two axes value for value, takes a reshape (no Transpose kernel) when
// one of those axes has length 1, and refuses rank < 2 with a typed error.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { tf } from './tf.js';
import { swapLastAxesTf } from './swap-last-axes.js';

describe('swapLastAxesTf', () => {
  it('equals tf.transpose of the last two axes (ranks 2 and 3)', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor3d(
      Array.from({ length: 24 }, (_, i) => i - 7),
      [2, 3, 4],
    );
    const sa = swapLastAxesTf(a);
    const sb = swapLastAxesTf(b);
    const ta = tf.transpose(a);
    const tb = tf.transpose(b, [0, 2, 1]);
    expect(sa.shape).toEqual([3, 2]);
    expect(Array.from(sa.dataSync())).toEqual(Array.from(ta.dataSync()));
    expect(sb.shape).toEqual([2, 4, 3]);
    expect(Array.from(sb.dataSync())).toEqual(Array.from(tb.dataSync()));
    tf.dispose([a, b, sa, sb, ta, tb]);
  });

  it('is a reshape when one of the two axes has length 1', async () => {
    const col = tf.tensor3d([1, 2, 3], [1, 3, 1]);
    const info = await tf.profile(() => swapLastAxesTf(col));
    const names = info.kernels.map((k) => k.name);
    expect(names).not.toContain('Transpose');
    const row = swapLastAxesTf(col);
    expect(row.shape).toEqual([1, 1, 3]);
    expect(Array.from(row.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([col, row, ...(info.result instanceof tf.Tensor ? [info.result] : [])]);
  });

  it('refuses a tensor of rank below 2, naming it', () => {
    const v = tf.tensor1d([1, 2]);
    expect(() => swapLastAxesTf(v)).toThrow(InvalidParameterError);
    expect(() => swapLastAxesTf(v)).toThrow(/\bt\b.*rank 2 or more/);
    v.dispose();
  });
});
