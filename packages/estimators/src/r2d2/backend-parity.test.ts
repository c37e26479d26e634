// The cpu backend stays correct while the speed work targets wasm: one R2D2 training step (controller rollout,
// Euler–Maruyama, control energy + eps·entropy, gradients w.r.t. every controller weight) computed on 'cpu' and on
// 'wasm' from the same weights and the same Brownian increments must agree to float32 accuracy.
//
// Tolerances: both backends compute in float32 (unit round-off u = 6e-8) but sum in different orders (XNNPACK's
// blocked matmul vs the cpu backend's loops). The loss is a mean over 128 paths × 50 Euler steps of O(1) terms
// plus a log-determinant: a relative difference of a few hundred u (≈ 1e-5) is round-off, we allow 1e-4. Each
// gradient entry is a sum of 128 × 50 products that cancel partially, so we compare on the scale of the largest
// entry of that weight block, max |g_cpu − g_wasm| <= 1e-3 · max |g_cpu| (measured: 0.7–3.4e-7 for
// the gradients, 7e-8 for the loss);
// a wrong gradient kernel (a missing transpose, a dropped bias term, a sign) is off by O(1) on that scale.
import { describe, expect, it } from 'vitest';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { useBackend } from '@ratedistortion/core';
import { correlatedGaussianR2D2, expectSameStep, lossAndGradients } from './step-parity.test-util.js';

const BATCH = 128;
const STEPS = 50;
const EPS = 0.3;

async function onBackend<T>(name: 'cpu' | 'wasm', f: () => T | Promise<T>): Promise<T> {
  await useBackend(name);
  return f();
}

describe('R2D2 training step: cpu vs wasm backend', () => {
  backendForSuite('cpu');

  it('gives the same loss and controller gradients to float32 accuracy', async () => {
    const shape = { batch: BATCH, steps: STEPS, eps: EPS };
    const cpu = await onBackend('cpu', () => lossAndGradients(5, shape));
    const wasm = await onBackend('wasm', () => lossAndGradients(5, shape));
    expectSameStep(cpu, wasm, ['cpu', 'wasm']);
  });

  it('gives the same first-step loss through R2D2.train for the Gaussian and the DV entropy terms', async () => {
    const firstLoss = async (name: 'cpu' | 'wasm', entropy: 'gaussian' | 'dv'): Promise<number> => {
      await useBackend(name);
      const est = correlatedGaussianR2D2({ batchSize: BATCH, dt: 1 / STEPS, hidden: [32, 32], entropy });
      const r = await est.train({ steps: 1 });
      est.dispose();
      return r.lastLoss;
    };
    for (const entropy of ['gaussian', 'dv'] as const) {
      const cpu = await firstLoss('cpu', entropy);
      const wasm = await firstLoss('wasm', entropy);
      expect(Number.isFinite(cpu)).toBe(true);
      expect(Math.abs(cpu - wasm) / Math.abs(cpu), `${entropy}: cpu ${cpu} wasm ${wasm}`).toBeLessThan(1e-4);
    }
  });
});
