// The wasm heap transpose against the definition and against tfjs-wasm's own kernel (bit for bit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../random/random.js';
import { tf } from './tf.js';
import { useBackend } from './use-backend.js';
import { useWasmHeapTranspose } from './wasm-transpose.js';

function transposeWith(heap: boolean, values: Float32Array | Int32Array, shape: number[], perm?: number[]) {
  useWasmHeapTranspose(heap);
  try {
    return tf.tidy(() => {
      const t = tf.transpose(tf.tensor(values, shape), perm);
      return { data: t.dataSync(), shape: t.shape };
    });
  } finally {
    useWasmHeapTranspose(true);
  }
}

describe('wasm heap transpose', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it.each([
    [512, 128],
    [7, 3],
    [1, 9],
    [9, 1],
    [64, 64],
  ])('a %i × %i float32 matrix equals the definition and the stock kernel', (r, c) => {
    const rng = new Random(r * 1000 + c);
    const x = Float32Array.from(rng.fillNormal(new Float64Array(r * c)));
    const before = tf.memory().numTensors;
    const ours = transposeWith(true, x, [r, c]);
    const stock = transposeWith(false, x, [r, c]);
    expect(tf.memory().numTensors).toBe(before);
    expect(ours.shape).toEqual([c, r]);
    const want = new Float32Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) want[j * r + i] = x[i * c + j];
    let mismatches = 0;
    for (let k = 0; k < want.length; k++) if (ours.data[k] !== want[k] || ours.data[k] !== stock.data[k]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it.each([
    [1, 512, 16],
    [3, 5, 7],
    [2, 1, 4],
  ])(
    'a %i × %i × %i float32 stack with its last two axes swapped equals the definition and the stock kernel',
    (b, r, c) => {
      const rng = new Random(b * 100_000 + r * 100 + c);
      const x = Float32Array.from(rng.fillNormal(new Float64Array(b * r * c)));
      const before = tf.memory().numTensors;
      const ours = transposeWith(true, x, [b, r, c], [0, 2, 1]);
      const stock = transposeWith(false, x, [b, r, c], [0, 2, 1]);
      expect(tf.memory().numTensors).toBe(before);
      expect(ours.shape).toEqual([b, c, r]);
      const want = new Float32Array(b * r * c);
      for (let m = 0; m < b; m++)
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) want[m * r * c + j * r + i] = x[m * r * c + i * c + j];
      let mismatches = 0;
      for (let k = 0; k < want.length; k++)
        if (ours.data[k] !== want[k] || ours.data[k] !== stock.data[k]) mismatches++;
      expect(mismatches).toBe(0);
    },
  );

  it('leaves other ranks, permutations and dtypes to the stock kernel', () => {
    const x3 = Float32Array.from({ length: 24 }, (_, i) => i);
    const ours = transposeWith(true, x3, [2, 3, 4], [2, 0, 1]);
    const stock = transposeWith(false, x3, [2, 3, 4], [2, 0, 1]);
    expect(ours.shape).toEqual([4, 2, 3]);
    expect(Array.from(ours.data)).toEqual(Array.from(stock.data));
    const xi = Int32Array.from({ length: 6 }, (_, i) => i);
    expect(Array.from(transposeWith(true, xi, [2, 3]).data)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('gives gradients through a transpose (its gradient is a transpose)', () => {
    const g = tf.tidy(() =>
      tf
        .grad((x) =>
          tf.sum(
            tf.mul(
              tf.transpose(x),
              tf.tensor2d([
                [1, 2],
                [3, 4],
                [5, 6],
              ]),
            ),
          ),
        )(tf.zeros([2, 3]))
        .dataSync(),
    );
    expect(Array.from(g)).toEqual([1, 3, 5, 2, 4, 6]);
  });
});
