// What a curve job asks of a method and what a method gives back: the method names, the job, the run, the progress
// event, and the helpers every per-method runner shares (validation, budget per model, progress cadence, read-out).
//
// Budgets. `steps` is per model: the amortised R2D2 model trains `steps` steps; NERD, WGD and EBRD train
// `steps` steps for EACH eps (so |eps|·steps in all). `seconds` is the training budget of the whole method in this
// call, in wall-clock seconds of training (read-outs come on top, for every method alike): R2D2 trains for all of it,
// the per-eps methods split it evenly over the models still to train, each finished model's unused time passing on
// (with several worker threads, the per-eps default where cores allow: each thread splits it over its own models).
// Blahut–Arimoto has no training steps: it solves every eps (one solve per eps and replicate is one step).
//
// Resuming. With `budget: 'additional'` (default, `runCurve`'s original meaning) the model being resumed trains
// `steps` more; with `budget: 'total'` (what `rd curve --resume` uses) it trains until its life total reaches
// `steps`, so rerunning an interrupted command with `--resume` finishes the original job and no more.
import { InvalidParameterError, assertInteger, type SdeScheme } from '@ratedistortion/core';
import type { Source } from '@ratedistortion/datasets';
import type { RdPointEstimate, TrainOptions, TrainProgress, TrainResult } from '../estimator/types.js';
import type { EvalEntropy, R2D2Options, TrainEntropy } from '../r2d2/config.js';
import type { R2D2ControlVariateWithheld } from '../r2d2/r2d2.js';
import type { NerdOptions } from '../nerd/config.js';
import type { WgdOptions } from '../wgd/config.js';
import type { EbrdOptions } from '../ebrd/config.js';
import type { BlahutArimotoEstimatorOptions } from '../blahut-arimoto/blahut-arimoto-estimator.js';

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
  /**
   * Models training at once when this event was sent (per-eps methods on `workers` > 1 threads); absent with one.
   * `stepsPerSecond` is this model's rate, so the job takes its remaining steps about this many times as fast.
   */
  training?: number;
}

/**
 * One evaluated point of a curve method: an {@link RdPointEstimate} without its per-batch values (standard errors
 * NaN in points read from checkpoints written before they were reported).
 *
 * @example
 * ```ts
 * import type { CurveMethodPoint } from '@ratedistortion/estimators';
 * const p: CurveMethodPoint = {
 *   eps: 0.5, rate: 0.35, distortion: 0.25, rateSe: 0.004, distortionSe: 0.002, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26],
 * };
 * ```
 */
export type CurveMethodPoint = Omit<RdPointEstimate, 'batches'>;

/**
 * The settings of a curve job that `runCurve`/`runCurves` hand to each method as they are: the budget, the shared
 * model, training and read-out settings (each method uses those that apply to it; see {@link CURVE_METHODS}),
 * progress, periodic checkpoints, abort, and per-method overrides.
 *
 * @example
 * ```ts
 * import type { CurveJobSettings } from '@ratedistortion/estimators';
 * const settings: CurveJobSettings = { steps: 100, batchSize: 256, hidden: [32], evalBatches: 4 };
 * ```
 */
