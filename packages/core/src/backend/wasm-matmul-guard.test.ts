// The matMul guard against tfjs-wasm 4.22's operator cache, which is keyed by b's buffer and not b's shape.
import { expect, it } from 'vitest';
import { Random } from '../random/random.js';
import { tf } from './tf.js';
import { sameMatrixLayout, useWasmMatMulGuard } from './wasm-matmul-guard.js';
import { describeOnWasm } from './each-backend.test-util.js';

/** C = A·B (+ bias) for row-major float64 matrices. */
function product64(a: Float32Array, b: Float32Array, m: number, k: number, n: number, bias?: Float32Array) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  return c;
}

function maxAbsDiff(got: Float32Array, want: Float64Array): number {
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i] - want[i]));
  return m;
}

/**
 * x (shape `first`) is the `b` of a product, then the same buffer reshaped to `second` is the `b` of another:
 * returns the second product and its float64 reference.
 */
function viewProduct(first: [number, number], second: [number, number], seed: number) {
  const rng = new Random(seed);
  const values = Float32Array.from(rng.fillNormal(new Float64Array(first[0] * first[1])));
  const [k, n] = second;
  const a = Float32Array.from(rng.fillNormal(new Float64Array(3 * k)));
  const got = tf.tidy(() => {
    const x = tf.tensor2d(values, first);
    tf.matMul(tf.ones([2, first[0]]), x).dataSync();
    return tf.matMul(tf.tensor2d(a, [3, k]), tf.reshape(x, second)).dataSync() as Float32Array;
  });
  return { got, want: product64(a, values, 3, k, n) };
}

describeOnWasm(
  'wasm matMul guard',
  () => useWasmMatMulGuard(true),
  () => {
    it("tfjs-wasm's stock kernels reuse the operator of the buffer's first shape (the bug it guards against)", () => {
      useWasmMatMulGuard(false);
      try {
        const { got, want } = viewProduct([6, 1], [1, 6], 1);
        expect(maxAbsDiff(got, want)).toBeGreaterThan(0.1);
      } finally {
        useWasmMatMulGuard(true);
      }
    });

    it.each([
      [[6, 1] as [number, number], [1, 6] as [number, number]],
      [[1, 6] as [number, number], [6, 1] as [number, number]],
      [[4, 6] as [number, number], [6, 4] as [number, number]],
      [[512, 1] as [number, number], [1, 512] as [number, number]],
    ])('a buffer used as b with shape %j and then %j gives the right product', (first, second) => {
      const before = tf.memory().numTensors;
      const { got, want } = viewProduct(first, second, first[0] * 7 + second[0]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('guards the fused product (bias and activation) too, and frees its temporary copy', () => {
      const rng = new Random(9);
      const values = Float32Array.from(rng.fillNormal(new Float64Array(5)));
      const a = Float32Array.from(rng.fillNormal(new Float64Array(4)));
      const bias = Float32Array.from(rng.fillNormal(new Float64Array(5)));
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const buffers = backend.numDataIds();
      const got = tf.tidy(() => {
        const x = tf.tensor2d(values, [5, 1]);
        const b = tf.tensor1d(bias);
        tf.matMul(tf.ones([1, 5]), x).dataSync();
        return tf.fused
          .matMul({ a: tf.tensor2d(a, [4, 1]), b: tf.reshape(x, [1, 5]), bias: b })
          .dataSync() as Float32Array;
      });
      expect(maxAbsDiff(got, product64(a, values, 4, 1, 5, bias))).toBeLessThan(1e-5);
      expect(backend.numDataIds()).toBe(buffers);
    });

    it('reads shapes as the kernel does: [batch, rows, cols], rank 0 and 1 as one row', () => {
      expect(sameMatrixLayout([1, 6, 4], [6, 4])).toBe(true);
      expect(sameMatrixLayout([6, 4], [1, 6, 4])).toBe(true);
      expect(sameMatrixLayout([4], [1, 4])).toBe(true);
      expect(sameMatrixLayout([1, 1], [])).toBe(true);
      expect(sameMatrixLayout([4, 1], [4])).toBe(false);
      expect(sameMatrixLayout([1, 6], [6, 1])).toBe(false);
      expect(sameMatrixLayout([2, 3, 4], [6, 4])).toBe(false);
    });
  },
);
