import { describe, expect, it } from 'vitest';
import { InvalidParameterError, tf } from '@ratedistortion/core';
import { Adam } from './adam.js';
import { clipFactor, globalNormSquared } from './clip.js';

// Independent float64 reference of torch.optim.Adam (docs' pseudo-code), run on the same gradients.
function referenceAdam(
  theta: number[],
  grad: (t: number[]) => number[],
  steps: number,
  lr: number,
  b1 = 0.9,
  b2 = 0.999,
  e = 1e-8,
): number[] {
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  const x = [...theta];
  for (let t = 1; t <= steps; t++) {
    const g = grad(x);
    for (let i = 0; i < x.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mh = m[i] / (1 - b1 ** t);
      const vh = v[i] / (1 - b2 ** t);
      x[i] -= (lr * mh) / (Math.sqrt(vh) + e);
    }
  }
  return x;
}

describe('Adam', () => {
  it('follows the PyTorch update on a quadratic (float32 tolerance)', () => {
    const a = [3, -1, 0.5];
    const grad = (x: number[]) => x.map((xi, i) => 2 * a[i] * xi + 1);
    const w = tf.variable(tf.tensor1d([1, 2, -3]));
    const adam = new Adam([w], { learningRate: 0.05 });
    const coeff = tf.tensor1d(a);
    for (let i = 0; i < 40; i++) {
      const { grads, value } = tf.variableGrads(() => tf.sum(tf.add(tf.mul(coeff, tf.square(w)), w)) as tf.Scalar, [w]);
      adam.apply([grads[w.name]]);
      tf.dispose(grads);
      value.dispose();
    }
    const expected = referenceAdam([1, 2, -3], grad, 40, 0.05);
    const got = Array.from(w.dataSync());
    got.forEach((g, i) => expect(Math.abs(g - expected[i])).toBeLessThan(1e-5));
    expect(adam.step).toBe(40);
    adam.dispose();
    tf.dispose([w, coeff]);
  });

  it('restores its state exactly: continuing from a saved state equals continuing the original', () => {
    const make = () =>
      tf.variable(
        tf.tensor2d([
          [0.3, -0.7],
          [1.1, 0.2],
        ]),
      );
    const target = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const stepOnce = (w: tf.Variable, adam: Adam) => {
      const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, [w]);
      adam.apply([grads[w.name]], 0.7);
      tf.dispose(grads);
      value.dispose();
    };
    const w1 = make();
    const a1 = new Adam([w1], { learningRate: 0.01 });
    for (let i = 0; i < 5; i++) stepOnce(w1, a1);
    const state = a1.getState();
    const weights = Float32Array.from(w1.dataSync() as Float32Array);
    for (let i = 0; i < 5; i++) stepOnce(w1, a1);
    const w2 = tf.variable(tf.tensor2d(weights, [2, 2]));
    const a2 = new Adam([w2], { learningRate: 0.01 });
    a2.setState(state);
    for (let i = 0; i < 5; i++) stepOnce(w2, a2);
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w1.dataSync()));
    expect(a2.step).toBe(10);
    a1.dispose();
    a2.dispose();
    tf.dispose([w1, w2, target]);
  });

  it('does not leak tensors and validates input', () => {
    const w = tf.variable(tf.zeros([3]));
    const adam = new Adam([w], { learningRate: 0.1 });
    const g = tf.ones([3]);
    adam.apply([g]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) adam.apply([g]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => adam.apply([])).toThrow(InvalidParameterError);
    expect(() => adam.setState({ step: 1, m: [new Float32Array(2)], v: [new Float32Array(2)] })).toThrow(
      InvalidParameterError,
    );
    expect(() => new Adam([w], { learningRate: 0 })).toThrow(InvalidParameterError);
    expect(() => new Adam([w], { learningRate: 1, beta1: 1 })).toThrow(InvalidParameterError);
    adam.dispose();
    tf.dispose([w, g]);
  });

  it('frees everything it allocated on dispose (no leftover moment initialisers)', () => {
    const w = tf.variable(tf.zeros([4, 2]));
    const baseline = tf.memory().numTensors;
    const adam = new Adam([w], { learningRate: 0.1 });
    adam.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    w.dispose();
  });
});

describe('gradient clipping', () => {
  it('computes the global norm and the torch clip factor', () => {
    const n2 = globalNormSquared([tf.tensor1d([3, 0]), tf.tensor2d([[4]])]);
    expect(n2.dataSync()[0]).toBeCloseTo(25, 5);
    n2.dispose();
    expect(clipFactor(5, 10)).toBe(1);
    expect(clipFactor(5, undefined)).toBe(1);
    expect(clipFactor(20, 10)).toBeCloseTo(10 / (20 + 1e-6), 15);
  });
});
