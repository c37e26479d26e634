import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@ratedistortion/core';
import {
  measureStepMatmulRatio,
  r2d2StepFlops,
  R2D2_STEP_MATMUL_RATIO,
  SPEED_CHECKS,
  SPEED_RATIO_TOLERANCE,
} from './speed-checks.js';

describe('the speed guard', () => {
  it('counts the step FLOPs as 3 × the forward matmuls over the rollout', () => {
    // d = 1, hidden [128, 128], batch 512, 100 steps: widths 3 → 128 → 128 → 1.
    const forward = 2 * 512 * (3 * 128 + 128 * 128 + 128 * 1);
    expect(r2d2StepFlops(1, [128, 128], 512, 100)).toBe(3 * forward * 100);
    expect(r2d2StepFlops(2, [8], 4, 3)).toBe(3 * 3 * 2 * 4 * (4 * 8 + 8 * 2));
  });

  it('measures a finite positive step/loop ratio without leaking tensors', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const r = await measureStepMatmulRatio({ rounds: 2, stepsPerRound: 1, batch: 16, timeSteps: 4, hidden: [8] });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.step).toBeGreaterThan(0);
    expect(r.matmul).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.step / r.matmul, 12);
    expect(r.matmuls).toBe(Math.round(r2d2StepFlops(1, [8], 16, 4) / (2 * 16 * 8 * 8)));
  });

  it('is one check judged one-sidedly against the committed ratio', () => {
    expect(SPEED_CHECKS.map((c) => c.name)).toEqual(['r2d2 step vs matmul loop']);
    expect(R2D2_STEP_MATMUL_RATIO).toBeGreaterThan(1);
    expect(SPEED_RATIO_TOLERANCE).toBe(0.3);
  });
});
