// The one training loop every estimator's `train` runs: budget by steps and/or seconds, abort between steps,
// progress every `progressEvery` steps and after the last, a guard against a non-finite loss, and periodic
// checkpoints through the estimator's own `toJSON`. The estimator supplies one step and how a step reads as
// progress; the loop owns the bookkeeping, so budgets, abort and reporting mean the same for every method.
import { NumericalError, downloadDeviceTensors } from '@ratedistortion/core';
import { yieldToEventLoop } from './event-loop.js';
import { checkTrainOptions } from './training.js';
import type { TrainOptions, TrainProgress, TrainResult } from './types.js';

/**
 * What a progress report says about one step, before the loop adds its step count, throughput and time.
 *
 * @example
 * ```ts
 * import type { StepReport } from '@ratedistortion/estimators';
 * const r: StepReport = { loss: 1.2, energy: 0.5, entropy: 0.7, eps: 0.5, rate: 0.7, distortion: 0.25 };
 * ```
 */
export type StepReport = Omit<TrainProgress, 'step' | 'stepsPerSecond' | 'elapsedSeconds'>;

/**
 * The progress report of a step of a method trained at one eps on a dual objective (NERD, WGD, EBRD,
 * Blahut–Arimoto), which has no control energy or entropy: `energy` holds the distortion term D̂/eps and `entropy`
 * the rate term R̂ (their sum is the loss of an exact dual).
 *
 * @example
 * ```ts
 * import { dualStepReport } from '@ratedistortion/estimators';
 * console.log(dualStepReport({ loss: 1.2, rate: 0.7, distortion: 0.25 }, 0.5)); // energy 0.5, entropy 0.7
 * ```
 */
export function dualStepReport(s: { loss: number; rate: number; distortion: number }, eps: number): StepReport {
  return { loss: s.loss, energy: s.distortion / eps, entropy: s.rate, eps, rate: s.rate, distortion: s.distortion };
}

/**
 * What {@link runTrainingLoop} needs of an estimator. `S` is what one step returns (at least its loss).
 *
 * @example
 * ```ts
 * import type { TrainingLoopModel } from '@ratedistortion/estimators';
 * let steps = 0;
 * const model: TrainingLoopModel<{ loss: number }> = {
 *   method: 'toy', totalSteps: () => steps, step: () => ({ loss: 1 / ++steps }),
 *   report: (s) => ({ loss: s.loss, energy: 0, entropy: 0, eps: 1, rate: 0, distortion: s.loss }),
 *   addSeconds: () => {}, toJSON: () => ({ steps }),
 * };
 * ```
 */
export interface TrainingLoopModel<S extends { loss: number }> {
  /** The method's name, for the non-finite-loss error. */
  readonly method: string;
  /** Steps over the estimator's life, read after each step (a resumed estimator counts its earlier steps). */
  totalSteps(): number;
  /**
   * Take one optimiser step. `reporting` says whether this step's result may be reported, for estimators whose
   * report needs extra work (NERD keeps the batch's reconstructions only then). A step may be asynchronous (R2D2's
   * data-parallel step waits for its worker threads).
   */
  step(reporting: boolean): S | Promise<S>;
  /** The progress fields of a step's result. */
  report(s: S): StepReport;
  /** Free what a step's result holds, once the loop no longer needs it (default: nothing to free). */
  release?(s: S): void;
  /** False when the estimator has no work left whatever the budget (Blahut–Arimoto: every eps solved). */
  hasWork?(): boolean;
  /** Work before the first step that counts against the seconds budget (Blahut–Arimoto's grid densities). */
  prepare?(): void;
  /** Add the seconds of this call to the estimator's life total. */
  addSeconds(seconds: number): void;
  /** The estimator's checkpoint (its own `toJSON`), for `TrainOptions.onCheckpoint`. */
  toJSON(): unknown;
}

