// The shared training loop on a counting model: budgets, abort, progress cadence, the non-finite-loss guard,
// checkpoints through the model's toJSON, release of step results, and the end of the model's work.
import { NumericalError } from '@ratedistortion/core';
import { describe, expect, it, vi } from 'vitest';
import { runTrainingLoop, type TrainingLoopModel } from './training-loop.js';
import type { TrainProgress } from './types.js';

interface Step {
  loss: number;
  id: number;
}

function counter(opts: { losses?: (n: number) => number; work?: number; onStep?: (n: number) => void } = {}) {
  const state = { steps: 0, seconds: 0, released: [] as number[], prepared: 0, reporting: [] as boolean[] };
  const model: TrainingLoopModel<Step> = {
    method: 'toy',
    totalSteps: () => state.steps,
    step: (reporting) => {
      state.reporting.push(reporting);
      state.steps++;
      opts.onStep?.(state.steps);
      return { loss: opts.losses ? opts.losses(state.steps) : 1 / state.steps, id: state.steps };
    },
    report: (s) => ({ loss: s.loss, energy: 0, entropy: 0, eps: 1, rate: 0, distortion: s.id }),
    release: (s) => state.released.push(s.id),
    hasWork: opts.work === undefined ? undefined : () => state.steps < (opts.work as number),
    prepare: () => {
      state.prepared++;
    },
    addSeconds: (s) => {
      state.seconds += s;
    },
    toJSON: () => ({ steps: state.steps }),
  };
  return { model, state };
}

describe('runTrainingLoop', () => {
  it('takes exactly `steps` steps, reports every progressEvery and after the last, releases every result once', async () => {
    const { model, state } = counter();
    const seen: TrainProgress[] = [];
    const r = await runTrainingLoop(model, { steps: 7, progressEvery: 3, onProgress: (p) => seen.push(p) });
    expect(r).toMatchObject({ steps: 7, totalSteps: 7, aborted: false, lastLoss: 1 / 7 });
    expect(seen.map((p) => p.step)).toEqual([3, 6, 7]);
    expect(seen.map((p) => p.distortion)).toEqual([3, 6, 7]);
    expect(state.released).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(state.reporting.every((x) => x)).toBe(true);
    expect(state.prepared).toBe(1);
    expect(state.seconds).toBeGreaterThanOrEqual(0);
    expect(state.seconds).toBeCloseTo(r.seconds, 2);
  });

  it('a resumed model reports its life step count; no onProgress means steps are not asked to report', async () => {
    const { model, state } = counter();
    await runTrainingLoop(model, { steps: 4 });
    const seen: number[] = [];
    const r = await runTrainingLoop(model, { steps: 2, progressEvery: 1, onProgress: (p) => seen.push(p.step) });
    expect(seen).toEqual([5, 6]);
    expect(r).toMatchObject({ steps: 2, totalSteps: 6 });
    expect(state.reporting).toEqual([false, false, false, false, true, true]);
  });

  it("stops on a seconds budget and on the end of the model's work", async () => {
    const timed = counter();
    const t = await runTrainingLoop(timed.model, { seconds: 0.05 });
    expect(t.steps).toBeGreaterThan(0);
    expect(t.seconds).toBeGreaterThanOrEqual(0.05);
    const finite = counter({ work: 3 });
    const f = await runTrainingLoop(finite.model, { steps: 10 });
    expect(f).toMatchObject({ steps: 3, totalSteps: 3, aborted: false });
  });

  it('an abort finishes the current step, hands over a checkpoint and returns aborted', async () => {
    const controller = new AbortController();
    const { model } = counter({ onStep: (n) => n === 5 && controller.abort() });
    const checkpoints: unknown[] = [];
    const r = await runTrainingLoop(model, {
      steps: 100,
      signal: controller.signal,
      checkpointEvery: 2,
      onCheckpoint: (c) => {
        checkpoints.push(c);
      },
    });
    expect(r).toMatchObject({ steps: 5, totalSteps: 5, aborted: true });
    expect(checkpoints).toEqual([{ steps: 2 }, { steps: 4 }, { steps: 5 }]);
    const before = new AbortController();
    before.abort();
    const idle = counter();
    const z = await runTrainingLoop(idle.model, { steps: 3, signal: before.signal });
    expect(z).toMatchObject({ steps: 0, aborted: true });
    expect(Number.isNaN(z.lastLoss)).toBe(true);
    expect(idle.state.prepared).toBe(0);
  });

  it('a non-finite loss is a NumericalError naming the method and step; the seconds still count', async () => {
    const { model, state } = counter({ losses: (n) => (n === 3 ? Number.NaN : 1) });
    const err = await runTrainingLoop(model, { steps: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NumericalError);
    expect((err as Error).message).toMatch(/toy training step 3.*NaN/);
    expect(state.released).toEqual([1, 2, 3]);
    expect(state.seconds).toBeGreaterThanOrEqual(0);
  });

  it('rejects a missing budget and bad cadences', async () => {
    const { model } = counter();
    await expect(runTrainingLoop(model, {})).rejects.toThrow(/steps/);
    await expect(runTrainingLoop(model, { steps: 1, progressEvery: 0 })).rejects.toThrow(/progressEvery/);
    await expect(runTrainingLoop(model, { steps: 1, checkpointEvery: 1.5 })).rejects.toThrow(/checkpointEvery/);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      await expect(runTrainingLoop(model, { steps: 1, checkpointEverySeconds: bad })).rejects.toThrow(
        /checkpointEverySeconds/,
      );
  });

  it('checkpoints by time: after the first step at least checkpointEverySeconds after the last one', async () => {
    // A step takes 0.4 s of a mocked clock; a checkpoint is due 1 s after the start or the last checkpoint.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const { model } = counter({ onStep: () => (now += 400) });
      const checkpoints: unknown[] = [];
      await runTrainingLoop(model, {
        steps: 8,
        checkpointEverySeconds: 1,
        onCheckpoint: (c) => {
          checkpoints.push(c);
        },
      });
      // Steps end at 0.4, 0.8, 1.2 (due) | 1.6, 2.0, 2.4 (due) | 2.8, 3.2.
      expect(checkpoints).toEqual([{ steps: 3 }, { steps: 6 }]);
    } finally {
      clock.mockRestore();
    }
  });
});
