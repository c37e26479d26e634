import { afterAll, describe, expect, it } from 'vitest';
import { tf } from './tf.js';
import { prodGradConfig } from './prod-gradient.js';
import { backendsForTests, useBackend } from './use-backend.js';

/**
 * Reference: ∂(Σ_o w_o Π_{i∈group(o)} x_i)/∂x_j = w_{o(j)} Π_{i∈group(o(j)), i≠j} x_i, computed in float64 by
 * explicit products over each reduced group (no cumulative-product trick, so independent of the code).
 */
function reference(x: number[], shape: number[], axes: number[], w: number[]): Float64Array {
  const rank = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((s, v) => s * v, 1));
  const idx = (flat: number) => strides.map((s, i) => Math.floor(flat / s) % shape[i]);
  const outIndex = (ix: number[]) => {
    let o = 0;
    for (let i = 0; i < rank; i++) if (!axes.includes(i)) o = o * shape[i] + ix[i];
    return o;
  };
  const g = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const oj = outIndex(idx(j));
    let p = 1;
    for (let i = 0; i < x.length; i++) if (i !== j && outIndex(idx(i)) === oj) p *= x[i];
    g[j] = w[oj] * p;
  }
  return g;
}

describe('Prod gradient', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('is registered for the Prod kernel', () => {
    expect(tf.getGradient(tf.Prod)).toBe(prodGradConfig);
  });

  const x = [1.5, -2, 0, 3, 0.5, 2, -1, 4, 0, 0, 1.25, -0.5];
  const cases = [
    { axes: [1], keepDims: false },
    { axes: [0, 2], keepDims: false },
    { axes: [2], keepDims: true },
    { axes: [0, 1, 2], keepDims: false },
  ];
  for (const backend of backendsForTests()) {
    it.each(cases)(`on ${backend}: axes $axes, keepDims $keepDims, with zeros`, async ({ axes, keepDims }) => {
      await useBackend(backend);
      const shape = [2, 3, 2];
      const outSize = shape.filter((_, i) => !axes.includes(i)).reduce((s, v) => s * v, 1);
      const w = Array.from({ length: outSize }, (_, i) => 0.5 + i);
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => {
        const W = tf.tensor1d(w);
        const g = tf.grad((v) => tf.sum(tf.mul(tf.reshape(tf.prod(v, axes, keepDims), [-1]), W)))(
          tf.tensor3d(x, shape as [number, number, number]),
        );
        return g.dataSync();
      });
      expect(tf.memory().numTensors).toBe(before);
      const want = reference(x, shape, axes, w);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    });
  }
});
