// The fused rollout's memory estimate against tf.profile's peak bytes of whole R2D2 training steps (wasm): the peak
// of a step at T time steps minus that at T₀ (which cancels what does not depend on the rollout: weights, Adam, the
// entropy term) against the estimate's difference, one segment and checkpointed, for fixed and controlled chains,
// d = 1 and d > 1, and with the pending weight gradients past their bound. tf.profile counts every tensor
// allocation, so these figures are deterministic; the tolerance, 10 %, covers what the estimate leaves out (a
// step's short-lived temporaries, which of them are alive at the peak).
import { afterEach, describe, expect, it } from 'vitest';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { type Random, tf } from '@ratedistortion/core';
import { fusedRolloutState } from './fused-rollout.js';
import { R2D2 } from './r2d2.js';
import type { R2D2Options } from './config.js';
import { fusedRolloutBytes, rolloutSegmentSteps, type RolloutMemoryShape } from './rollout-memory.js';

const normal = (dim: number) => ({
  dim,
  sample: (n: number, rng: Random) => ({ n, dim, data: rng.fillNormal(new Float64Array(n * dim)) }),
});

/** tf.profile's peak bytes of the second training step above what was live before it, and the segment length. */
async function stepPeak(dim: number, options: R2D2Options): Promise<{ peak: number; segmentSteps: number }> {
  const est = new R2D2(normal(dim), options);
  try {
    await est.train({ steps: 1 });
    const live = tf.memory().numBytes;
    const p = await tf.profile(async () => {
      await est.train({ steps: 1 });
    });
    return { peak: p.peakBytes - live, segmentSteps: est.segmentSteps };
  } finally {
    est.dispose();
  }
}

const TOLERANCE = 0.1;

