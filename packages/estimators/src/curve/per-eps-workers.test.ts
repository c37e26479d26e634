// Per-eps curves on worker threads. Reference: per-eps-curves.json, the curves the one-thread runner computed
// before worker threads existed (fixtures/per-eps-curves.ts); every worker count, the default included, must
// reproduce them bit for bit, and an interrupted run resumed with another worker count must too. Worker threads start in about 3 s each under
// vitest (they load tsx), so the jobs are tiny and the runs few.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import {
  InvalidParameterError,
  NumericalError,
  tf,
  useBackend,
  type Random,
  type SampleSource,
} from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { WorkerPool } from '../parallel/worker-pool.js';
import type { CurveJob, CurveMethodRun } from './curve-job.js';
import { CURVE_METHODS } from './methods.js';
import type { PerEpsCurveCheckpoint } from './per-eps-runner.js';
import { perEpsJobThreads, rebuildsAsItIs } from './per-eps-workers.js';
import { runCurve } from './run-curve.js';
import { PER_EPS_FIXTURE_JOBS } from './fixtures/per-eps-curves-jobs.js';
import { nerdCurve } from '../nerd/curve.js';
import { wgdCurve } from '../wgd/curve.js';
import { trainEbrdCurve } from '../ebrd/curve.js';
import fixture from './fixtures/per-eps-curves.json' with { type: 'json' };

type Method = keyof typeof PER_EPS_FIXTURE_JOBS;
const jobOf = (method: Method, extra: Partial<CurveJob> = {}): CurveJob => ({
  ...PER_EPS_FIXTURE_JOBS[method],
  source: sourceFromSpec(PER_EPS_FIXTURE_JOBS[method].source),
  ...extra,
});
const run = (method: Method, extra: Partial<CurveJob> = {}): Promise<CurveMethodRun> =>
  CURVE_METHODS[method].run(jobOf(method, extra));

