// WGD (Yang, Eckstein, Nutz & Mandt, NeurIPS 2023/2024; github:yiboyang/wgd, bagd/ and bahybrid/): the
// reconstruction distribution ν is n particles, moved by SGD along the Wasserstein gradient ∇ψ of the
// Blahut–Arimoto functional L(ν) (ba-functional.ts), one source batch per step, at ONE slope eps per model.
// The hybrid variant follows each move with a Blahut–Arimoto reweighting of the particles.
//
// Float64 typed arrays, not tfjs: a step is a particles × batch distance sweep that streams one batch row at a
// time (O(n·d) memory, where tfjs would materialise the m × n matrix), and the read-out R = L − D/eps is a
// difference of two numbers of size L, which float32 would blur at the high rates WGD is benchmarked on.
//
// Random streams: the seed is split into initialisation (particles, fixed batch), training (source batches)
// and evaluation, so evaluating never perturbs training and a checkpoint resumes bit-identically.
import {
  DimensionMismatchError,
  InvalidParameterError,
  NumericalError,
  Random,
  convertDistortion,
  type RandomState,
  type Samples,
  type SampleSource,
} from '@ratedistortion/core';
import { decodeFloat64, encodeFloats } from '../checkpoint/base64.js';
import { parseCheckpointEnvelope, type CheckpointTail } from '../checkpoint/checkpoint-envelope.js';
import { EstimatorBase, checkRestoredConfig } from '../estimator/estimator-base.js';
import { dualStepReport } from '../estimator/training-loop.js';
import { interQuartileRange } from '../estimator/quantiles.js';
import { meanAndStandardError } from '../estimator/standard-error.js';
import type { EvaluateOptions, RdEstimator, RdPointEstimate, TrainOptions, TrainResult } from '../estimator/types.js';
import { baFunctional, baWeightUpdate, dualLowerBound, type ParticleMeasure } from './ba-functional.js';
import {
  resolveWgdConfig,
  validateWgdConfig,
  wgdDistortionConvention,
  wgdLearningRate,
  type WgdConfig,
  type WgdOptions,
} from './config.js';
import { assertTrainedEps, summariseReadouts, type BatchReadout } from '../estimator/evaluation.js';

/**
 * What WGD needs from a source: its dimension and a seeded sampler (every `Source` of `@ratedistortion/datasets`
 * qualifies); `toSpec` is recorded in checkpoints when present.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { WgdSource } from '@ratedistortion/estimators';
 * const source: WgdSource = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * ```
 */
export type WgdSource = SampleSource;

/**
 * A WGD estimate: the shared {@link RdPointEstimate} plus the dual lower bound. For each batch,
 * `rateLowerBound` = (dual Lagrangian bound) − D̂/eps bounds the batch's R(D̂) from below, where D̂ is that
 * batch's distortion; with `rate` above the curve this brackets R(D̂) (a sandwich).
 *
 * @example
 * ```ts
 * import type { WgdPointEstimate } from '@ratedistortion/estimators';
 * const show = (p: WgdPointEstimate) => console.log(p.rateLowerBound, '≤ R(D) ≤', p.rate);
 * ```
 */
export interface WgdPointEstimate extends RdPointEstimate {
  /** Mean over batches of the dual lower bound on R(D̂), nats (NaN when skipped). */
  rateLowerBound: number;
  rateLowerBoundIqr: [number, number];
  /** Mean over batches of the functional L(ν) = rate + distortion/eps, nats. */
  lagrangian: number;
  batches: { rate: number[]; distortion: number[]; rateLowerBound: number[]; lagrangian: number[] };
}

/**
 * One evaluation batch of WGD: the shared read-out plus the functional L(ν) = rate + distortion/eps and the dual lower
 * bound on the batch's R(D̂) (NaN when skipped), nats.
 *
 * @example
 * ```ts
 * import type { WgdBatchReadout } from '@ratedistortion/estimators';
 * const r: WgdBatchReadout = { rate: 0.7, distortion: 0.12, lagrangian: 1.18, rateLowerBound: 0.68 };
 * ```
 */
export interface WgdBatchReadout extends BatchReadout {
  lagrangian: number;
  rateLowerBound: number;
}

const WGD_OTHER_EPS = 'WGD trains one particle measure per eps; train another model (wgdCurve) for another eps';

