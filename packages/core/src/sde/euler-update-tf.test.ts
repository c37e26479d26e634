// The Euler update op against the op-by-op update it replaces: values and gradients bit-identical, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { backendsForTests, useBackend } from '../backend/use-backend.js';
import { Random } from '../random/random.js';
import { eulerUpdateTf } from './euler-update-tf.js';

/** Three chained updates x ← x + u(x)·h + noise with u(x) = tanh(x·a); loss Σ x₃·c; value and gradient w.r.t. x0, a. */
function chain(fused: boolean, seed: number) {
  const rng = new Random(seed);
  const draw = (size: number) => Float32Array.from(rng.fillNormal(new Float64Array(size)));
  const x0 = tf.tensor2d(draw(24), [8, 3]);
  const a = tf.tensor2d(draw(9), [3, 3]);
  const c = tf.tensor2d(draw(24), [8, 3]);
  const noises = [0, 1, 2].map(() => tf.tensor2d(draw(24), [8, 3]));
  const h = 0.1 + rng.uniform(); // not a float32 number: both paths round it the same way
  const f = (xi: tf.Tensor, ai: tf.Tensor): tf.Scalar => {
    let x = xi as tf.Tensor2D;
    for (const noise of noises) {
      const u = tf.tanh(tf.matMul(x, ai as tf.Tensor2D)) as tf.Tensor2D;
      x = fused ? eulerUpdateTf(x, u, h, noise) : (tf.add(tf.add(x, tf.mul(u, h)), noise) as tf.Tensor2D);
    }
    return tf.sum(tf.mul(x, c)) as tf.Scalar;
  };
  const { value, grads } = tf.valueAndGrads(f)([x0, a]);
  const out = { value: value.dataSync()[0], grads: grads.map((g) => Array.from(g.dataSync())) };
  tf.dispose([value, ...grads, x0, a, c, ...noises]);
  return out;
}

for (const backend of backendsForTests()) {
  describe(`eulerUpdateTf on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    it('equals x + u·h + noise and its op-by-op gradient bit for bit, and frees its temporaries', () => {
      const before = tf.memory().numTensors;
      const plain = chain(false, 3);
      const fused = chain(true, 3);
      expect(tf.memory().numTensors).toBe(before);
      expect(fused.value).toBe(plain.value);
      expect(fused.grads).toEqual(plain.grads);
      for (const g of plain.grads) expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0);
    });

    it('passes no gradient to the noise and keeps the shape', () => {
      const y = tf.tidy(() => {
        const x = tf.ones([2, 2]) as tf.Tensor2D;
        const noise = tf.fill([2, 2], 0.5) as tf.Tensor2D;
        const g = tf.grad((n: tf.Tensor) => tf.sum(eulerUpdateTf(x, x, 0.25, n as tf.Tensor2D)));
        expect(() => g(noise)).toThrow();
        return eulerUpdateTf(x, x, 0.25, noise).dataSync();
      });
      expect(Array.from(y)).toEqual([1.75, 1.75, 1.75, 1.75]);
    });
  });
}
