// R2D2 (Alg. 1): a neural controller u_θ(x, t, eps), amortised over [epsMin, epsMax], trained on the TEC loss
// energy + eps·Ĥ(X1) with X1 from an SDE rollout; rate and distortion read out by Eq. (24) in float64.
//
// Random streams: one seed is split into four independent streams — initialisation, training (eps, source
// batches, Brownian increments, in that order each step), evaluation, and the entropy model's own draws (e.g.
// the Gaussian samples of DV). Evaluation therefore never perturbs training, and the checkpoint stores the
// three live streams, which is what makes a resumed run bit-identical to an uninterrupted one.
import {
  currentBackend,
  downloadDeviceTensors,
  onHostMemoryBackend,
  withHostBackend,
  DimensionMismatchError,
  InvalidParameterError,
  NumericalError,
  Random,
  RateDistortionError,
  assertPositive,
  brownianFromIncrements,
  drawBrownianIncrements,
  gaussianChainReadout,
  gaussianEntropy,
  knnEntropy,
  noiseControlCostPerSampleTf,
  solveNoiseControlledTf,
  solveSdeCheckpointedTf,
  solveSdeTf,
  StratifiedBrownianIncrements,
  BrownianIncrements,
  tecLossTf,
  tecReadout,
  tf,
  uniformGrid,
  type BrownianSource,
  type Samples,
  type TecLossOptions,
  type TimeGrid,
  ensureDefaultBackend,
} from '@ratedistortion/core';
import { epsFeature, epsInRange, epsRange, sampleEps, type EpsRange } from '../amortisation/eps-range.js';
import {
  inputScalingFor,
  validateInputScaling,
  type InputScaling,
  type ScalableSource,
} from '../amortisation/input-scaling.js';
import { networkStateToJson, restoreNetworkState } from '../checkpoint/checkpoint-envelope.js';
import { decodeFloat64, encodeFloats } from '../checkpoint/base64.js';
import {
  R2D2_CHECKPOINT_FORMAT,
  R2D2_CHECKPOINT_VERSION,
  parseR2D2Checkpoint,
  type R2D2Checkpoint,
} from './checkpoint.js';
import { EstimatorBase, checkRestoredConfig } from '../estimator/estimator-base.js';
import type { EvaluateOptions, RdEstimator, RdPointEstimate, TrainResult } from '../estimator/types.js';
import { Adam } from '../optim/adam.js';
import { clipFactor, globalNormSquared } from '../optim/clip.js';
import { r2d2WorkerCount } from './r2d2-worker-count.js';
import {
  R2D2_DEFAULT_MEMORY_BUDGET,
  r2d2ConfigFromCheckpoint,
  resolveR2D2Config,
  validateR2D2Config,
  type R2D2Config,
  type R2D2Options,
  type R2D2TrainOptions,
} from './config.js';
import type { ParallelStepHooks, R2D2ShardRequest } from './r2d2-shard.js';
import type { R2D2WorkerPool } from './r2d2-workers.js';
import { ControllerNetwork } from './controller.js';
import { fusedRolloutApplies, fusedRolloutTf } from './fused-rollout.js';
import { rolloutSegmentSteps } from './rollout-memory.js';
import { createEntropyTerm, type EntropyTerm } from './entropy-term.js';
import type { BatchReadout } from '../estimator/evaluation.js';
import { GaussianControlVariate, exactSourceMoments, type SourceMoments } from './gaussian-control-variate.js';

/**
 * What R2D2 needs from a source: its dimension and a seeded sampler; exact moments (for input scaling) and a
 * spec (recorded in checkpoints) when available. Every `Source` of `@ratedistortion/datasets` qualifies.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { R2D2Source } from '@ratedistortion/estimators';
 * const source: R2D2Source = {
 *   dim: 1,
 *   sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
 * };
 * ```
 */
export interface R2D2Source extends ScalableSource {
  /**
   * Optional: `n` draws, each exactly from the source's law, spread evenly over the batch (e.g. the Latin-hypercube
   * draws of datasets' `GaussianSource.sampleStratified`). Stratified evaluation batches use it when present.
   */
  sampleStratified?(n: number, rng: Random): Samples;
  /**
   * Optional: false when E‖X‖⁴ is infinite (heavy tails with a finite variance, e.g. datasets' sinc⁴ mixture); R2D2
   * then reads out without its Gaussian control variate ({@link R2D2.controlVariateWithheld}). Absent counts as finite.
   */
  readonly hasFiniteFourthMoment?: boolean;
}

/**
 * Why {@link R2D2.evaluate} reads out without the Gaussian control variate: `'zero-init'` (the controller has no
 * Gaussian part, `init: 'zero'`), `'no-exact-moments'` (the source gives no exact `mean()`/`covariance()`, so the
 * variate's expectation is unknown) or `'infinite-fourth-moment'` (the source says E‖X‖⁴ = ∞, where the variate's
 * quadratic statistics have infinite variance; see {@link R2D2.controlVariateWithheld}).
 *
 * @example
 * ```ts
 * import type { R2D2ControlVariateWithheld } from '@ratedistortion/estimators';
 * const why: R2D2ControlVariateWithheld = 'infinite-fourth-moment';
 * ```
 */
export type R2D2ControlVariateWithheld = 'zero-init' | 'no-exact-moments' | 'infinite-fourth-moment';

/**
 * How {@link R2D2.evaluate} draws its batches: `'stratified'` takes each batch's Brownian paths from core's
 * {@link StratifiedBrownianIncrements} (terminal values and step innovations Latin-hypercube over the batch) and its
 * source draws from `source.sampleStratified` when the source has one; `'iid'` draws both i.i.d. Default: `'iid'`
 * where the Gaussian control variate is applied ({@link R2D2.controlVariate}), `'stratified'` otherwise.
 *
 * Either way every sample is exactly from its law, so the energy and D̂ of a batch have the same expectation; the
 * entropy estimate, a non-linear function of the whole batch, does not: its finite-batch bias corrections (the
 * Gaussian plug-in's Wishart term, k-NN's) assume i.i.d. rows. Measured on N(0, 1) with the warm-started controller
 * (eps 0.5, 8 batches, the bias-corrected plug-in, control variate on): stratified batches read out +0.00083 ± 0.00007
 * nats above ½ log(1/eps) at 1,024 samples and +0.00010 at 8,192; i.i.d. batches −0.00037 ± 0.00024 and
 * +0.000002 ± 0.00003. Without the control variate stratified batches fluctuate far less (SE 0.012 against 0.025
 * at 1,024), which outweighs that bias; with it both SEs are below it, and i.i.d. batches keep the read-out unbiased.
 *
 * @example
 * ```ts
 * import type { R2D2EvaluateOptions } from '@ratedistortion/estimators';
 * const o: R2D2EvaluateOptions = { batches: 8, batchSize: 4096, sampling: 'iid' };
 * ```
 */
