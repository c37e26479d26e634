import { beforeAll, describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, Random, createMlp, tf, useBackend } from '@ratedistortion/core';
import { nerdDualLossTf } from './dual-loss.js';
import { nerdReadout } from './readout.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// The reference: the whole n×m matrix at once, differences by broadcasting (no ‖x‖²+‖y‖²−2x·y expansion), stock
// tfjs log-sum-exp and stock autodiff — independent of the streamed forward pass and the hand-written gradient.
function unchunkedLoss(x: tf.Tensor2D, y: tf.Tensor2D, beta: number): tf.Scalar {
  const diff = tf.sub(tf.expandDims(x, 1), tf.expandDims(y, 0));
  const rho = tf.mul(tf.sum(tf.square(diff), 2), 0.5);
  return tf.add(tf.neg(tf.mean(tf.logSumExp(tf.mul(rho, -beta), 1))), Math.log(y.shape[0])) as tf.Scalar;
}

function randomMatrix(rng: Random, rows: number, cols: number, sd = 1): tf.Tensor2D {
  return tf.tensor2d(rng.fillNormal(new Float32Array(rows * cols), 0, sd), [rows, cols]);
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('nerdDualLossTf', () => {
  it.each([
    { chunkSize: 7, label: 'ragged chunks' },
    { chunkSize: 16, label: 'even chunks' },
    { chunkSize: 1000, label: 'one chunk' },
  ])('equals the unchunked objective in value and in its gradients w.r.t. x and y ($label)', ({ chunkSize }) => {
    const rng = new Random(31);
    const before = tf.memory().numTensors;
    const x0 = randomMatrix(rng, 9, 3);
    const y0 = randomMatrix(rng, 48, 3, 0.8);
    const x = tf.variable(x0);
    const y = tf.variable(y0);
    tf.dispose([x0, y0]);
    const beta = 2.5;
    const a = tf.variableGrads(() => nerdDualLossTf(x, y, beta, { chunkSize }), [x, y]);
    const b = tf.variableGrads(() => unchunkedLoss(x, y, beta), [x, y]);
    const va = a.value.dataSync()[0];
    const vb = b.value.dataSync()[0];
    // float32 values of magnitude ~5: agreement to ~1e-6 relative; 1e-5 leaves room for reordered sums.
    expect(Math.abs(va - vb)).toBeLessThan(1e-5 * Math.max(1, Math.abs(vb)));
    for (const v of [x, y]) {
      const ga = a.grads[v.name].dataSync();
      const gb = b.grads[v.name].dataSync();
      const scale = Math.max(...Array.from(gb, Math.abs));
      expect(scale).toBeGreaterThan(1e-3); // the gradient is not trivially zero
      expect(maxAbs(ga, gb)).toBeLessThan(1e-5 * scale);
    }
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads), x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same generator-weight gradients as the unchunked objective (gradient flows through y = G(z))', () => {
    const rng = new Random(5);
    const before = tf.memory().numTensors;
    const g = createMlp({ inputDim: 4, hidden: [6], outputDim: 2, activation: 'relu', rng });
    const z = randomMatrix(rng, 40, 4);
    const x = randomMatrix(rng, 11, 2);
    const a = tf.variableGrads(() => nerdDualLossTf(x, g.apply(z), 4, { chunkSize: 9 }), g.params);
    const b = tf.variableGrads(() => unchunkedLoss(x, g.apply(z), 4), g.params);
    for (const p of g.params) {
      const ga = a.grads[p.name].dataSync();
      const gb = b.grads[p.name].dataSync();
      const scale = Math.max(1e-6, ...Array.from(gb, Math.abs));
      expect(maxAbs(ga, gb)).toBeLessThan(1e-5 * scale + 1e-7);
    }
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads), z, x]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("matches the float64 read-out's dual value (different code, different precision)", () => {
    const rng = new Random(8);
    const xs = rng.fillNormal(new Float64Array(30 * 2));
    const ys = rng.fillNormal(new Float64Array(200 * 2), 0, 0.7);
    const eps = 0.3;
    const v = tf.tidy(
      () =>
        nerdDualLossTf(
          tf.tensor2d(Float32Array.from(xs), [30, 2]),
          tf.tensor2d(Float32Array.from(ys), [200, 2]),
          1 / eps,
          { chunkSize: 64 },
        ).dataSync()[0],
    );
    const r = nerdReadout({ data: xs, dim: 2 }, { data: ys, dim: 2 }, eps);
    expect(Math.abs(v - r.dualValue)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.dualValue)));
  });

  it('rejects bad input with typed errors', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    const y = tf.zeros([5, 3]) as tf.Tensor2D;
    const y2 = tf.zeros([5, 2]) as tf.Tensor2D;
    expect(() => nerdDualLossTf(x, y, 1)).toThrow(DimensionMismatchError);
    expect(() => nerdDualLossTf(x, y2, 0)).toThrow(/beta/);
    expect(() => nerdDualLossTf(x, y2, -1)).toThrow(InvalidParameterError);
    expect(() => nerdDualLossTf(x, y2, 1, { chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => nerdDualLossTf(tf.zeros([3]) as unknown as tf.Tensor2D, y2, 1)).toThrow(/x/);
    tf.dispose([x, y, y2]);
  });
});
