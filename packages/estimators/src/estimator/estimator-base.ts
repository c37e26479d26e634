// The skeleton R2D2, NERD, WGD and EBRD share as classes: the source and the resolved config with its dimension,
// the life totals that checkpoints carry (steps, seconds), the disposed guard, the training loop wired to them, and
// the read-out contract: `evaluate` checks eps and the batch options, reads `batches` batches through the
// estimator's `batchReadout` (on the host backend) and summarises them (means, standard errors, IQRs); `curve` is
// `evaluate` at every eps of a list with the whole list checked first; `sampleReconstruction` checks its arguments
// and draws through the estimator's `reconstruct`. Each estimator supplies its training step, its per-batch read-out,
// its reconstruction sampler and which eps it can read out (`checkEps`).
import {
  DimensionMismatchError,
  InvalidParameterError,
  assertInteger,
  useBackend,
  withHostBackend,
  type BackendChoice,
  type SampleSource,
  type Samples,
} from '@ratedistortion/core';
import { checkpointTail, type CheckpointTail } from '../checkpoint/checkpoint-envelope.js';
import { evaluateEach, evaluationBatches, readBatches, summariseReadouts, type BatchReadout } from './evaluation.js';
import { assertEstimatorSource } from './training.js';
import { runTrainingLoop, type TrainingLoopModel } from './training-loop.js';
import type { EvaluateOptions, RdPointEstimate, TrainOptions, TrainResult } from './types.js';

/**
 * The base class of the trained estimators (R2D2, NERD, WGD, EBRD): `source`, `dim`, `steps`, the read-out
 * (`evaluate`, `curve`, `sampleReconstruction`) and the disposed guard, on top of each estimator's `batchReadout`,
 * `reconstruct` and `checkEps`. `R` is what one batch's read-out holds (at least rate and distortion); an estimator
 * whose point `P` adds fields to {@link RdPointEstimate} overrides `summarise`.
 *
 * @example
 * ```ts
 * import { EstimatorBase, NERD, R2D2 } from '@ratedistortion/estimators';
 * const trained = (e: unknown): e is EstimatorBase<{ dim: number }> => e instanceof EstimatorBase;
 * console.log(trained(NERD.prototype), trained(R2D2.prototype)); // true true
 * ```
 */
export abstract class EstimatorBase<
  C extends { readonly dim: number },
  O extends EvaluateOptions = EvaluateOptions,
  P extends RdPointEstimate = RdPointEstimate,
  S extends SampleSource = SampleSource,
  R extends BatchReadout = BatchReadout,
