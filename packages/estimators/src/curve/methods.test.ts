// The curve-method registry. References: the closed-form Gaussian R(D) = ½ log(σ²/eps) (Blahut–Arimoto is
// accurate enough to be checked against it), and, for the budget/abort/resume contract, the uninterrupted run
// itself: WGD checkpoints resume bit-identically, so an interrupted-and-resumed curve must equal it exactly.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, tf, useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { runCurves } from './run-curve.js';
import { CURVE_METHOD_NAMES, isCurveMethod, type CurveJob, type CurveProgress } from './curve-job.js';
import { CURVE_METHODS } from './methods.js';
import type { PerEpsCurveCheckpoint } from './per-eps-runner.js';

const gaussian = () => sourceFromSpec({ kind: 'gaussian', variance: 1 });
const r2d2Quick = {
  batchSize: 32,
  dt: 0.1,
  hidden: [8],
  entropy: 'gaussian' as const,
  evalBatches: 2,
  evalBatchSize: 64,
};
// The per-eps jobs here pin one thread: they test the one-thread runner (event order, step counts at an abort,
// tensors released on this thread), which the default worker threads would interleave, make timing-dependent and
// slow by a thread start (≈ 3 s under vitest); per-eps-workers.test.ts tests the threads and the default.
const wgdQuick = { batchSize: 64, evalBatches: 2, evalBatchSize: 128, wgd: { particles: 32 }, workers: 1 };

