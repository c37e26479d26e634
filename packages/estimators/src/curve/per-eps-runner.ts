// The per-eps curve runner (NERD, WGD, EBRD): one model per eps, each trained (the seconds budget re-split
// over the models still to train), read out at its own eps and released; the checkpoint keeps the finished
// points and the model in progress.
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { InvalidParameterError, NumericalError, downloadDeviceTensors } from '@ratedistortion/core';
import type { RdEstimator, TrainResult } from '../estimator/types.js';
import { NERD } from '../nerd/nerd.js';
import { WGD } from '../wgd/wgd.js';
import { EBRD } from '../ebrd/ebrd.js';
import { stratifiedEvaluation } from './stratified-evaluation.js';
import {
  batchSizeOf,
  evalOptions,
  evalSampling,
  modelProgress,
  modelSteps,
  periodicCheckpoints,
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
 * Checkpoint of a per-eps curve (NERD, WGD, EBRD): the finished models' points and training, and the
 * checkpoint of the model in progress.
 *
 * @example
 * ```ts
 * import type { PerEpsCurveCheckpoint } from '@ratedistortion/estimators';
 * const finished = (c: PerEpsCurveCheckpoint) => c.done.length;
 * ```
 */
export interface PerEpsCurveCheckpoint {
  format: 'ratedistortion/per-eps-curve-checkpoint';
  version: 1;
  method: 'nerd' | 'wgd' | 'ebrd';
  eps: number[];
  /** Models for eps[0], eps[1], ... that finished, with their evaluated points. */
  done: { point: CurveMethodPoint; train: { steps: number; totalSteps: number; seconds: number } }[];
  /** The model for eps[done.length], when its training has started. */
  current: unknown | null;
}

const PER_EPS_FORMAT = 'ratedistortion/per-eps-curve-checkpoint';

/** @internal How a per-eps method makes and restores its models. */
export interface PerEpsModels {
  method: 'nerd' | 'wgd' | 'ebrd';
  create(job: CurveJob, eps: number, index: number): RdEstimator;
  restore(job: CurveJob, checkpoint: unknown): RdEstimator;
}

function readPerEpsCheckpoint(
  method: PerEpsModels['method'],
  eps: readonly number[],
  resume: unknown,
): PerEpsCurveCheckpoint {
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
  // Points of checkpoints written before standard errors were reported have none: NaN, not a made-up value.
  const done = c.done.map((d) => ({
    ...d,
    point: { ...d.point, rateSe: d.point.rateSe ?? NaN, distortionSe: d.point.distortionSe ?? NaN },
  }));
  return { format: PER_EPS_FORMAT, version: 1, method, eps: [...c.eps], done, current: c.current ?? null };
}

/** @internal Run a job with one model per eps. */
export async function runPerEps(models: PerEpsModels, job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  const view = evalSampling(job) === 'stratified' ? stratifiedEvaluation(job.source) : null;
  if (view) job = { ...job, source: view.source };
  const eps = [...job.eps];
  const state: PerEpsCurveCheckpoint =
    job.resume !== undefined
      ? readPerEpsCheckpoint(models.method, eps, job.resume)
      : { format: PER_EPS_FORMAT, version: 1, method: models.method, eps, done: [], current: null };
  const snapshot = (): PerEpsCurveCheckpoint => ({ ...state, done: [...state.done] });
  const t0 = performance.now();
  let steps = 0;
  let seconds = 0;
  let aborted = false;
  for (let i = state.done.length; i < eps.length; i++) {
    if (job.signal?.aborted) {
      aborted = true;
      break;
    }
    const est = state.current !== null ? models.restore(job, state.current) : models.create(job, eps[i], i);
    try {
      // On a device backend (webgpu) toJSON's synchronous reads need host copies of the fresh weights.
      await downloadDeviceTensors();
      const start = progressOf(est.toJSON());
      const n = modelSteps(job, start);
      const target = n === undefined ? undefined : start + n;
      // The seconds budget is shared by the models still to train, re-split after each so that time a model
      // did not use passes on to the next.
      const left = job.seconds === undefined ? undefined : Math.max(0, job.seconds - (performance.now() - t0) / 1000);
      const share = left === undefined ? undefined : left / (eps.length - i);
      const after = eps.length - i - 1;
      let trained: TrainResult;
      try {
        if (n === 0 || share === 0) {
          trained = { steps: 0, totalSteps: start, seconds: 0, stepsPerSecond: 0, aborted: false, lastLoss: NaN };
        } else {
          trained = await est.train({
            steps: n,
            seconds: share,
            signal: job.signal,
            progressEvery: progressEvery(job, models.method),
            // A periodic checkpoint holds the finished models and this one's state, as an abort's does.
            ...periodicCheckpoints(job, (c) => ({ ...snapshot(), current: c })),
            onProgress: modelProgress(
              job,
              t0,
              { method: models.method, model: i, models: eps.length, modelEps: eps[i], targetSteps: target },
              after * (job.steps ?? 0),
            ),
          });
        }
      } catch (err) {
        // The failing model's state is not worth keeping; resuming restarts it.
        if (err instanceof NumericalError) await job.saveCheckpoint?.({ ...snapshot(), current: null });
        throw err;
      }
      steps += trained.steps;
      seconds += trained.seconds;
      if (trained.aborted) {
        aborted = true;
        state.current = est.toJSON();
        break;
      }
      const read = () => est.evaluate(eps[i], evalOptions(job));
      const point = pointOf(view ? view.evaluating(read) : read());
      state.done.push({
        point,
        train: { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds },
      });
      state.current = null;
      await job.saveCheckpoint?.(snapshot());
    } finally {
      est.dispose();
    }
  }
  const checkpoint = snapshot();
  if (aborted) await job.saveCheckpoint?.(checkpoint);
  const totalSteps = state.done.reduce((s, d) => s + d.train.totalSteps, 0);
  return {
    points: state.done.map((d) => d.point),
    train: trainSummary({ steps, totalSteps, seconds }, aborted, eps.length),
    checkpoint,
  };
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
