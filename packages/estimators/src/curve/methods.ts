// Every estimator of the package behind one "produce a curve" call, so `runCurve`, `runCurves` and `rd curve`
// treat R2D2 (one amortised model), NERD, WGD, EBRD (one model per eps) and Blahut–Arimoto (one solve per eps)
// alike: same budget words, same progress events, same abort/checkpoint/resume contract.
//
// Budgets. `steps` is per model: the amortised R2D2 model trains `steps` steps; NERD, WGD and EBRD train
// `steps` steps for EACH eps (so |eps|·steps in all). `seconds` is the wall-clock budget of the whole method in
// this call: R2D2 gets all of it, the per-eps methods split it evenly over the models still to train.
// Blahut–Arimoto has no training steps: it solves every eps (one solve per eps and replicate is one step).
//
// Resuming. With `budget: 'additional'` (default, `runCurve`'s original meaning) the model being resumed trains
// `steps` more; with `budget: 'total'` (what `rd curve --resume` uses) it trains until its life total reaches
// `steps`, so rerunning an interrupted command with `--resume` finishes the original job and no more.
import { InvalidParameterError, NumericalError, assertInteger, type SdeScheme } from '@ratedistortion/core';
import type { Source } from '@ratedistortion/datasets';
import type { RdEstimator, RdPointEstimate, TrainProgress, TrainResult } from '../estimator/types.js';
import type { EvalEntropy, R2D2Options, TrainEntropy } from '../r2d2/config.js';
import { R2D2 } from '../r2d2/r2d2.js';
import { stratifiedEvaluation } from './stratified-evaluation.js';
import type { NerdOptions } from '../nerd/config.js';
import { NERD } from '../nerd/nerd.js';
import type { WgdOptions } from '../wgd/config.js';
import { WGD } from '../wgd/wgd.js';
import type { EbrdOptions } from '../ebrd/config.js';
import { EBRD } from '../ebrd/ebrd.js';
import { BlahutArimotoEstimator, type BlahutArimotoEstimatorOptions } from '../blahut-arimoto/blahut-arimoto-estimator.js';

/**
 * The names of the curve methods, in the order `rd curve --help` lists them.
 *
 * @example
 * ```ts
 * import { CURVE_METHOD_NAMES } from '@ratedistortion/estimators';
 * console.log(CURVE_METHOD_NAMES.join('|')); // r2d2|nerd|wgd|ebrd|ba
 * ```
 */
export const CURVE_METHOD_NAMES = ['r2d2', 'nerd', 'wgd', 'ebrd', 'ba'] as const;

/**
 * Estimation methods `runCurve` can run.
 *
 * @example
 * ```ts
 * import type { CurveMethod } from '@ratedistortion/estimators';
 * const m: CurveMethod = 'wgd';
 * ```
 */
export type CurveMethod = (typeof CURVE_METHOD_NAMES)[number];

/**
 * A progress event of a curve job: the estimator's {@link TrainProgress} plus where in the job it is.
 *
 * @example
 * ```ts
 * import type { CurveProgress } from '@ratedistortion/estimators';
 * const log = (p: CurveProgress) => console.log(`${p.method} model ${p.model + 1}/${p.models} step ${p.step}/${p.targetSteps ?? '?'}`);
 * ```
 */
export interface CurveProgress extends TrainProgress {
  method: CurveMethod;
  /** Index (0-based) of the model being trained; always 0 for the amortised R2D2 model. */
  model: number;
  /** Number of models of the job (|eps| for per-eps methods, 1 for R2D2 and BA). */
  models: number;
  /** The eps the model is trained at (per-eps methods only). */
  modelEps?: number;
  /** The model's `step` at which its steps budget ends (undefined under a seconds-only budget). */
  targetSteps?: number;
  /** R2D2's rollout chain (`'auto'` resolved; see R2D2.chain); absent for the other methods. */
  chain?: 'fixed' | 'controlled';
  /** Steps left in the whole job (this model and the ones after it), under a steps budget. */
  remainingSteps?: number;
  /** Seconds left in the whole job, under a seconds budget. */
  remainingSeconds?: number;
}

