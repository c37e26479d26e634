// prepareDenseTf against denseTf: the same layer applied at several steps of a recurrence (as in an SDE rollout)
// gives bit-identical values and gradients (w.r.t. x0, W, b and a per-step bias), on every backend; and the
// argument checks, the op-by-op switch and tensor ownership.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { backendsForTests, useBackend } from '../backend/use-backend.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { type DenseOptions, denseTf, useFusedDense } from './dense.js';
import { prepareDenseTf } from './prepared-dense.js';

interface Case {
  name: string;
  n: number;
  k: number;
  options: DenseOptions;
  stepBias: boolean;
}
const cases: Case[] = [
  { name: 'leaky-relu 5 → 5', n: 9, k: 5, options: { activation: 'leaky-relu', alpha: 0.01 }, stepBias: false },
  { name: 'relu 4 → 4, bias per step', n: 7, k: 4, options: { activation: 'leaky-relu', alpha: 0 }, stepBias: true },
  { name: 'linear 1 → 1', n: 8, k: 1, options: {}, stepBias: false },
  {
    name: 'leaky-relu 1 → 1, bias per step',
    n: 6,
    k: 1,
    options: { activation: 'leaky-relu', alpha: 0.2 },
    stepBias: true,
  },
];

/**
 * h ← h + 0.1·layer(h) for 4 steps (the layer maps k → k), loss Σ h_4 · c; returns the loss and its gradients
 * w.r.t. h0, W, b and (with `stepBias`: the call's bias b + (t + 1)·s replaces b) s.
 */
function run(c: Case, prepared: boolean, seed: number) {
  const rng = new Random(seed);
  const draw = (size: number) => Float32Array.from(rng.fillNormal(new Float64Array(size)));
  const h0 = tf.tensor2d(draw(c.n * c.k), [c.n, c.k]);
  const w = tf.tensor2d(draw(c.k * c.k), [c.k, c.k]);
  const b = tf.tensor1d(draw(c.k));
  const s = tf.tensor1d(draw(c.k));
  const cw = tf.tensor2d(draw(c.n * c.k), [c.n, c.k]);
  const f = (x0: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor, sv: tf.Tensor = s): tf.Scalar => {
    const layer = prepared ? prepareDenseTf(wv as tf.Tensor2D, bv as tf.Tensor1D, c.options) : null;
    let h = x0 as tf.Tensor2D;
    for (let t = 0; t < 4; t++) {
      const bias = c.stepBias ? (tf.add(bv, tf.mul(sv, t + 1)) as tf.Tensor1D) : undefined;
      const y = layer ? layer.apply(h, bias) : denseTf(h, wv as tf.Tensor2D, bias ?? (bv as tf.Tensor1D), c.options);
      h = tf.add(h, tf.mul(y, 0.1)) as tf.Tensor2D;
    }
    return tf.sum(tf.mul(h, cw)) as tf.Scalar;
  };
  const { value, grads } = tf.valueAndGrads(f)(c.stepBias ? [h0, w, b, s] : [h0, w, b]);
  const out = { loss: value.dataSync()[0], grads: grads.map((g) => Array.from(g.dataSync())) };
  tf.dispose([value, ...grads, h0, w, b, s, cw]);
  return out;
}

for (const backend of backendsForTests()) {
  describe(`prepareDenseTf on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });
    afterAll(() => {
      useFusedDense(true);
    });

    it.each(cases)('$name: values and gradients bit-identical to denseTf over 4 steps', (c) => {
      const before = tf.memory().numTensors;
      const plain = run(c, false, 11);
      const prepared = run(c, true, 11);
      expect(tf.memory().numTensors).toBe(before);
      expect(Number.isFinite(plain.loss)).toBe(true);
      expect(prepared.loss).toBe(plain.loss);
      expect(prepared.grads).toEqual(plain.grads);
      // The gradients are not trivially zero (the check has power).
      for (const g of plain.grads) expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0);
    });

    it('with useFusedDense(false) applies the op-by-op layer (same values to float32 rounding)', () => {
      const c = cases[0];
      const fused = run(c, true, 5);
      useFusedDense(false);
      const opByOp = run(c, true, 5);
      useFusedDense(true);
      expect(Math.abs(opByOp.loss - fused.loss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fused.loss)));
    });

    it('its tensors are listed for disposal and freed by an enclosing tidy', () => {
      const before = tf.memory().numTensors;
      const w = tf.ones([3, 2]) as tf.Tensor2D;
      const b = tf.zeros([2]) as tf.Tensor1D;
      const listed = tf.tidy(() => {
        const layer = prepareDenseTf(w, b, { activation: 'leaky-relu' });
        const y = layer.apply(tf.ones([4, 3]) as tf.Tensor2D);
        expect(Array.from(y.dataSync())).toEqual(Array(8).fill(3));
        return layer.tensors.length;
      });
      expect(listed).toBeGreaterThan(0);
      tf.dispose([w, b]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('refuses bad weights, options, inputs and per-call biases, naming the argument', () => {
      tf.tidy(() => {
        const w = tf.ones([3, 2]) as tf.Tensor2D;
        const b = tf.zeros([2]) as tf.Tensor1D;
        expect(() => prepareDenseTf(tf.ones([3]) as unknown as tf.Tensor2D, b)).toThrow(InvalidParameterError);
        expect(() => prepareDenseTf(w, tf.zeros([3]) as tf.Tensor1D)).toThrow(DimensionMismatchError);
        expect(() => prepareDenseTf(w, b, { alpha: 1 })).toThrow(/alpha/);
        const layer = prepareDenseTf(w, b);
        expect(() => layer.apply(tf.ones([4, 2]) as tf.Tensor2D)).toThrow(DimensionMismatchError);
        expect(() => layer.apply(tf.ones([4, 3]) as tf.Tensor2D, tf.zeros([3]) as tf.Tensor1D)).toThrow(
          DimensionMismatchError,
        );
      });
    });
  });
}