/**
 * Evaluation settings of {@link WGD.evaluate}: the shared ones plus `lowerBound` (default true; false skips the
 * dual bound, whose sup search costs a few functional evaluations per batch, and reports it as NaN).
 *
 * @example
 * ```ts
 * import type { WgdEvaluateOptions } from '@ratedistortion/estimators';
 * const opts: WgdEvaluateOptions = { batches: 8, batchSize: 4096, lowerBound: false };
 * ```
 */
export interface WgdEvaluateOptions extends EvaluateOptions {
  lowerBound?: boolean;
}

/**
 * A WGD checkpoint (plain JSON).
 *
 * @example
 * ```ts
 * import type { WgdCheckpoint } from '@ratedistortion/estimators';
 * const steps = (c: WgdCheckpoint) => c.progress.steps;
 * ```
 */
export interface WgdCheckpoint extends CheckpointTail {
  format: typeof WGD_CHECKPOINT_FORMAT;
  version: 1;
  method: 'wgd';
  config: WgdConfig;
  /** base64 float64, n × dim row-major. */
  particles: string;
  /** base64 float64, n. */
  logWeights: string;
  /** base64 float64 of the fixed batch (fixedBatch only). */
  fixedBatch: string | null;
  rng: { train: RandomState; eval: RandomState };
}

/**
 * The `format` tag of WGD checkpoints.
 *
 * @example
 * ```ts
 * import { WGD_CHECKPOINT_FORMAT } from '@ratedistortion/estimators';
 * console.log(WGD_CHECKPOINT_FORMAT);
 * ```
 */
export const WGD_CHECKPOINT_FORMAT = 'ratedistortion/wgd-checkpoint';

/**
 * The WGD estimator at one eps. A step: draw a batch of `batchSize` source samples (or reuse the fixed batch), compute
 * the Wasserstein gradient ∇ψ at every particle, move y_j ← y_j − lr_t·∇ψ(y_j) with the inverse-square-root
 * schedule of the authors' code; in the `hybrid` variant then reweight ν_j ← ν_j·g(y_j) (one BA step). Particles
 * start at source samples plus 0.1·std jitter, with uniform weights.
 *
 * Step size: ∇ψ(y_j) ≈ (y_j − E[X | j])/eps near equilibrium, so lr·β is the fraction of the way to the
 * conditional mean moved per step; the authors' 1e-2 suits their λ = 10 and 10,000 steps. For short budgets
 * take `learningRate` ≈ 0.2·eps (see the benchmarks).
 *
 * Read-outs (their `estimate_rd`, on fresh evaluation batches): L(ν) = mean φ, D = ½E_π‖X − Y‖²,
 * R = L − D/eps, and Blahut's dual bound (their `rdlb`). `TrainProgress.loss` is L(ν) of the training batch
 * before the move; WGD has no energy or entropy, so `energy` holds the distortion term D/eps and `entropy` the
 * rate term R (their sum is the loss). Rates saturate near log(n) and log(batch) (their Remark 4.1-type limit).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { WGD } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const est = new WGD(source, { eps: 0.25, particles: 200, batchSize: 512, learningRate: 0.05, scheduleSteps: 300, seed: 1 });
 * await est.train({ steps: 300 });
 * const p = est.evaluate(0.25, { batches: 4, batchSize: 2048 });
 * console.log(p.rateLowerBound, p.rate, 0.5 * Math.log(1 / 0.25)); // lower bound ≲ ½ log 4 ≈ 0.693 ≲ rate
 * est.dispose();
 * ```
 */