> {
  /** Name of the method, e.g. `'r2d2'`. */
  abstract readonly method: string;
  /** The resolved configuration (what a checkpoint records). */
  abstract readonly config: C;
  /** The source (its dimension is fixed for the estimator's life). */
  readonly source: S;
  /** Optimiser steps and seconds over the estimator's life (a resumed estimator counts its earlier ones). */
  protected totalSteps = 0;
  protected totalSeconds = 0;
  protected disposed = false;
  /** Smallest evaluation `batchSize` the read-out accepts (2 where a batch's entropy or marginal needs a pair). */
  protected readonly minEvalBatchSize: number = 1;

  /** @param source - checked to have an integer `dim >= 1` and a `sample(n, rng)` method. */
  protected constructor(source: S) {
    assertEstimatorSource(source);
    this.source = source;
  }

  /**
   * Select a tfjs backend with core's `useBackend` (default `'wasm'`, the library's default; `'cpu'` is the pure-JS
   * reference), then construct the estimator (`R2D2.create`, `NERD.create`, ...). The constructor itself runs on
   * whatever backend is active.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { NERD, R2D2 } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const r2d2 = await R2D2.create(source, { epsMin: 0.1, epsMax: 0.9, hidden: [8] }, 'wasm');
   * const nerd = await NERD.create(source, { eps: 0.5, ySamples: 1000 });
   * r2d2.dispose();
   * nerd.dispose();
   * ```
   */
  static async create<E, Src, Opt>(
    this: new (
      source: Src,
      options: Opt,
    ) => E,
    source: NoInfer<Src>,
    options: NoInfer<Opt>,
    backend: BackendChoice = 'wasm',
  ): Promise<E> {
    await useBackend(backend);
    return new this(source, options);
  }

  /** Dimension of the source. */
  get dim(): number {
    return this.config.dim;
  }

  /** Optimiser steps taken so far (including those before a resume). */
  get steps(): number {
    return this.totalSteps;
  }

  /**
   * Rate and distortion at one eps: `batches` independent read-outs of `batchSize` samples each (the estimator's
   * `batchReadout`, run on the host backend), as means with standard errors and inter-quartile ranges over the
   * batches. `eps` must be one this estimator reads out (see `checkEps`) unless `extrapolate` is set.
   */
  evaluate(eps: number, options: O = {} as O): P {
    this.assertLive();
    this.checkEps(eps, options.extrapolate ?? false);
    const { batches, batchSize } = evaluationBatches(options, this.minEvalBatchSize);
    const read = this.batchReadout(eps, batchSize, options);
    // On a device backend (webgpu) the read-outs run on the host backend (wasm or cpu) with the trained weights.
    return this.summarise(
      eps,
      withHostBackend(() => readBatches(batches, read)),
      options,
    );
  }

  /**
   * {@link EstimatorBase.evaluate} at each eps of the list, every eps checked before any read-out. Per-eps models
   * (NERD, WGD, EBRD) read out only at their own eps unless `extrapolate` is set; R2D2 anywhere in its trained
   * range. R2D2's read-outs share their noise across the list (common random numbers).
   */
  curve(epsList: ArrayLike<number>, options: O = {} as O): P[] {
    this.assertLive();
    const extrapolate = options.extrapolate ?? false;
    return evaluateEach(
      epsList,
      (eps, name) => this.checkEps(eps, extrapolate, name),
      (eps) => this.evaluate(eps, options),
    );
  }

  /**
   * `n` draws of the reconstruction X̂ at eps (fresh source draws from the evaluation stream where the channel needs
   * them; see each estimator's `reconstruct`). `eps` as for {@link EstimatorBase.evaluate}.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 2, sample: (n: number, rng: Random) => ({ n, dim: 2, data: rng.fillNormal(new Float64Array(2 * n)) }) };
   * const est = new WGD(source, { eps: 0.5, particles: 50, batchSize: 128 });
   * const y = est.sampleReconstruction(0.5, 10);
   * console.log(y.n, y.dim); // 10 2
   * ```
   */
  sampleReconstruction(eps: number, n: number, options: { extrapolate?: boolean } = {}): Samples {
    this.checkDraw(eps, n, options);
    return this.reconstruct(eps, n);
  }

  /** A checkpoint (plain JSON) from which the estimator's `fromJSON` resumes training exactly. */
  abstract toJSON(): unknown;

  /** Free what the estimator holds; it is unusable afterwards. */
  abstract dispose(): void;

  /** Throws when this estimator cannot read out at `eps` (`name` is the parameter named in the error). */
  protected abstract checkEps(eps: number, extrapolate: boolean, name?: string): void;

  /**
   * The read-out contract: for one `evaluate(eps)` call (eps and options already checked), the function that reads
   * out batch `b` = 0, 1, ... of `batchSize` samples. Called once per `evaluate`; the returned function is called
   * `batches` times in order, on the host backend. Per-call state (a copied random stream, a control variate) lives
   * in its closure.
   */
  protected abstract batchReadout(eps: number, batchSize: number, options: O): (batch: number) => R;

  /** `n` reconstructions at eps (arguments already checked). */
  protected abstract reconstruct(eps: number, n: number): Samples;

  /**
   * The point from the batch read-outs: means, standard errors and IQRs of rate and distortion. An estimator whose
   * point `P` carries more (WGD's lower bound) overrides this.
   */
  protected summarise(eps: number, reads: R[], _options: O): P {
    return summariseReadouts(eps, reads) as P;
  }

  /** The checks of a draw at eps: live estimator, eps readable, `n` an integer >= 1. */
  protected checkDraw(eps: number, n: number, options: { extrapolate?: boolean }): void {
    this.assertLive();
    this.checkEps(eps, options.extrapolate ?? false);
    assertInteger('n', n, 1);
  }

  /**
   * Run the shared training loop with this estimator's life totals and checkpoint: the estimator supplies one step
   * and how it reads as progress (see `runTrainingLoop`).
   */
  protected runTraining<T extends { loss: number }>(
    options: TrainOptions,
    hooks: Pick<TrainingLoopModel<T>, 'step' | 'report' | 'release'>,
  ): Promise<TrainResult> {
    return runTrainingLoop<T>(
      {
        method: this.method,
        totalSteps: () => this.totalSteps,
        addSeconds: (s) => {
          this.totalSeconds += s;
        },
        toJSON: () => this.toJSON(),
        ...hooks,
      },
      options,
    );
  }

  /** The checkpoint fields every estimator ends with: life totals and the source's spec. */
  protected lifeAndSource(): CheckpointTail {
    return checkpointTail(this.source, this.totalSteps, this.totalSeconds);
  }

  /** Take over the life totals of a checkpoint being restored. */
  protected restoreProgress(progress: CheckpointTail['progress']): void {
    this.totalSteps = progress.steps;
    this.totalSeconds = progress.seconds;
  }

  /** Throws once the estimator has been disposed. */
  protected assertLive(): void {
    if (this.disposed)
      throw new InvalidParameterError('estimator', 'an estimator that has not been disposed', 'disposed');
  }
}