describe('per-eps curves on worker threads (workers)', () => {
  it('workers 1, 2 and 3 reproduce the one-thread curves bit for bit, in eps order, leaking no threads or tensors', async () => {
    await useBackend('cpu');
    const tensors = tf.memory().numTensors;
    const cases: [Method, number][] = [
      ['nerd', 1],
      ['wgd', 1],
      ['ebrd', 1],
      ['nerd', 2],
      ['wgd', 2],
      ['ebrd', 2],
      ['nerd', 3],
    ];
    for (const [method, workers] of cases) {
      const r = await run(method, { workers });
      expect({ method, workers, points: r.points }).toEqual({ method, workers, points: fixture[method].points });
      expect(r.train).toMatchObject({ ...fixture[method].train, aborted: false, models: 3 });
    }
    expect(WorkerPool.running).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('an abort stops every worker; the checkpoint resumes with another worker count to the uninterrupted curve', async () => {
    await useBackend('cpu');
    for (const [cut, resume] of [
      [2, 1],
      [1, 2],
    ]) {
      const controller = new AbortController();
      const saved: PerEpsCurveCheckpoint[] = [];
      const stopped = await run('wgd', {
        workers: cut,
        progressEvery: 1,
        signal: controller.signal,
        checkpointEvery: 2,
        // Model 1 is the second worker's first model when there are two.
        onProgress: (p) => {
          if (p.model === 1 && p.step >= 3) controller.abort();
        },
        saveCheckpoint: async (c) => {
          saved.push(JSON.parse(JSON.stringify(c)) as PerEpsCurveCheckpoint);
        },
      });
      expect(stopped.train.aborted).toBe(true);
      expect(WorkerPool.running).toBe(0);
      const last = saved.at(-1)!;
      // Something was left to train, and the periodic checkpoints came before the abort's.
      expect(stopped.points.length).toBeLessThan(3);
      expect(saved.length).toBeGreaterThan(1);
      expect(last.done.length + (last.later ?? []).length).toBeGreaterThanOrEqual(1);
      const resumed = await run('wgd', { workers: resume, budget: 'total', resume: last });
      expect(resumed.points).toEqual(fixture.wgd.points);
      expect(resumed.train.totalSteps).toBe(fixture.wgd.train.totalSteps);
      expect(WorkerPool.running).toBe(0);
    }
  }, 120_000);

  it("a worker's errors reach the caller typed: NumericalError (NaN) and InvalidParameterError (a damaged model checkpoint)", async () => {
    await useBackend('cpu');
    const saved: PerEpsCurveCheckpoint[] = [];
    const blowUp = run('wgd', {
      workers: 2,
      eps: [0.01, 0.02, 0.03],
      learningRate: 1e300,
      wgd: { particles: 10, lrDecay: false },
      saveCheckpoint: async (c) => {
        saved.push(c as PerEpsCurveCheckpoint);
      },
    });
    await expect(blowUp).rejects.toThrow(NumericalError);
    await expect(blowUp).rejects.toMatchObject({ name: 'NumericalError', message: /^Numerical failure at / });
    // The failing model's state is dropped: resuming restarts it.
    expect(saved.at(-1)!.current).toBeNull();
    expect(WorkerPool.running).toBe(0);

    const damaged: PerEpsCurveCheckpoint = {
      format: 'ratedistortion/per-eps-curve-checkpoint',
      version: 1,
      method: 'wgd',
      eps: [...PER_EPS_FIXTURE_JOBS.wgd.eps],
      done: [],
      current: null,
      later: [{ index: 1, done: null, current: { format: 'ratedistortion/wgd-checkpoint', version: 1 } }],
    };
    const bad = run('wgd', { workers: 2, resume: damaged });
    await expect(bad).rejects.toThrow(InvalidParameterError);
    await expect(bad).rejects.toMatchObject({ parameter: expect.stringMatching(/^checkpoint|^resume/) });
    expect(WorkerPool.running).toBe(0);
  }, 120_000);

  it('nerdCurve, wgdCurve and trainEbrdCurve with workers 2: the points and step counts of one thread, bit for bit', async () => {
    await useBackend('cpu');
    const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    const eps = [0.2, 0.5, 0.8];
    const strip = (runs: { point: unknown; training: { steps: number; totalSteps: number } }[]) =>
      runs.map((r) => ({ point: r.point, steps: r.training.steps, totalSteps: r.training.totalSteps }));
    const nerd = (workers: number) =>
      nerdCurve(source, eps, {
        nerd: { ySamples: 64, evalYSamples: 64, latentDim: 4, hidden: [8], batchSize: 16, seed: 5 },
        train: { steps: 3 },
        evaluate: { batches: 2, batchSize: 64 },
        workers,
      });
    expect(strip(await nerd(2))).toEqual(strip(await nerd(1)));
    const wgd = (workers: number) =>
      wgdCurve(source, eps, {
        wgd: { particles: 16, batchSize: 64, seed: 6 },
        learningRate: (e) => 0.2 * e,
        train: { steps: 5 },
        evaluate: { batches: 2, batchSize: 64 },
        workers,
      });
    const wgdTwo = strip(await wgd(2));
    expect(wgdTwo).toEqual(strip(await wgd(1)));
    expect(wgdTwo[0].point).toHaveProperty('batches');
    const ebrd = async (workers: number) =>
      (
        await trainEbrdCurve(
          source,
          eps,
          { hidden: [8], batchSize: 16, langevinSteps: 3, evalLangevinSteps: 3, seed: 7 },
          { steps: 2 },
          { batches: 2, batchSize: 32 },
          { workers },
        )
      ).map((p) => ({ eps: p.eps, point: p.point, steps: p.train.steps }));
    expect(await ebrd(2)).toEqual(await ebrd(1));
    expect(WorkerPool.running).toBe(0);
  }, 120_000);

  it('by default a per-eps job trains on min(available cores, 8, models) threads and R2D2 on one; train.workers says so', async () => {
    await useBackend('cpu');
    const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    const cores = availableParallelism();
    for (const models of [1, 2, 3, 20])
      expect(perEpsJobThreads(undefined, source, models)).toBe(Math.min(cores, 8, models));
    // An explicit count is taken as given (at most one thread per model).
    expect([perEpsJobThreads(1, source, 3), perEpsJobThreads(2, source, 3), perEpsJobThreads(5, source, 3)]).toEqual([
      1, 2, 3,
    ]);
    const r2d2 = await runCurve({
      method: 'r2d2',
      source: { kind: 'gaussian', variance: 1 },
      eps: [0.3, 0.6],
      steps: 1,
      batchSize: 32,
      dt: 0.1,
      hidden: [8],
      entropy: 'gaussian',
      backend: 'cpu',
      evalBatches: 2,
      evalBatchSize: 64,
    });
    expect(r2d2.train.workers).toBe(1);
  });

  it('a steps-budget WGD curve with the default threads equals the one-thread curve bit for bit', async () => {
    await useBackend('cpu');
    const tensors = tf.memory().numTensors;
    const byDefault = await run('wgd');
    const one = await run('wgd', { workers: 1 });
    expect(byDefault.points).toEqual(one.points);
    expect(byDefault.points).toEqual(fixture.wgd.points);
    expect(byDefault.train).toMatchObject({ ...fixture.wgd.train, aborted: false, models: 3 });
    expect([byDefault.train.workers, one.train.workers]).toEqual([Math.min(availableParallelism(), 8, 3), 1]);
    expect(WorkerPool.running).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('the default trains on this thread where the threads would not rebuild this very source (an explicit count is refused)', async () => {
    await useBackend('cpu');
    const plain = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    expect(rebuildsAsItIs(plain)).toBe(true);
    // A sampler patched onto the instance: the threads' rebuilt source would not have it.
    let draws = 0;
    const patched = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    const sample = patched.sample.bind(patched);
    patched.sample = (n, rng) => {
      draws++;
      return sample(n, rng);
    };
    expect(rebuildsAsItIs(patched)).toBe(false);
    // A wrapper object (not of the rebuilt source's class), and a kind sourceFromSpec does not know.
    expect(rebuildsAsItIs({ ...plain, sample } as unknown as SampleSource)).toBe(false);
    expect(rebuildsAsItIs({ dim: 1, sample, toSpec: () => ({ kind: 'mine' }) })).toBe(false);
    expect(perEpsJobThreads(undefined, patched, 3)).toBe(1);
    // The default job on the patched source: one thread, which drew from the patched sampler; the same curve.
    const r = await CURVE_METHODS.wgd.run({ ...jobOf('wgd'), source: patched });
    expect(r.train.workers).toBe(1);
    expect(draws).toBeGreaterThan(0);
    expect(r.points).toEqual(fixture.wgd.points);
    expect(WorkerPool.running).toBe(0);
  });

  it('refuses a worker count that is not a positive integer or "auto", and a source the workers cannot rebuild', async () => {
    await expect(run('wgd', { workers: 0 })).rejects.toThrow(/Invalid workers/);
    await expect(run('wgd', { workers: 1.5 as number })).rejects.toThrow(InvalidParameterError);
    const custom = {
      ...sourceFromSpec({ kind: 'gaussian', variance: 1 }),
      kind: 'mine',
      dim: 1,
      sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
      toSpec: () => ({ kind: 'mine' }),
    };
    await expect(
      CURVE_METHODS.wgd.run({ ...jobOf('wgd'), source: custom as unknown as CurveJob['source'], workers: 2 }),
    ).rejects.toThrow(/workers.*sourceFromSpec/);
    expect(WorkerPool.running).toBe(0);
  });
});
