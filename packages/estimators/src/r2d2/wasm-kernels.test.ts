// R2D2 training on wasm with the library's kernel replacements (core's sharing Identity and the matMul guard it
// needs) equals training with tfjs-wasm's copying Identity bit for bit: the losses of every step and the trained
// weights (and Adam's moments), for the paper's fixed-noise chain (d = 1) and the default noise-controlled chain
// with the Gaussian warm start (d = 2). Both configurations fail this test when the sharing Identity runs without
// the matMul guard (shared buffers then meet tfjs-wasm's stale matMul operator cache).
import { afterAll, describe, expect, it } from 'vitest';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { tf, useWasmSharedIdentity } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import type { R2D2Options } from './config.js';
import { R2D2 } from './r2d2.js';

async function trainLosses(
  spec: Parameters<typeof sourceFromSpec>[0],
  config: Partial<R2D2Options>,
): Promise<{ losses: number[]; weights: unknown; optimizer: unknown }> {
  const est = new R2D2(sourceFromSpec(spec), {
    epsMin: 0.1,
    epsMax: 0.9,
    batch: 96,
    dt: 0.05,
    hidden: [24, 24],
    seed: 3,
    ...config,
  });
  try {
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push((await est.train({ steps: 1 })).lastLoss);
    const ckpt = est.toJSON();
    return { losses, weights: ckpt.weights, optimizer: ckpt.optimizer };
  } finally {
    est.dispose();
  }
}

describe('R2D2 on wasm with the sharing Identity kernel', () => {
  backendForSuite('wasm');
  afterAll(() => {
    useWasmSharedIdentity(true);
  });

  it.each([
    ['the fixed-noise chain, d = 1', { kind: 'gaussian', variance: 1 }, { noise: 'fixed', init: 'zero' }],
    [
      'the default chain and warm start, d = 2',
      {
        kind: 'gaussian',
        mean: [0.3, -1],
        covariance: [
          [2, 0.5],
          [0.5, 1],
        ],
      },
      {},
    ],
  ] as const)('trains %s bit-identically to the copying kernel', async (_, spec, config) => {
    const before = tf.memory().numTensors;
    useWasmSharedIdentity(false);
    const copying = await trainLosses(spec, config as Partial<R2D2Options>);
    useWasmSharedIdentity(true);
    const shared = await trainLosses(spec, config as Partial<R2D2Options>);
    expect(tf.memory().numTensors).toBe(before);
    expect(shared.losses.every(Number.isFinite)).toBe(true);
    expect(shared.losses).toEqual(copying.losses);
    expect(shared.weights).toEqual(copying.weights);
    expect(shared.optimizer).toEqual(copying.optimizer);
  });
});
