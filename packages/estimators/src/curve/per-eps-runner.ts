// The per-eps curve runner (NERD, WGD, EBRD): one model per eps, each trained (the seconds budget re-split
// over the models still to train), read out at its own eps and released; the checkpoint keeps the finished
// points and the models in progress. With `workers` > 1 the models train on worker threads at once
// (per-eps-workers.ts); each model's numbers do not depend on the thread, so any worker count gives the same curve.
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import {
  InvalidParameterError,
  NumericalError,
  currentBackend,
  downloadDeviceTensors,
  onHostMemoryBackend,
} from '@ratedistortion/core';
import type { Source } from '@ratedistortion/datasets';
import type { RdEstimator, TrainOptions, TrainResult } from '../estimator/types.js';
import { MAX_AUTO_WORKERS, resolveWorkerCount } from '../parallel/worker-count.js';
import { NERD } from '../nerd/nerd.js';
import { WGD } from '../wgd/wgd.js';
import { EBRD } from '../ebrd/ebrd.js';
import { stratifiedEvaluation, type StratifiedEvaluation } from './stratified-evaluation.js';
// A static import, so that a bundle holding this runner also starts the worker loop when a worker thread loads it.
import { runPerEpsOnWorkers } from './per-eps-workers.js';
import {
  batchSizeOf,
  evalOptions,
  evalSampling,
  modelProgress,
  modelSteps,
  pointOf,
  progressEvery,
  progressOf,
  trainSummary,
  validateJob,
  withBatchSize,
  type CurveJob,
  type CurveMethodPoint,
  type CurveMethodRun,
} from './curve-job.js';

/**
 * A finished model of a per-eps curve checkpoint: its evaluated point and what its training did.
 *
 * @example
 * ```ts
 * import type { PerEpsFinishedModel } from '@ratedistortion/estimators';
 * const rate = (m: PerEpsFinishedModel) => m.point.rate;
 * ```
 */
export interface PerEpsFinishedModel {
  point: CurveMethodPoint;
  train: { steps: number; totalSteps: number; seconds: number };
}

/**
 * Checkpoint of a per-eps curve (NERD, WGD, EBRD): the finished models' points and training, and the
 * checkpoints of the models in progress. One thread trains the models in eps order, so `done` and `current`
 * say everything; with `workers` > 1 several models train at once and `later` holds those after
 * `eps[done.length]` that finished or started. A checkpoint resumes with any worker count.
 *
 * @example
 * ```ts
 * import type { PerEpsCurveCheckpoint } from '@ratedistortion/estimators';
 * const finished = (c: PerEpsCurveCheckpoint) => c.done.length + (c.later ?? []).filter((m) => m.done).length;
 * ```
 */
export interface PerEpsCurveCheckpoint {
  format: 'ratedistortion/per-eps-curve-checkpoint';
  version: 1;
  method: 'nerd' | 'wgd' | 'ebrd';
  eps: number[];
  /** Models for eps[0], eps[1], ... that finished, with their evaluated points. */
  done: PerEpsFinishedModel[];
  /** The model for eps[done.length], when its training has started. */
  current: unknown | null;
  /**
   * Models after eps[done.length] (index into `eps`, increasing) that finished (`done`) or whose training started
   * (`current`, their checkpoint); absent when there are none.
   */
  later?: { index: number; done: PerEpsFinishedModel | null; current: unknown | null }[];
}

const PER_EPS_FORMAT = 'ratedistortion/per-eps-curve-checkpoint';

/** @internal How a per-eps method makes and restores its models. */
export interface PerEpsModels {
  method: 'nerd' | 'wgd' | 'ebrd';
  create(job: CurveJob, eps: number, index: number): RdEstimator;
  restore(job: CurveJob, checkpoint: unknown): RdEstimator;
}

/**
 * @internal What the per-eps runner knows about its models: the finished ones and the checkpoints of those in
 * progress, by index into `eps`.
 */
