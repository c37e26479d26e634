// A load-independent guard on the cost of R2D2's training step: the number of tfjs kernel launches per Euler step of
// the training rollout (forward and backward), counted with tf.profile on wasm. Wall time on a shared machine swings
// by ±50 %; the launch count does not, and every launch costs JavaScript bookkeeping (docs/speed.md, "Fewer kernels
// per step"). Measured: 32 per Euler step (the paper's fixed chain, d = 1, 2 hidden layers) with the rollout as one
// op with a hand-written backward pass (fused-rollout.ts, where four element-wise kernels build h0ᵀ from x in less CPU
// time than one transpose of h0 would take); 69 with the taped rollout (faf643d fails this test), 97 before the
// sharing Identity, prepared layers and the Euler-update, time-bias and energy ops. A change that adds launches to
// every Euler step fails here; one that removes some should lower the bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from './r2d2.js';

/** Kernel launches of one training step with `steps` Euler steps (after one untimed step). */
async function launchesPerTrainingStep(steps: number): Promise<number> {
  const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.1,
    epsMax: 0.9,
    batchSize: 32,
    dt: 1 / steps,
    hidden: [8, 8],
    seed: 2,
    noise: 'fixed',
    init: 'zero',
  });
  try {
    await est.train({ steps: 1 });
    const info = await tf.profile(async () => {
      await est.train({ steps: 1 });
    });
    return info.kernels.length;
  } finally {
    est.dispose();
  }
}

describe('R2D2 training step: kernel launches (wasm)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('stays at most 32 launches per Euler step of the rollout', async () => {
    const ten = await launchesPerTrainingStep(10);
    const twenty = await launchesPerTrainingStep(20);
    const perEulerStep = (twenty - ten) / 10;
    expect(Number.isInteger(perEulerStep)).toBe(true);
    expect(perEulerStep).toBeGreaterThan(0);
    expect(perEulerStep).toBeLessThanOrEqual(32);
  });
});