export interface R2D2EvaluateOptions extends EvaluateOptions {
  sampling?: 'stratified' | 'iid';
  /**
   * Subtract the Gaussian control variate (default true; see {@link R2D2.controlVariate} for when it applies; `true`
   * does not apply it where that is false): the read-out then has the same expectation and a smaller spread. `false`
   * gives the plain read-out.
   */
  controlVariate?: boolean;
}

/**
 * Largest Euler floor (nats) `noise: 'auto'` accepts from the fixed-noise chain: the exact read-out error of the
 * optimal Gaussian drift on the fixed chain (core's gaussianChainReadout) at epsMax for the smallest principal variance.
 *
 * @example
 * ```ts
 * import { R2D2_AUTO_FLOOR_TOLERANCE } from '@ratedistortion/estimators';
 * console.log(R2D2_AUTO_FLOOR_TOLERANCE); // 0.001
 * ```
 */
export const R2D2_AUTO_FLOOR_TOLERANCE = 1e-3;

/**
 * The chain of `noise: 'auto'`: controlled when some variance λ_j of the source along its principal directions (the
 * scaling's s_j², exact or sample moments) is at or below epsMax, or close enough above it that the fixed chain's
 * Euler floor at epsMax on this grid exceeds {@link R2D2_AUTO_FLOOR_TOLERANCE}; fixed otherwise (and always with the
 * SRA1 scheme, which needs constant additive noise).
 */
function resolveChain(config: R2D2Config, scaling: InputScaling): 'fixed' | 'controlled' {
  if (config.noise !== 'auto') return config.noise;
  if (config.scheme !== 'euler-maruyama') return 'fixed';
  for (const s of scaling.scale) {
    const lambda = s * s;
    if (lambda <= config.epsMax) return 'controlled';
    const floor =
      gaussianChainReadout(lambda, config.epsMax, config.timeSteps, 'fixed').rate -
      0.5 * Math.log(lambda / config.epsMax);
    if (floor > R2D2_AUTO_FLOOR_TOLERANCE) return 'controlled';
  }
  return 'fixed';
}