/**
 * One evaluated point of a curve method (the read-out of {@link RdPointEstimate} without per-batch values).
 *
 * @example
 * ```ts
 * import type { CurveMethodPoint } from '@ratedistortion/estimators';
 * const p: CurveMethodPoint = {
 *   eps: 0.5, rate: 0.35, distortion: 0.25, rateSe: 0.004, distortionSe: 0.002, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26],
 * };
 * ```
 */
export interface CurveMethodPoint {
  eps: number;
  rate: number;
  distortion: number;
  /** Standard errors of `rate` and `distortion` (mean ± s/√B over the B evaluation batches; NaN in points read from checkpoints written before they were reported). */
  rateSe: number;
  distortionSe: number;
  rateIqr: [number, number];
  distortionIqr: [number, number];
}

/**
 * What a curve job asks of a method: the source, the eps list, the budget and the shared settings (each method
 * uses those that apply to it; see {@link CURVE_METHODS}), plus per-method overrides.
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import type { CurveJob } from '@ratedistortion/estimators';
 * const job: CurveJob = { source: sourceFromSpec({ kind: 'gaussian', variance: 1 }), eps: [0.25, 0.5], steps: 100, batch: 256 };
 * ```
 */
export interface CurveJob {
  source: Source;
  /** The eps values to evaluate (all > 0). */
  eps: readonly number[];
  /** R2D2's trained range (defaults: the smallest and largest eps; a single eps trains on [0.9·eps, 1.1·eps]). */
  epsMin?: number;
  epsMax?: number;
  /** Steps per model (see the budget rules at the top of this file). */
  steps?: number;
  /** Seconds for the whole method in this call. */
  seconds?: number;
  /** How `steps` applies to a resumed model (default `'additional'`). */
  budget?: 'additional' | 'total';
  /** Training batch: R2D2 `batch`, NERD `batchSize`, WGD `batch`, EBRD `batchSize` (each method's default otherwise). */
  batch?: number;
  /** Hidden widths: R2D2 controller, NERD generator, EBRD energy network. */
  hidden?: readonly number[];
  /** Learning rate of R2D2, NERD and EBRD, and WGD's initial step size (WGD default here: 0.2·eps). */
  learningRate?: number;
  /** R2D2 only. */
  dt?: number;
  entropy?: TrainEntropy;
  evalEntropy?: EvalEntropy;
  scheme?: SdeScheme;
  /** Seed (default 0); per-eps models use it as their own curve functions do (EBRD: seed + index). */
  seed?: number;
  /** Evaluation batches per eps (default 8) and their size (default 1024); not used by BA. */
  evalBatches?: number;
  evalBatchSize?: number;
  /**
   * Evaluation draws (default `'stratified'`: R2D2 stratifies its Brownian paths and, like NERD, WGD and EBRD, draws
   * source batches with the source's `sampleStratified` when it has one, see {@link stratifiedEvaluation};
   * `'iid'`: independent draws). Training draws are always i.i.d.
   */
  evalSampling?: 'stratified' | 'iid';
  /** Evaluate a model whose training was aborted (default true). Points of untrained per-eps models are never returned. */
  evaluateOnAbort?: boolean;
  /** A checkpoint this method wrote before (the `checkpoint` of a {@link CurveMethodRun}), to resume from. */
  resume?: unknown;
  /** Called with the method's checkpoint whenever it should be persisted (after each model, on abort, on failure). */
  saveCheckpoint?: (checkpoint: unknown) => Promise<void>;
  onProgress?: (p: CurveProgress) => void;
  /** Report every this many steps, or per method (default: each estimator's own, 10 steps; BA: every solve). */
  progressEvery?: number | Partial<Record<CurveMethod, number>>;
  signal?: AbortSignal;
  /** Per-method overrides, applied last. */
  r2d2?: Partial<R2D2Options>;
  nerd?: Partial<Omit<NerdOptions, 'eps'>>;
  wgd?: Partial<Omit<WgdOptions, 'eps' | 'rdLambda'>>;
  ebrd?: Partial<Omit<EbrdOptions, 'eps'>>;
  ba?: Omit<BlahutArimotoEstimatorOptions, 'eps'>;
}

