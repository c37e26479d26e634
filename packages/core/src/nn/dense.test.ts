// denseTf against a float64 evaluation of the layer and its exact gradient, and against tfjs's autodiff of the
// op-by-op layer, on every backend.
import { expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { denseTf, type DenseActivation } from './dense.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

interface Case {
  n: number;
  k: number;
  m: number;
  activation: DenseActivation;
  alpha: number;
}
const cases: Case[] = [
  { n: 9, k: 5, m: 4, activation: 'leaky-relu', alpha: 0.01 },
  { n: 9, k: 5, m: 4, activation: 'leaky-relu', alpha: 0 },
  { n: 8, k: 6, m: 1, activation: 'linear', alpha: 0.01 }, // an output layer: dW through (dzᵀ·x)ᵀ
  { n: 7, k: 1, m: 6, activation: 'leaky-relu', alpha: 0.2 }, // a first layer on 1-D inputs
  { n: 6, k: 4, m: 3, activation: 'linear', alpha: 0.01 },
];

function draw(rng: Random, size: number): Float64Array {
  return rng.fillNormal(new Float64Array(size)).map((v) => Math.fround(v));
}

/** L = Σ_ij c_ij · act(x·W + b)_ij and its gradient, in float64 from the definitions. */
function reference(c: Case, x: Float64Array, w: Float64Array, b: Float64Array, cw: Float64Array) {
  const { n, k, m } = c;
  const dx = new Float64Array(n * k),
    dw = new Float64Array(k * m),
    db = new Float64Array(m);
  const y = new Float64Array(n * m);
  let loss = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let z = b[j];
      for (let p = 0; p < k; p++) z += x[i * k + p] * w[p * m + j];
      const slope = c.activation === 'linear' || z > 0 ? 1 : c.alpha;
      y[i * m + j] = slope * z;
      loss += cw[i * m + j] * y[i * m + j];
      const dz = cw[i * m + j] * slope;
      db[j] += dz;
      for (let p = 0; p < k; p++) {
        dw[p * m + j] += x[i * k + p] * dz;
        dx[i * k + p] += w[p * m + j] * dz;
      }
    }
  return { y, loss, dx, dw, db };
}

function viaTf(c: Case, x: Float64Array, w: Float64Array, b: Float64Array, cw: Float64Array, fused: boolean) {
  return tf.tidy(() => {
    const xt = tf.tensor2d(Float32Array.from(x), [c.n, c.k]);
    const wt = tf.tensor2d(Float32Array.from(w), [c.k, c.m]);
    const bt = tf.tensor1d(Float32Array.from(b));
    const ct = tf.tensor2d(Float32Array.from(cw), [c.n, c.m]);
    const layer = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor): tf.Tensor2D => {
      if (fused)
        return denseTf(xa as tf.Tensor2D, wa as tf.Tensor2D, ba as tf.Tensor1D, {
          activation: c.activation,
          alpha: c.alpha,
        });
      const z = tf.add(tf.matMul(xa as tf.Tensor2D, wa as tf.Tensor2D), ba) as tf.Tensor2D;
      return c.activation === 'linear' ? z : tf.leakyRelu(z, c.alpha);
    };
    const y = layer(xt, wt, bt).dataSync();
    const { value, grads } = tf.valueAndGrads((xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) =>
      tf.sum(tf.mul(layer(xa, wa, ba), ct)),
    )([xt, wt, bt]);
    return { y, loss: value.dataSync()[0], dx: grads[0].dataSync(), dw: grads[1].dataSync(), db: grads[2].dataSync() };
  });
}

// float32 sums of ≤ 9 products of N(0, 1) entries: an error of 1e-5·(1 + |value| + Σ|terms|) is ample.
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: number) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5 * (1 + scale));
}

