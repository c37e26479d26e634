// The checkpointed rollout against backpropagation through the whole rollout (solveSdeTf / solveNoiseControlledTf
// with controlEnergyTf / noiseControlCostPerSampleTf): the same X1 bit for bit, the same loss and gradients to float32
// rounding, for segment lengths that divide the number of steps, that do not, 1 and all of them; the tape's peak
// memory shrinks with the segment; nothing leaks.
import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { controlEnergyTf } from '../tec/energy.js';
import { noiseControlCostPerSampleTf } from '../tec/noise-control-cost.js';
import { uniformGrid } from './grid.js';
import { solveNoiseControlledTf } from './noise-controlled.js';
import { checkpointSegmentSteps, solveSdeCheckpointedTf } from './solve-checkpointed-tf.js';
import { solveSdeTf } from './solve-tf.js';
import type { SdeScheme } from './schemes.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

/** A one-hidden-layer tanh network u(x, t) with a time input; its variables are the params. */
function network(dim: number, hidden: number, seed: number) {
  const rng = new Random(seed);
  const v = (r: number, c: number, s: number) =>
    tf.tidy(() =>
      tf.variable(
        tf.tensor2d(
          Float32Array.from({ length: r * c }, () => s * rng.normal()),
          [r, c],
        ),
      ),
    );
  const params = [v(dim, hidden, 0.8), v(1, hidden, 0.5), v(1, hidden, 0.3), v(hidden, dim, 0.5), v(hidden, dim, 0.4)];
  const features = (x: tf.Tensor2D, t: number, [w1, wt, b1]: readonly tf.Tensor[]) =>
    tf.tanh(tf.add(tf.add(tf.matMul(x, w1 as tf.Tensor2D), tf.mul(wt, 2 * t - 1)), b1)) as tf.Tensor2D;
  const driftWith = (x: tf.Tensor2D, t: number, p: readonly tf.Tensor[]) =>
    tf.matMul(features(x, t, p), p[3] as tf.Tensor2D) as tf.Tensor2D;
  const controlWith = (x: tf.Tensor2D, t: number, p: readonly tf.Tensor[]) => {
    const h = features(x, t, p);
    return {
      drift: tf.matMul(h, p[3] as tf.Tensor2D) as tf.Tensor2D,
      logGain: tf.mul(tf.tanh(tf.matMul(h, p[4] as tf.Tensor2D)), 0.5) as tf.Tensor2D,
    };
  };
  return {
    params,
    driftWith,
    controlWith,
    drift: (x: tf.Tensor2D, t: number) => driftWith(x, t, params),
    control: (x: tf.Tensor2D, t: number) => controlWith(x, t, params),
  };
}

/** A terminal cost that is not a linear function of X1. */
const terminal = (x1: tf.Tensor2D) => tf.add(tf.mean(tf.square(x1)), tf.mean(tf.sin(tf.mul(x1, 1.7)))) as tf.Scalar;

function maxRelativeError(a: Float32Array | number[], b: Float32Array | number[]): number {
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < a.length; k++) scale = Math.max(scale, Math.abs(b[k]));
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst / scale;
}

type ValueAndGrads = { value: tf.Scalar; grads: tf.NamedTensorMap };

/**
 * The checkpointed gradients equal backpropagation through the plain solver to float32 round-off (relative 2e-6 of
 * the largest entry) for every parameter in `params`; then both results are disposed.
 */
function expectSameGradientsAndDispose(
  ours: ValueAndGrads,
  plain: ValueAndGrads,
  params: readonly tf.Variable[],
): void {
  for (const p of params) {
    const a = ours.grads[p.name].dataSync() as Float32Array;
    const b = plain.grads[p.name].dataSync() as Float32Array;
    expect(maxRelativeError(a, b)).toBeLessThan(2e-6);
  }
  tf.dispose([ours.value, plain.value, ...Object.values(ours.grads), ...Object.values(plain.grads)]);
}

