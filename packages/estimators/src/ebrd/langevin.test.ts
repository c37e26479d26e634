import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, NumericalError, Random, tf, useBackend } from '@ratedistortion/core';
import { conditionalEnergy, langevinSample } from './langevin.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// E(y) = ½ a ‖y − μ‖²: the Langevin update is linear, y_k = r·y_{k−1} + h·a·μ + ε z with h = ε²/2, r = 1 − h·a,
// so from y_0 ~ N(0, 1) the K-step law is exactly Gaussian with
//   mean μ(1 − r^K),  variance r^{2K} + v∞(1 − r^{2K}),  v∞ = ε²/(1 − r²) = 1/(a(1 − h·a/2)).
// This is the discretised chain's own law (ULA bias included), so the reference is exact for finite K and ε.
function exactLaw(a: number, mu: number, stepSize: number, steps: number) {
  const h = 0.5 * stepSize * stepSize;
  const r = 1 - h * a;
  const vInf = (stepSize * stepSize) / (1 - r * r);
  const r2k = r ** (2 * steps);
  return { mean: mu * (1 - r ** steps), variance: r2k + vInf * (1 - r2k) };
}

describe('langevinSample', () => {
  it('reproduces the exact K-step law of a quadratic energy (2-D, per coordinate)', () => {
    const a = 2;
    const mu = [1.5, -0.5];
    const n = 4000;
    const rng = new Random(11);
    const before = tf.memory().numTensors;
    const muT = tf.tensor1d(mu);
    const energy = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(tf.sub(y, muT)), 1), 0.5 * a) as tf.Tensor1D;
    const init = tf.tensor2d(rng.fillNormal(new Float32Array(n * 2)), [n, 2]);
    for (const [steps, stepSize] of [
      [5, 0.3],
      [200, 0.3],
    ] as const) {
      const y = langevinSample(energy, init, { steps, stepSize, rng });
      const data = y.dataSync();
      y.dispose();
      for (let k = 0; k < 2; k++) {
        const ref = exactLaw(a, mu[k], stepSize, steps);
        let m = 0;
        let s = 0;
        for (let i = 0; i < n; i++) m += data[2 * i + k];
        m /= n;
        for (let i = 0; i < n; i++) s += (data[2 * i + k] - m) ** 2;
        const v = s / (n - 1);
        // Standard errors of the sample mean and variance of n Gaussian draws: √(σ²/n) and σ²√(2/(n−1));
        // 5 standard errors (two-sided p ≈ 6e-7 per check) keeps the fixed-seed test far from the edge.
        expect(Math.abs(m - ref.mean)).toBeLessThan(5 * Math.sqrt(ref.variance / n));
        expect(Math.abs(v - ref.variance)).toBeLessThan(5 * ref.variance * Math.sqrt(2 / (n - 1)));
      }
    }
    init.dispose();
    muT.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('separates the 5-step law from the stationary one (the check above can fail)', () => {
    const early = exactLaw(2, 1.5, 0.3, 5);
    const late = exactLaw(2, 1.5, 0.3, 200);
    expect(Math.abs(early.mean - late.mean)).toBeGreaterThan(0.3);
  });

  it('is a deterministic function of the seed and leaves init untouched', () => {
    const energy = (y: tf.Tensor2D) => tf.sum(tf.square(y), 1) as tf.Tensor1D;
    const init = tf.tensor2d([[1], [2], [3]]);
    const a = langevinSample(energy, init, { steps: 10, stepSize: 0.1, rng: new Random(5) });
    const b = langevinSample(energy, init, { steps: 10, stepSize: 0.1, rng: new Random(5) });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(init.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([a, b, init]);
  });

  it('conditionalEnergy adds ½‖x − y‖²/eps row by row', () => {
    const x = tf.tensor2d([
      [0, 0],
      [1, 2],
    ]);
    const y = tf.tensor2d([
      [1, 1],
      [1, 0],
    ]);
    const e = conditionalEnergy((v) => tf.sum(v, 1) as tf.Tensor1D, x, 0.25);
    const out = e(y);
    // Row 0: (1 + 1) + ½·2/0.25 = 6; row 1: (1 + 0) + ½·4/0.25 = 9.
    expect(Array.from(out.dataSync())).toEqual([6, 9]);
    expect(() => e(tf.tensor2d([[1, 1]]))).toThrow(InvalidParameterError);
    tf.dispose([x, y, out]);
  });

  it('rejects bad input and reports a diverging chain', () => {
    const energy = (y: tf.Tensor2D) => tf.sum(tf.square(y), 1) as tf.Tensor1D;
    const init = tf.tensor2d([[1]]);
    const rng = new Random(0);
    expect(() => langevinSample(energy, init, { steps: -1, stepSize: 0.1, rng })).toThrow(InvalidParameterError);
    expect(() => langevinSample(energy, init, { steps: 1.5, stepSize: 0.1, rng })).toThrow(/steps/);
    expect(() => langevinSample(energy, init, { steps: 1, stepSize: 0, rng })).toThrow(/stepSize/);
    expect(() => langevinSample(energy, init, { steps: 1, stepSize: Infinity, rng })).toThrow(/stepSize/);
    expect(() =>
      langevinSample(energy, init, { steps: 1, stepSize: 0.1, rng: Math.random as unknown as Random }),
    ).toThrow(/rng/);
    expect(() =>
      langevinSample(energy, tf.tensor1d([1]) as unknown as tf.Tensor2D, { steps: 1, stepSize: 0.1, rng }),
    ).toThrow(/init/);
    expect(() => conditionalEnergy(energy, init, -1)).toThrow(/eps/);
    const before = tf.memory().numTensors;
    // Curvature 2000 with drift coefficient ε²/2 = 0.5: |1 − 0.5·2000| ≫ 1, the chain explodes.
    const steep = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(y), 1), 1000) as tf.Tensor1D;
    expect(() => langevinSample(steep, init, { steps: 200, stepSize: 1, rng })).toThrow(NumericalError);
    expect(tf.memory().numTensors).toBe(before);
    init.dispose();
  });
});
