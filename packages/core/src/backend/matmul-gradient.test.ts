import { afterAll, describe, expect, it, vi } from 'vitest';
import { Random } from '../random/random.js';
import { InvalidParameterError } from '../errors/errors.js';
import { tf } from './tf.js';
import { activeMatMulGradient, explicitTransposeMatMulGradConfig, useMatMulGradient } from './matmul-gradient.js';
import { backendsForTests, useBackend } from './use-backend.js';

type Case = { name: string; aShape: number[]; bShape: number[]; ta: boolean; tb: boolean };
// Shapes are chosen so that only the stated transposes are conformable (catches swapped cases).
const cases: Case[] = [
  { name: '2-D (F,F)', aShape: [3, 4], bShape: [4, 5], ta: false, tb: false },
  { name: '2-D (F,T)', aShape: [3, 4], bShape: [5, 4], ta: false, tb: true },
  { name: '2-D (T,F)', aShape: [4, 3], bShape: [4, 5], ta: true, tb: false },
  { name: '2-D (T,T)', aShape: [4, 3], bShape: [5, 4], ta: true, tb: true },
  { name: '3-D batched (F,F)', aShape: [2, 3, 4], bShape: [2, 4, 5], ta: false, tb: false },
  { name: '3-D batched (T,T)', aShape: [2, 4, 3], bShape: [2, 5, 4], ta: true, tb: true },
  // Output-layer shapes, where dB = Aᵀ·dC is taken as (dCᵀ·A)ᵀ: through reshapes only (one column) or with
  // the smaller transposes of dC and of the product (two columns). (No transposed one-column case: tfjs-wasm
  // 4.22's forward matMul(a, b, true, false) with b of one column aborts with a memory access out of bounds.)
  { name: '2-D (F,F) one output column', aShape: [6, 5], bShape: [5, 1], ta: false, tb: false },
  { name: '2-D (F,F) two output columns', aShape: [7, 6], bShape: [6, 2], ta: false, tb: false },
];

function randomArray(rng: Random, shape: number[]): Float64Array {
  const a = new Float64Array(shape.reduce((s, x) => s * x, 1));
  rng.fillNormal(a);
  return a;
}

/** L(A, B) = Σ W ∘ (op(A)·op(B)), evaluated in float64 directly from the definition of the product. */
function loss64(c: Case, a: Float64Array, b: Float64Array, w: Float64Array): number {
  const batch = c.aShape.length === 3 ? c.aShape[0] : 1;
  const [ar, ac] = c.aShape.slice(-2);
  const [br, bc] = c.bShape.slice(-2);
  const m = c.ta ? ac : ar,
    k = c.ta ? ar : ac,
    n = c.tb ? br : bc;
  const A = (s: number, i: number, p: number) => (c.ta ? a[s * ar * ac + p * ac + i] : a[s * ar * ac + i * ac + p]);
  const B = (s: number, p: number, j: number) => (c.tb ? b[s * br * bc + j * bc + p] : b[s * br * bc + p * bc + j]);
  let total = 0;
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let cij = 0;
        for (let p = 0; p < k; p++) cij += A(s, i, p) * B(s, p, j);
        total += w[s * m * n + i * n + j] * cij;
      }
  return total;
}

/**
 * Exact float64 gradient of the bilinear loss: L is linear in each entry, so L(A + e_q) − L(A) is the
 * partial derivative with no truncation error (an independent reference: no transposition formula used).
 */
function referenceGrads(c: Case, a: Float64Array, b: Float64Array, w: Float64Array) {
  const base = loss64(c, a, b, w);
  const da = a.map((_, q) => {
    const a2 = a.slice();
    a2[q] += 1;
    return loss64(c, a2, b, w) - base;
  });
  const db = b.map((_, q) => {
    const b2 = b.slice();
    b2[q] += 1;
    return loss64(c, a, b2, w) - base;
  });
  return { da, db };
}

function outShape(c: Case): number[] {
  const [ar, ac] = c.aShape.slice(-2);
  const [br, bc] = c.bShape.slice(-2);
  return [...c.aShape.slice(0, -2), c.ta ? ac : ar, c.tb ? br : bc];
}