/**
 * What a curve method returns: the evaluated points (in eps order; for an aborted per-eps job only the finished
 * models'), what training did in this call, and the checkpoint to resume from.
 *
 * @example
 * ```ts
 * import type { CurveMethodRun } from '@ratedistortion/estimators';
 * const show = (r: CurveMethodRun) => console.log(r.points.length, r.train.steps, r.train.aborted);
 * ```
 */
export interface CurveMethodRun {
  points: CurveMethodPoint[];
  train: { steps: number; totalSteps: number; seconds: number; aborted: boolean; models: number };
  /** R2D2's rollout chain (`'auto'` resolved); absent for the other methods. */
  chain?: 'fixed' | 'controlled';
  checkpoint: unknown;
}

/**
 * How a method produces a curve.
 *
 * @example
 * ```ts
 * import { CURVE_METHODS } from '@ratedistortion/estimators';
 * console.log(CURVE_METHODS.wgd.amortised, CURVE_METHODS.wgd.budget);
 * ```
 */
export interface CurveMethodSpec {
  readonly name: CurveMethod;
  /** One line for help texts. */
  readonly description: string;
  /** True when one model serves every eps (R2D2); false for one model (or solve) per eps. */
  readonly amortised: boolean;
  /** Whether the method trains (needs a steps or seconds budget). */
  readonly trains: boolean;
  /** How `steps`/`seconds` apply, in words. */
  readonly budget: string;
  /** Produce the curve. */
  run(job: CurveJob): Promise<CurveMethodRun>;
}

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

function pointOf(p: RdPointEstimate): CurveMethodPoint {
  return {
    eps: p.eps, rate: p.rate, distortion: p.distortion, rateSe: p.rateSe, distortionSe: p.distortionSe,
    rateIqr: [p.rateIqr[0], p.rateIqr[1]], distortionIqr: [p.distortionIqr[0], p.distortionIqr[1]],
  };
}

function progressOf(checkpoint: unknown): number {
  const steps = (checkpoint as { progress?: { steps?: unknown } } | null)?.progress?.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new InvalidParameterError('resume', 'an estimator checkpoint with progress.steps', checkpoint === null ? null : typeof checkpoint);
  }
  return steps;
}

/** Steps for one model of this call: `undefined` under a seconds-only budget. */
function modelSteps(job: CurveJob, startSteps: number): number | undefined {
  if (job.steps === undefined) return undefined;
  return job.budget === 'total' ? Math.max(0, job.steps - startSteps) : job.steps;
}

function validateJob(job: CurveJob, trains: boolean): void {
  if (job == null || typeof job !== 'object') throw new InvalidParameterError('job', 'a CurveJob object', job);
  if (!Array.isArray(job.eps) || job.eps.length === 0) throw new InvalidParameterError('eps', 'a non-empty list of eps values', job.eps);
  job.eps.forEach((e, i) => {
    if (typeof e !== 'number' || !Number.isFinite(e) || e <= 0) throw new InvalidParameterError(`eps[${i}]`, 'a finite number > 0', e);
  });
  if (job.steps !== undefined) assertInteger('steps', job.steps, 0);
  if (job.seconds !== undefined && !(job.seconds > 0 && Number.isFinite(job.seconds))) throw new InvalidParameterError('seconds', 'a finite number > 0', job.seconds);
  if (trains && job.steps === undefined && job.seconds === undefined) throw new InvalidParameterError('steps', 'steps and/or seconds (the training budget)', undefined);
  if (job.budget !== undefined && job.budget !== 'additional' && job.budget !== 'total') throw new InvalidParameterError('budget', "'additional' or 'total'", job.budget);
}

