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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Random,
  controlEnergyTf,
  gaussianEntropyTf,
  solveSdeTf,
  tf,
  uniformGrid,
  useBackend,
} from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { ControllerNetwork } from './controller.js';
import { R2D2 } from './r2d2.js';

const DIM = 2;
const BATCH = 128;
const STEPS = 50;
const EPS = 0.3;

interface StepResult {
  loss: number;
  grads: Float32Array[];
  tensorGrowth: number;
}

/** One loss + gradient evaluation on the current backend, mirroring R2D2's training step. */
function lossAndGradients(seed: number): StepResult {
  const [initRng, trainRng] = new Random(seed).split(2);
  const scaling = { mean: new Float64Array([0.5, -1]), scale: new Float64Array([1, 2]) };
  const net = new ControllerNetwork(
    { dim: DIM, hidden: [32, 32], activation: 'leaky-relu', outputScaling: 'eps-score' },
    scaling,
    initRng,
  );
  const grid = uniformGrid(STEPS);
  const x0 = tf.tensor2d(Float32Array.from(trainRng.fillNormal(new Float64Array(BATCH * DIM))), [BATCH, DIM]);
  const before = tf.memory().numTensors;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const roll = net.rollout(EPS, 0.2);
      const sol = solveSdeTf({ drift: roll.drift, x0, sigma: Math.sqrt(EPS), grid, rng: trainRng, checkFinite: false });
      return tf.add(controlEnergyTf(sol.drifts, grid), tf.mul(gaussianEntropyTf(sol.x1), EPS)) as tf.Scalar;
    }, net.params);
    const loss = value.dataSync()[0];
    const out = net.params.map((p) => Float32Array.from(grads[p.name].dataSync() as Float32Array));
    value.dispose();
    tf.dispose(grads);
    return { loss, grads: out, tensorGrowth: tf.memory().numTensors - before };
  } finally {
    x0.dispose();
    net.dispose();
  }
}

async function onBackend<T>(name: 'cpu' | 'wasm', f: () => T | Promise<T>): Promise<T> {
  await useBackend(name);
  return f();
}

describe('R2D2 training step: cpu vs wasm backend', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('gives the same loss and controller gradients to float32 accuracy', async () => {
    const cpu = await onBackend('cpu', () => lossAndGradients(5));
    const wasm = await onBackend('wasm', () => lossAndGradients(5));
    expect(Number.isFinite(cpu.loss)).toBe(true);
    expect([cpu.tensorGrowth, wasm.tensorGrowth]).toEqual([0, 0]);
    expect(Math.abs(cpu.loss - wasm.loss) / Math.abs(cpu.loss), `loss cpu ${cpu.loss} wasm ${wasm.loss}`).toBeLessThan(
      1e-4,
    );
    expect(wasm.grads.length).toBe(cpu.grads.length);
    cpu.grads.forEach((g, i) => {
      const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const diff = g.reduce((m, v, k) => Math.max(m, Math.abs(v - wasm.grads[i][k])), 0);
      // A zero gradient block would make the comparison vacuous.
      expect(scale, `gradient block ${i} is zero`).toBeGreaterThan(1e-6);
      expect(diff / scale, `gradient block ${i}: max diff ${diff}, scale ${scale}`).toBeLessThan(1e-3);
    });
  });

  it('gives the same first-step loss through R2D2.train for the Gaussian and the DV entropy terms', async () => {
    const firstLoss = async (name: 'cpu' | 'wasm', entropy: 'gaussian' | 'dv'): Promise<number> => {
      await useBackend(name);
      const est = new R2D2(
        sourceFromSpec({
          kind: 'gaussian',
          mean: [0.3, -1],
          covariance: [
            [2, 0.5],
            [0.5, 1],
          ],
        }),
        {
          epsMin: 0.1,
          epsMax: 0.9,
          batch: BATCH,
          dt: 1 / STEPS,
          hidden: [32, 32],
          entropy,
          seed: 3,
        },
      );
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