export interface PerEpsState {
  method: PerEpsModels['method'];
  eps: number[];
  done: Map<number, PerEpsFinishedModel>;
  current: Map<number, unknown>;
}

/** @internal The checkpoint of a {@link PerEpsState} (one thread's checkpoints have no `later`). */
export function perEpsCheckpoint(state: PerEpsState): PerEpsCurveCheckpoint {
  let prefix = 0;
  while (state.done.has(prefix)) prefix++;
  const done = Array.from({ length: prefix }, (_, i) => state.done.get(i)!);
  const later: NonNullable<PerEpsCurveCheckpoint['later']> = [];
  for (let i = prefix + 1; i < state.eps.length; i++) {
    const d = state.done.get(i) ?? null;
    const c = state.current.get(i) ?? null;
    if (d !== null || c !== null) later.push({ index: i, done: d, current: d !== null ? null : c });
  }
  return {
    format: PER_EPS_FORMAT,
    version: 1,
    method: state.method,
    eps: [...state.eps],
    done,
    current: state.current.get(prefix) ?? null,
    ...(later.length > 0 ? { later } : {}),
  };
}

// Points of checkpoints written before standard errors were reported have none: NaN, not a made-up value.
const withSe = (d: PerEpsFinishedModel): PerEpsFinishedModel => ({
  ...d,
  point: { ...d.point, rateSe: d.point.rateSe ?? NaN, distortionSe: d.point.distortionSe ?? NaN },
});

function readPerEpsCheckpoint(method: PerEpsModels['method'], eps: readonly number[], resume: unknown): PerEpsState {
  const c = readCheckpoint(
    resume,
    { format: PER_EPS_FORMAT, version: 1, method, name: `${method} per-eps curve` },
    'resume',
  ) as Partial<PerEpsCurveCheckpoint>;
  if (!Array.isArray(c.eps) || !Array.isArray(c.done))
    throw new InvalidParameterError('resume', 'eps and done lists', Object.keys(c).join(','));
  if (c.eps.length !== eps.length || c.eps.some((e, i) => e !== eps[i])) {
    throw new InvalidParameterError(
      'eps',
      `the eps list of the checkpoint (${c.eps.join(',')})`,
      eps.join(','),
      'a per-eps curve resumes with the eps it started with',
    );
  }
  if (c.done.length > eps.length)
    throw new InvalidParameterError('resume.done', `at most ${eps.length} finished models`, c.done.length);
  const state: PerEpsState = { method, eps: [...eps], done: new Map(), current: new Map() };
  c.done.forEach((d, i) => state.done.set(i, withSe(d)));
  if (c.current != null) state.current.set(c.done.length, c.current);
  const later = c.later ?? [];
  if (!Array.isArray(later)) throw new InvalidParameterError('resume.later', 'a list of models', typeof later);
  let previous = c.done.length;
  later.forEach((m, k) => {
    const index = (m as { index?: unknown } | null)?.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index <= previous || index >= eps.length) {
      throw new InvalidParameterError(
        `resume.later[${k}].index`,
        `an integer in [${previous + 1}, ${eps.length - 1}] (increasing)`,
        index,
      );
    }
    previous = index;
    if (m.done != null) state.done.set(index, withSe(m.done));
    else if (m.current != null) state.current.set(index, m.current);
    else throw new InvalidParameterError(`resume.later[${k}]`, 'a finished model (done) or a checkpoint (current)', m);
  });
  return state;
}

/**
 * @internal One model of a per-eps job: made (or restored from `current`), trained for the job's steps budget per
 * model and `seconds`, read out at its eps (on the stratified `view` when there is one) and released. `progress`
 * makes the model's progress callback from its target step.
 */
