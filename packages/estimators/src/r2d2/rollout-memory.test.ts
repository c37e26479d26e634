// The fused rollout's memory estimate against tf.profile's peak bytes of whole R2D2 training steps (wasm): the peak
// of a step at T time steps (or with one segment length) minus that at T₀ (or another), which cancels what does not
// depend on the rollout (weights, Adam, the entropy term), against the estimate's difference, for fixed and controlled
// chains, d = 1 and d > 1, with the pending weight gradients past their bound, and checkpointed. The rollout peaks at
// one of two moments (rollout-memory.ts): unsegmented, as its forward pass hands its records to the tape (which copies
// them), or in the backward pass; each comparison below is between two runs that peak at the same moment (checked
// against the estimate's two parts, and against the kernel that tf.profile saw at the peak: the tape's copies are
// Identity kernels), except the checkpointed savings, which compare a whole rollout with a segmented one as a budget
// does. tf.profile counts every tensor allocation, so these figures are deterministic; the tolerance, 10 %, covers
// what the estimate leaves out (a step's smaller temporaries, and tensors outside the rollout that are alive at one
// moment and not at the other).
import { afterEach, describe, expect, it } from 'vitest';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { type Random, tf } from '@ratedistortion/core';
import { fusedRolloutState } from './fused-rollout.js';
import { R2D2 } from './r2d2.js';
import type { R2D2Options } from './config.js';
import {
  fusedRolloutBackwardBytes,
  fusedRolloutBytes,
  fusedRolloutForwardBytes,
  rolloutSegmentSteps,
  type RolloutMemoryShape,
} from './rollout-memory.js';

const normal = (dim: number) => ({
  dim,
  sample: (n: number, rng: Random) => ({ n, dim, data: rng.fillNormal(new Float64Array(n * dim)) }),
});

interface StepPeak {
  /** tf.profile's peak bytes of the second training step above what was live before it. */
  peak: number;
  segmentSteps: number;
  /** The kernel after which the peak was reached. */
  kernel: string;
}

async function stepPeak(dim: number, options: R2D2Options): Promise<StepPeak> {
  const est = new R2D2(normal(dim), options);
  try {
    await est.train({ steps: 1 });
    const live = tf.memory().numBytes;
    const p = await tf.profile(async () => {
      await est.train({ steps: 1 });
    });
    const atPeak = p.kernels.find((k) => k.totalBytesSnapshot === p.peakBytes);
    return { peak: p.peakBytes - live, segmentSteps: est.segmentSteps, kernel: atPeak?.name ?? '' };
  } finally {
    est.dispose();
  }
}

const TOLERANCE = 0.1;
const BASE = { epsMin: 0.2, epsMax: 0.8, entropy: 'gaussian' as const, seed: 3 };

function shapeOf(dim: number, options: Partial<R2D2Options>): RolloutMemoryShape {
  return {
    batch: options.batchSize as number,
    dim,
    hidden: options.hidden as number[],
    controlled: options.noise === 'controlled',
    gaussian: options.init !== 'zero',
    scheme: 'euler-maruyama',
    fused: true,
  };
}