/**
 * The resolved config of an estimator under construction: a deep copy of the checkpoint's `restored` config,
 * validated and checked against the source (see {@link checkRestoredConfig}), or, without a checkpoint, `resolve`
 * applied to the user's options.
 *
 * @example
 * ```ts
 * import { resolveOrRestoreConfig } from '@ratedistortion/estimators';
 * const resolve = (o: { eps?: number }, dim: number) => ({ dim, eps: o.eps ?? 0.5 });
 * console.log(resolveOrRestoreConfig(undefined, {}, 2, resolve, () => {})); // { dim: 2, eps: 0.5 }
 * console.log(resolveOrRestoreConfig({ dim: 2, eps: 0.1 }, {}, 2, resolve, () => {})); // { dim: 2, eps: 0.1 }
 * ```
 */
export function resolveOrRestoreConfig<C extends { readonly dim: number }, Opt>(
  restored: C | undefined,
  options: Opt,
  sourceDim: number,
  resolve: (options: Opt, dim: number) => C,
  validate: (c: C) => void,
): C {
  if (restored === undefined) return resolve(options, sourceDim);
  return checkRestoredConfig(structuredClone(restored), validate, sourceDim);
}

/**
 * A configuration read from a checkpoint, validated and checked against the source it is restored for (a
 * `DimensionMismatchError` for a source of another dimension).
 *
 * @example
 * ```ts
 * import { checkRestoredConfig } from '@ratedistortion/estimators';
 * const config = checkRestoredConfig({ dim: 2, eps: 0.5 }, () => {}, 2);
 * console.log(config.eps); // 0.5
 * ```
 */
export function checkRestoredConfig<C extends { readonly dim: number }>(
  config: C,
  validate: (c: C) => void,
  sourceDim: number,
): C {
  validate(config);
  if (config.dim !== sourceDim)
    throw new DimensionMismatchError(
      'source',
      config.dim,
      sourceDim,
      'the checkpoint was trained on another dimension',
    );
  return config;
}
