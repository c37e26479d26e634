import { describe, expect, it } from 'vitest';
import { NumericalError, tf, useBackend, type Random } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { WorkerPool } from '../parallel/worker-pool.js';
import { R2D2 } from './r2d2.js';
import type { R2D2Options } from './config.js';

// Small enough for 2 shared cores: d = 1, batch 64, 8 time steps, one hidden layer of 16; the default chain
// (noise 'auto' picks the controlled chain here) and the Gaussian warm start.
const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
const options: R2D2Options = {
  epsMin: 0.1,
  epsMax: 0.9,
  batchSize: 64,
  dt: 1 / 8,
  hidden: [16],
  entropy: 'gaussian',
  seed: 3,
};

async function trained(
  steps: number,
  workers: number | undefined,
): Promise<{ weights: Float32Array[]; json: ReturnType<R2D2['toJSON']> }> {
  const est = new R2D2(source, options);
  try {
    await est.train({ steps, ...(workers !== undefined ? { workers } : {}) });
    return { weights: est.getWeights(), json: est.toJSON() };
  } finally {
    await est.closeWorkers();
    est.dispose();
  }
}

const maxRelDiff = (a: Float32Array[], b: Float32Array[]): number => {
  let m = 0;
  a.forEach((w, i) =>
    w.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - b[i][j]) / (1e-3 + Math.abs(v)));
    }),
  );
  return m;
};

describe('R2D2 data-parallel training (workers)', () => {
  it("workers: 1 is today's in-thread training, bit for bit", async () => {
    await useBackend('wasm');
    const a = await trained(3, undefined);
    const b = await trained(3, 1);
    expect(b.weights).toEqual(a.weights);
    expect(b.json.rng).toEqual(a.json.rng);
  });

  it('workers: 2 is deterministic, follows the one-worker run to float32 rounding, and leaks no tensors or threads', async () => {
    await useBackend('wasm');
    const tensors = tf.memory().numTensors;
    const one = await trained(3, 1);
    const a = await trained(3, 2);
    const b = await trained(3, 2);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(b.weights).toEqual(a.weights);
    // Same eps, batches and Brownian paths: only the gradient sums' rounding differs.
    expect(a.json.rng).toEqual(one.json.rng);
    expect(maxRelDiff(a.weights, one.weights)).toBeLessThan(1e-3);
    expect(WorkerPool.running).toBe(0);
  }, 120_000);

  it('with a trained entropy model (DV, KNIFE) two workers follow one to float32 rounding', async () => {
    await useBackend('wasm');
    for (const entropy of ['dv', 'knife'] as const) {
      const runs: Float32Array[][] = [];
      for (const workers of [1, 2]) {
        const est = new R2D2(source, { ...options, entropy });
        await est.train({ steps: 2, workers });
        runs.push(est.getWeights());
        await est.closeWorkers();
        est.dispose();
      }
      expect(maxRelDiff(runs[1], runs[0]), entropy).toBeLessThan(1e-3);
    }
  }, 120_000);

  it('a checkpoint resumes with another worker count: 2 steps on 2 workers then 2 on 1 equals the same split run', async () => {
    await useBackend('wasm');
    const first = new R2D2(source, options);
    await first.train({ steps: 2, workers: 2 });
    const ckpt = JSON.stringify(first.toJSON());
    await first.train({ steps: 2, workers: 1 });
    const straight = first.getWeights();
    await first.closeWorkers();
    first.dispose();
    const resumed = R2D2.fromJSON(ckpt, source);
    await resumed.train({ steps: 2, workers: 1 });
    expect(resumed.getWeights()).toEqual(straight);
    expect(resumed.steps).toBe(4);
    resumed.dispose();
  }, 120_000);

  it('an abort stops after the current step (the threads are kept for the next call) and a failing step throws and stops them; no thread or tensor is left', async () => {
    await useBackend('wasm');
    const tensors = tf.memory().numTensors;
    const est = new R2D2(source, options);
    const ac = new AbortController();
    const r = await est.train({
      steps: 50,
      workers: 2,
      progressEvery: 1,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 2) ac.abort();
      },
    });
    expect([r.aborted, r.steps]).toEqual([true, 2]);
    expect(WorkerPool.running).toBe(2);
    await est.closeWorkers();
    expect(WorkerPool.running).toBe(0);
    est.dispose();
    // A source that turns to NaN on its second batch: step 2's loss is NaN, no update is applied.
    let calls = 0;
    const poisoned = {
      dim: 1,
      sample: (n: number, rng: Random) => ({
        n,
        dim: 1,
        data: calls++ < 2 ? rng.fillNormal(new Float64Array(n)) : new Float64Array(n).fill(NaN),
      }),
    };
    const bad = new R2D2(poisoned, options);
    await expect(bad.train({ steps: 3, workers: 2 })).rejects.toThrow(NumericalError);
    expect(bad.steps).toBe(1);
    expect(bad.lastGoodCheckpoint?.progress.steps).toBe(1);
    expect(WorkerPool.running).toBe(0);
    bad.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('the threads are kept across train calls: 2 + 2 steps equal 4 in one call bit for bit; another count replaces them', async () => {
    await useBackend('wasm');
    const straight = await trained(4, 2);
    const est = new R2D2(source, options);
    const threads: number[] = [];
    const cold: number[] = [];
    for (let call = 0; call < 2; call++) {
      const t0 = performance.now();
      let first = 0;
      await est.train({
        steps: 2,
        workers: 2,
        progressEvery: 1,
        onProgress: () => {
          first ||= performance.now() - t0;
        },
      });
      cold.push(first);
      threads.push(WorkerPool.running);
    }
    expect(threads).toEqual([2, 2]);
    expect(est.getWeights()).toEqual(straight.weights);
    expect(est.toJSON().rng).toEqual(straight.json.rng);
    // A kept pool's first step does not wait for threads to start (≈ 1 s; a step here takes milliseconds).
    expect(cold[1]).toBeLessThan(cold[0]);
    await est.train({ steps: 1, workers: 3 });
    expect(WorkerPool.running).toBe(3);
    await est.closeWorkers();
    expect(WorkerPool.running).toBe(0);
    est.dispose();
  }, 120_000);

  it('rejects a worker count outside [1, batch] naming the parameter', async () => {
    const est = new R2D2(source, options);
    await expect(est.train({ steps: 1, workers: 0 })).rejects.toThrow(/workers/);
    await expect(est.train({ steps: 1, workers: 65 })).rejects.toThrow(/\[1, 64\]/);
    await expect(est.train({ steps: 1, workers: 1.5 })).rejects.toThrow(/workers/);
    est.dispose();
  });
});