export interface CurveJobSettings {
  /** R2D2's trained range (defaults: the smallest and largest eps; a single eps trains on [0.9·eps, 1.1·eps]). */
  epsMin?: number;
  epsMax?: number;
  /** Steps per model (see the budget rules at the top of this file). */
  steps?: number;
  /**
   * Training seconds for the whole method in this call (per-eps methods split it over their models); the read-outs
   * of the points come on top.
   */
  seconds?: number;
  /** How `steps` applies to a resumed model: `'additional'` (default) steps more, or up to `'total'` steps. */
  budget?: 'additional' | 'total';
  /** Training batch size of R2D2, NERD, WGD and EBRD (their `batchSize`; each method's default otherwise). */
  batchSize?: number;
  /**
   * @deprecated The former name of {@link CurveJobSettings.batchSize}; still accepted (and read from run checkpoints
   * that store it). Giving both with different values is refused.
   */
  batch?: number;
  /** Hidden widths: R2D2 controller (default [64, 64]), NERD generator, EBRD energy network. */
  hidden?: readonly number[];
  /** Learning rate of R2D2 (default 1e-3), NERD and EBRD, and WGD's initial step size (WGD default here: 0.2·eps). */
  learningRate?: number;
  /** R2D2's SDE time step (default 0.01). */
  dt?: number;
  /** R2D2's entropy estimator of the loss (default: 'dv' for d ≤ 20, else 'gaussian'). */
  entropy?: TrainEntropy;
  /** R2D2's entropy estimator of the read-out (default 'train'). */
  evalEntropy?: EvalEntropy;
  /** R2D2's SDE scheme (default 'euler-maruyama'). */
  scheme?: SdeScheme;
  /** Seed (default 0); per-eps models use it as their own curve functions do (EBRD: seed + index). */
  seed?: number;
  /** Evaluation batches per eps (default 8) and their size (default 1024); not used by BA. */
  evalBatches?: number;
  evalBatchSize?: number;
  /**
   * Evaluation draws (default `'stratified'`: R2D2 stratifies its Brownian paths and, like NERD, WGD and EBRD, draws
   * source batches with the source's `sampleStratified` when it has one, see {@link stratifiedEvaluation};
   * `'iid'`: independent draws; R2D2 with its Gaussian control variate (`R2D2.controlVariate`) defaults to `'iid'`,
   * see R2D2EvaluateOptions). Training draws are always i.i.d.
   */
  evalSampling?: 'stratified' | 'iid';
  /** Evaluate a model whose training was aborted (default true). Points of untrained per-eps models are never returned. */
  evaluateOnAbort?: boolean;
  /** Steps between checkpoints during training (default: none by steps). */
  checkpointEvery?: number;
  /** Seconds between checkpoints during training (default: none by time). */
  checkpointEverySeconds?: number;
  onProgress?: (p: CurveProgress) => void;
  /** Report every this many steps, or per method (default: each estimator's own, 10 steps; BA: every solve). */
  progressEvery?: number | Partial<Record<CurveMethod, number>>;
  signal?: AbortSignal;
  /**
   * Worker threads: a positive integer or `'auto'` (the available cores, at most 8, and 1 on the webgpu backend);
   * the run's `train.workers` says how many trained.
   *
   * NERD, WGD and EBRD (default `'auto'`) train several eps models at once, one per thread (at most one thread per
   * model left to train), each model exactly as one thread trains it, so the curve is bit-identical for any count;
   * under a `seconds` budget each thread splits the job's training seconds over its own models (so with N threads
   * each model trains about N times longer), and the run's `train.seconds` is the wall-clock time from the threads'
   * start to the last model's end (with one thread: the sum of the models' training times). Each thread rebuilds the
   * source with `sourceFromSpec(source.toSpec())`: an explicit count > 1 needs a source it rebuilds (else a typed
   * error), while the default trains on one thread where the rebuilt source would not be this very source (a kind
   * sourceFromSpec does not know, a wrapper object, a method patched onto it).
   *
   * R2D2 (default 1) shares each training step's batch among them (see `R2D2TrainOptions.workers`); it stays at one
   * thread by default because its result depends on the count by float32 rounding and its per-step exchange made
   * 2 workers slower than one thread on a loaded machine (docs/speed.md). Its products still use every core by
   * default, on the wasm backend's kernel threads (`wasmThreads`), which give the same numbers on any count; each
   * worker thread runs one kernel thread. Not part of the run: a resumed run (and its checkpoint) may use another count.
   */
  workers?: number | 'auto';
  /** Per-method overrides, applied over the shared settings. */
  r2d2?: Partial<R2D2Options>;
  nerd?: Partial<Omit<NerdOptions, 'eps'>>;
  wgd?: Partial<Omit<WgdOptions, 'eps' | 'rdLambda'>>;
  ebrd?: Partial<Omit<EbrdOptions, 'eps'>>;
  ba?: Omit<BlahutArimotoEstimatorOptions, 'eps'>;
}

/**
 * What a curve job asks of a method: the source, the eps list and the {@link CurveJobSettings}, with the method's
 * own checkpoint to resume from and where to save it.
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import type { CurveJob } from '@ratedistortion/estimators';
 * const job: CurveJob = { source: sourceFromSpec({ kind: 'gaussian', variance: 1 }), eps: [0.25, 0.5], steps: 100, batchSize: 256 };
 * ```
 */
