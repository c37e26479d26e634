import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/index.js';
import { NumericalError } from '../errors/errors.js';
import { ownedVariable } from '../nn/owned-variable.js';
import { meanAndVariance, optimiserSteps, withSampleTensor } from './trained-model.js';

describe('optimiserSteps', () => {
  it('runs the steps (plain SGD on (v − 3)²: v ← v − 2·lr·(v − 3)) and returns sign × the last loss', async () => {
    await useBackend('cpu');
    const v = ownedVariable(tf.scalar(0), true);
    const optimizer = tf.train.sgd(0.25);
    const before = tf.memory().numTensors;
    let prepared = 0;
    const ctx = { optimizer, variables: [v], steps: 3, where: 'test', quantity: 'loss', sign: -1 as const };
    const last = optimiserSteps(
      ctx,
      () => {
        prepared++;
        return tf.scalar(3);
      },
      (target) => tf.square(tf.sub(v, target)) as tf.Scalar,
    );
    // v: 0 → 1.5 → 2.25 → 2.625; the loss read is the one before the last step, (2.25 − 3)² = 0.5625.
    expect(prepared).toBe(3);
    expect(last).toBeCloseTo(-0.5625, 6);
    expect(v.dataSync()[0]).toBeCloseTo(2.625, 6);
    expect(tf.memory().numTensors).toBe(before); // the prepared tensors and the costs are freed
    tf.dispose([v]);
    optimizer.dispose();
  });

  it('throws NumericalError naming where and what when the loss read is not finite', async () => {
    await useBackend('cpu');
    const v = ownedVariable(tf.scalar(1), true);
    const optimizer = tf.train.sgd(0.1);
    const ctx = { optimizer, variables: [v], steps: 2, where: 'Model.trainSteps', quantity: 'loss', sign: 1 as const };
    expect(() =>
      optimiserSteps(
        ctx,
        () => null,
        () => tf.log(tf.sub(v, 2)) as tf.Scalar,
      ),
    ).toThrow(NumericalError);
    expect(() =>
      optimiserSteps(
        ctx,
        () => null,
        () => tf.log(tf.sub(v, 2)) as tf.Scalar,
      ),
    ).toThrow(/Model\.trainSteps.*loss is NaN/);
    expect(() =>
      optimiserSteps(
        { ...ctx, steps: 0 },
        () => null,
        () => tf.square(v) as tf.Scalar,
      ),
    ).toThrow(/steps/);
    tf.dispose([v]);
    optimizer.dispose();
  });
});

describe('withSampleTensor', () => {
  it('hands over the sample as a float32 [n, dim] tensor and frees it and the model, also on a throw', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    let disposed = 0;
    const model = { dispose: () => disposed++ };
    const s = { n: 2, dim: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    const got = withSampleTensor(s, model, (x) => ({
      shape: x.shape,
      dtype: x.dtype,
      sum: tf.tidy(() => tf.sum(x).dataSync()[0]),
    }));
    expect(got).toEqual({ shape: [2, 3], dtype: 'float32', sum: 21 });
    expect(() =>
      withSampleTensor(s, model, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(disposed).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('meanAndVariance', () => {
  it('agrees with the two-pass formula and floors round-off below 0', () => {
    const v = [1.5, -2, 4.25, 0, 3];
    const mean = v.reduce((a, b) => a + b) / v.length;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    const r = meanAndVariance(Float32Array.from(v));
    expect(r.mean).toBeCloseTo(mean, 12);
    expect(r.variance).toBeCloseTo(variance, 12);
    expect(meanAndVariance([0.1, 0.1, 0.1]).variance).toBe(0);
  });
});
