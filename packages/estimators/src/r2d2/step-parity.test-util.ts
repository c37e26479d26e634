// Test helper: one R2D2 training step's loss and controller gradients on the current backend, the float32
// agreement check between two backends, and the R2D2 on a correlated 2-D Gaussian whose training they compare;
// shared by backend-parity.test.ts (cpu vs wasm) and webgpu.test.ts.
//
// Tolerances: both backends compute in float32 (unit round-off u = 6e-8) but sum in different orders. The loss is a
// mean over the paths × Euler steps of O(1) terms plus a log-determinant: a relative difference of a few hundred u
// (≈ 1e-5) is round-off, we allow 1e-4. Each gradient entry is a sum of products that cancel partially, so we compare
// on the scale of the largest entry of that weight block, max |g_a − g_b| <= 1e-3 · max |g_a|; a wrong gradient
// kernel (a missing transpose, a dropped bias term, a sign) is off by O(1) on that scale.
import { expect } from 'vitest';
import { Random, controlEnergyTf, gaussianEntropyTf, solveSdeTf, tf, uniformGrid } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import type { R2D2Options } from './config.js';
import { ControllerNetwork } from './controller.js';
import { R2D2 } from './r2d2.js';

export interface StepResult {
  loss: number;
  grads: Float32Array[];
  /** Tensors left behind by the step (0 when everything is disposed). */
  tensorGrowth: number;
}

/** One loss + gradient evaluation on the current backend (d = 2), mirroring R2D2's training step; reads awaited. */
export async function lossAndGradients(
  seed: number,
  shape: { batch: number; steps: number; eps: number },
): Promise<StepResult> {
  const dim = 2;
  const [initRng, trainRng] = new Random(seed).split(2);
  const scaling = { mean: new Float64Array([0.5, -1]), scale: new Float64Array([1, 2]) };
  const net = new ControllerNetwork(
    { dim, hidden: [32, 32], activation: 'leaky-relu', outputScaling: 'eps-score' },
    scaling,
    initRng,
  );
  const grid = uniformGrid(shape.steps);
  const x0 = tf.tensor2d(Float32Array.from(trainRng.fillNormal(new Float64Array(shape.batch * dim))), [
    shape.batch,
    dim,
  ]);
  const before = tf.memory().numTensors;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const roll = net.rollout(shape.eps, 0.2);
      const sol = solveSdeTf({
        drift: roll.drift,
        x0,
        sigma: Math.sqrt(shape.eps),
        grid,
        rng: trainRng,
        checkFinite: false,
      });
      return tf.add(controlEnergyTf(sol.drifts, grid), tf.mul(gaussianEntropyTf(sol.x1), shape.eps)) as tf.Scalar;
    }, net.params);
    const loss = (await value.data())[0];
    const out = await Promise.all(net.params.map(async (p) => Float32Array.from(await grads[p.name].data())));
    value.dispose();
    tf.dispose(grads);
    return { loss, grads: out, tensorGrowth: tf.memory().numTensors - before };
  } finally {
    x0.dispose();
    net.dispose();
  }
}

/** The two steps agree to float32 accuracy (tolerances above) and neither leaks tensors. */
export function expectSameStep(a: StepResult, b: StepResult, names: [string, string]): void {
  expect(Number.isFinite(a.loss)).toBe(true);
  expect([a.tensorGrowth, b.tensorGrowth]).toEqual([0, 0]);
  expect(Math.abs(a.loss - b.loss) / Math.abs(a.loss), `loss ${names[0]} ${a.loss} ${names[1]} ${b.loss}`).toBeLessThan(
    1e-4,
  );
  expect(b.grads.length).toBe(a.grads.length);
  a.grads.forEach((g, i) => {
    const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const diff = g.reduce((m, v, k) => Math.max(m, Math.abs(v - b.grads[i][k])), 0);
    // A zero gradient block would make the comparison vacuous.
    expect(scale, `gradient block ${i} is zero`).toBeGreaterThan(1e-6);
    expect(diff / scale, `gradient block ${i}: max diff ${diff}, scale ${scale}`).toBeLessThan(1e-3);
  });
}

/**
 * R2D2 (eps in [0.1, 0.9], seed 3) on the correlated 2-D Gaussian of the cross-backend training checks: mean
 * (0.3, −1), covariance [[2, 0.5], [0.5, 1]].
 */
export function correlatedGaussianR2D2(options: Omit<R2D2Options, 'epsMin' | 'epsMax'>): R2D2 {
  const source = sourceFromSpec({
    kind: 'gaussian',
    mean: [0.3, -1],
    covariance: [
      [2, 0.5],
      [0.5, 1],
    ],
  });
  return new R2D2(source, { epsMin: 0.1, epsMax: 0.9, seed: 3, ...options });
}