export interface CurveJob extends CurveJobSettings {
  source: Source;
  /** The eps values to evaluate (all > 0). */
  eps: readonly number[];
  /** A checkpoint this method wrote before (the `checkpoint` of a {@link CurveMethodRun}), to resume from. */
  resume?: unknown;
  /**
   * Called with the method's checkpoint whenever it should be persisted: after each model, on abort, on failure,
   * and during training every `checkpointEvery` steps or `checkpointEverySeconds` seconds.
   */
  saveCheckpoint?: (checkpoint: unknown) => Promise<void>;
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
  train: {
    steps: number;
    totalSteps: number;
    seconds: number;
    aborted: boolean;
    models: number;
    /** Threads that trained in this call: per-eps models at once, R2D2's data-parallel workers; 1 = this thread. */
    workers: number;
  };
  /** R2D2's rollout chain (`'auto'` resolved); absent for the other methods. */
  chain?: 'fixed' | 'controlled';
  /** How R2D2 read its points out (see {@link R2D2Readout}); absent for the other methods. */
  readout?: R2D2Readout;
  checkpoint: unknown;
}

/**
 * How an R2D2 curve was read out: the entropy estimator of `evaluate` (`evalEntropy`, resolved), whether the Gaussian
 * control variate was subtracted (`R2D2.controlVariate`) and, where it was not, why (`R2D2.controlVariateWithheld`),
 * and the evaluation batches' sampling.
 *
 * @example
 * ```ts
 * import type { R2D2Readout } from '@ratedistortion/estimators';
 * const r: R2D2Readout = { entropy: 'knn', controlVariate: true, sampling: 'iid' };
 * const heavyTails: R2D2Readout = {
 *   entropy: 'knn', controlVariate: false, controlVariateWithheld: 'infinite-fourth-moment', sampling: 'stratified',
 * };
 * ```
 */
export interface R2D2Readout {
  entropy: 'train' | 'knn' | 'gaussian';
  controlVariate: boolean;
  /** Why the control variate was not subtracted (present exactly when `controlVariate` is false). */
  controlVariateWithheld?: R2D2ControlVariateWithheld;
  sampling: 'stratified' | 'iid';
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

/** @internal */
export function pointOf(p: RdPointEstimate): CurveMethodPoint {
  return {
    eps: p.eps,
    rate: p.rate,
    distortion: p.distortion,
    rateSe: p.rateSe,
    distortionSe: p.distortionSe,
    rateIqr: [p.rateIqr[0], p.rateIqr[1]],
    distortionIqr: [p.distortionIqr[0], p.distortionIqr[1]],
  };
}

/** @internal */
export function progressOf(checkpoint: unknown): number {
  const steps = (checkpoint as { progress?: { steps?: unknown } } | null)?.progress?.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new InvalidParameterError(
      'resume',
      'an estimator checkpoint with progress.steps',
      checkpoint === null ? null : typeof checkpoint,
    );
  }
  return steps;
}

/** Steps for one model of this call: `undefined` under a seconds-only budget. */
/** @internal */
export function modelSteps(job: CurveJob, startSteps: number): number | undefined {
  if (job.steps === undefined) return undefined;
  return job.budget === 'total' ? Math.max(0, job.steps - startSteps) : job.steps;
}

/** @internal */
export function validateJob(job: CurveJob, trains: boolean): void {
  if (job == null || typeof job !== 'object') throw new InvalidParameterError('job', 'a CurveJob object', job);
  if (!Array.isArray(job.eps) || job.eps.length === 0)
    throw new InvalidParameterError('eps', 'a non-empty list of eps values', job.eps);
  job.eps.forEach((e, i) => {
    if (typeof e !== 'number' || !Number.isFinite(e) || e <= 0)
      throw new InvalidParameterError(`eps[${i}]`, 'a finite number > 0', e);
  });
  if (job.steps !== undefined) assertInteger('steps', job.steps, 0);
  if (job.seconds !== undefined && !(job.seconds > 0 && Number.isFinite(job.seconds)))
    throw new InvalidParameterError('seconds', 'a finite number > 0', job.seconds);
  if (trains && job.steps === undefined && job.seconds === undefined)
    throw new InvalidParameterError('steps', 'steps and/or seconds (the training budget)', undefined);
  if (job.budget !== undefined && job.budget !== 'additional' && job.budget !== 'total')
    throw new InvalidParameterError('budget', "'additional' or 'total'", job.budget);
  batchSizeOf(job);
}

