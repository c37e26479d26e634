// R2D2's memoryBudget: a budget below the rollout's memory checkpoints the training rollout (segments recomputed in
// the backward pass); the training then follows the plain run to float32 rounding (same losses, same weights after
// a few Adam steps to 1e-6 of lr-sized moves), for fixed noise, SRA1 and noise control; the default
// checkpoints neither the default settings nor the paper's fig5 configuration (a quarter of it does); nothing leaks.
import { describe, expect, it } from 'vitest';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { type Random, tf } from '@ratedistortion/core';
import { R2D2 } from './r2d2.js';
import { R2D2_DEFAULT_MEMORY_BUDGET, resolveR2D2Config, type R2D2Options } from './config.js';

const dim = 3;
const source = {
  dim,
  sample: (n: number, rng: Random) => ({ n, dim, data: rng.fillNormal(new Float64Array(n * dim)) }),
};

describe('R2D2 memoryBudget', () => {
  backendForSuite('wasm');

  // Budgets below each path's rollout (rollout-memory.ts): the fused rollout (Euler–Maruyama) holds ≈ 0.2 MB for all
  // 10 time steps here (0.26 MB with noise control), so 1e5 gives segments of 3 (of 1 with noise control); SRA1's
  // taped path ≈ 0.29 MB per time step.
  it.each<[string, Partial<R2D2Options>, number]>([
    ['euler-maruyama, DV entropy', { entropy: 'dv' }, 1e5],
    ['sra1', { scheme: 'sra1' }, 3e5],
    ['noise-controlled', { noise: 'controlled' }, 1e5],
  ])('%s: a checkpointed run follows the plain one to float32 rounding', async (_, extra, budget) => {
    const options: R2D2Options = {
      epsMin: 0.2,
      epsMax: 0.8,
      batchSize: 64,
      dt: 0.1,
      hidden: [16, 16],
      entropy: 'gaussian',
      seed: 5,
      ...extra,
    };
    const before = tf.memory().numTensors;
    const plain = new R2D2(source, options);
    const small = new R2D2(source, { ...options, memoryBudget: budget });
    expect(plain.segmentSteps).toBe(10);
    expect(small.segmentSteps).toBeGreaterThan(0);
    expect(small.segmentSteps).toBeLessThan(10);
    const lossesPlain: number[] = [];
    const lossesSmall: number[] = [];
    await plain.train({ steps: 4, progressEvery: 1, onProgress: (p) => lossesPlain.push(p.loss) });
    await small.train({ steps: 4, progressEvery: 1, onProgress: (p) => lossesSmall.push(p.loss) });
    lossesSmall.forEach((l, k) =>
      expect(Math.abs(l - lossesPlain[k])).toBeLessThan(1e-5 * Math.abs(lossesPlain[k]) + 1e-6),
    );
    const wp = plain.getWeights();
    small.getWeights().forEach((w, k) => {
      let worst = 0;
      for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j] - wp[k][j]));
      expect(worst).toBeLessThan(1e-6);
    });
    // The budget is part of the config: a checkpoint resumes with the same segments.
    const resumed = R2D2.fromJSON(JSON.parse(JSON.stringify(small.toJSON())), source);
    expect(resumed.segmentSteps).toBe(small.segmentSteps);
    plain.dispose();
    small.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("defaults: 1 GiB, which checkpoints neither the default settings nor the paper's fig5 configuration", () => {
    expect(resolveR2D2Config({ epsMin: 0.1, epsMax: 0.9 }, 16).memoryBudget).toBe(R2D2_DEFAULT_MEMORY_BUDGET);
    const plain = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, hidden: [128, 128] });
    expect(plain.segmentSteps).toBe(100);
    plain.dispose();
    const cifar = {
      dim: 16,
      sample: (n: number, rng: Random) => ({ n, dim: 16, data: rng.fillNormal(new Float64Array(n * 16)) }),
    };
    const fig5Options: R2D2Options = {
      epsMin: 5e-4,
      epsMax: 0.026,
      hidden: [1024, 1024, 1024],
      dt: 1 / 128,
      batchSize: 256,
      entropy: 'gaussian',
    };
    const fig5 = new R2D2(cifar, fig5Options);
    // The fused rollout holds ≈ 0.8 GiB for all 128 steps here (benchmarks/r2d2/fig5-memory.ts measures the step).
    expect(fig5.segmentSteps).toBe(128);
    fig5.dispose();
    const fig5Small = new R2D2(cifar, { ...fig5Options, memoryBudget: 2 ** 28 });
    expect(fig5Small.segmentSteps).toBeGreaterThan(8);
    expect(fig5Small.segmentSteps).toBeLessThan(64);
    fig5Small.dispose();
    expect(() => new R2D2(source, { epsMin: 0.1, epsMax: 0.9, memoryBudget: 0 })).toThrow(/memoryBudget/);
  });
});