function progressEvery(job: CurveJob, method: CurveMethod): number | undefined {
  return typeof job.progressEvery === 'object' && job.progressEvery !== null ? job.progressEvery[method] : job.progressEvery;
}

function evalOptions(job: CurveJob) {
  return { batches: job.evalBatches ?? 8, batchSize: job.evalBatchSize ?? 1024 };
}

function evalSampling(job: CurveJob): 'stratified' | 'iid' {
  const s = job.evalSampling ?? 'stratified';
  if (s !== 'stratified' && s !== 'iid') throw new InvalidParameterError('evalSampling', "'stratified' or 'iid'", s);
  return s;
}

async function runR2D2(job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  let est: R2D2;
  if (job.resume !== undefined) {
    est = R2D2.fromJSON(job.resume, job.source);
  } else {
    const lo = Math.min(...job.eps);
    const hi = Math.max(...job.eps);
    est = new R2D2(job.source, {
      epsMin: job.epsMin ?? (lo === hi ? 0.9 * lo : lo),
      epsMax: job.epsMax ?? (lo === hi ? 1.1 * hi : hi),
      batch: job.batch, dt: job.dt, hidden: job.hidden, entropy: job.entropy, evalEntropy: job.evalEntropy,
      learningRate: job.learningRate, scheme: job.scheme, seed: job.seed, ...job.r2d2,
    });
  }
  try {
    const start = progressOf(est.toJSON());
    const steps = modelSteps(job, start);
    const target = steps === undefined ? undefined : start + steps;
    const t0 = performance.now();
    let trained: TrainResult;
    try {
      trained = await est.train({
        steps, seconds: job.seconds, signal: job.signal, progressEvery: progressEvery(job, 'r2d2'),
        onProgress: job.onProgress && ((p) => job.onProgress?.({
          ...p, method: 'r2d2', model: 0, models: 1, targetSteps: target, chain: est.chain,
          ...(target !== undefined ? { remainingSteps: Math.max(0, target - p.step) } : {}),
          ...(job.seconds !== undefined ? { remainingSeconds: Math.max(0, job.seconds - (performance.now() - t0) / 1000) } : {}),
        })),
      });
    } catch (err) {
      if (err instanceof NumericalError && est.lastGoodCheckpoint) await job.saveCheckpoint?.(est.lastGoodCheckpoint);
      throw err;
    }
    const checkpoint = est.toJSON();
    await job.saveCheckpoint?.(checkpoint);
    const evaluate = !trained.aborted || (job.evaluateOnAbort ?? true);
    const sampling = evalSampling(job);
    const points = evaluate ? job.eps.map((eps) => pointOf(est.evaluate(eps, { ...evalOptions(job), sampling }))) : [];
    return {
      points,
      train: { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds, aborted: trained.aborted, models: 1 },
      chain: est.chain,
      checkpoint,
    };
  } finally {
    est.dispose();
  }
}

interface PerEpsModels {
  method: 'nerd' | 'wgd' | 'ebrd';
  create(job: CurveJob, eps: number, index: number): RdEstimator;
  restore(job: CurveJob, checkpoint: unknown): RdEstimator;
}

function readPerEpsCheckpoint(method: PerEpsModels['method'], eps: readonly number[], resume: unknown): PerEpsCurveCheckpoint {
  const c = (typeof resume === 'string' ? JSON.parse(resume) : resume) as Partial<PerEpsCurveCheckpoint> | null;
  if (c == null || c.format !== PER_EPS_FORMAT || c.version !== 1 || !Array.isArray(c.eps) || !Array.isArray(c.done)) {
    throw new InvalidParameterError('resume', `a ${PER_EPS_FORMAT} version 1 object`, c === null ? null : typeof c);
  }
  if (c.method !== method) throw new InvalidParameterError('resume', `a checkpoint of method '${method}'`, c.method);
  if (c.eps.length !== eps.length || c.eps.some((e, i) => e !== eps[i])) {
    throw new InvalidParameterError('eps', `the eps list of the checkpoint (${c.eps.join(',')})`, eps.join(','), 'a per-eps curve resumes with the eps it started with');
  }
  if (c.done.length > eps.length) throw new InvalidParameterError('resume.done', `at most ${eps.length} finished models`, c.done.length);
  // Points of checkpoints written before standard errors were reported have none: NaN, not a made-up value.
  const done = c.done.map((d) => ({ ...d, point: { ...d.point, rateSe: d.point.rateSe ?? NaN, distortionSe: d.point.distortionSe ?? NaN } }));
  return { format: PER_EPS_FORMAT, version: 1, method, eps: [...c.eps], done, current: c.current ?? null };
}

