import { expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { createMlp } from './mlp.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

describeOnEachBackend('createMlp', () => {
  it('computes the documented forward pass (checked against a float64 re-implementation)', () => {
    const before = tf.memory().numTensors;
    const mlp = createMlp({
      inputDim: 3,
      hidden: [5, 4],
      outputDim: 2,
      activation: 'leaky-relu',
      rng: new Random(3),
    });
    const w = mlp.getWeights();
    expect(w.map((a) => a.length)).toEqual([15, 5, 20, 4, 8, 2]);
    const xs = [
      [0.5, -1, 2],
      [-0.3, 0.1, 0],
      [3, 2, -2],
    ];
    // Give biases non-zero values so they are exercised.
    const biased = w.map((a, i) => (i % 2 === 1 ? a.map((_, j) => 0.1 * (j + 1) - 0.2) : a));
    mlp.setWeights(biased);
    const ref = xs.map((x) => {
      let h = x;
      for (let l = 0; l < 3; l++) {
        const W = biased[2 * l],
          b = biased[2 * l + 1];
        const out = b.length;
        const next = Array.from({ length: out }, (_, j) => {
          let s = b[j];
          for (let i = 0; i < h.length; i++) s += h[i] * W[i * out + j];
          return s;
        });
        h = l < 2 ? next.map((v) => (v > 0 ? v : 0.01 * v)) : next;
      }
      return h;
    });
    const xt = tf.tensor2d(xs);
    const y = mlp.apply(xt);
    expect(y.shape).toEqual([3, 2]);
    const yv = y.arraySync();
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) expect(yv[i][j]).toBeCloseTo(ref[i][j], 5);
    tf.dispose([xt, y]);
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible from the seed and uses the documented init bounds', () => {
    const a = createMlp({ inputDim: 50, hidden: [40], outputDim: 10, activation: 'relu', rng: new Random(9) });
    const b = createMlp({ inputDim: 50, hidden: [40], outputDim: 10, activation: 'relu', rng: new Random(9) });
    const c = createMlp({
      inputDim: 50,
      hidden: [40],
      outputDim: 10,
      activation: 'tanh',
      rng: new Random(9),
      outputScale: 0,
    });
    const wa = a.getWeights(),
      wb = b.getWeights(),
      wc = c.getWeights();
    expect(wa).toEqual(wb);
    const kaiming = Math.sqrt(6 / 50),
      glorot1 = Math.sqrt(6 / 90),
      glorotOut = Math.sqrt(6 / 50);
    const maxAbs = (arr: Float32Array) => arr.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    // 2000 uniform draws: the max comes within 0.5 % of the bound with probability 1 − (0.995)^2000 ≈ 1 − 4e-5.
    expect(maxAbs(wa[0])).toBeLessThanOrEqual(kaiming);
    expect(maxAbs(wa[0])).toBeGreaterThan(0.995 * kaiming);
    expect(maxAbs(wc[0])).toBeLessThanOrEqual(glorot1);
    expect(maxAbs(wc[0])).toBeGreaterThan(0.995 * glorot1);
    expect(maxAbs(wa[2])).toBeLessThanOrEqual(glorotOut);
    expect(maxAbs(wc[2])).toBe(0);
    expect(maxAbs(wa[1])).toBe(0);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('trains with tf.train.adam without leaking tensors', () => {
    const mlp = createMlp({ inputDim: 1, hidden: [16], outputDim: 1, activation: 'silu', rng: new Random(1) });
    const opt = tf.train.adam(0.01);
    const x = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 32), [32, 1])) as tf.Tensor2D;
    const target = tf.square(x);
    const loss = () => tf.mean(tf.square(tf.sub(mlp.apply(x), target))) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]);
    opt.minimize(loss, false, mlp.params); // Adam creates its slot variables on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) opt.minimize(loss, false, mlp.params);
    expect(tf.memory().numTensors).toBe(before);
    const last = tf.tidy(() => loss().dataSync()[0]);
    expect(last).toBeLessThan(0.2 * first);
    tf.dispose([x, target]);
    opt.dispose();
    mlp.dispose();
  });

  it('rejects bad options and inputs with typed errors', () => {
    const rng = new Random(0);
    expect(() => createMlp({ inputDim: 0, hidden: [], outputDim: 1, rng })).toThrow(/inputDim/);
    expect(() => createMlp({ inputDim: 2, hidden: [3.5], outputDim: 1, rng })).toThrow(/hidden\[0\]/);
    expect(() => createMlp({ inputDim: 2, hidden: [], outputDim: 1, rng, activation: 'gelu' as never })).toThrow(
      /activation/,
    );
    expect(() => createMlp({ inputDim: 2, hidden: [], outputDim: 1, rng: 3 as never })).toThrow(InvalidParameterError);
    const mlp = createMlp({ inputDim: 2, hidden: [], outputDim: 1, rng });
    const x = tf.zeros([4, 3]) as tf.Tensor2D;
    expect(() => mlp.apply(x)).toThrow(DimensionMismatchError);
    expect(() => mlp.setWeights([new Float32Array(1)])).toThrow(/weights/);
    expect(() => mlp.setWeights([new Float32Array(3), new Float32Array(1)])).toThrow(DimensionMismatchError);
    x.dispose();
    mlp.dispose();
    expect(() => mlp.apply(x)).toThrow(/disposed/);
  });
});
