import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/index.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { KnifeEntropyModel, knifeEntropy } from './knife.js';
import { gaussianSource, laplaceSource, uniformBoxSource, type TestSource } from './test-sources.test-util.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

const N = 400;
const K = 8;
const STEPS = 100;

/** Free parameters of a K-component full-covariance mixture in dimension d. */
const mixtureParams = (d: number) => K * (1 + d + (d * (d + 1)) / 2) - 1;

// Trained for a fixed number of steps with a fixed seed, so each result is deterministic. Tolerances:
// - below: evaluating on the training sample is optimistic by the overfitting gap, ≈ p/(2n) for p free parameters
//   (AIC); allow p/n + 4 sd.
// - above: the cross-entropy exceeds H by KL(p‖best K-mixture) + optimisation error; a smooth unimodal density is
//   fitted well (allow 0.05 nat/dim), a box's faces are not (allow 0.15 nat/dim).
describe('knifeEntropy (cpu)', () => {
  it.each<[string, TestSource, number]>([
    ['gaussian d=1', gaussianSource(N, 1, 41), 0.05],
    ['gaussian d=5', gaussianSource(N, 5, 42), 0.05],
    ['gaussian d=10', gaussianSource(N, 10, 43), 0.05],
    ['uniform box d=3', uniformBoxSource(N, 3, 44), 0.15],
    ['laplace d=2', laplaceSource(N, 2, 45), 0.05],
  ])('%s', async (_, src, approxPerDim) => {
    await useBackend('cpu');
    const d = src.samples.dim;
    const e = knifeEntropy(src.samples, { components: K, steps: STEPS, seed: 1, learningRate: 0.02 });
    const err = e.entropy - src.entropy;
    expect(err).toBeGreaterThan(-(mixtureParams(d) / N + 4 * e.stdError!));
    expect(err).toBeLessThan(approxPerDim * d + 4 * e.stdError!);
    expect(e.details?.finalTrainingLoss).toBeTypeOf('number');
  });

  it('rejects bad input with typed errors', () => {
    expect(() => knifeEntropy([1, 2, 3], { components: 0 })).toThrow(/Invalid components/);
    expect(() => knifeEntropy([1, 2, 3], { steps: 2.5 })).toThrow(/Invalid steps/);
    expect(() => new KnifeEntropyModel({ dim: 2, components: 2, rng: 1 as never })).toThrow(/Invalid rng/);
  });
});

describeOnEachBackend('KnifeEntropyModel', () => {
  it('keeps tensor counts constant over repeated steps, is differentiable w.r.t. x and restores from weights', async () => {
    const before = tf.memory().numTensors;
    const src = laplaceSource(128, 2, 46);
    const x = tf.tensor2d(Float32Array.from(src.samples.data), [128, 2]);
    const model = new KnifeEntropyModel({ dim: 2, components: 4, rng: new Random(2), learningRate: 0.02 });
    const first = model.fitStep(x); // initialises and creates Adam's slots
    const afterFirst = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 5; i++) last = model.trainSteps(x, 4);
    model.update(x);
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(last).toBeLessThan(first);

    // d entropy / d x_ij against a central difference of the model's own float32 entropy.
    const gT = tf.grad((t: tf.Tensor) => model.entropyTf(t as tf.Tensor2D))(x);
    const g = gT.arraySync() as number[][];
    const h = 1e-2;
    for (const [i, j] of [
      [0, 0],
      [77, 1],
    ]) {
      const bump = (delta: number) =>
        tf.tidy(() => {
          const m = tf.buffer([128, 2], 'float32', Float32Array.from(src.samples.data));
          m.set(m.get(i, j) + delta, i, j);
          return model.entropyTf(m.toTensor() as tf.Tensor2D).dataSync()[0];
        });
      const fd = (bump(h) - bump(-h)) / (2 * h);
      expect(Math.abs(g[i][j] - fd)).toBeLessThan(0.02 * Math.abs(fd) + 2e-4);
    }

    const weights = model.getWeights();
    const value = tf.tidy(() => model.entropyTf(x).dataSync()[0]);
    const copy = new KnifeEntropyModel({ dim: 2, components: 4, rng: new Random(99) });
    copy.setWeights(weights);
    expect(tf.tidy(() => copy.entropyTf(x).dataSync()[0])).toBeCloseTo(value, 5);
    expect(() => copy.setWeights(weights.slice(1))).toThrow(InvalidParameterError);
    const wrong = tf.zeros([4, 3]) as tf.Tensor2D;
    expect(() => copy.entropyTf(wrong)).toThrow(DimensionMismatchError);
    tf.dispose([x, gT, wrong]);
    copy.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