function tfGrads(c: Case, a: Float64Array, b: Float64Array, w: Float64Array): { da: Float32Array; db: Float32Array } {
  return tf.tidy(() => {
    const W = tf.tensor(Float32Array.from(w), outShape(c));
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(W, tf.matMul(x, y, c.ta, c.tb)));
    const [ga, gb] = tf.grads(f)([
      tf.tensor(Float32Array.from(a), c.aShape),
      tf.tensor(Float32Array.from(b), c.bShape),
    ]);
    return { da: ga.dataSync() as Float32Array, db: gb.dataSync() as Float32Array };
  });
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>) {
  expect(got.length).toBe(want.length);
  // float32 accumulation of ≤ 5 products of N(0,1) entries: a relative error of 1e-5 is generous.
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i])) + 1e-5);
}

describe('explicit-transpose BatchMatMul gradient', () => {
  afterAll(async () => {
    useMatMulGradient('explicit-transpose');
    await useBackend('cpu');
  });

  it('is the gradient registered when the library is imported', () => {
    expect(activeMatMulGradient()).toBe('explicit-transpose');
    expect(tf.getGradient(tf.BatchMatMul)).toBe(explicitTransposeMatMulGradConfig);
  });

  it('rejects unknown gradient kinds', () => {
    expect(() => useMatMulGradient('fast' as 'stock')).toThrow(InvalidParameterError);
  });

  for (const backend of backendsForTests()) {
    describe(`on ${backend}`, () => {
      it.each(cases)('$name: equals the exact float64 gradient and the stock tfjs gradient', async (c) => {
        await useBackend(backend);
        const rng = new Random(20260 + cases.indexOf(c));
        const a = randomArray(rng, c.aShape),
          b = randomArray(rng, c.bShape),
          w = randomArray(rng, outShape(c));
        const ref = referenceGrads(c, a, b, w);
        const before = tf.memory().numTensors;
        useMatMulGradient('explicit-transpose');
        const fixed = tfGrads(c, a, b, w);
        useMatMulGradient('stock');
        const stock = tfGrads(c, a, b, w);
        useMatMulGradient('explicit-transpose');
        expect(tf.memory().numTensors).toBe(before);
        expectClose(fixed.da, ref.da);
        expectClose(fixed.db, ref.db);
        expectClose(fixed.da, stock.da);
        expectClose(fixed.db, stock.db);
      });

      it('the backward pass launches no transposed matMul (the stock one does)', async () => {
        await useBackend(backend);
        const c = cases[0];
        const rng = new Random(7);
        const a = randomArray(rng, c.aShape),
          b = randomArray(rng, c.bShape),
          w = randomArray(rng, outShape(c));
        const countTransposed = (kind: 'stock' | 'explicit-transpose') => {
          useMatMulGradient(kind);
          const spy = vi.spyOn(tf.engine(), 'runKernel');
          try {
            tfGrads(c, a, b, w);
            return spy.mock.calls.filter(
              ([name, , attrs]) =>
                name === tf.BatchMatMul &&
                ((attrs as { transposeA?: boolean })?.transposeA || (attrs as { transposeB?: boolean })?.transposeB),
            ).length;
          } finally {
            spy.mockRestore();
            useMatMulGradient('explicit-transpose');
          }
        };
        expect(countTransposed('stock')).toBeGreaterThan(0);
        expect(countTransposed('explicit-transpose')).toBe(0);
      });
    });
  }

  it('transposes the thin operands of an output layer, not the batch-sized activation', async () => {
    await useBackend('cpu');
    const h = tf.randomNormal([64, 32], 0, 1, 'float32', 3) as tf.Tensor2D;
    const w = tf.randomNormal([32, 2], 0, 1, 'float32', 4) as tf.Tensor2D;
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    try {
      tf.tidy(() => tf.grads((x, y) => tf.sum(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([h, w]));
      const transposed = spy.mock.calls
        .filter(([name]) => name === tf.Transpose)
        .map(([, inputs]) => (inputs as { x: tf.Tensor }).x.size);
      // dH = dC·Wᵀ transposes W (64 elements); dW = (dCᵀ·H)ᵀ transposes dC (128) and the product (64).
      expect(transposed.sort((a, b) => a - b)).toEqual([64, 64, 128]);
    } finally {
      spy.mockRestore();
      tf.dispose([h, w]);
    }
  });
});