/**
 * The training batch size of options that take `batchSize` or its deprecated former name `batch`; both with
 * different values are refused, naming `batch`.
 *
 * @internal
 */
export function batchSizeOf(options: { batchSize?: number; batch?: number }): number | undefined {
  const { batch, batchSize } = options;
  if (batch !== undefined && batchSize !== undefined && batch !== batchSize)
    throw new InvalidParameterError(
      'batch',
      `the same value as batchSize (${batchSize}); batch is batchSize's former name`,
      batch,
    );
  return batchSize ?? batch;
}

/**
 * Per-method options with the deprecated `batch` renamed `batchSize` (a different `batchSize` beside it is
 * refused), so that they override the job's shared `batchSize` under today's name.
 *
 * @internal
 */
export function withBatchSize<T extends { batchSize?: number; batch?: number }>(
  options: T | undefined,
): Omit<T, 'batch'> | undefined {
  if (options === undefined || options.batch === undefined) return options;
  const { batch: _batch, ...rest } = options;
  return { ...rest, batchSize: batchSizeOf(options) };
}

/** @internal */
export function progressEvery(job: CurveJob, method: CurveMethod): number | undefined {
  return typeof job.progressEvery === 'object' && job.progressEvery !== null
    ? job.progressEvery[method]
    : job.progressEvery;
}

/** @internal */
export function evalOptions(job: CurveJob) {
  return { batches: job.evalBatches ?? 8, batchSize: job.evalBatchSize ?? 1024 };
}

/** @internal */
export function evalSampling(job: CurveJob): 'stratified' | 'iid' {
  const s = job.evalSampling ?? 'stratified';
  if (s !== 'stratified' && s !== 'iid') throw new InvalidParameterError('evalSampling', "'stratified' or 'iid'", s);
  return s;
}

/**
 * The training options of a periodic checkpoint (`checkpointEvery` steps / `checkpointEverySeconds`): each model
 * checkpoint goes through `wrap` (the runner's checkpoint around it) to `job.saveCheckpoint`. None without either.
 *
 * @internal
 */
export function periodicCheckpoints(
  job: CurveJob,
  wrap: (modelCheckpoint: unknown) => unknown,
): Pick<TrainOptions, 'onCheckpoint' | 'checkpointEvery' | 'checkpointEverySeconds'> {
  const save = job.saveCheckpoint;
  if (save === undefined || (job.checkpointEvery === undefined && job.checkpointEverySeconds === undefined)) return {};
  return {
    onCheckpoint: (c) => save(wrap(c)),
    checkpointEvery: job.checkpointEvery,
    checkpointEverySeconds: job.checkpointEverySeconds,
  };
}

/**
 * The estimator's progress callback for one model of a job: each event goes to `job.onProgress` with where in the
 * job it is (`where`), the steps left in the job (to the model's `targetSteps`, plus `stepsAfter` for the models
 * after it) and, under a seconds budget, the seconds left since the job started at `t0`. Undefined without
 * `job.onProgress`.
 *
 * @internal
 */
export function modelProgress(
  job: CurveJob,
  t0: number,
  where: Omit<CurveProgress, keyof TrainProgress | 'remainingSteps' | 'remainingSeconds'>,
  stepsAfter = 0,
): TrainOptions['onProgress'] {
  const on = job.onProgress;
  if (on === undefined) return undefined;
  const target = where.targetSteps;
  return (p) =>
    on({
      ...p,
      ...where,
      ...(target !== undefined ? { remainingSteps: Math.max(0, target - p.step) + stepsAfter } : {}),
      ...(job.seconds !== undefined
        ? { remainingSeconds: Math.max(0, job.seconds - (performance.now() - t0) / 1000) }
        : {}),
    });
}

/**
 * What training did in this call, as a {@link CurveMethodRun} reports it.
 *
 * @internal
 */
export function trainSummary(
  trained: Pick<TrainResult, 'steps' | 'totalSteps' | 'seconds'>,
  aborted: boolean,
  models: number,
  workers: number,
): CurveMethodRun['train'] {
  return { steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds, aborted, models, workers };
}