describe('CURVE_METHODS', () => {
  it('lists every method once, with a spec of the same name', () => {
    expect([...CURVE_METHOD_NAMES]).toEqual(['r2d2', 'nerd', 'wgd', 'ebrd', 'ba']);
    for (const m of CURVE_METHOD_NAMES) expect(CURVE_METHODS[m].name).toBe(m);
    expect(CURVE_METHODS.r2d2.amortised).toBe(true);
    expect(CURVE_METHODS.ba.trains).toBe(false);
    expect(isCurveMethod('wgd')).toBe(true);
    expect(isCurveMethod('vae')).toBe(false);
  });

  it('ba: solves every eps; rates match ½ log(1/eps) of N(0, 1) within the sampling error', async () => {
    const events: CurveProgress[] = [];
    const eps = [0.25, 0.5];
    const run = await CURVE_METHODS.ba.run({
      source: gaussian(),
      eps,
      seed: 3,
      ba: { samples: 20_000, points: 120 },
      onProgress: (p) => events.push(p),
    });
    expect(run.points.map((p) => p.eps)).toEqual(eps);
    for (const p of run.points) {
      // The histogram plug-in rate has the sampling SD of the entropy of N(0, 1), √(Var log p(X)/N) = √(½/N) ≈ 0.005
      // at N = 20,000; the 120-cell grid adds < 1e-3 (estimator docs). 4 SD + 2e-3 = 0.022.
      expect(Math.abs(p.rate - 0.5 * Math.log(1 / p.eps))).toBeLessThan(0.022);
      // D = eps/2 with relative error of the same order (the grid variance differs from 1 by O(1/√N)).
      expect(Math.abs(p.distortion - p.eps / 2)).toBeLessThan(0.03 * p.eps);
    }
    expect(run.train).toMatchObject({ steps: 2, totalSteps: 2, aborted: false, models: 1 });
    expect(events.map((e) => [e.method, e.step, e.targetSteps, e.remainingSteps])).toEqual([
      ['ba', 1, 2, 1],
      ['ba', 2, 2, 0],
    ]);
  });

  it('r2d2: one amortised model; progress counts down to the target; "total" and "additional" resume budgets', async () => {
    await useBackend('cpu');
    const events: CurveProgress[] = [];
    const saved: unknown[] = [];
    const job: CurveJob = {
      source: gaussian(),
      eps: [0.3, 0.6],
      steps: 4,
      seed: 1,
      progressEvery: 2,
      ...r2d2Quick,
      onProgress: (p) => events.push(p),
      saveCheckpoint: async (c) => {
        saved.push(c);
      },
    };
    const run = await CURVE_METHODS.r2d2.run(job);
    expect(run.points.map((p) => p.eps)).toEqual([0.3, 0.6]);
    for (const p of run.points) expect([p.rate, p.distortion, ...p.rateIqr].every(Number.isFinite)).toBe(true);
    expect(run.train).toMatchObject({ steps: 4, totalSteps: 4, aborted: false, models: 1 });
    expect(events.map((e) => [e.step, e.targetSteps, e.remainingSteps, e.model, e.models])).toEqual([
      [2, 4, 2, 0, 1],
      [4, 4, 0, 0, 1],
    ]);
    expect(saved).toHaveLength(1);
    expect((run.checkpoint as { progress: { steps: number } }).progress.steps).toBe(4);

    const total = await CURVE_METHODS.r2d2.run({
      ...job,
      onProgress: undefined,
      saveCheckpoint: undefined,
      steps: 6,
      budget: 'total',
      resume: run.checkpoint,
    });
    expect(total.train).toMatchObject({ steps: 2, totalSteps: 6 });
    const more = await CURVE_METHODS.r2d2.run({
      ...job,
      onProgress: undefined,
      saveCheckpoint: undefined,
      steps: 6,
      resume: run.checkpoint,
    });
    expect(more.train).toMatchObject({ steps: 6, totalSteps: 10 });
    // (No tensor-count check here: R2D2 itself keeps 5 tensors per construction and 20 per fromJSON after dispose.)
  });

  it('wgd: one model per eps with the steps budget each; remaining steps cover the later models', async () => {
    const events: CurveProgress[] = [];
    const saved: PerEpsCurveCheckpoint[] = [];
    const run = await CURVE_METHODS.wgd.run({
      source: gaussian(),
      eps: [0.3, 0.6],
      steps: 10,
      progressEvery: 5,
      ...wgdQuick,
      onProgress: (p) => events.push(p),
      saveCheckpoint: async (c) => {
        saved.push(c as PerEpsCurveCheckpoint);
      },
    });
    expect(run.points.map((p) => p.eps)).toEqual([0.3, 0.6]);
    expect(run.train).toMatchObject({ steps: 20, totalSteps: 20, aborted: false, models: 2 });
    expect(events.map((e) => [e.model, e.modelEps, e.step, e.targetSteps, e.remainingSteps])).toEqual([
      [0, 0.3, 5, 10, 15],
      [0, 0.3, 10, 10, 10],
      [1, 0.6, 5, 10, 5],
      [1, 0.6, 10, 10, 0],
    ]);
    // A checkpoint after each finished model.
    expect(saved.map((c) => [c.done.length, c.current])).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('wgd: aborting mid-curve keeps the finished points, checkpoints the model in progress, and resuming reproduces the uninterrupted curve exactly', async () => {
    const base: CurveJob = { source: gaussian(), eps: [0.3, 0.6], steps: 12, seed: 4, progressEvery: 3, ...wgdQuick };
    const full = await CURVE_METHODS.wgd.run(base);

    const controller = new AbortController();
    let saved: PerEpsCurveCheckpoint | undefined;
    const cut = await CURVE_METHODS.wgd.run({
      ...base,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.model === 1 && p.step >= 6) controller.abort();
      },
      saveCheckpoint: async (c) => {
        saved = c as PerEpsCurveCheckpoint;
      },
    });
    expect(cut.train.aborted).toBe(true);
    expect(cut.points).toEqual([full.points[0]]);
    expect(cut.train.steps).toBe(18);
    expect(saved!.done).toHaveLength(1);
    expect((saved!.current as { progress: { steps: number } }).progress.steps).toBe(6);

    const resumed = await CURVE_METHODS.wgd.run({
      ...base,
      budget: 'total',
      resume: JSON.parse(JSON.stringify(saved)),
    });
    expect(resumed.train).toMatchObject({ steps: 6, aborted: false, totalSteps: 24 });
    expect(resumed.points).toEqual(full.points);
  });

  it('nerd and ebrd: one model per eps, tensors released', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const small = { eps: [0.3, 0.6], batchSize: 16, hidden: [8], evalBatches: 2, evalBatchSize: 32, workers: 1 };
    const nerd = await CURVE_METHODS.nerd.run({
      ...small,
      source: gaussian(),
      steps: 3,
      nerd: { ySamples: 64, evalYSamples: 64, latentDim: 4 },
    });
    expect(nerd.points.map((p) => p.eps)).toEqual([0.3, 0.6]);
    expect(nerd.train).toMatchObject({ steps: 6, models: 2 });
    const ebrd = await CURVE_METHODS.ebrd.run({
      ...small,
      source: gaussian(),
      steps: 2,
      ebrd: { langevinSteps: 3, evalLangevinSteps: 3 },
    });
    expect(ebrd.train).toMatchObject({ steps: 4, models: 2 });
    for (const p of [...nerd.points, ...ebrd.points]) expect([p.rate, p.distortion].every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad jobs and mismatched checkpoints with typed errors', async () => {
    const source = gaussian();
    await expect(CURVE_METHODS.wgd.run({ source, eps: [0.3] })).rejects.toThrow(/steps/);
    await expect(CURVE_METHODS.wgd.run({ source, eps: [], steps: 1 })).rejects.toThrow(InvalidParameterError);
    await expect(CURVE_METHODS.wgd.run({ source, eps: [0.3, -1], steps: 1 })).rejects.toThrow(/eps\[1\]/);
    await expect(CURVE_METHODS.r2d2.run({ source, eps: [0.3], steps: 1.5 })).rejects.toThrow(/steps/);
    const first = await CURVE_METHODS.wgd.run({ source, eps: [0.3, 0.6], steps: 1, ...wgdQuick });
    await expect(
      CURVE_METHODS.wgd.run({ source, eps: [0.3, 0.5], steps: 1, resume: first.checkpoint }),
    ).rejects.toThrow(/eps/);
    await expect(
      CURVE_METHODS.ebrd.run({ source, eps: [0.3, 0.6], steps: 1, resume: first.checkpoint }),
    ).rejects.toThrow(/resume.method: expected 'ebrd', got "wgd"/);
    await expect(CURVE_METHODS.r2d2.run({ source, eps: [0.3], steps: 1, resume: { format: 'nope' } })).rejects.toThrow(
      InvalidParameterError,
    );
  });

  it('runCurves: per-method progress intervals; an aborted method ends the job before the next one starts', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const results = await runCurves({
      source: { kind: 'gaussian', variance: 1 },
      methods: ['wgd', 'ba'],
      eps: [0.3, 0.6],
      steps: 50,
      backend: 'cpu',
      ...wgdQuick,
      progressEvery: { wgd: 5 },
      signal: controller.signal,
      onProgress: (p) => {
        steps.push(p.step);
        if (p.step >= 10) controller.abort();
      },
    });
    expect(steps).toEqual([5, 10]);
    expect(results.map((r) => r.method)).toEqual(['wgd']);
    expect(results[0].train).toMatchObject({ aborted: true, steps: 10, models: 2 });
    expect(results[0].points).toEqual([]);
    await expect(
      runCurves({ source: { kind: 'gaussian', variance: 1 }, methods: ['wgd', 'wgd'], eps: [0.3], steps: 1 }),
    ).rejects.toThrow(/repeats/);
    await expect(
      runCurves({ source: { kind: 'gaussian', variance: 1 }, methods: ['vae' as never], eps: [0.3], steps: 1 }),
    ).rejects.toThrow(/methods\[0\]/);
  });
});