async function runPerEps(models: PerEpsModels, job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, true);
  const view = evalSampling(job) === 'stratified' ? stratifiedEvaluation(job.source) : null;
  if (view) job = { ...job, source: view.source };
  const eps = [...job.eps];
  const state: PerEpsCurveCheckpoint = job.resume !== undefined
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
        if ((n === 0) || share === 0) {
          trained = { steps: 0, totalSteps: start, seconds: 0, stepsPerSecond: 0, aborted: false, lastLoss: NaN };
        } else {
          trained = await est.train({
            steps: n, seconds: share, signal: job.signal, progressEvery: progressEvery(job, models.method),
            onProgress: job.onProgress && ((p) => job.onProgress?.({
              ...p, method: models.method, model: i, models: eps.length, modelEps: eps[i], targetSteps: target,
              ...(target !== undefined ? { remainingSteps: Math.max(0, target - p.step) + after * (job.steps ?? 0) } : {}),
              ...(job.seconds !== undefined ? { remainingSeconds: Math.max(0, job.seconds - (performance.now() - t0) / 1000) } : {}),
            })),
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
      state.done.push({ point, train: { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds } });
      state.current = null;
      await job.saveCheckpoint?.(snapshot());
    } finally {
      est.dispose();
    }
  }
  const checkpoint = snapshot();
  if (aborted) await job.saveCheckpoint?.(checkpoint);
  return {
    points: state.done.map((d) => d.point),
    train: { steps, totalSteps: state.done.reduce((s, d) => s + d.train.totalSteps, 0), seconds, aborted, models: eps.length },
    checkpoint,
  };
}

const nerdModels: PerEpsModels = {
  method: 'nerd',
  create: (job, eps) => new NERD(job.source, {
    eps, ...(job.batch !== undefined ? { batchSize: job.batch } : {}), hidden: job.hidden, learningRate: job.learningRate, seed: job.seed, ...job.nerd,
  }),
  restore: (job, c) => NERD.fromJSON(c, job.source),
};

const wgdModels: PerEpsModels = {
  method: 'wgd',
  // WGD's step size moves particles a fraction lr·β of the way to their conditional means per step; 0.2·eps is
  // the setting its own documentation gives for short budgets, and the schedule horizon is the steps budget.
  create: (job, eps) => new WGD(job.source, {
    eps, batch: job.batch, learningRate: job.learningRate ?? 0.2 * eps, seed: job.seed,
    ...(job.steps !== undefined && job.steps > 0 ? { scheduleSteps: job.steps } : {}), ...job.wgd,
  }),
  restore: (job, c) => WGD.fromJSON(c, job.source),
};

const ebrdModels: PerEpsModels = {
  method: 'ebrd',
  create: (job, eps, i) => new EBRD(job.source, {
    eps, batchSize: job.batch, hidden: job.hidden, learningRate: job.learningRate, ...job.ebrd, seed: (job.ebrd?.seed ?? job.seed ?? 0) + i,
  }),
  restore: (job, c) => EBRD.fromJSON(c, job.source),
};