describeOnEachBackend('denseTf', () => {
  it.each(cases)(
    'value and gradients equal float64 and tfjs autodiff ($activation, alpha $alpha, $n×$k·$k×$m)',
    (c) => {
      const rng = new Random(4000 + cases.indexOf(c));
      const x = draw(rng, c.n * c.k),
        w = draw(rng, c.k * c.m),
        b = draw(rng, c.m),
        cw = draw(rng, c.n * c.m);
      const before = tf.memory().numTensors;
      const ours = viaTf(c, x, w, b, cw, true);
      const stock = viaTf(c, x, w, b, cw, false);
      expect(tf.memory().numTensors).toBe(before);
      const ref = reference(c, x, w, b, cw);
      const scale = 3 * c.n * c.k;
      for (const key of ['y', 'dx', 'dw', 'db'] as const) {
        expectClose(ours[key], ref[key], scale);
        expectClose(ours[key], stock[key], scale);
      }
      expect(Math.abs(ours.loss - ref.loss)).toBeLessThan(1e-5 * (1 + scale * c.m));
    },
  );

  it('takes a bias whose buffer was created with another shape (a reshaped [1, m] variable)', () => {
    const before = tf.memory().numTensors;
    const b2 = tf.tidy(() => tf.variable(tf.tensor2d([[0.5, -1, 2]])));
    const w = tf.tidy(() =>
      tf.variable(
        tf.tensor2d([
          [1, 0, -1],
          [2, 1, 0],
        ]),
      ),
    );
    const x = tf.tensor2d([
      [1, 2],
      [-3, 0.5],
    ]);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(denseTf(x, w, tf.reshape(b2, [3]) as tf.Tensor1D, { activation: 'leaky-relu', alpha: 0.1 })),
      [b2, w],
    );
    // z = [[5.5, 1, 1], [-1.5, -0.5, 5]] → y = [[5.5, 1, 1], [-0.15, -0.05, 5]], Σy = 12.3; dL/db = [1.1, 1.1, 2].
    expect(value.dataSync()[0]).toBeCloseTo(12.3, 5);
    Array.from(grads[b2.name].dataSync()).forEach((g, j) => expect(g).toBeCloseTo([1.1, 1.1, 2][j], 6));
    expect(grads[b2.name].shape).toEqual([1, 3]);
    tf.dispose([value, grads[b2.name], grads[w.name], b2, w, x]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensors behind across repeated training steps', () => {
    const rng = new Random(9);
    const w = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(draw(rng, 12)), [4, 3])));
    const b = tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(draw(rng, 3)))));
    const x = tf.tensor2d(Float32Array.from(draw(rng, 20)), [5, 4]);
    const step = () => {
      const { value, grads } = tf.variableGrads(() =>
        tf.sum(tf.square(denseTf(x, w, b, { activation: 'leaky-relu' }))),
      );
      tf.tidy(() => {
        w.assign(tf.sub(w, tf.mul(grads[w.name], 0.01)));
        b.assign(tf.sub(b, tf.mul(grads[b.name], 0.01)));
      });
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b, x]);
  });

  it('rejects bad shapes and options with typed errors', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 3]) as tf.Tensor2D,
        w = tf.zeros([3, 4]) as tf.Tensor2D,
        b = tf.zeros([4]) as tf.Tensor1D;
      expect(() => denseTf(x, tf.zeros([2, 4]) as tf.Tensor2D, b)).toThrow(DimensionMismatchError);
      expect(() => denseTf(x, w, tf.zeros([3]) as tf.Tensor1D)).toThrow(DimensionMismatchError);
      expect(() => denseTf(x, w, tf.zeros([1, 4]) as unknown as tf.Tensor1D)).toThrow(InvalidParameterError);
      expect(() => denseTf(x, w, b, { alpha: 1 })).toThrow(InvalidParameterError);
      expect(() => denseTf(x, w, b, { alpha: -0.1 })).toThrow(InvalidParameterError);
      expect(() => denseTf(x, w, b, { activation: 'tanh' as DenseActivation })).toThrow(InvalidParameterError);
    });
  });
});
