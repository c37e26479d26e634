// The contract every neural RD estimator of this package fulfils (R2D2 now; NERD, WGD and EBRD later), so
// the CLI, the benchmarks and `runCurve` drive any of them the same way.
import type { Samples } from '@ratedistortion/core';

/**
 * One progress report during training. Rate and distortion are the Eq. (24) read-outs of the current
 * training batch (one eps, one batch: noisy, meant for monitoring, not as results).
 *
 * @example
 * ```ts
 * import type { TrainProgress } from '@ratedistortion/estimators';
 * const log = (p: TrainProgress) => console.log(`${p.step} loss=${p.loss.toFixed(4)} R=${p.rate.toFixed(3)}`);
 * ```
 */
export interface TrainProgress {
  /** Number of completed optimiser steps (counting steps from earlier sessions of a resumed estimator). */
  step: number;
  /** The minimised loss `energy + eps·Ĥ(X1)` of this batch. */
  loss: number;
  /** Control energy `½ Σ‖u‖²Δt`, batch mean. */
  energy: number;
  /** Entropy estimate Ĥ(X1) of this batch, nats. */
  entropy: number;
  /** The eps drawn for this batch. */
  eps: number;
  /** Rate estimate of this batch by Eq. (24), nats. */
  rate: number;
  /** Distortion `½ mean‖X1 − X0‖²` of this batch. */
  distortion: number;
  /** Throughput over the steps since the previous report. */
  stepsPerSecond: number;
  /** Seconds spent training in this call of `train`. */
  elapsedSeconds: number;
}

/**
 * How long to train and how to report. Give `steps`, `seconds`, or both (training stops at whichever comes
 * first). `signal` stops training cleanly after the current step.
 *
 * @example
 * ```ts
 * import type { TrainOptions } from '@ratedistortion/estimators';
 * const controller = new AbortController();
 * const opts: TrainOptions = { steps: 500, onProgress: (p) => console.log(p.step, p.loss), signal: controller.signal };
 * ```
 */
export interface TrainOptions {
  /** Number of optimiser steps to take in this call. */
  steps?: number;
  /** Wall-clock budget of this call, seconds. */
  seconds?: number;
  /** Called every `progressEvery` steps and after the last step. */
  onProgress?: (progress: TrainProgress) => void;
  /** Report every this many steps (default 10). */
  progressEvery?: number;
  /** Abort to stop after the current step; the estimator stays usable and can be trained further. */
  signal?: AbortSignal;
  /**
   * Called with the estimator's checkpoint (its `toJSON()`) every `checkpointEvery` steps and when training is
   * aborted; persisting it (an envelope, an atomic file) is the caller's.
   */
  onCheckpoint?: (checkpoint: unknown) => void | Promise<void>;
  /** Steps between `onCheckpoint` calls (default 0: only on abort). */
  checkpointEvery?: number;
  /**
   * Seconds between `onCheckpoint` calls (checked after each step; default: none). With `checkpointEvery` too, a
   * checkpoint is taken when either is due.
   */
  checkpointEverySeconds?: number;
}

/**
 * What a call of `train` did.
 *
 * @example
 * ```ts
 * import type { TrainResult } from '@ratedistortion/estimators';
 * const r: TrainResult = { steps: 10, totalSteps: 10, seconds: 1.5, stepsPerSecond: 6.7, aborted: false, lastLoss: 0.3 };
 * ```
 */
export interface TrainResult {
  /** Steps taken in this call. */
  steps: number;
  /** Steps taken over the estimator's life (a resumed checkpoint counts its earlier steps). */
  totalSteps: number;
  seconds: number;
  stepsPerSecond: number;
  /** True when training stopped because `signal` was aborted. */
  aborted: boolean;
  /** Loss of the last step (NaN when no step was taken). */
  lastLoss: number;
}

/**
 * Evaluation settings: `batches` independent batches of `batchSize` source samples each (App. E.1: the
 * reported point is the median over batches, the error bar the inter-quartile range).
 *
 * @example
 * ```ts
 * import type { EvaluateOptions } from '@ratedistortion/estimators';
 * const opts: EvaluateOptions = { batches: 8, batchSize: 1024 };
 * ```
 */
export interface EvaluateOptions {
  /** Number of evaluation batches (default 8). */
  batches?: number;
  /** Samples per batch (default 1024). */
  batchSize?: number;
  /** Allow eps outside the trained range (the controller then extrapolates; default false: an error). */
  extrapolate?: boolean;
}

/**
 * An estimated point of the RD curve: means over independent evaluation batches with their standard errors and
 * inter-quartile ranges, plus the per-batch values.
 *
 * @example
 * ```ts
 * import type { RdPointEstimate } from '@ratedistortion/estimators';
 * const p: RdPointEstimate = {
 *   eps: 0.5, rate: 0.35, distortion: 0.25, rateSe: 0.004, distortionSe: 0.002, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26],
 *   batches: { rate: [0.35], distortion: [0.25] },
 * };
 * ```
 */
export interface RdPointEstimate {
  eps: number;
  /** Mean rate over batches, nats. */
  rate: number;
  /** Mean distortion `½E‖X−X̂‖²` over batches. */
  distortion: number;
  /**
   * Standard error of `rate` from the spread of the independent batches (s/√B; NaN with one batch). It measures
   * the read-out's noise, not the estimator's bias (e.g. an undertrained model).
   */
  rateSe: number;
  /** Standard error of `distortion` (as {@link RdPointEstimate.rateSe}). */
  distortionSe: number;
  /** 25% and 75% quantiles of the per-batch rates. */
  rateIqr: [number, number];
  /** 25% and 75% quantiles of the per-batch distortions. */
  distortionIqr: [number, number];
  /** Per-batch values, in evaluation order. */
  batches: { rate: number[]; distortion: number[] };
}

/**
 * The interface shared by every neural RD estimator of the package.
 *
 * @example
 * ```ts
 * import { R2D2, type RdEstimator } from '@ratedistortion/estimators';
 * import { Random } from '@ratedistortion/core';
 * const source = {
 *   dim: 1,
 *   sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
 * };
 * const est: RdEstimator = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, batchSize: 64, dt: 0.1, hidden: [16], seed: 1 });
 * await est.train({ steps: 5 });
 * console.log(est.evaluate(0.5, { batches: 2, batchSize: 128 }));
 * est.dispose();
 * ```
 */
export interface RdEstimator {
  /** Name of the method, e.g. `'r2d2'`. */
  readonly method: string;
  /** Dimension of the source. */
  readonly dim: number;
  /** Train the estimator. */
  train(options?: TrainOptions): Promise<TrainResult>;
  /** Rate and distortion at one eps. */
  evaluate(eps: number, options?: EvaluateOptions): RdPointEstimate;
  /** {@link RdEstimator.evaluate} at every eps of the list. */
  curve(epsList: ArrayLike<number>, options?: EvaluateOptions): RdPointEstimate[];
  /** `n` draws of the reconstruction X̂ = X1 at eps. */
  sampleReconstruction(eps: number, n: number): Samples;
  /** A JSON checkpoint from which training resumes exactly. */
  toJSON(): unknown;
  /** Free the estimator's tensors. */
  dispose(): void;
}