async function runBlahutArimoto(job: CurveJob): Promise<CurveMethodRun> {
  validateJob(job, false);
  const est = job.resume !== undefined
    ? BlahutArimotoEstimator.fromJSON(job.resume, job.source)
    : new BlahutArimotoEstimator(job.source, { seed: job.seed, ...job.ba, eps: job.eps });
  try {
    const replicates = est.options.replicates ?? 1;
    const start = progressOf(est.toJSON());
    const solves = job.eps.length * replicates;
    const t0 = performance.now();
    const trained = await est.train({
      steps: solves, seconds: job.seconds, signal: job.signal, progressEvery: progressEvery(job, 'ba'),
      onProgress: job.onProgress && ((p) => job.onProgress?.({
        ...p, method: 'ba', model: 0, models: 1, targetSteps: start + solves, remainingSteps: Math.max(0, start + solves - p.step),
        ...(job.seconds !== undefined ? { remainingSeconds: Math.max(0, job.seconds - (performance.now() - t0) / 1000) } : {}),
      })),
    });
    const checkpoint = est.toJSON();
    await job.saveCheckpoint?.(checkpoint);
    const evaluate = est.trained && (!trained.aborted || (job.evaluateOnAbort ?? true));
    const points = evaluate ? job.eps.map((eps) => pointOf(est.evaluate(eps))) : [];
    return { points, train: { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds, aborted: trained.aborted, models: 1 }, checkpoint };
  } finally {
    est.dispose();
  }
}

/**
 * The curve methods: how each one turns a {@link CurveJob} into points, training figures and a checkpoint.
 * - `r2d2`: one amortised model over [epsMin, epsMax], trained `steps` (or `seconds`), evaluated at every eps;
 *   its checkpoint is the R2D2 checkpoint.
 * - `nerd`, `wgd`, `ebrd`: one model per eps, each trained `steps` (`seconds` split evenly), evaluated at its
 *   own eps and released; the checkpoint ({@link PerEpsCurveCheckpoint}) keeps the finished points and the
 *   model in progress.
 * - `ba`: Blahut–Arimoto on a grid density of source samples (1-D and 2-D sources), solving every eps; no steps.
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import { CURVE_METHODS } from '@ratedistortion/estimators';
 * const run = await CURVE_METHODS.ba.run({ source: sourceFromSpec({ kind: 'gaussian', variance: 1 }), eps: [0.25], ba: { samples: 20000, points: 100 } });
 * console.log(run.points[0].rate, 0.5 * Math.log(1 / 0.25)); // ≈ 0.693
 * ```
 */
export const CURVE_METHODS: Readonly<Record<CurveMethod, CurveMethodSpec>> = {
  r2d2: {
    name: 'r2d2', amortised: true, trains: true,
    description: 'R2D2 (Freirich & Weinberger): one controller amortised over the eps range',
    budget: 'steps (or seconds) for the one amortised model',
    run: runR2D2,
  },
  nerd: {
    name: 'nerd', amortised: false, trains: true,
    description: 'NERD (Lei et al.): a generator per eps, dual loss',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(nerdModels, job),
  },
  wgd: {
    name: 'wgd', amortised: false, trains: true,
    description: 'WGD (Yang et al.): Wasserstein gradient descent on particles, per eps',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(wgdModels, job),
  },
  ebrd: {
    name: 'ebrd', amortised: false, trains: true,
    description: 'EBRD (Wu et al.): an energy-based model with Langevin sampling, per eps',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(ebrdModels, job),
  },
  ba: {
    name: 'ba', amortised: false, trains: false,
    description: 'Blahut–Arimoto on a grid density of source samples (1-D and 2-D sources)',
    budget: 'no training steps: every eps is solved (seconds, if given, bounds the solving before evaluation)',
    run: runBlahutArimoto,
  },
};

/**
 * Whether `name` is a curve method.
 *
 * @example
 * ```ts
 * import { isCurveMethod } from '@ratedistortion/estimators';
 * console.log(isCurveMethod('wgd'), isCurveMethod('vae')); // true false
 * ```
 */
export function isCurveMethod(name: unknown): name is CurveMethod {
  return typeof name === 'string' && (CURVE_METHOD_NAMES as readonly string[]).includes(name);
}