/** Internal: one training step's numbers, read from the device in one sync. */
interface StepStats {
  eps: number;
  loss: number;
  energy: number;
  entropy: number;
  distortion: number;
  rate: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The R2D2 estimator.
 *
 * @example
 * ```ts
 * import { Random, useBackend } from '@ratedistortion/core';
 * import { R2D2 } from '@ratedistortion/estimators';
 * await useBackend('cpu');
 * const source = {
 *   dim: 1,
 *   sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
 * };
 * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, batchSize: 128, dt: 0.05, hidden: [32], entropy: 'gaussian', seed: 7 });
 * await est.train({ steps: 50, onProgress: (p) => console.log(p.step, p.loss) });
 * const point = est.evaluate(0.5, { batches: 4, batchSize: 512 });
 * console.log(point.rate, point.distortion); // near ½ log(1/0.5) ≈ 0.35 and 0.25 once trained
 * const resumed = R2D2.fromJSON(JSON.parse(JSON.stringify(est.toJSON())), source);
 * est.dispose();
 * resumed.dispose();
 * ```
 */
export class R2D2
  extends EstimatorBase<R2D2Config, R2D2EvaluateOptions, RdPointEstimate, R2D2Source>
  implements RdEstimator
{
  override readonly method = 'r2d2';
  override readonly config: R2D2Config;
  protected override readonly minEvalBatchSize = 2;
  /** The checkpoint of the state before a step that failed numerically (see {@link R2D2.train}). */
  lastGoodCheckpoint: R2D2Checkpoint | null = null;
  /**
   * The rollout chain in use: `config.noise`, with `'auto'` resolved from the source's principal variances
   * (`'controlled'` when one is ≤ epsMax).
   */
  readonly chain: 'fixed' | 'controlled';
  private readonly range: EpsRange;
  private readonly grid: TimeGrid;
  private readonly dtArray: Float64Array;
  /** Time steps per recomputed segment of the training rollout (all of them: no checkpointing). */
  readonly segmentSteps: number;
  private readonly controller: ControllerNetwork;
  private readonly optimizer: Adam;
  private readonly entropyTerm: EntropyTerm;
  private trainRng: Random;
  private evalRng: Random;
  private readonly sourceMoments: SourceMoments | null;
  private readonly withheld: R2D2ControlVariateWithheld | null;
  private readonly entropyRng: Random;
  /** The worker threads of data-parallel training, kept between `train` calls (see {@link R2D2.closeWorkers}). */
  private workers: R2D2WorkerPool | null = null;

  /**
   * @param source - the source to compress (dimension fixed for the estimator's life).
   * @param options - settings; see {@link R2D2Options}.
   */
  constructor(source: R2D2Source, options: R2D2Options);
  /** @internal restore path of {@link R2D2.fromJSON}. */
  constructor(source: R2D2Source, options: R2D2Options, restore: R2D2Checkpoint);
  constructor(source: R2D2Source, options: R2D2Options, restore?: R2D2Checkpoint) {
    super(source);
    let config: R2D2Config;
    let scaling: InputScaling;
    const root = new Random(restore ? restore.config.seed : (options.seed ?? 0));
    const [initRng, trainRng, evalRng, entropyRng] = root.split(4);
    if (restore) {
      // Checkpoints written before `inputScaling` / `noise` / `init` existed used per-coordinate scaling, fixed noise
      // and the plain network.
      // Checkpoints written before the rename say `batch` and `steps` for batchSize and timeSteps.
      const stored = r2d2ConfigFromCheckpoint(restore.config) as R2D2Config;
      config = {
        ...stored,
        inputScaling: stored.inputScaling ?? 'diagonal',
        noise: stored.noise ?? 'fixed',
        init: stored.init ?? 'zero',
        memoryBudget: stored.memoryBudget ?? R2D2_DEFAULT_MEMORY_BUDGET,
      };
      checkRestoredConfig(config, validateR2D2Config, source.dim);
      const basis: unknown = restore.scaling.basis;
      if (basis !== undefined && typeof basis !== 'string')
        throw new InvalidParameterError('checkpoint.scaling.basis', 'a base64 string', basis);
      scaling = {
        mean: decodeFloat64(restore.scaling.mean, 'scaling.mean'),
        scale: decodeFloat64(restore.scaling.scale, 'scaling.scale'),
        ...(basis !== undefined ? { basis: decodeFloat64(basis, 'scaling.basis') } : {}),
      };
      validateInputScaling(scaling, config.dim);
      this.trainRng = Random.fromState(restore.rng.train);
      this.evalRng = Random.fromState(restore.rng.eval);
      this.entropyRng = Random.fromState(restore.rng.entropy);
    } else {
      config = resolveR2D2Config(
        options.evalEntropy === undefined && isGaussianSource(source)
          ? { ...options, evalEntropy: 'gaussian' }
          : options,
        source.dim,
      );
      scaling = inputScalingFor(source, initRng, 4096, config.inputScaling);
      this.trainRng = trainRng;
      this.evalRng = evalRng;
      this.entropyRng = entropyRng;
    }
    this.config = config;
    this.chain = resolveChain(config, scaling);
    const moments = config.init === 'gaussian' ? exactSourceMoments(source) : null;
    this.withheld =
      config.init !== 'gaussian'
        ? 'zero-init'
        : moments === null
          ? 'no-exact-moments'
          : source.hasFiniteFourthMoment === false
            ? 'infinite-fourth-moment'
            : null;
    this.sourceMoments = this.withheld === null ? moments : null;
    this.range = epsRange(config.epsMin, config.epsMax, config.epsSampling);
    this.grid = uniformGrid(config.timeSteps);
    this.dtArray = Float64Array.from(
      { length: config.timeSteps },
      (_, i) => this.grid.times[i + 1] - this.grid.times[i],
    );
    this.segmentSteps = rolloutSegmentSteps(
      {
        batch: config.batchSize,
        dim: config.dim,
        hidden: config.hidden,
        controlled: this.chain === 'controlled',
        gaussian: config.init === 'gaussian',
        scheme: config.scheme,
        fused: fusedRolloutApplies(config.activation, config.scheme),
      },
      config.timeSteps,
      config.memoryBudget,
    );
    const built: { tensors: { dispose(): void }[] } = { tensors: [] };
    try {
      this.controller = new ControllerNetwork(
        {
          dim: config.dim,
          hidden: config.hidden,
          activation: config.activation,
          outputScaling: config.outputScaling,
          noiseControl: this.chain === 'controlled',
          init: config.init,
          timeSteps: config.timeSteps,
        },
        scaling,
        initRng,
      );
      built.tensors.push(this.controller);
      this.optimizer = new Adam(this.controller.params, {
        learningRate: config.learningRate,
        beta1: config.beta1,
        beta2: config.beta2,
      });
      built.tensors.push(this.optimizer);
      this.entropyTerm = createEntropyTerm(config, this.range, scaling, initRng, this.entropyRng);
      built.tensors.push(this.entropyTerm);
      if (restore) this.restoreState(restore);
    } catch (err) {
      for (const t of built.tensors) t.dispose();
      throw err;
    }
  }

  /**
   * Rebuild an estimator from {@link R2D2.toJSON} output (object or JSON text) for `source`, whose dimension
   * must match the checkpoint's ({@link DimensionMismatchError} otherwise). Training continues exactly where
   * the checkpoint was taken.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const a = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, hidden: [8], entropy: 'gaussian' });
   * const b = R2D2.fromJSON(JSON.stringify(a.toJSON()), source);
   * a.dispose();
   * b.dispose();
   * ```
   */
  static fromJSON(checkpoint: unknown, source: R2D2Source): R2D2 {
    const c = parseR2D2Checkpoint(checkpoint);
    return new R2D2(source, c.config, c);
  }

  /** The trained eps range. */
  get epsRange(): EpsRange {
    return this.range;
  }

  /**
   * Whether {@link R2D2.evaluate} subtracts the Gaussian control variate (unless `controlVariate: false`): true for
   * `init: 'gaussian'` when the source gives its exact mean and covariance (`mean()`/`covariance()`: the analytic
   * sources, and a samples source, whose empirical moments are the exact moments of what it samples) and does not say
   * its fourth moment is infinite ({@link R2D2.controlVariateWithheld} says why it is false).
   *
   * Per evaluation batch the Gaussian part u_G of the controller is also rolled out alone (float64, on the host) from
   * the same x0 on the same Brownian increments, and three of its statistics are subtracted, each minus its exact
   * expectation (core's linearChainMoments from the source's mean and covariance): its control energy from the energy,
   * its ½ mean‖X1 − X0‖² from D̂, and ½ mean (X1 − m)ᵀ C⁻¹ (X1 − m) − d/2 (m, C the exact mean and covariance of its
   * X1; the first-order fluctuation of any entropy estimate of a near-Gaussian sample) from Ĥ. Each subtracted term
   * has expectation exactly zero for any source with those moments, any entropy estimator and i.i.d. or stratified
   * batches, so the read-out's expectation is unchanged; its spread shrinks where the trained X1 follows the Gaussian
   * part's (measured in docs/choosing-an-estimator.md). Its batches are i.i.d. by default ({@link R2D2EvaluateOptions}).
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = {
   *   dim: 1,
   *   sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
   *   mean: () => new Float64Array([0]),
   *   covariance: () => [new Float64Array([1])],
   * };
   * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, dt: 0.05, hidden: [8], entropy: 'gaussian' });
   * console.log(est.controlVariate); // true
   * const cv = est.evaluate(0.5, { batches: 4, batchSize: 512 });
   * const plain = est.evaluate(0.5, { batches: 4, batchSize: 512, controlVariate: false });
   * console.log(cv.rateSe < plain.rateSe); // true: the untrained controller is the Gaussian part itself
   * est.dispose();
   * ```
   */
  get controlVariate(): boolean {
    return this.sourceMoments !== null;
  }

  /**
   * Why {@link R2D2.controlVariate} is false, or null where it is true (see {@link R2D2ControlVariateWithheld}).
   *
   * `'infinite-fourth-moment'`: the variate's statistics are quadratic in the Gaussian part's X1, whose tails are the
   * source's (X1 = A·X0 + Gaussian noise). Its entropy term ½ (X1 − m)ᵀ C⁻¹ (X1 − m) stands in for −log p(X1), which on
   * x⁻⁴ tails grows only like 4 log|x|; with E‖X0‖⁴ = ∞ the term's batch mean has infinite variance, which the
   * entropy estimate does not share, so subtracting it adds noise. Measured on the sinc⁴ mixture with the untrained warm start
   * (benchmarks/results/r2d2-bias-sinc4-control-variate.json, 256 batches of 1,024): per-batch rate SD 0.085–0.092
   * nats with it, 0.036–0.038 without.
   *
   * @example
   * ```ts
   * import { Sinc4MixtureSource } from '@ratedistortion/datasets';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = Sinc4MixtureSource.fromSpec({ kind: 'sinc4-mixture', weights: [1], scales: [1] });
   * const est = new R2D2(source, { epsMin: 0.01, epsMax: 0.06, dt: 0.05, hidden: [8] });
   * console.log(est.controlVariate, est.controlVariateWithheld, est.defaultSampling); // false 'infinite-fourth-moment' 'stratified'
   * est.dispose();
   * ```
   */
  get controlVariateWithheld(): R2D2ControlVariateWithheld | null {
    return this.withheld;
  }

  /**
   * The evaluation batches' sampling when `evaluate` is not given one: `'iid'` where the control variate applies (its
   * statistics have their exact expectation on i.i.d. rows), `'stratified'` otherwise.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, hidden: [8], entropy: 'gaussian' });
   * console.log(est.defaultSampling); // 'stratified' (the source gives no exact moments)
   * est.dispose();
   * ```
   */
  get defaultSampling(): 'iid' | 'stratified' {
    return this.controlVariate ? 'iid' : 'stratified';
  }

  /**
   * Train for `steps` and/or `seconds`. Each step: draw eps, a source batch and a Brownian path from the
   * training stream; roll the controlled SDE out; take one Adam step on energy + eps·Ĥ(X1) (gradient clipped
   * to `clipNorm` if set); then update the entropy model `entropyStepsPerStep` times on the new X1.
   *
   * A non-finite loss or gradient stops training with a {@link NumericalError} naming the step; nothing of
   * that step is applied and {@link R2D2.lastGoodCheckpoint} holds the state before it.
   */
  async train(options: R2D2TrainOptions = {}): Promise<TrainResult> {
    this.assertLive();
    // The width decides the default kernel threads when this call is what loads the backend.
    await ensureDefaultBackend(undefined, Math.max(...this.config.hidden));
    const workers = r2d2WorkerCount(options.workers, this.config.batchSize);
    if (workers > 1 && !onHostMemoryBackend()) {
      // The workers' shard steps read X1 synchronously mid-tape, which a device backend (webgpu) cannot.
      throw new InvalidParameterError(
        'workers',
        `1 on the '${currentBackend()}' backend (one GPU trains alone)`,
        workers,
      );
    }
    // Data-parallel training (workers > 1): the worker threads start before the loop's clock (≈ 1 s at 2 workers)
    // and are kept for the next call with the same count (they hold nothing of the training state but the
    // configuration: weights come with every step); a failed step stops them.
    const pool = workers > 1 ? await this.workerPoolOf(workers) : null;
    try {
      pool?.keepAlive(true);
      return await this.runTraining<StepStats>(options, {
        step: () => (pool ? pool.trainStep(this.parallelStepHooks()) : this.trainStep()),
        report: (s) => s,
      });
    } catch (err) {
      if (pool) await this.closeWorkers();
      throw err;
    } finally {
      if (pool && this.workers === pool) pool.keepAlive(false);
    }
  }

  /**
   * Stop the worker threads that data-parallel training (`train({ workers })` with more than one) keeps between
   * calls; resolves once they have exited. {@link R2D2.dispose} stops them too (without waiting); a later
   * `train({ workers })` starts new ones.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, batchSize: 64, dt: 0.125, hidden: [8], entropy: 'gaussian' });
   * // After `await est.train({ steps: 1000, workers: 2 })` the two threads wait for the next train call.
   * await est.closeWorkers(); // stops them (here none were started)
   * est.dispose();
   * ```
   */
  async closeWorkers(): Promise<void> {
    const pool = this.workers;
    this.workers = null;
    if (pool) await pool.terminate();
  }

  /** The kept worker pool when it has `size` threads and can take a step; else a new one. */
  private async workerPoolOf(size: number): Promise<R2D2WorkerPool> {
    if (this.workers && (this.workers.size !== size || !this.workers.usable)) await this.closeWorkers();
    if (!this.workers) {
      const { R2D2WorkerPool } = await import('./r2d2-workers.js');
      this.workers = await R2D2WorkerPool.start(this.toJSON(), size);
    }
    return this.workers;
  }

  /**
   * One training step. Its reads (the loss terms and the gradient norm) are awaited, so the step also runs on a
   * device backend (webgpu), which cannot read synchronously in Node.
   */
  private async trainStep(): Promise<StepStats> {
    const cfg = this.config;
    const before = this.trainRng.getState();
    const eps = sampleEps(this.range, this.trainRng);
    const x0s = this.source.sample(cfg.batchSize, this.trainRng);
    if (x0s.n !== cfg.batchSize || x0s.dim !== cfg.dim)
      throw new DimensionMismatchError('source.sample(n)', `[${cfg.batchSize}, ${cfg.dim}]`, `[${x0s.n}, ${x0s.dim}]`);
    const x0 = tf.tensor2d(Float32Array.from(x0s.data), [cfg.batchSize, cfg.dim]);
    const epsIn = epsFeature(this.range, eps);
    let x1: tf.Tensor2D | null = null;
    let readout: tf.Tensor | null = null;
    let grads: tf.NamedTensorMap | null = null;
    const step = this.totalSteps + 1;
    const entropyBefore = this.entropyRng.getState();
    // The failure is recorded after the step's tensors are freed (see the finally below): a checkpoint on a device
    // backend first downloads every live tensor.
    let failure: string | null = null;
    const fail = (what: string): never => {
      failure = what;
      throw new StepFailure();
    };
    try {
      await this.initialiseEntropyOnDevice(eps, epsIn, x0);
      let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
      try {
        result = tf.variableGrads(() => {
          const sol = this.trainingRolloutTf(eps, epsIn, x0);
          // Core's TEC loss, energy + eps·(Ĥ(X1) + noise-control cost) (Alg. 1, line 8): the paper's objective in one place.
          const { loss, energy, entropy } = tecLossTf({
            ...sol.terms,
            x1: sol.x1,
            eps,
            entropy: { entropyTf: (x) => this.entropyTerm.entropyTf(x, eps) },
          });
          const distortion = tf.mul(tf.mean(tf.sum(tf.square(tf.sub(sol.x1, x0)), 1)), 0.5);
          x1 = tf.keep(sol.x1);
          readout = tf.keep(tf.stack([loss, energy, entropy, distortion]));
          return loss;
        }, this.controller.params);
      } catch (err) {
        // Inside the rollout every input is the estimator's own: a non-finite or degenerate value raised by an
        // estimator (e.g. a NaN covariance in the entropy term) is a numerical failure of this step.
        if (err instanceof RateDistortionError) fail(`${err.message}`);
        throw err;
      }
      grads = result.grads;
      result.value.dispose();
      const gradList = this.controller.params.map((p) => result.grads[p.name]);
      const normSq = globalNormSquared(gradList);
      const [terms, normData] = await Promise.all([(readout as unknown as tf.Tensor).data(), normSq.data()]);
      const [loss, energy, entropy, distortion] = Array.from(terms);
      const norm = Math.sqrt(normData[0]);
      normSq.dispose();
      const problem = nonFiniteStep(loss, norm, [energy, entropy, distortion]);
      if (problem) fail(problem);
      this.optimizer.apply(gradList, clipFactor(norm, cfg.clipNorm ?? undefined));
      // An entropy model that reads X1 on the host (KNIFE initialises from its first batch) needs it downloaded
      // first on a device backend (webgpu).
      if (!onHostMemoryBackend()) await (x1 as unknown as tf.Tensor).data();
      for (let k = 0; k < cfg.entropyStepsPerStep; k++) this.entropyTerm.update(x1 as unknown as tf.Tensor2D, eps);
      this.totalSteps = step;
      const rate = (loss - distortion) / eps - cfg.dim * (HALF_LOG_2PI + 0.5 * Math.log(eps));
      return { eps, loss, energy, entropy, distortion, rate };
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
    } finally {
      x0.dispose();
      if (x1) (x1 as tf.Tensor).dispose();
      if (readout) (readout as tf.Tensor).dispose();
      if (grads) tf.dispose(grads);
    }
    this.trainRng = Random.fromState(before);
    await downloadDeviceTensors();
    const ckpt = this.toJSON();
    this.lastGoodCheckpoint = { ...ckpt, rng: { ...ckpt.rng, entropy: entropyBefore } };
    throw new NumericalError(
      `training step ${step} (eps = ${eps.toPrecision(4)})`,
      `${failure}; no update was applied and lastGoodCheckpoint holds the state before this step. Try a smaller learningRate, clipNorm, or a smaller dt`,
    );
  }

  /**
   * Rate and distortion at `eps` (Eq. 24): `batches` independent batches, each rolled out with the trained
   * controller; energy summed per sample in float64, entropy by the configured evaluation estimator, then
   * `D̂ = ½ mean‖X1 − X0‖²`, `R̂ = (energy + eps·Ĥ − D̂)/eps − (d/2) log(2π eps)` (with `noise: 'controlled'` the
   * energy includes eps × the noise gains' KL, which keeps R̂ an upper bound on I(X0; X1)). Returns means over the
   * batches with their standard errors (`rateSe`, `distortionSe`) and inter-quartile ranges. Batches are i.i.d. where
   * the control variate applies and stratified otherwise ({@link R2D2EvaluateOptions}). Where {@link R2D2.controlVariate} holds, each batch's energy, D̂ and Ĥ
   * are corrected by the Gaussian control variate (same expectation, less spread; `controlVariate: false` turns it
   * off) and the standard errors are those of the corrected batches.
   *
   * Common random numbers: every call draws the same batches (source draws and Brownian paths, from the evaluation
   * stream's current state, which `evaluate` does not advance), so the points of a curve share their noise and
   * their differences are far less noisy than the points. {@link R2D2.sampleReconstruction} advances the stream.
   * eps outside the trained range throws unless `extrapolate` is set.
   */
  override evaluate(eps: number, options: R2D2EvaluateOptions = {}): RdPointEstimate {
    return super.evaluate(eps, options);
  }

  /** One evaluation batch: a rollout of fresh source draws, read out by Eq. (24) (see {@link R2D2.evaluate}). */
  protected override batchReadout(eps: number, batchSize: number, options: R2D2EvaluateOptions): () => BatchReadout {
    const useCv = options.controlVariate ?? true;
    if (typeof useCv !== 'boolean') throw new InvalidParameterError('controlVariate', 'true or false', useCv);
    const sampling = options.sampling ?? (useCv ? this.defaultSampling : 'stratified');
    if (sampling !== 'stratified' && sampling !== 'iid')
      throw new InvalidParameterError('sampling', "'stratified' or 'iid'", sampling);
    const stratified = sampling === 'stratified';
    const cv =
      useCv && this.sourceMoments
        ? new GaussianControlVariate(this.controller.scaling, this.sourceMoments, eps, this.grid, this.chain)
        : null;
    const rng = Random.fromState(this.evalRng.getState());
    return () => {
      const x0 =
        stratified && this.source.sampleStratified
          ? this.source.sampleStratified(batchSize, rng)
          : this.source.sample(batchSize, rng);
      const shape = { n: x0.n, dim: this.dim, grid: this.grid };
      const inner = stratified ? new StratifiedBrownianIncrements(rng, shape) : new BrownianIncrements(rng, shape);
      const follow = cv ? cv.batch(x0, inner, !stratified) : null;
      const { x1, energy, entropy } = this.rolloutForEvaluation(eps, x0, follow ? follow.brownian : inner);
      const plain = tecReadout({ loss: energy + eps * entropy, x0: x0.data, x1: x1.data, eps, dim: this.dim });
      if (!follow) return plain;
      const dev = follow.deviations();
      return {
        rate: plain.rate - (dev.energy / eps + dev.entropy - dev.distortion / eps),
        distortion: plain.distortion - dev.distortion,
      };
    };
  }

  /** Reconstructions X̂ = X1 at eps: rollouts of fresh source draws (evaluation stream, which this advances). */
  protected override reconstruct(eps: number, n: number): Samples {
    const x0 = this.source.sample(n, this.evalRng);
    return withHostBackend(() => this.simulate(eps, x0, this.evalRng, false).x1);
  }

  /**
   * The controller's drift u_θ(x, t, eps) at the rows of `x` (float64 in and out), e.g. to compare with the
   * optimal drift eps·∇log p_t.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { R2D2 } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, hidden: [8], entropy: 'gaussian' });
   * const u = est.drift({ n: 3, dim: 1, data: new Float64Array([-1, 0, 1]) }, 0.5, 0.3);
   * est.dispose();
   * ```
   */
  drift(x: Samples, t: number, eps: number, options: { extrapolate?: boolean } = {}): Samples {
    this.assertLive();
    this.checkEps(eps, options.extrapolate ?? false);
    if (x.dim !== this.dim) throw new DimensionMismatchError('x', this.dim, x.dim);
    if (!(t >= 0 && t <= 1)) throw new InvalidParameterError('t', 'a time in [0, 1]', t);
    const out = withHostBackend(() =>
      tf.tidy(() => {
        const roll = this.controller.rollout(eps, epsFeature(this.range, eps));
        return roll.drift(tf.tensor2d(Float32Array.from(x.data), [x.n, x.dim]), t).dataSync();
      }),
    );
    return { n: x.n, dim: x.dim, data: Float64Array.from(out) };
  }

  /**
   * On a device backend (webgpu), an entropy model that initialises itself from the first X1 (KNIFE) would read it
   * synchronously inside the tape; here it gets that X1 first: the same rollout, forward only, on a copy of the
   * training stream (so the step itself draws the same path), downloaded with an awaited read.
   */
  private async initialiseEntropyOnDevice(eps: number, epsIn: number, x0: tf.Tensor2D): Promise<void> {
    const init = onHostMemoryBackend() ? null : (this.entropyTerm.pendingInitialisation?.() ?? null);
    if (init === null) return;
    const x1 = tf.tidy(() => this.rolloutTf(eps, epsIn, x0, Random.fromState(this.trainRng.getState())).x1);
    try {
      await x1.data();
      init(x1);
    } finally {
      x1.dispose();
    }
  }

  /**
   * The main thread's side of one data-parallel training step (see r2d2-workers.ts): `draw` takes eps, the source
   * batch and the whole batch's Brownian increments from the training stream in the order {@link R2D2.trainStep}
   * consumes them (so every worker count trains on the same numbers), `cotangent` gives the entropy term's value and
   * ∂Ĥ/∂X1 on the gathered X1, `apply` takes the Adam step on the summed gradients and updates the entropy model.
   */
  private parallelStepHooks(): ParallelStepHooks<StepStats> {
    const cfg = this.config;
    const before = this.trainRng.getState();
    const entropyBefore = this.entropyRng.getState();
    const step = this.totalSteps + 1;
    let eps = NaN;
    const fail = (what: string): never => {
      this.trainRng = Random.fromState(before);
      const ckpt = this.toJSON();
      this.lastGoodCheckpoint = { ...ckpt, rng: { ...ckpt.rng, entropy: entropyBefore } };
      throw new NumericalError(
        `training step ${step} (eps = ${eps.toPrecision(4)})`,
        `${what}; no update was applied and lastGoodCheckpoint holds the state before this step. Try a smaller learningRate, clipNorm, or a smaller dt`,
      );
    };
    return {
      draw: () => {
        eps = sampleEps(this.range, this.trainRng);
        const x0s = this.source.sample(cfg.batchSize, this.trainRng);
        if (x0s.n !== cfg.batchSize || x0s.dim !== cfg.dim)
          throw new DimensionMismatchError(
            'source.sample(n)',
            `[${cfg.batchSize}, ${cfg.dim}]`,
            `[${x0s.n}, ${x0s.dim}]`,
          );
        const levyArea = this.chain === 'fixed' && cfg.scheme === 'sra1';
        const increments = drawBrownianIncrements(
          this.trainRng,
          { n: cfg.batchSize, dim: cfg.dim, grid: this.grid },
          { levyArea },
        );
        return {
          eps,
          x0: Float32Array.from(x0s.data),
          increments,
          weights: this.controller.getWeights(),
          dim: cfg.dim,
        };
      },
      cotangent: (x1: Float32Array) => {
        // A non-finite X1 fails here, before the entropy term's tape: tfjs keeps the tensors a tape saved when its
        // function throws.
        if (!x1.every(Number.isFinite)) fail('X1 is not finite');
        try {
          return tf.tidy(() => {
            const { value, grad } = tf.valueAndGrad(
              (x: tf.Tensor) => this.entropyTerm.entropyTf(x as tf.Tensor2D, eps) as tf.Scalar,
            )(tf.tensor2d(x1, [cfg.batchSize, cfg.dim]));
            return { entropy: value.dataSync()[0], g: grad.dataSync() as Float32Array };
          });
        } catch (err) {
          if (err instanceof RateDistortionError) fail(err.message);
          throw err;
        }
      },
      apply: (r) => {
        const gradList = this.controller.params.map((p, i) => tf.tensor(r.grads[i], p.shape, 'float32'));
        const x1 = tf.tensor2d(r.x1, [cfg.batchSize, cfg.dim]);
        try {
          const loss = r.energy + eps * (r.entropy + r.noiseCost);
          let sq = 0;
          for (let i = 0; i < r.x1.length; i++) sq += (r.x1[i] - r.x0[i]) ** 2;
          const distortion = (0.5 * sq) / cfg.batchSize;
          const normSq = globalNormSquared(gradList);
          const norm = Math.sqrt(normSq.dataSync()[0]);
          normSq.dispose();
          const problem = nonFiniteStep(loss, norm, [r.energy, r.entropy, distortion]);
          if (problem) fail(problem);
          this.optimizer.apply(gradList, clipFactor(norm, cfg.clipNorm ?? undefined));
          for (let k = 0; k < cfg.entropyStepsPerStep; k++) this.entropyTerm.update(x1, eps);
          this.totalSteps = step;
          const rate = (loss - distortion) / eps - cfg.dim * (HALF_LOG_2PI + 0.5 * Math.log(eps));
          return { eps, loss, energy: r.energy, entropy: r.entropy, distortion, rate };
        } finally {
          tf.dispose([...gradList, x1]);
        }
      },
    };
  }

  /**
   * @internal A worker's side of a data-parallel training step: with the controller set to `weights`, roll out the
   * shard `x0` (rows × d) on the given increments and hand X1 to `exchange`, which returns ∂Ĥ/∂X1 for these rows
   * from the main thread (the entropy term couples the whole batch). Core's TEC loss on the shard, with the entropy
   * replaced by its linearisation Σ (∂Ĥ/∂X1)⊙X1 · batch/rows and scaled by rows/batch, has as gradient the shard's part
   * of the whole batch's loss gradient. Returns those gradients (written into `out` when given, else new arrays) and
   * the shard's batch-mean energy and noise cost.
   */
  shardGradients(
    request: R2D2ShardRequest,
    exchange: (x1: Float32Array) => Float32Array,
    out?: Float32Array[],
  ): { grads: Float32Array[]; energy: number; noiseCost: number } {
    this.assertLive();
    const { weights, eps, x0, rows, batch, increments } = request;
    const dim = this.config.dim;
    this.controller.setWeights(weights);
    const x0t = tf.tensor2d(x0, [rows, dim]);
    const brownian = brownianFromIncrements({ n: rows, dim, grid: this.grid }, increments);
    const w = rows / batch;
    let grads: tf.NamedTensorMap | null = null;
    let terms: tf.Tensor | null = null;
    try {
      const result = tf.variableGrads(() => {
        const sol = this.trainingRolloutTf(eps, epsFeature(this.range, eps), x0t, brownian);
        const dH = tf.tensor2d(exchange(sol.x1.dataSync() as Float32Array), [rows, dim]);
        const linearised = { entropyTf: (x: tf.Tensor2D) => tf.div(tf.sum(tf.mul(dH, x)), w) as tf.Scalar };
        const { loss, energy, noiseCost } = tecLossTf({ ...sol.terms, x1: sol.x1, eps, entropy: linearised });
        terms = tf.keep(tf.stack([energy, noiseCost]));
        return tf.mul(loss, w) as tf.Scalar;
      }, this.controller.params);
      grads = result.grads;
      result.value.dispose();
      const [energy, noiseCost] = Array.from((terms as unknown as tf.Tensor).dataSync());
      return {
        grads: this.controller.params.map((p, i) => {
          const g = (grads as tf.NamedTensorMap)[p.name].dataSync() as Float32Array;
          if (!out) return Float32Array.from(g);
          out[i].set(g);
          return out[i];
        }),
        energy,
        noiseCost,
      };
    } finally {
      x0t.dispose();
      if (grads) tf.dispose(grads);
      if (terms) (terms as tf.Tensor).dispose();
    }
  }

  /**
   * The training rollout's X1 and what core's `tecLossTf` needs of it: the drifts (and noise gains) on the grid
   * when the whole rollout fits in `memoryBudget`, else, checkpointed in segments of
   * {@link R2D2.segmentSteps}, its batch-mean control energy (and noise cost). Call inside variableGrads; draws
   * the Brownian path from the training stream.
   */
  private trainingRolloutTf(
    eps: number,
    epsIn: number,
    x0: tf.Tensor2D,
    brownian?: BrownianSource,
  ): { x1: tf.Tensor2D; terms: Pick<TecLossOptions, 'drifts' | 'grid' | 'logNoiseGains' | 'energy' | 'noiseCost'> } {
    const cfg = this.config;
    if (fusedRolloutApplies(cfg.activation, cfg.scheme)) {
      // The whole rollout as one op with a hand-written backward pass (fused-rollout.ts), segments included.
      const roll = this.controller.rollout(eps, epsIn);
      const sol = fusedRolloutTf({
        layout: {
          dim: cfg.dim,
          hidden: cfg.hidden,
          alpha: cfg.activation === 'relu' ? 0 : 0.01,
          noiseControl: this.chain === 'controlled',
          gaussian: cfg.init === 'gaussian',
        },
        inputs: roll.inputs,
        x0,
        sigma: Math.sqrt(eps),
        grid: this.grid,
        ...(brownian ? { brownian } : { rng: this.trainRng }),
        basis: this.chain === 'controlled' ? this.controller.noiseBasis : null,
        segmentSteps: this.segmentSteps,
      });
      return {
        x1: sol.x1,
        terms: { energy: tf.mean(sol.energy), ...(sol.noiseCost ? { noiseCost: tf.mean(sol.noiseCost) } : {}) },
      };
    }
    if (this.segmentSteps >= this.config.timeSteps) {
      const sol = this.rolloutTf(eps, epsIn, x0, brownian ?? this.trainRng);
      return {
        x1: sol.x1,
        terms: { drifts: sol.drifts, grid: this.grid, ...(sol.logGains ? { logNoiseGains: sol.logGains } : {}) },
      };
    }
    const roll = this.controller.rollout(eps, epsIn);
    const noise = brownian ? { brownian } : { rng: this.trainRng };
    const common = {
      params: roll.inputs,
      x0,
      sigma: Math.sqrt(eps),
      grid: this.grid,
      ...noise,
      segmentSteps: this.segmentSteps,
      checkFinite: false,
    };
    const sol =
      this.chain === 'controlled'
        ? solveSdeCheckpointedTf({
            ...common,
            control: roll.controlWith,
            basis: this.controller.noiseBasis ?? undefined,
          })
        : solveSdeCheckpointedTf({ ...common, drift: roll.driftWith, scheme: this.config.scheme });
    return {
      x1: sol.x1,
      terms: { energy: tf.mean(sol.energy), ...(sol.noiseCost ? { noiseCost: tf.mean(sol.noiseCost) } : {}) },
    };
  }

  /**
   * The differentiable rollout at eps from x0: the paper's SDE (fixed noise) or the noise-controlled chain, whose
   * gains act in the controller's PCA basis. Call inside tf.tidy / variableGrads.
   */
  private rolloutTf(
    eps: number,
    epsIn: number,
    x0: tf.Tensor2D,
    rng: Random | BrownianSource,
    stratified = false,
  ): { x1: tf.Tensor2D; drifts: tf.Tensor2D[]; logGains: tf.Tensor2D[] | null } {
    const roll = this.controller.rollout(eps, epsIn);
    const noise = !(rng instanceof Random)
      ? { brownian: rng }
      : stratified
        ? { brownian: new StratifiedBrownianIncrements(rng, { n: x0.shape[0], dim: x0.shape[1], grid: this.grid }) }
        : { rng };
    if (this.chain === 'controlled') {
      const basis = this.controller.noiseBasis ?? undefined;
      return solveNoiseControlledTf({
        control: roll.control,
        x0,
        sigma: Math.sqrt(eps),
        grid: this.grid,
        basis,
        ...noise,
        checkFinite: false,
      });
    }
    const sol = solveSdeTf({
      drift: roll.drift,
      x0,
      sigma: Math.sqrt(eps),
      grid: this.grid,
      scheme: this.config.scheme,
      ...noise,
      checkFinite: false,
    });
    return { x1: sol.x1, drifts: sol.drifts, logGains: null };
  }

  /**
   * Roll out (no gradients) and read X1 and the per-sample control costs back in float64: the energy
   * ½ Σ ‖u‖² Δt plus, with noise control, eps × the gains' KL.
   */
  private simulate(
    eps: number,
    x0: Samples,
    rng: Random | BrownianSource,
    stratified: boolean,
  ): { x1: Samples; energies: Float64Array } {
    const { n, dim } = x0;
    if (dim !== this.dim) throw new DimensionMismatchError('source.sample(n)', this.dim, dim);
    const [x1Data, energyTerms, noiseCosts] = tf.tidy(() => {
      const sol = this.rolloutTf(
        eps,
        epsFeature(this.range, eps),
        tf.tensor2d(Float32Array.from(x0.data), [n, dim]),
        rng,
        stratified,
      );
      const sq = tf.stack(sol.drifts.map((u) => tf.sum(tf.square(u), 1)));
      const cost = sol.logGains ? noiseControlCostPerSampleTf(sol.logGains, this.grid).dataSync() : new Float32Array(0);
      return [sol.x1.dataSync(), sq.dataSync(), cost];
    });
    const energies = new Float64Array(n);
    for (let i = 0; i < this.dtArray.length; i++) {
      const h = 0.5 * this.dtArray[i];
      for (let m = 0; m < n; m++) energies[m] += h * energyTerms[i * n + m];
    }
    if (noiseCosts.length > 0) for (let m = 0; m < n; m++) energies[m] += eps * noiseCosts[m];
    const x1 = { n, dim, data: Float64Array.from(x1Data) };
    for (let k = 0; k < x1.data.length; k++) {
      if (!Number.isFinite(x1.data[k]))
        throw new NumericalError(`evaluation at eps = ${eps}`, 'the rollout produced a non-finite X1');
    }
    return { x1, energies };
  }

  private rolloutForEvaluation(
    eps: number,
    x0: Samples,
    brownian: BrownianSource,
  ): { x1: Samples; energy: number; entropy: number } {
    const { x1, energies } = this.simulate(eps, x0, brownian, false);
    let energy = 0;
    for (let m = 0; m < energies.length; m++) energy += energies[m];
    energy /= energies.length;
    let entropy: number;
    switch (this.config.evalEntropy) {
      case 'knn':
        entropy = knnEntropy(x1, { k: this.config.knnK, whiten: true }).entropy;
        break;
      case 'gaussian':
        entropy = gaussianEntropy(x1, { biasCorrected: true }).entropy;
        break;
      default:
        entropy = this.entropyTerm.evaluate(x1, eps);
    }
    return { x1, energy, entropy };
  }

  protected override checkEps(eps: number, extrapolate: boolean, name = 'eps'): void {
    assertPositive(name, eps);
    if (!extrapolate && !epsInRange(this.range, eps)) {
      throw new InvalidParameterError(
        name,
        `a value in the trained range [${this.range.epsMin}, ${this.range.epsMax}]`,
        eps,
        'pass { extrapolate: true } to evaluate outside it',
      );
    }
  }

  /** A checkpoint (plain JSON) from which {@link R2D2.fromJSON} resumes training exactly. */
  toJSON(): R2D2Checkpoint {
    this.assertLive();
    const sc = this.controller.scaling;
    const scaling: R2D2Checkpoint['scaling'] = {
      mean: encodeFloats(sc.mean),
      scale: encodeFloats(sc.scale),
      ...(sc.basis ? { basis: encodeFloats(sc.basis) } : {}),
    };
    return {
      format: R2D2_CHECKPOINT_FORMAT,
      version: R2D2_CHECKPOINT_VERSION,
      method: 'r2d2',
      config: structuredClone(this.config),
      scaling,
      ...networkStateToJson(this.controller.getWeights(), this.optimizer),
      entropyModel: this.entropyTerm.getState(),
      rng: { train: this.trainRng.getState(), eval: this.evalRng.getState(), entropy: this.entropyRng.getState() },
      ...this.lifeAndSource(),
    };
  }

  private restoreState(c: R2D2Checkpoint): void {
    restoreNetworkState(this.controller, this.optimizer, c);
    this.entropyTerm.setState(c.entropyModel);
    this.restoreProgress(c.progress);
  }

  /** Copies of the controller weights (e.g. to compare runs). */
  getWeights(): Float32Array[] {
    this.assertLive();
    return this.controller.getWeights();
  }

  /** Free all tensors and stop kept worker threads; the estimator is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Kept worker threads stop in the background (closeWorkers() awaits them); a failure to stop is not an error here.
    void this.closeWorkers().catch(() => undefined);
    this.controller.dispose();
    this.optimizer.dispose();
    this.entropyTerm.dispose();
  }
}

/** What is wrong with a training step whose loss, gradient norm or loss terms are not all finite; null when all are. */
function nonFiniteStep(loss: number, norm: number, terms: number[]): string | null {
  if (!Number.isFinite(loss)) return `loss is ${loss}`;
  if (!Number.isFinite(norm)) return `gradient norm is ${norm}`;
  return terms.every(Number.isFinite) ? null : 'a loss term is not finite';
}

/** Thrown inside a training step to leave it; the step then records its failure (internal). */
class StepFailure extends Error {}

// A source that says (through its SPEC) that it is Gaussian: its optimal X1 is Gaussian, so the default evaluation
// entropy is the plug-in (EvalEntropy in config.ts).
function isGaussianSource(source: R2D2Source): boolean {
  try {
    const spec = source.toSpec?.() as { kind?: unknown } | undefined;
    return spec?.kind === 'gaussian';
  } catch {
    return false;
  }
}