describeOnEachBackend('solveSdeCheckpointedTf', () => {
  const n = 48,
    dim = 3,
    steps = 10;
  const grid = uniformGrid(steps);
  const x0Data = new Random(9).fillNormal(new Float32Array(n * dim));

  it.each<[SdeScheme, number]>([
    ['euler-maruyama', 1],
    ['euler-maruyama', 3],
    ['euler-maruyama', 5],
    ['euler-maruyama', 10],
    ['sra1', 4],
  ])(
    '%s, segments of %i steps: X1 bit for bit, loss and gradients to float32 rounding of the plain backward pass',
    (scheme, segmentSteps) => {
      const net = network(dim, 16, 1);
      const used = net.params.slice(0, 4) as tf.Variable[]; // the gain head is the noise-controlled chain's
      const x0 = tf.tensor2d(x0Data, [n, dim]);
      const before = tf.memory().numTensors;
      const sigma = [0.3, 0.5, 0.7];
      const plain = tf.variableGrads(() => {
        const r = solveSdeTf({ drift: net.drift, x0, sigma, grid, scheme, rng: new Random(4) });
        return tf.add(controlEnergyTf(r.drifts, grid), terminal(r.x1)) as tf.Scalar;
      }, used);
      let x1Checkpointed: Float32Array | null = null;
      const ours = tf.variableGrads(() => {
        const r = solveSdeCheckpointedTf({
          drift: net.driftWith,
          params: used,
          x0,
          sigma,
          grid,
          scheme,
          rng: new Random(4),
          segmentSteps,
        });
        x1Checkpointed = r.x1.dataSync() as Float32Array;
        return tf.add(tf.mean(r.energy), terminal(r.x1)) as tf.Scalar;
      }, used);
      const x1Plain = tf.tidy(() =>
        solveSdeTf({ drift: net.drift, x0, sigma, grid, scheme, rng: new Random(4) }).x1.dataSync(),
      );
      expect(Array.from(x1Checkpointed as unknown as Float32Array)).toEqual(Array.from(x1Plain));
      // One loss value ≈ 1: float32 sums of ~n·steps terms in another order differ by a few ulps.
      expect(Math.abs(ours.value.dataSync()[0] - plain.value.dataSync()[0])).toBeLessThan(
        1e-6 * Math.abs(plain.value.dataSync()[0]) + 1e-7,
      );
      expectSameGradientsAndDispose(ours, plain, used);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x0, ...net.params]);
    },
  );

  it('params computed from the variables inside variableGrads (released before the backward pass): same gradients', () => {
    const net = network(dim, 16, 6);
    const used = net.params.slice(0, 4) as tf.Variable[];
    const x0 = tf.tensor2d(x0Data, [n, dim]);
    const before = tf.memory().numTensors;
    const derived = () => used.map((p, k) => tf.mul(p, 0.5 + 0.25 * k));
    const plain = tf.variableGrads(() => {
      const d = derived();
      const r = solveSdeTf({ drift: (x, t) => net.driftWith(x, t, d), x0, sigma: 0.4, grid, rng: new Random(8) });
      return tf.add(controlEnergyTf(r.drifts, grid), terminal(r.x1)) as tf.Scalar;
    }, used);
    const ours = tf.variableGrads(() => {
      const r = solveSdeCheckpointedTf({
        drift: net.driftWith,
        params: derived(),
        x0,
        sigma: 0.4,
        grid,
        rng: new Random(8),
        segmentSteps: 4,
      });
      return tf.add(tf.mean(r.energy), terminal(r.x1)) as tf.Scalar;
    }, used);
    expectSameGradientsAndDispose(ours, plain, used);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, ...net.params]);
  });

  it('noise-controlled chain with a basis: same X1, loss (energy + noise cost + terminal) and gradients', () => {
    const net = network(dim, 16, 2);
    const x0 = tf.tensor2d(x0Data, [n, dim]);
    const c = Math.cos(0.4),
      s = Math.sin(0.4);
    const basis = tf.tensor2d([c, -s, 0, s, c, 0, 0, 0, 1], [3, 3]);
    const before = tf.memory().numTensors;
    const plain = tf.variableGrads(() => {
      const r = solveNoiseControlledTf({ control: net.control, x0, sigma: 0.6, grid, basis, rng: new Random(5) });
      const cost = tf.mean(noiseControlCostPerSampleTf(r.logGains, grid));
      return tf.addN([controlEnergyTf(r.drifts, grid), tf.mul(cost, 0.36), terminal(r.x1)]) as tf.Scalar;
    }, net.params as tf.Variable[]);
    const ours = tf.variableGrads(() => {
      const r = solveSdeCheckpointedTf({
        control: net.controlWith,
        params: net.params,
        x0,
        sigma: 0.6,
        grid,
        basis,
        rng: new Random(5),
        segmentSteps: 3,
      });
      return tf.addN([
        tf.mean(r.energy),
        tf.mul(tf.mean(r.noiseCost as tf.Tensor1D), 0.36),
        terminal(r.x1),
      ]) as tf.Scalar;
    }, net.params as tf.Variable[]);
    expect(Math.abs(ours.value.dataSync()[0] - plain.value.dataSync()[0])).toBeLessThan(
      1e-6 * Math.abs(plain.value.dataSync()[0]) + 1e-7,
    );
    expectSameGradientsAndDispose(ours, plain, net.params);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, basis, ...net.params]);
  });

  it("the gradient tape peaks far lower than the whole rollout's (tf.profile peak bytes)", async () => {
    const big = network(2, 256, 3);
    const K = 32;
    const g = uniformGrid(K);
    const x0 = tf.zeros([128, 2]) as tf.Tensor2D;
    const peak = async (segmentSteps: number | null) => {
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => {
          if (segmentSteps === null) {
            const r = solveSdeTf({ drift: big.drift, x0, sigma: 0.5, grid: g, rng: new Random(1) });
            return tf.add(controlEnergyTf(r.drifts, g), terminal(r.x1)) as tf.Scalar;
          }
          const r = solveSdeCheckpointedTf({
            drift: big.driftWith,
            params: big.params.slice(0, 4),
            x0,
            sigma: 0.5,
            grid: g,
            rng: new Random(1),
            segmentSteps,
          });
          return tf.add(tf.mean(r.energy), terminal(r.x1)) as tf.Scalar;
        }, big.params.slice(0, 4) as tf.Variable[]);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.peakBytes;
    };
    const plain = await peak(null);
    const four = await peak(4);
    // A step's activations: a few [128, 256] float32 tensors (≈ 128 KiB each); the rollout's 32 steps dominate.
    expect(four).toBeLessThan(0.35 * plain);
    tf.dispose([x0, ...big.params]);
  });

  it('without a gradient tape it is a plain forward solve and keeps nothing', () => {
    const net = network(dim, 8, 4);
    const x0 = tf.tensor2d(x0Data, [n, dim]);
    const before = tf.memory().numTensors;
    const r = solveSdeCheckpointedTf({
      drift: net.driftWith,
      params: net.params,
      x0,
      sigma: 0.5,
      grid,
      rng: new Random(2),
      segmentSteps: 2,
    });
    const ref = tf.tidy(() => {
      const p = solveSdeTf({ drift: net.drift, x0, sigma: 0.5, grid, rng: new Random(2) });
      return [
        p.x1.dataSync(),
        tf.mul(tf.sum(tf.stack(p.drifts.map((u) => tf.sum(tf.square(u), 1))), 0), 0.5 / steps).dataSync(),
      ];
    });
    expect(Array.from(r.x1.dataSync())).toEqual(Array.from(ref[0]));
    expect(maxRelativeError(r.energy.dataSync() as Float32Array, ref[1] as Float32Array)).toBeLessThan(1e-6);
    expect(r.noiseCost).toBeNull();
    tf.dispose([r.x1, r.energy]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, ...net.params]);
  });

  it('rejects bad options with typed errors naming them', () => {
    const net = network(1, 4, 5);
    const x0 = tf.zeros([4, 1]) as tf.Tensor2D;
    const base = { params: net.params, x0, sigma: 0.5, grid, rng: new Random(0), segmentSteps: 2 };
    expect(() => solveSdeCheckpointedTf({ ...base })).toThrow(/drift.*exactly one of drift/);
    expect(() => solveSdeCheckpointedTf({ ...base, drift: net.driftWith, control: net.controlWith })).toThrow(
      InvalidParameterError,
    );
    expect(() => solveSdeCheckpointedTf({ ...base, drift: net.driftWith, segmentSteps: 0 })).toThrow(
      /segmentSteps.*\[1, 10\]/,
    );
    expect(() => solveSdeCheckpointedTf({ ...base, drift: net.driftWith, segmentSteps: 11 })).toThrow(/segmentSteps/);
    expect(() => solveSdeCheckpointedTf({ ...base, drift: net.driftWith, params: [] })).toThrow(/params/);
    expect(() => solveSdeCheckpointedTf({ ...base, control: net.controlWith, scheme: 'sra1' })).toThrow(/scheme/);
    // The same checks as solveNoiseControlledTf: one reference amplitude, an orthonormal basis of the right size.
    expect(() => solveSdeCheckpointedTf({ ...base, control: net.controlWith, sigma: [0.5] })).toThrow(
      /sigma.*one reference/,
    );
    const skew = tf.tensor2d([2], [1, 1]);
    expect(() => solveSdeCheckpointedTf({ ...base, control: net.controlWith, basis: skew })).toThrow(
      /basis.*orthonormal/,
    );
    const big = tf.eye(2) as tf.Tensor2D;
    expect(() => solveSdeCheckpointedTf({ ...base, control: net.controlWith, basis: big })).toThrow(/basis.*\[1, 1\]/);
    expect(() => solveSdeCheckpointedTf({ ...base, drift: net.driftWith, basis: big })).toThrow(
      /basis.*undefined with drift/,
    );
    tf.dispose([x0, skew, big, ...net.params]);
  });
});

describe('checkpointSegmentSteps', () => {
  it('the largest segment whose tape fits the budget; all steps when the rollout fits; at least 1', () => {
    expect(checkpointSegmentSteps({ steps: 128, bytesPerStep: 20e6, budgetBytes: 1e9 })).toBe(50);
    expect(checkpointSegmentSteps({ steps: 128, bytesPerStep: 1e6, budgetBytes: 1e9 })).toBe(128);
    expect(checkpointSegmentSteps({ steps: 128, bytesPerStep: 2e9, budgetBytes: 1e9 })).toBe(1);
    expect(() => checkpointSegmentSteps({ steps: 128, bytesPerStep: 1, budgetBytes: 0 })).toThrow(/budgetBytes/);
  });
});