describe('R2D2 rollout memory estimate (fused rollout)', () => {
  backendForSuite('wasm');
  const pending = fusedRolloutState.pendingGradientBytes;
  afterEach(() => {
    fusedRolloutState.pendingGradientBytes = pending;
  });

  it.each<[string, number, Partial<R2D2Options>, number, 'forward' | 'backward']>([
    // d = 1: the backward pass's per-step element-wise products outweigh the tape's copy of the records.
    ['d = 1, 2×32, fixed chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'fixed', init: 'zero' }, 4, 'backward'],
    ['d = 1, 2×32, controlled chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'controlled' }, 4, 'backward'],
    // d > 1: the records held twice as the forward pass hands them to the tape (from 12 steps on; at 4 the
    // backward pass's temporaries and the loss's tensors decide).
    ['d = 3, 16×16, controlled chain', 3, { hidden: [16, 16], batchSize: 64, noise: 'controlled' }, 12, 'forward'],
    [
      'd = 4, one layer of 24, fixed chain',
      4,
      { hidden: [24], batchSize: 96, noise: 'fixed', init: 'zero' },
      12,
      'forward',
    ],
    [
      'd = 4, one layer of 48, fixed chain',
      4,
      { hidden: [48], batchSize: 96, noise: 'fixed', init: 'zero' },
      12,
      'forward',
    ],
    [
      'd = 8, one layer of 24, fixed chain',
      8,
      { hidden: [24], batchSize: 96, noise: 'fixed', init: 'zero' },
      12,
      'forward',
    ],
    ['d = 5, 3×24, fixed chain', 5, { hidden: [24, 24, 24], batchSize: 48, noise: 'fixed' }, 12, 'forward'],
  ])(
    '%s: peak growth from T₀ to 24 time steps (unsegmented) within a tenth of the estimate',
    async (_, dim, extra, t0, moment) => {
      const options = { ...BASE, ...extra };
      const shape = shapeOf(dim, options);
      for (const T of [t0, 24]) {
        const forward = fusedRolloutForwardBytes(shape, T);
        const backward = fusedRolloutBackwardBytes(shape, T, T);
        expect(moment === 'forward' ? forward > backward : backward > forward).toBe(true);
      }
      const short = await stepPeak(dim, { ...options, dt: 1 / t0 });
      const long = await stepPeak(dim, { ...options, dt: 1 / 24 });
      expect([short.segmentSteps, long.segmentSteps]).toEqual([t0, 24]);
      // The tape's copies are Identity kernels (engine.clone).
      expect(long.kernel === 'Identity').toBe(moment === 'forward');
      if (moment === 'forward') expect(short.kernel).toBe('Identity');
      const estimated = fusedRolloutBytes(shape, 24, 24) - fusedRolloutBytes(shape, t0, t0);
      const measured = long.peak - short.peak;
      expect(Math.abs(estimated / measured - 1)).toBeLessThan(TOLERANCE);
    },
  );

  it.each<[string, number, Partial<R2D2Options>, number]>([
    ['d = 1, 2×32, fixed chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'fixed' }, pending],
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
  ])(
    '%s: the backward pass with segments of 12 against 6 of 24 steps within a tenth of the estimate',
    async (_, dim, extra, bound) => {
      fusedRolloutState.pendingGradientBytes = bound;
      const options = { ...BASE, dt: 1 / 24, ...extra };
      const shape = shapeOf(dim, options);
      const [long, short] = [12, 6].map((k) => fusedRolloutBytes(shape, k, 24));
      const twelve = await stepPeak(dim, { ...options, memoryBudget: long });
      const six = await stepPeak(dim, { ...options, memoryBudget: short });
      expect([twelve.segmentSteps, six.segmentSteps]).toEqual([12, 6]);
      expect([twelve.kernel, six.kernel]).not.toContain('Identity');
      const measured = twelve.peak - six.peak;
      expect(Math.abs((long - short) / measured - 1)).toBeLessThan(TOLERANCE);
    },
  );

  it('d = 1 with the per-step products past their bound: peak growth from 4 to 24 time steps within a tenth of the estimate', async () => {
    // d = 1's element-wise weight-gradient products (n rows each) are summed at the bound like the hidden layers'.
    fusedRolloutState.pendingGradientBytes = 2e5;
    const options = { ...BASE, hidden: [32, 32], batchSize: 128, noise: 'fixed' as const };
    const short = await stepPeak(1, { ...options, dt: 1 / 4 });
    const long = await stepPeak(1, { ...options, dt: 1 / 24 });
    const shape = shapeOf(1, options);
    const estimated = fusedRolloutBytes(shape, 24, 24) - fusedRolloutBytes(shape, 4, 4);
    // Without the bound the products of all 24 steps would be held: the sums must save something here.
    fusedRolloutState.pendingGradientBytes = pending;
    expect(fusedRolloutBytes(shape, 24, 24) - fusedRolloutBytes(shape, 4, 4)).toBeGreaterThan(1.3 * estimated);
    const measured = long.peak - short.peak;
    expect(Math.abs(estimated / measured - 1)).toBeLessThan(TOLERANCE);
  });

  it.each<[string, number, Partial<R2D2Options>]>([
    ['d = 1, 2×32, fixed chain', 1, { hidden: [32, 32], batchSize: 128, noise: 'fixed' }],
    ['d = 3, 2×16, controlled chain', 3, { hidden: [16, 16], batchSize: 64, noise: 'controlled' }],
  ])('%s: a budget for segments of 6 of 24 steps saves what the estimate says', async (_, dim, extra) => {
    const options = { ...BASE, dt: 1 / 24, ...extra };
    const shape = shapeOf(dim, options);
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
      gaussian: true,
      scheme: 'euler-maruyama',
      fused: true,
    };
    const k = rolloutSegmentSteps(shape, 128, 2 ** 28);
    expect(fusedRolloutBytes(shape, k, 128)).toBeLessThanOrEqual(2 ** 28);
    expect(fusedRolloutBytes(shape, k + 1, 128)).toBeGreaterThan(2 ** 28);
    expect(rolloutSegmentSteps(shape, 128, 2 ** 30)).toBe(128);
    expect(rolloutSegmentSteps(shape, 128, 1)).toBe(1);
    expect(() => rolloutSegmentSteps(shape, 128, 0)).toThrow(/budgetBytes/);
    // d > 1 unsegmented: the tape's copy of the records makes the whole rollout need more than two segments do.
    const whole = fusedRolloutBytes(shape, 128, 128);
    expect(fusedRolloutForwardBytes(shape, 128)).toBe(whole);
    expect(rolloutSegmentSteps(shape, 128, whole - 1)).toBe(127);
    expect(fusedRolloutBytes(shape, 127, 128)).toBeLessThan(0.7 * whole);
    // The taped path (SRA1 here) keeps ≈ 70 kernels' tape per step: far more than the fused rollout.
    expect(rolloutSegmentSteps({ ...shape, scheme: 'sra1', fused: false }, 128, 2 ** 30)).toBeLessThan(k);
  });
});