export async function trainPerEpsModel(
  models: PerEpsModels,
  job: CurveJob,
  view: StratifiedEvaluation<Source> | null,
  index: number,
  current: unknown,
  seconds: number | undefined,
  hooks: {
    progress?: (targetSteps: number | undefined) => TrainOptions['onProgress'];
    onCheckpoint?: (modelCheckpoint: unknown) => void | Promise<void>;
    signal?: AbortSignal;
  },
): Promise<{ done: PerEpsFinishedModel | null; train: PerEpsFinishedModel['train']; checkpoint: unknown }> {
  const eps = job.eps[index];
  const est = current != null ? models.restore(job, current) : models.create(job, eps, index);
  try {
    // On a device backend (webgpu) toJSON's synchronous reads need host copies of the fresh weights.
    await downloadDeviceTensors();
    const start = progressOf(est.toJSON());
    const n = modelSteps(job, start);
    const target = n === undefined ? undefined : start + n;
    const trained: TrainResult =
      n === 0 || seconds === 0
        ? { steps: 0, totalSteps: start, seconds: 0, stepsPerSecond: 0, aborted: false, lastLoss: NaN }
        : await est.train({
            steps: n,
            seconds,
            signal: hooks.signal,
            progressEvery: progressEvery(job, models.method),
            ...(hooks.onCheckpoint
              ? {
                  onCheckpoint: hooks.onCheckpoint,
                  checkpointEvery: job.checkpointEvery,
                  checkpointEverySeconds: job.checkpointEverySeconds,
                }
              : {}),
            onProgress: hooks.progress?.(target),
          });
    const train = { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds };
    if (trained.aborted) return { done: null, train, checkpoint: est.toJSON() };
    const read = () => est.evaluate(eps, evalOptions(job));
    const point = pointOf(view ? view.evaluating(read) : read());
    return { done: { point, train }, train, checkpoint: null };
  } finally {
    est.dispose();
  }
}

/**
 * The job's worker threads for its per-eps models: `job.workers` (default 1; `'auto'`: the available cores, at
 * most {@link MAX_AUTO_WORKERS}, and 1 on a device backend). The runner starts at most one per model left to train.
 *
 * @internal
 */
export function perEpsWorkerCount(job: CurveJob): number {
  const w = job.workers ?? 1;
  if (w === 'auto') return onHostMemoryBackend() ? resolveWorkerCount('auto', MAX_AUTO_WORKERS) : 1;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 1)
    throw new InvalidParameterError('workers', "'auto' or an integer ≥ 1", w);
  if (w > 1 && !onHostMemoryBackend())
    throw new InvalidParameterError('workers', `1 on the '${currentBackend()}' backend (one GPU trains alone)`, w);
  return w;
}

/** @internal Run a job with one model per eps. */
export async function runPerEps(models: PerEpsModels, job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  const workers = perEpsWorkerCount(job);
  const eps = [...job.eps];
  const state =
    job.resume !== undefined
      ? readPerEpsCheckpoint(models.method, eps, job.resume)
      : { method: models.method, eps, done: new Map(), current: new Map() };
  const pending = eps.map((_, i) => i).filter((i) => !state.done.has(i));
  const threads = Math.min(workers, pending.length);
  const trained =
    threads > 1
      ? await runPerEpsOnWorkers(models, job, state, pending, threads)
      : await runPerEpsInThread(models, job, state, pending);
  const checkpoint = perEpsCheckpoint(state);
  if (trained.aborted) await job.saveCheckpoint?.(checkpoint);
  let totalSteps = 0;
  for (const d of state.done.values()) totalSteps += d.train.totalSteps;
  return {
    points: eps.flatMap((_, i) => (state.done.has(i) ? [state.done.get(i)!.point] : [])),
    train: trainSummary({ steps: trained.steps, totalSteps, seconds: trained.seconds }, trained.aborted, eps.length),
    checkpoint,
  };
}

/**
 * The seconds budget of a model that starts now: the job's seconds left, split over the models still to start on
 * the same thread (this one included), so that time a model did not use passes on to the next.
 *
 * @internal
 */
export function perEpsSeconds(job: CurveJob, t0: number, modelsLeft: number): number | undefined {
  if (job.seconds === undefined) return undefined;
  return Math.max(0, job.seconds - (performance.now() - t0) / 1000) / modelsLeft;
}