/**
 * Train `model` under `options`: steps until `steps` are taken, `seconds` have passed, the model has no work
 * left or `signal` is aborted (checked between steps: an abort finishes the current step and returns with
 * `aborted: true`, the estimator usable and trainable further). Progress is reported every `progressEvery`
 * steps (default `defaultEvery`) and after the last step. A step whose loss is not finite throws a
 * `NumericalError` naming the method and step (estimators also check inside their step, before any update).
 * With `onCheckpoint`, the estimator's `toJSON()` is handed over every `checkpointEvery` steps, after the first
 * step at least `checkpointEverySeconds` after the last checkpoint (or the start), and when training is aborted;
 * what is done with it (an envelope, an atomic file) is the caller's.
 *
 * @example
 * ```ts
 * import { runTrainingLoop } from '@ratedistortion/estimators';
 * let steps = 0;
 * const result = await runTrainingLoop({
 *   method: 'toy', totalSteps: () => steps, step: () => ({ loss: 1 / ++steps }),
 *   report: (s) => ({ loss: s.loss, energy: 0, entropy: 0, eps: 1, rate: 0, distortion: s.loss }),
 *   addSeconds: () => {}, toJSON: () => ({ steps }),
 * }, { steps: 5, progressEvery: 2, onProgress: (p) => console.log(p.step, p.loss) }); // 2, 4, then 5
 * console.log(result.steps, result.totalSteps, result.lastLoss); // 5 5 0.2
 * ```
 */
export async function runTrainingLoop<S extends { loss: number }>(
  model: TrainingLoopModel<S>,
  options: TrainOptions,
  defaultEvery = 10,
): Promise<TrainResult> {
  const { steps, seconds, onProgress, signal, onCheckpoint } = options;
  const every = checkTrainOptions(options, defaultEvery);
  const checkpointEvery = options.checkpointEvery ?? 0;
  const checkpointMs = options.checkpointEverySeconds === undefined ? undefined : options.checkpointEverySeconds * 1000;
  const start = performance.now();
  let lastCheckpoint = start;
  const checkpointDue = () =>
    (checkpointEvery > 0 && done % checkpointEvery === 0) ||
    (checkpointMs !== undefined && performance.now() - lastCheckpoint >= checkpointMs);
  const elapsed = () => (performance.now() - start) / 1000;
  let lastReport = { time: start, done: 0 };
  let done = 0;
  let lastLoss = Number.NaN;
  let last: S | null = null;
  const report = (s: S) => {
    if (!onProgress) return;
    const now = performance.now();
    const stepsPerSecond = (done - lastReport.done) / Math.max((now - lastReport.time) / 1000, 1e-9);
    lastReport = { time: now, done };
    onProgress({ step: model.totalSteps(), ...model.report(s), stepsPerSecond, elapsedSeconds: elapsed() });
  };
  const more = () =>
    (steps === undefined || done < steps) &&
    (seconds === undefined || elapsed() < seconds) &&
    (model.hasWork?.() ?? true);
  try {
    if (!signal?.aborted) model.prepare?.();
    while (more() && !signal?.aborted) {
      const s = await model.step(onProgress !== undefined);
      if (last) model.release?.(last);
      last = s;
      done++;
      lastLoss = s.loss;
      if (!Number.isFinite(s.loss)) {
        throw new NumericalError(`${model.method} training step ${model.totalSteps()}`, `the loss is ${s.loss}`);
      }
      if (done % every === 0) report(s);
      if (onCheckpoint && checkpointDue()) {
        await onCheckpoint(await hostJSON(model));
        lastCheckpoint = performance.now();
      }
      await yieldToEventLoop();
    }
    if (last && done % every !== 0) report(last);
    if (signal?.aborted && onCheckpoint) await onCheckpoint(await hostJSON(model));
  } finally {
    model.addSeconds(elapsed());
    if (last) model.release?.(last);
    // On a device backend (webgpu), the estimator's later synchronous reads (evaluate, toJSON) need host copies.
    await downloadDeviceTensors();
  }
  const secs = elapsed();
  return {
    steps: done,
    totalSteps: model.totalSteps(),
    seconds: secs,
    stepsPerSecond: done / Math.max(secs, 1e-9),
    aborted: signal?.aborted === true,
    lastLoss,
  };
}

/** The estimator's checkpoint; on a device backend (webgpu) its tensors are downloaded first (toJSON reads them). */
async function hostJSON<S extends { loss: number }>(model: TrainingLoopModel<S>): Promise<unknown> {
  await downloadDeviceTensors();
  return model.toJSON();
}