describe('R2D2 rollout memory estimate (fused rollout)', () => {
  backendForSuite('wasm');
  const pending = fusedRolloutState.pendingGradientBytes;
  afterEach(() => {
    fusedRolloutState.pendingGradientBytes = pending;
  });

  it.each<[string, number, Partial<R2D2Options>, number]>([
    ['d = 1, 2×32, fixed chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'fixed', init: 'zero' }, pending],
    ['d = 1, 2×32, controlled chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'controlled' }, pending],
    ['d = 3, 16×16, controlled chain', 3, { hidden: [16, 16], batchSize: 64, noise: 'controlled' }, pending],
    ['d = 4, one layer of 24, fixed chain', 4, { hidden: [24], batchSize: 96, noise: 'fixed', init: 'zero' }, pending],
    ['d = 5, 3×24, fixed chain', 5, { hidden: [24, 24, 24], batchSize: 48, noise: 'fixed' }, pending],
    [
      'd = 4, 2×64, controlled chain, pending gradients past their bound',
      4,
      { hidden: [64, 64], batchSize: 32, noise: 'controlled' },
      2e5,
    ],
    [
      'd = 4, 2×64, fixed chain, pending gradients past their bound',
      4,
      { hidden: [64, 64], batchSize: 32, noise: 'fixed' },
      2e5,
    ],
  ])('%s: peak growth from 4 to 24 time steps within a tenth of the estimate', async (_, dim, extra, bound) => {
    fusedRolloutState.pendingGradientBytes = bound;
    const options = { epsMin: 0.2, epsMax: 0.8, entropy: 'gaussian' as const, seed: 3, ...extra };
    const short = await stepPeak(dim, { ...options, dt: 1 / 4 });
    const long = await stepPeak(dim, { ...options, dt: 1 / 24 });
    expect([short.segmentSteps, long.segmentSteps]).toEqual([4, 24]);
    const shape: RolloutMemoryShape = {
      batch: options.batchSize as number,
      dim,
      hidden: options.hidden as number[],
      controlled: options.noise === 'controlled',
      scheme: 'euler-maruyama',
      fused: true,
    };
    const estimated = fusedRolloutBytes(shape, 24, 24) - fusedRolloutBytes(shape, 4, 4);
    const measured = long.peak - short.peak;
    expect(Math.abs(estimated / measured - 1)).toBeLessThan(TOLERANCE);
  });

  it('d = 1 with the pending products past their bound: the estimate is an upper bound, within 2×', async () => {
    // For d = 1 the estimate counts the element-wise weight-gradient products per step; measured, summing them at
    // the bound saves less than for d > 1, so the bound is not relied on there.
    fusedRolloutState.pendingGradientBytes = 2e5;
    const options = {
      epsMin: 0.2,
      epsMax: 0.8,
      entropy: 'gaussian' as const,
      seed: 3,
      hidden: [32, 32],
      batchSize: 128,
      noise: 'fixed' as const,
    };
    const short = await stepPeak(1, { ...options, dt: 1 / 4 });
    const long = await stepPeak(1, { ...options, dt: 1 / 24 });
    const shape: RolloutMemoryShape = {
      batch: 128,
      dim: 1,
      hidden: [32, 32],
      controlled: false,
      scheme: 'euler-maruyama',
      fused: true,
    };
    const ratio = (fusedRolloutBytes(shape, 24, 24) - fusedRolloutBytes(shape, 4, 4)) / (long.peak - short.peak);
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(2);
  });

  it.each<[string, number, Partial<R2D2Options>]>([
    ['d = 1, 2×32, fixed chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'fixed' }],
    ['d = 3, 2×16, controlled chain', 3, { hidden: [16, 16], batchSize: 64, noise: 'controlled' }],
  ])('%s: a budget for segments of 6 of 24 steps saves what the estimate says', async (_, dim, extra) => {
    const options = { epsMin: 0.2, epsMax: 0.8, entropy: 'gaussian' as const, seed: 3, dt: 1 / 24, ...extra };
    const shape: RolloutMemoryShape = {
      batch: options.batchSize as number,
      dim,
      hidden: options.hidden as number[],
      controlled: options.noise === 'controlled',
      scheme: 'euler-maruyama',
      fused: true,
    };
    const budget = fusedRolloutBytes(shape, 6, 24);
    expect(rolloutSegmentSteps(shape, 24, budget)).toBe(6);
    const full = await stepPeak(dim, options);
    const segmented = await stepPeak(dim, { ...options, memoryBudget: budget });
    expect([full.segmentSteps, segmented.segmentSteps]).toEqual([24, 6]);
    const estimated = fusedRolloutBytes(shape, 24, 24) - budget;
    const measured = full.peak - segmented.peak;
    expect(Math.abs(estimated / measured - 1)).toBeLessThan(TOLERANCE);
  });

  it('the segment length: all steps when the rollout fits, the longest segments that fit otherwise, at least 1', () => {
    const shape: RolloutMemoryShape = {
      batch: 256,
      dim: 16,
      hidden: [1024, 1024, 1024],
      controlled: true,
      scheme: 'euler-maruyama',
      fused: true,
    };
    const k = rolloutSegmentSteps(shape, 128, 2 ** 28);
    expect(fusedRolloutBytes(shape, k, 128)).toBeLessThanOrEqual(2 ** 28);
    expect(fusedRolloutBytes(shape, k + 1, 128)).toBeGreaterThan(2 ** 28);
    expect(rolloutSegmentSteps(shape, 128, 2 ** 31)).toBe(128);
    expect(rolloutSegmentSteps(shape, 128, 1)).toBe(1);
    expect(() => rolloutSegmentSteps(shape, 128, 0)).toThrow(/budgetBytes/);
    // The taped path (SRA1 here) keeps ≈ 70 kernels' tape per step: far more than the fused rollout.
    expect(rolloutSegmentSteps({ ...shape, scheme: 'sra1', fused: false }, 128, 2 ** 30)).toBeLessThan(k);
  });
});