export class WGD
  extends EstimatorBase<WgdConfig, WgdEvaluateOptions, WgdPointEstimate, WgdSource, WgdBatchReadout>
  implements RdEstimator
{
  override readonly method = 'wgd';
  override readonly config: WgdConfig;
  private points: Float64Array;
  private logWeights: Float64Array;
  private readonly fixed: Float64Array | null;
  private trainRng: Random;
  private evalRng: Random;

  /**
   * @param source - the source to compress.
   * @param options - settings; see {@link WgdOptions} (`eps` or `rdLambda` is required).
   */
  constructor(source: WgdSource, options: WgdOptions);
  /** @internal restore path of {@link WGD.fromJSON}. */
  constructor(source: WgdSource, options: WgdOptions, restore: WgdCheckpoint);
  constructor(source: WgdSource, options: WgdOptions, restore?: WgdCheckpoint) {
    super(source);
    if (restore) {
      checkRestoredConfig(restore.config, validateWgdConfig, source.dim);
      this.config = { ...restore.config };
      const c = this.config;
      this.points = decodeFloat64(restore.particles, 'particles');
      this.logWeights = decodeFloat64(restore.logWeights, 'logWeights');
      if (this.points.length !== c.particles * c.dim)
        throw new InvalidParameterError('particles', `${c.particles * c.dim} values`, this.points.length);
      if (this.logWeights.length !== c.particles)
        throw new InvalidParameterError('logWeights', `${c.particles} values`, this.logWeights.length);
      this.fixed = restore.fixedBatch === null ? null : decodeFloat64(restore.fixedBatch, 'fixedBatch');
      if (c.fixedBatch !== (this.fixed !== null))
        throw new InvalidParameterError(
          'fixedBatch',
          'a fixed batch exactly when config.fixedBatch',
          restore.fixedBatch,
        );
      this.trainRng = Random.fromState(restore.rng.train);
      this.evalRng = Random.fromState(restore.rng.eval);
      this.restoreProgress(restore.progress);
      return;
    }
    this.config = resolveWgdConfig(options, source.dim);
    const c = this.config;
    const [initRng, trainRng, evalRng] = new Random(c.seed).split(3);
    this.trainRng = trainRng;
    this.evalRng = evalRng;
    const n = c.particles;
    const d = c.dim;
    this.points = new Float64Array(n * d);
    if (c.fixedBatch) {
      this.fixed = this.draw(c.batchSize, initRng).data;
      // As their init: a random permutation of ⌊n/m⌋ + 1 copies of the batch, first n rows.
      const copies = Math.floor(n / c.batchSize) + 1;
      const idx = new Uint32Array(copies * c.batchSize);
      for (let i = 0; i < idx.length; i++) idx[i] = i % c.batchSize;
      initRng.shuffle(idx);
      for (let j = 0; j < n; j++) this.points.set(this.fixed.subarray(idx[j] * d, idx[j] * d + d), j * d);
    } else {
      this.fixed = null;
      this.points.set(this.draw(n, initRng).data);
    }
    // Jitter so no two particles coincide (their init: + 0.1·std(ν_x, axis 0)·N(0, 1)).
    const std = columnStd(this.points, n, d);
    for (let j = 0; j < n; j++)
      for (let k = 0; k < d; k++) this.points[j * d + k] += c.initJitter * std[k] * initRng.normal();
    this.logWeights = new Float64Array(n).fill(-Math.log(n));
  }

  /**
   * Rebuild an estimator from {@link WGD.toJSON} output (object or JSON text) for `source`.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const a = new WGD(source, { eps: 0.5, particles: 50, batchSize: 64 });
   * const b = WGD.fromJSON(JSON.stringify(a.toJSON()), source);
   * ```
   */
  static fromJSON(checkpoint: unknown, source: WgdSource): WGD {
    const ck = parseCheckpointEnvelope(checkpoint, {
      format: WGD_CHECKPOINT_FORMAT,
      version: 1,
      method: 'wgd',
      name: 'WGD',
      streams: ['train', 'eval'],
    }) as Partial<WgdCheckpoint>;
    if (typeof ck.particles !== 'string' || typeof ck.logWeights !== 'string')
      throw new InvalidParameterError('checkpoint', 'particles and logWeights as base64 strings', Object.keys(ck));
    // Checkpoints written before the option was renamed carry `batch` for `batchSize`.
    const legacy = ck.config as Partial<WgdConfig> & { batch?: number };
    if (legacy.batchSize === undefined && legacy.batch !== undefined) {
      const { batch, ...rest } = legacy;
      ck.config = { ...rest, batchSize: batch } as WgdConfig;
    }
    return new WGD(source, {}, ck as WgdCheckpoint);
  }

  /** The trained eps. */
  get eps(): number {
    return this.config.eps;
  }

  /** A copy of the current particle measure ν. */
  get particles(): ParticleMeasure {
    return {
      n: this.config.particles,
      dim: this.config.dim,
      points: this.points.slice(),
      logWeights: this.logWeights.slice(),
    };
  }

  private draw(n: number, rng: Random): Samples {
    const s = this.source.sample(n, rng);
    if (s == null || s.n !== n || s.dim !== this.config.dim || s.data.length !== n * this.config.dim) {
      throw new DimensionMismatchError(
        'source.sample(n)',
        `[${n}, ${this.config.dim}]`,
        s == null ? String(s) : `[${s.n}, ${s.dim}]`,
      );
    }
    for (let i = 0; i < s.data.length; i++) {
      if (!Number.isFinite(s.data[i]))
        throw new InvalidParameterError(`source.sample(n).data[${i}]`, 'a finite number', s.data[i]);
    }
    return s;
  }

  /**
   * Train for `steps` and/or `seconds` (stops at whichever comes first, or when `signal` aborts). A step whose
   * gradient is not finite throws a {@link NumericalError} and leaves the particles as they were.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new WGD(source, { eps: 0.5, particles: 100, batchSize: 256, learningRate: 0.1 });
   * const r = await est.train({ steps: 50, progressEvery: 25, onProgress: (p) => console.log(p.step, p.rate, p.distortion) });
   * console.log(r.stepsPerSecond);
   * ```
   */
  async train(options: TrainOptions = {}): Promise<TrainResult> {
    this.assertLive();
    return this.runTraining<{ loss: number; rate: number; distortion: number }>(options, {
      step: () => this.trainStep(),
      report: (s) => dualStepReport(s, this.config.eps),
    });
  }

  private trainStep(): { loss: number; rate: number; distortion: number } {
    const c = this.config;
    const beta = 1 / c.eps;
    const x = this.fixed ?? this.draw(c.batchSize, this.trainRng).data;
    const nu = this.measure();
    const v = baFunctional(x, c.dim, nu, beta, true);
    const grad = v.gradient as Float64Array;
    const step = this.totalSteps + 1;
    const lr = wgdLearningRate(c, this.totalSteps);
    const moved = new Float64Array(this.points.length);
    for (let k = 0; k < moved.length; k++) {
      moved[k] = this.points[k] - lr * grad[k];
      if (!Number.isFinite(moved[k])) {
        throw new NumericalError(
          `WGD step ${step} (eps = ${c.eps})`,
          'a particle gradient is not finite; no update was applied. Try a smaller learningRate',
        );
      }
    }
    let logWeights = this.logWeights;
    if (c.hybrid) {
      const after = baFunctional(x, c.dim, { ...nu, points: moved }, beta, false);
      logWeights = baWeightUpdate(this.logWeights, after.g);
    }
    if (!Number.isFinite(v.loss))
      throw new NumericalError(
        `WGD step ${step} (eps = ${c.eps})`,
        `the functional is ${v.loss}; no update was applied`,
      );
    this.points = moved;
    this.logWeights = logWeights;
    this.totalSteps = step;
    return { loss: v.loss, rate: v.rate, distortion: v.distortion };
  }

  private measure(): ParticleMeasure {
    return { n: this.config.particles, dim: this.config.dim, points: this.points, logWeights: this.logWeights };
  }

  protected override checkEps(eps: number, extrapolate: boolean, name = 'eps'): void {
    assertTrainedEps(name, eps, this.config.eps, extrapolate, WGD_OTHER_EPS);
  }

  /**
   * Rate, distortion and dual lower bound at `eps` on `batches` fresh batches of `batchSize` source samples:
   * means with standard errors and inter-quartile ranges. Only the trained eps, unless `extrapolate` (the trained particles are then
   * read out at the other slope: still an achievable point above R(D), but not optimised for it).
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new WGD(source, { eps: 0.5, particles: 100, batchSize: 256, learningRate: 0.1 });
   * await est.train({ steps: 100 });
   * const p = est.evaluate(0.5, { batches: 4, batchSize: 1024 });
   * console.log(p.rate, p.distortion, p.rateLowerBound);
   * ```
   */
  override evaluate(eps: number, options: WgdEvaluateOptions = {}): WgdPointEstimate {
    return super.evaluate(eps, options);
  }

  protected override batchReadout(eps: number, batchSize: number, options: WgdEvaluateOptions): () => WgdBatchReadout {
    const withBound = options.lowerBound ?? true;
    if (typeof withBound !== 'boolean') throw new InvalidParameterError('lowerBound', 'a boolean', withBound);
    const beta = 1 / eps;
    const nu = this.measure();
    return () => {
      const x = this.draw(batchSize, this.evalRng).data;
      const v = baFunctional(x, this.dim, nu, beta, false);
      const lb = withBound
        ? dualLowerBound(x, this.dim, nu, beta, this.config.lowerBoundMeanShift, v).lagrangian
        : Number.NaN;
      if (![v.rate, v.distortion, withBound ? lb : 0].every(Number.isFinite))
        throw new NumericalError(`WGD evaluation at eps = ${eps}`, 'a read-out is not finite');
      return { rate: v.rate, distortion: v.distortion, lagrangian: v.loss, rateLowerBound: lb - beta * v.distortion };
    };
  }

  protected override summarise(eps: number, reads: WgdBatchReadout[], options: WgdEvaluateOptions): WgdPointEstimate {
    const withBound = options.lowerBound ?? true;
    const lowers = reads.map((r) => r.rateLowerBound);
    const lagrangians = reads.map((r) => r.lagrangian);
    const point = summariseReadouts(eps, reads);
    return {
      ...point,
      rateLowerBound: withBound ? meanAndStandardError(lowers).mean : Number.NaN,
      rateLowerBoundIqr: withBound ? interQuartileRange(lowers) : [Number.NaN, Number.NaN],
      lagrangian: meanAndStandardError(lagrangians).mean,
      batches: { ...point.batches, rateLowerBound: lowers, lagrangian: lagrangians },
    };
  }

  /**
   * Reconstructions: fresh source samples x (evaluation stream), each mapped to particle j drawn from the optimal
   * coupling's conditional π(j | x) ∝ ν_j e^{−½‖x − y_j‖²/eps}.
   */
  protected override reconstruct(eps: number, n: number): Samples {
    const d = this.dim;
    const np = this.config.particles;
    const x = this.draw(n, this.evalRng).data;
    const out = new Float64Array(n * d);
    const t = new Float64Array(np);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < np; j++) {
        let sq = 0;
        for (let k = 0; k < d; k++) {
          const diff = x[i * d + k] - this.points[j * d + k];
          sq += diff * diff;
        }
        t[j] = this.logWeights[j] - (0.5 * sq) / eps;
        if (t[j] > max) max = t[j];
      }
      for (let j = 0; j < np; j++) t[j] = Math.exp(t[j] - max);
      const j = this.evalRng.categorical(t);
      out.set(this.points.subarray(j * d, j * d + d), i * d);
    }
    return { n, dim: d, data: out };
  }

  /**
   * An estimate in the authors' units: the distortion in the configured convention (`half_sse`, `sse` or
   * per-dimension `mse`), the rate in nats, and the slope as their `rd_lambda`.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 2, sample: (n: number, rng: Random) => ({ n, dim: 2, data: rng.fillNormal(new Float64Array(2 * n)) }) };
   * const est = new WGD(source, { rdLambda: 10, distortion: 'mse', particles: 50, batchSize: 128 });
   * console.log(est.peerPoint(est.evaluate(est.eps, { batches: 2, batchSize: 256 })));
   * ```
   */
  peerPoint(point: Pick<RdPointEstimate, 'rate' | 'distortion'>): {
    rdLambda: number;
    distortion: number;
    rate: number;
  } {
    const c = this.config;
    return {
      rdLambda: c.rdLambda,
      rate: point.rate,
      distortion: convertDistortion(point.distortion, 'half-sse', wgdDistortionConvention(c.distortion), c.dim),
    };
  }

  /**
   * A checkpoint (plain JSON) from which {@link WGD.fromJSON} resumes training bit-identically.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { WGD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const json = JSON.stringify(new WGD(source, { eps: 0.5, particles: 20, batchSize: 32 }).toJSON());
   * ```
   */
  toJSON(): WgdCheckpoint {
    this.assertLive();
    return {
      format: WGD_CHECKPOINT_FORMAT,
      version: 1,
      method: 'wgd',
      config: { ...this.config },
      particles: encodeFloats(this.points),
      logWeights: encodeFloats(this.logWeights),
      fixedBatch: this.fixed === null ? null : encodeFloats(this.fixed),
      rng: { train: this.trainRng.getState(), eval: this.evalRng.getState() },
      ...this.lifeAndSource(),
    };
  }

  /** Release the estimator (it holds no tensors; later calls throw). */
  dispose(): void {
    this.disposed = true;
  }
}

function columnStd(data: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  const out = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) mean[k] += data[j * d + k] / n;
  for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) out[k] += (data[j * d + k] - mean[k]) ** 2 / n;
  for (let k = 0; k < d; k++) out[k] = Math.sqrt(out[k]);
  return out;
}
