import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import fixtures from './fixtures/entropy-fixtures.json';
import { gaussianEntropy, gaussianEntropyBias, gaussianEntropyStdError, gaussianEntropyTf } from './gaussian.js';
import { gaussianSource, laplaceSource, uniformBoxSource } from './test-sources.test-util.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

const N = 2000;

describe('gaussianEntropy', () => {
  it('matches the numpy plug-in and Wishart bias on the fixture data', () => {
    for (const c of fixtures.cases) {
      const e = gaussianEntropy({ n: c.n, dim: c.dim, data: Float64Array.from(c.data) });
      expect(e.entropy).toBeCloseTo(c.gaussian, 10);
      expect(e.details?.gaussianBias as number).toBeCloseTo(c.gaussianBias, 10);
    }
  });

  // For Gaussian data the estimator's bias and sd are exact (Wishart moments), so after removing the bias the
  // error is a single draw with sd = stdError: |error| ≤ 4 sd fails with probability 6e-5 per case.
  it.each([1, 5, 10])('is unbiased after the Wishart correction on N(0, Σ), d = %i (|err| ≤ 4 sd)', (d) => {
    const src = gaussianSource(N, d, 100 + d);
    const e = gaussianEntropy(src.samples, { biasCorrected: true });
    expect(e.stdError).toBeCloseTo(gaussianEntropyStdError(N, d), 15);
    expect(Math.abs(e.entropy - src.entropy)).toBeLessThanOrEqual(4 * e.stdError!);
  });

  it('bias formula agrees with a Monte Carlo average (n = 12, d = 3, 4000 replicates)', () => {
    // Small n makes the bias large (≈ −0.43 nats) so the check is sharp. Replicate sd ≈ gaussianEntropyStdError(12, 3)
    // ≈ 0.46, so the mean of 4000 has sd ≈ 0.0073; tolerance 4 × that.
    const n = 12,
      d = 3,
      reps = 4000;
    let sum = 0;
    for (let r = 0; r < reps; r++)
      sum += gaussianEntropy(gaussianSource(n, d, 5000 + r).samples).entropy - gaussianSource(1, d, 0).entropy;
    const tol = (4 * gaussianEntropyStdError(n, d)) / Math.sqrt(reps);
    expect(Math.abs(sum / reps - gaussianEntropyBias(n, d))).toBeLessThanOrEqual(tol);
    expect(gaussianEntropyBias(n, d)).toBeLessThan(-0.3);
  });

  // For non-Gaussian data the plug-in converges to the Gaussian entropy with the same covariance, H + negentropy.
  // Var(log s²) ≈ (κ − 1)/n for a coordinate with kurtosis κ, and the independent coordinates add up:
  // sd(Ĥ) ≈ ½ √(d(κ − 1)/n). Bias O(d²/n) ≤ 0.01 here. Tolerance 4 sd + 0.01.
  it.each([
    ['uniform box d=3', uniformBoxSource(N, 3, 7)],
    ['laplace d=2', laplaceSource(N, 2, 8)],
  ])('converges to H + negentropy on a %s source', (_, src) => {
    const e = gaussianEntropy(src.samples);
    const sd = 0.5 * Math.sqrt((src.samples.dim * (src.kurtosis - 1)) / N);
    expect(Math.abs(e.entropy - src.gaussianEntropy)).toBeLessThanOrEqual(4 * sd + 0.01);
    expect(e.entropy - src.entropy).toBeGreaterThan(0.1); // the negentropy gap is real (0.53 and 0.15 nats)
  });

  it('rejects bad input with typed errors', () => {
    expect(() =>
      gaussianEntropy([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toThrow(/symmetric positive-definite/);
    expect(() => gaussianEntropy([[1, 2], [3]])).toThrow(/samples\[1\]/);
    expect(() => gaussianEntropyBias(3, 3)).toThrow(/Invalid n/);
  });
});

describeOnEachBackend('gaussianEntropyTf', () => {
  it('equals the float64 estimate and has gradient Σ̂⁻¹(x_i − x̄)/(n−1) (finite differences)', async () => {
    const before = tf.memory().numTensors;
    const src = gaussianSource(200, 3, 9);
    const x = tf.tensor2d(Float32Array.from(src.samples.data), [200, 3]);
    const value = gaussianEntropyTf(x);
    // Reference on the float32-rounded data: float32 covariance sums carry ~1e-6 relative error.
    const rounded = { n: 200, dim: 3, data: Float64Array.from(Float32Array.from(src.samples.data)) };
    expect(value.dataSync()[0]).toBeCloseTo(gaussianEntropy(rounded).entropy, 4);
    const gT = tf.grad((t: tf.Tensor) => gaussianEntropyTf(t as tf.Tensor2D))(x);
    const g = gT.arraySync() as number[][];
    const h = 1e-4;
    for (const [i, j] of [
      [0, 0],
      [17, 2],
      [199, 1],
    ]) {
      const plus = Float64Array.from(rounded.data);
      plus[i * 3 + j] += h;
      const minus = Float64Array.from(rounded.data);
      minus[i * 3 + j] -= h;
      const fd =
        (gaussianEntropy({ n: 200, dim: 3, data: plus }).entropy -
          gaussianEntropy({ n: 200, dim: 3, data: minus }).entropy) /
        (2 * h);
      expect(g[i][j]).toBeCloseTo(fd, 4);
    }
    tf.dispose([x, value, gT]);
    expect(tf.memory().numTensors).toBe(before);
    const few = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => gaussianEntropyTf(few)).toThrow(/at least dim \+ 1/);
    few.dispose();
  });
});
