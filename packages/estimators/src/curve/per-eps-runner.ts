// The per-eps curve runner (NERD, WGD, EBRD): one model per eps, each trained (the seconds budget of training
// re-split over the models still to train), read out at its own eps and released; the checkpoint keeps the finished
// points and the models in progress. With `workers` > 1 the models train on worker threads at once
// (per-eps-workers.ts); each model's numbers do not depend on the thread, so any worker count gives the same curve.
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { InvalidParameterError, NumericalError } from '@ratedistortion/core';
import { stratifiedEvaluation } from './stratified-evaluation.js';
import {
  trainPerEpsModelUnit,
  type PerEpsMethod,
  type PerEpsModelMake,
  type PerEpsModelOutcome,
} from './per-eps-model.js';
// A static import, so that a bundle holding this runner also starts the worker loop when a worker thread loads it.
import { perEpsJobThreads, runPerEpsOnWorkers } from './per-eps-workers.js';
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

/** @internal How a per-eps method makes the model of each eps of a job: its constructor options. */
export interface PerEpsModels {
  method: PerEpsMethod;
  options(job: CurveJob, eps: number, index: number): Record<string, unknown>;
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

/** @internal The task of model `index` of a job: how to make it, its steps budget, and its target step. */
export function perEpsTask(
  models: PerEpsModels,
  job: CurveJob,
  state: PerEpsState,
  index: number,
): { make: PerEpsModelMake; steps: number | undefined; target: number | undefined } {
  const current = state.current.get(index);
  const start = current != null ? progressOf(current) : 0;
  const steps = modelSteps(job, start);
  return {
    make: current != null ? { checkpoint: current } : { options: models.options(job, job.eps[index], index) },
    steps,
    target: steps === undefined ? undefined : start + steps,
  };
}

/** @internal A finished model's entry from its outcome. */
export function finishedModel(out: PerEpsModelOutcome): PerEpsFinishedModel | null {
  if (out.estimate === null) return null;
  const t = out.training;
  return { point: pointOf(out.estimate), train: { steps: t.steps, totalSteps: t.totalSteps, seconds: t.seconds } };
}

/** @internal Run a job with one model per eps. */
export async function runPerEps(models: PerEpsModels, job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  const eps = [...job.eps];
  const state =
    job.resume !== undefined
      ? readPerEpsCheckpoint(models.method, eps, job.resume)
      : { method: models.method, eps, done: new Map(), current: new Map() };
  const pending = eps.map((_, i) => i).filter((i) => !state.done.has(i));
  const threads = perEpsJobThreads(job.workers, job.source, pending.length);
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
    train: trainSummary(
      { steps: trained.steps, totalSteps, seconds: trained.seconds },
      trained.aborted,
      eps.length,
      Math.max(1, threads),
    ),
    checkpoint,
  };
}

/**
 * The seconds budget of a model that starts now: the job's training seconds left (the job's `seconds` less the
 * training seconds its earlier models on the same thread used), split over the models still to start on that thread
 * (this one included), so that time a model did not use passes on to the next. Read-outs are not charged to it:
 * R2D2 reads its points out after its `seconds` of training, and an equal-time comparison must give the per-eps
 * methods the same training time (with 64 evaluation batches NERD's read-outs on a 20-dim source took two thirds of
 * a 300-s budget when they were charged).
 *
 * @example
 * perEpsSeconds({ seconds: 60 }, 20, 2); // 20: 40 s of training left, split over the two models still to start
 *
 * @internal
 */
export function perEpsSeconds(
  job: Pick<CurveJob, 'seconds'>,
  trainedSeconds: number,
  modelsLeft: number,
): number | undefined {
  if (job.seconds === undefined) return undefined;
  return Math.max(0, job.seconds - trainedSeconds) / modelsLeft;
}

// The models in eps order on this thread, each read out and released before the next starts.
async function runPerEpsInThread(
  models: PerEpsModels,
  job: CurveJob,
  state: PerEpsState,
  pending: readonly number[],
): Promise<{ steps: number; seconds: number; aborted: boolean }> {
  const view = evalSampling(job) === 'stratified' ? stratifiedEvaluation(job.source) : null;
  const eps = state.eps;
  const t0 = performance.now();
  const save = job.saveCheckpoint;
  const periodic =
    save !== undefined && (job.checkpointEvery !== undefined || job.checkpointEverySeconds !== undefined);
  let steps = 0;
  let seconds = 0;
  for (let k = 0; k < pending.length; k++) {
    if (job.signal?.aborted) return { steps, seconds, aborted: true };
    const i = pending[k];
    const after = pending.length - k - 1;
    const task = perEpsTask(models, job, state, i);
    let out: PerEpsModelOutcome;
    try {
      out = await trainPerEpsModelUnit(
        models.method,
        job.source,
        view,
        task.make,
        eps[i],
        {
          steps: task.steps,
          seconds: perEpsSeconds(job, seconds, after + 1),
          signal: job.signal,
          progressEvery: progressEvery(job, models.method),
          // A periodic checkpoint holds the finished models and this one's state, as an abort's does.
          ...(periodic
            ? {
                onCheckpoint: (c: unknown) => {
                  state.current.set(i, c);
                  return save(perEpsCheckpoint(state));
                },
                checkpointEvery: job.checkpointEvery,
                checkpointEverySeconds: job.checkpointEverySeconds,
              }
            : {}),
          onProgress: modelProgress(
            job,
            t0,
            { method: models.method, model: i, models: eps.length, modelEps: eps[i], targetSteps: task.target },
            after * (job.steps ?? 0),
          ),
        },
        evalOptions(job),
      );
    } catch (err) {
      // The failing model's state is not worth keeping; resuming restarts it.
      if (err instanceof NumericalError) {
        state.current.delete(i);
        await job.saveCheckpoint?.(perEpsCheckpoint(state));
      }
      throw err;
    }
    steps += out.training.steps;
    seconds += out.training.seconds;
    const done = finishedModel(out);
    if (done === null) {
      state.current.set(i, out.checkpoint);
      return { steps, seconds, aborted: true };
    }
    state.done.set(i, done);
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
  options: (job, eps) => ({ eps, ...networkSettings(job), seed: job.seed, ...job.nerd }),
};

/** @internal */
export const wgdModels: PerEpsModels = {
  method: 'wgd',
  // WGD's step size moves particles a fraction lr·β of the way to their conditional means per step; 0.2·eps is
  // the setting its own documentation gives for short budgets, and the schedule horizon is the steps budget.
  options: (job, eps) => ({
    eps,
    batchSize: batchSizeOf(job),
    learningRate: job.learningRate ?? 0.2 * eps,
    seed: job.seed,
    ...(job.steps !== undefined && job.steps > 0 ? { scheduleSteps: job.steps } : {}),
    ...withBatchSize(job.wgd),
  }),
};

/** @internal */
export const ebrdModels: PerEpsModels = {
  method: 'ebrd',
  options: (job, eps, i) => ({
    eps,
    ...networkSettings(job),
    ...job.ebrd,
    seed: (job.ebrd?.seed ?? job.seed ?? 0) + i,
  }),
};