// The models in eps order on this thread, each read out and released before the next starts.
async function runPerEpsInThread(
  models: PerEpsModels,
  job: CurveJob,
  state: PerEpsState,
  pending: readonly number[],
): Promise<{ steps: number; seconds: number; aborted: boolean }> {
  const view = evalSampling(job) === 'stratified' ? stratifiedEvaluation(job.source) : null;
  if (view) job = { ...job, source: view.source };
  const eps = state.eps;
  const t0 = performance.now();
  let steps = 0;
  let seconds = 0;
  for (let k = 0; k < pending.length; k++) {
    if (job.signal?.aborted) return { steps, seconds, aborted: true };
    const i = pending[k];
    const after = pending.length - k - 1;
    const save = job.saveCheckpoint;
    const periodic =
      save !== undefined && (job.checkpointEvery !== undefined || job.checkpointEverySeconds !== undefined);
    let out: Awaited<ReturnType<typeof trainPerEpsModel>>;
    try {
      out = await trainPerEpsModel(models, job, view, i, state.current.get(i), perEpsSeconds(job, t0, after + 1), {
        signal: job.signal,
        // A periodic checkpoint holds the finished models and this one's state, as an abort's does.
        ...(periodic
          ? {
              onCheckpoint: (c: unknown) => {
                state.current.set(i, c);
                return save(perEpsCheckpoint(state));
              },
            }
          : {}),
        progress: (target) =>
          modelProgress(
            job,
            t0,
            { method: models.method, model: i, models: eps.length, modelEps: eps[i], targetSteps: target },
            after * (job.steps ?? 0),
          ),
      });
    } catch (err) {
      // The failing model's state is not worth keeping; resuming restarts it.
      if (err instanceof NumericalError) {
        state.current.delete(i);
        await job.saveCheckpoint?.(perEpsCheckpoint(state));
      }
      throw err;
    }
    steps += out.train.steps;
    seconds += out.train.seconds;
    if (out.done === null) {
      state.current.set(i, out.checkpoint);
      return { steps, seconds, aborted: true };
    }
    state.done.set(i, out.done);
    state.current.delete(i);
    await job.saveCheckpoint?.(perEpsCheckpoint(state));
  }
  return { steps, seconds, aborted: false };
}

// The shared settings NERD and EBRD take as they are (WGD has no network, and its step size depends on eps).
const networkSettings = (job: CurveJob) => ({
  batchSize: batchSizeOf(job),
  hidden: job.hidden,
  learningRate: job.learningRate,
});

/** @internal */
export const nerdModels: PerEpsModels = {
  method: 'nerd',
  create: (job, eps) => new NERD(job.source, { eps, ...networkSettings(job), seed: job.seed, ...job.nerd }),
  restore: (job, c) => NERD.fromJSON(c, job.source),
};

/** @internal */
export const wgdModels: PerEpsModels = {
  method: 'wgd',
  // WGD's step size moves particles a fraction lr·β of the way to their conditional means per step; 0.2·eps is
  // the setting its own documentation gives for short budgets, and the schedule horizon is the steps budget.
  create: (job, eps) =>
    new WGD(job.source, {
      eps,
      batchSize: batchSizeOf(job),
      learningRate: job.learningRate ?? 0.2 * eps,
      seed: job.seed,
      ...(job.steps !== undefined && job.steps > 0 ? { scheduleSteps: job.steps } : {}),
      ...withBatchSize(job.wgd),
    }),
  restore: (job, c) => WGD.fromJSON(c, job.source),
};

/** @internal */
export const ebrdModels: PerEpsModels = {
  method: 'ebrd',
  create: (job, eps, i) =>
    new EBRD(job.source, {
      eps,
      ...networkSettings(job),
      ...job.ebrd,
      seed: (job.ebrd?.seed ?? job.seed ?? 0) + i,
    }),
  restore: (job, c) => EBRD.fromJSON(c, job.source),
};
