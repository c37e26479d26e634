// NERD (Lei, Hassani & Saeedi Bidokhti, "Neural estimation of the rate–distortion function with applications to
// operational source coding", 2022): the reconstruction law Q is a generator y = G(z), z ~ N(0, I), trained on
// the dual objective −mean_i log mean_j exp(−β·½‖x_i − y_j‖²) at ONE β = 1/eps; rate and distortion are read out
// from the tilted conditional (see readout.ts). The model is not amortised over eps: evaluating another eps
// reads the trained Q out at another slope, which is still an achievable (upper-bound) point but not NERD's
// estimate there, so it needs `extrapolate: true`. `nerdCurve` trains one model per eps.
//
// Random streams: the seed is split into five — initialisation, training (source batch, then the latents z, every
// step), evaluation, the epoch shuffles of a fixed training set, and the draw of that set — so evaluation
// never perturbs training and a checkpoint resumes bit-identically.
import {
  DimensionMismatchError,
  withHostBackend,
  InvalidParameterError,
  NumericalError,
  Random,
  createMlp,
  tf,
  type Mlp,
  type RandomState,
  type Samples,
  type SampleSource,
  ensureDefaultBackend,
} from '@ratedistortion/core';
import { networkStateToJson, restoreNetworkState } from '../checkpoint/checkpoint-envelope.js';
import { EstimatorBase, resolveOrRestoreConfig } from '../estimator/estimator-base.js';
import { dualStepReport } from '../estimator/training-loop.js';
import type { EvaluateOptions, RdEstimator, RdPointEstimate, TrainOptions, TrainResult } from '../estimator/types.js';
import { Adam } from '../optim/adam.js';
import { globalNormSquared } from '../optim/clip.js';
import {
  NERD_CHECKPOINT_FORMAT,
  NERD_CHECKPOINT_VERSION,
  parseNerdCheckpoint,
  type NerdCheckpoint,
} from './checkpoint.js';
import { resolveNerdConfig, validateNerdConfig, type NerdConfig, type NerdOptions } from './config.js';
import { nerdDualLossTf } from './dual-loss.js';
import { nerdReadout } from './readout.js';
import { assertTrainedEps, type BatchReadout } from '../estimator/evaluation.js';

/**
 * What NERD needs from a source: its dimension and a seeded sampler (a spec, recorded in checkpoints, when
 * available). Every `Source` of `@ratedistortion/datasets` qualifies.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { NerdSource } from '@ratedistortion/estimators';
 * const source: NerdSource = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * ```
 */
export type NerdSource = SampleSource;

const NERD_OTHER_EPS = 'a NERD model, which is trained at one eps; train another model (nerdCurve) for each eps';

interface LastBatch {
  x: Samples;
  /** Generated y of the step, kept only when progress is reported. */
  y: tf.Tensor2D | null;
  loss: number;
}

// PyTorch's default nn.Linear initialisation (kaiming_uniform with a = √5, and the matching bias rule):
// weights and biases U(−1/√fan_in, 1/√fan_in). Weights are laid out [in, out] as createMlp stores them.
function pytorchLinearInit(widths: number[], rng: Random): Float32Array[] {
  const out: Float32Array[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const bound = 1 / Math.sqrt(widths[l]);
    const w = new Float32Array(widths[l] * widths[l + 1]);
    for (let i = 0; i < w.length; i++) w[i] = bound * (2 * rng.uniform() - 1);
    const b = new Float32Array(widths[l + 1]);
    for (let i = 0; i < b.length; i++) b[i] = bound * (2 * rng.uniform() - 1);
    out.push(w, b);
  }
  return out;
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates from the identity). */
function permutation(n: number, rng: Random): Uint32Array {
  return rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i)) as Uint32Array;
}

/**
 * The NERD estimator at one eps.
 *
 * @example
 * ```ts
 * import { Random, useBackend } from '@ratedistortion/core';
 * import { NERD } from '@ratedistortion/estimators';
 * await useBackend('cpu');
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * // A short run (the authors train 5000 steps with 40,000 y per step); rates cannot exceed log(evalYSamples).
 * const est = new NERD(source, { eps: 0.25, ySamples: 300, evalYSamples: 600, hidden: [16, 16], seed: 1 });
 * await est.train({ steps: 100 });
 * const p = est.evaluate(0.25, { batches: 4, batchSize: 512 });
 * console.log(p.rate, p.distortion); // ≈ 0.64 nats and 0.136; the exact values are ½ log(1/0.25) ≈ 0.69 and 0.125
 * est.dispose();
 * ```
 */
export class NERD
  extends EstimatorBase<NerdConfig, EvaluateOptions, RdPointEstimate, NerdSource>
  implements RdEstimator
{
  override readonly method = 'nerd';
  override readonly config: NerdConfig;
  private readonly generator: Mlp;
  private readonly optimizer: Adam;
  private trainRng: Random;
  private evalRng: Random;
  private shuffleRng: Random;
  private epochStart: RandomState | null = null;
  private readonly dataset: Samples | null;
  private order: Uint32Array | null = null;
  private position = 0;

  /**
   * @param source - the source (dimension fixed for the estimator's life).
   * @param options - settings; see {@link NerdOptions} (only `eps` is required).
   */
  constructor(source: NerdSource, options: NerdOptions);
  /** @internal restore path of {@link NERD.fromJSON}. */
  constructor(source: NerdSource, options: NerdOptions, restore: NerdCheckpoint);
  constructor(source: NerdSource, options: NerdOptions, restore?: NerdCheckpoint) {
    super(source);
    const config = resolveOrRestoreConfig(restore?.config, options, source.dim, resolveNerdConfig, validateNerdConfig);
    this.config = config;
    const [initRng, trainRng, evalRng, shuffleRng, dataRng] = new Random(config.seed).split(5);
    this.trainRng = trainRng;
    this.evalRng = evalRng;
    this.shuffleRng = shuffleRng;
    this.dataset = config.datasetSize === null ? null : this.checkedSample(config.datasetSize, dataRng);
    this.generator = createMlp({
      inputDim: config.latentDim,
      hidden: config.hidden,
      outputDim: config.dim,
      activation: config.activation,
      rng: initRng,
    });
    try {
      if (config.init === 'pytorch')
        this.generator.setWeights(pytorchLinearInit([config.latentDim, ...config.hidden, config.dim], initRng));
      this.optimizer = new Adam(this.generator.params, {
        learningRate: config.learningRate,
        beta1: config.beta1,
        beta2: config.beta2,
      });
    } catch (err) {
      this.generator.dispose();
      throw err;
    }
    if (restore) this.restoreState(restore);
  }

  /**
   * Rebuild an estimator from {@link NERD.toJSON} output (object or JSON text); training continues exactly
   * where the checkpoint was taken. The source's dimension must match.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { NERD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const a = new NERD(source, { eps: 0.5, ySamples: 1000 });
   * const b = NERD.fromJSON(JSON.stringify(a.toJSON()), source);
   * a.dispose();
   * b.dispose();
   * ```
   */
  static fromJSON(checkpoint: unknown, source: NerdSource): NERD {
    const c = parseNerdCheckpoint(checkpoint);
    return new NERD(source, c.config, c);
  }

  /** The eps this model is trained for. */
  get eps(): number {
    return this.config.eps;
  }

  /**
   * Train for `steps` and/or `seconds`. Each step draws `batchSize` source samples (fresh, or the next rows of
   * the shuffled fixed set), `ySamples` latents z, and takes one Adam step on the dual objective (as the
   * authors, on its value in bits, i.e. the nats gradient divided by ln 2).
   *
   * Progress reports (every `progressEvery` steps and after the last) carry NERD's own read-outs of the
   * current batch against the current step's y, in library units: `rate` = R̂, `distortion` = D̂,
   * `loss` = the dual objective L̂ = R̂ + D̂/eps (nats); NERD has no energy or entropy, so `energy` holds the
   * distortion term D̂/eps and `entropy` the rate term R̂ (their sum is the loss).
   *
   * A non-finite loss or gradient throws a {@link NumericalError}; nothing of that step is applied.
   */
  async train(options: TrainOptions = {}): Promise<TrainResult> {
    this.assertLive();
    await ensureDefaultBackend(undefined, Math.max(...this.config.hidden));
    const eps = this.eps;
    return this.runTraining<LastBatch>(options, {
      step: (reporting) => this.trainStep(reporting),
      report: (b) => {
        // The batch's reconstructions are kept only when progress is reported.
        const y = b.y as tf.Tensor2D;
        const r = nerdReadout(b.x, { n: y.shape[0], dim: this.dim, data: Float64Array.from(y.dataSync()) }, eps);
        return dualStepReport({ loss: b.loss, rate: r.rate, distortion: r.distortion }, eps);
      },
      release: (b) => b.y?.dispose(),
    });
  }

  private checkedSample(n: number, rng: Random): Samples {
    const s = this.source.sample(n, rng);
    if (s == null || s.n !== n || s.dim !== this.source.dim || s.data.length !== n * s.dim) {
      throw new DimensionMismatchError('source.sample(n)', `[${n}, ${this.source.dim}]`, s ? `[${s.n}, ${s.dim}]` : s);
    }
    return s;
  }

  private nextBatch(): Samples {
    const { batchSize, dim } = this.config;
    if (this.dataset === null) return this.checkedSample(batchSize, this.trainRng);
    // Fixed batch size: a tail shorter than a batch starts the next epoch (the authors' 50,000 / 100 has none).
    if (this.order === null || this.position + batchSize > this.dataset.n) {
      this.epochStart = this.shuffleRng.getState();
      this.order = permutation(this.dataset.n, this.shuffleRng);
      this.position = 0;
    }
    const data = new Float64Array(batchSize * dim);
    for (let b = 0; b < batchSize; b++) {
      const row = this.order[this.position + b];
      data.set(this.dataset.data.subarray(row * dim, (row + 1) * dim), b * dim);
    }
    this.position += batchSize;
    return { n: batchSize, dim, data };
  }

  /**
   * One optimiser step; returns the batch and (kept) generated y for read-outs. Reads are awaited, so the step also
   * runs on a device backend (webgpu); a kept y is downloaded for the synchronous progress read-out.
   */
  private async trainStep(keepY: boolean): Promise<LastBatch> {
    const cfg = this.config;
    const before = {
      train: this.trainRng.getState(),
      shuffle: this.shuffleRng.getState(),
      epochStart: this.epochStart,
      order: this.order,
      position: this.position,
    };
    const xS = this.nextBatch();
    const z = tf.tensor2d(this.trainRng.fillNormal(new Float32Array(cfg.ySamples * cfg.latentDim)), [
      cfg.ySamples,
      cfg.latentDim,
    ]);
    const step = this.totalSteps + 1;
    const x = tf.tensor2d(Float32Array.from(xS.data), [cfg.batchSize, cfg.dim]);
    let y: tf.Tensor2D | null = null;
    let grads: tf.NamedTensorMap | null = null;
    try {
      const result = tf.variableGrads(() => {
        const yAll = this.generator.apply(z);
        y = tf.keep(yAll);
        return nerdDualLossTf(x, yAll, 1 / cfg.eps, { chunkSize: cfg.chunkSize });
      }, this.generator.params);
      grads = result.grads;
      const gradList = this.generator.params.map((p) => result.grads[p.name]);
      const normSq = globalNormSquared(gradList);
      const [lossData, normData] = await Promise.all([result.value.data(), normSq.data()]);
      const loss = lossData[0];
      const norm = Math.sqrt(normData[0]);
      result.value.dispose();
      normSq.dispose();
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        this.trainRng = Random.fromState(before.train);
        this.shuffleRng = Random.fromState(before.shuffle);
        this.epochStart = before.epochStart;
        this.order = before.order;
        this.position = before.position;
        throw new NumericalError(
          `training step ${step} (eps = ${cfg.eps})`,
          `${!Number.isFinite(loss) ? `loss is ${loss}` : `gradient norm is ${norm}`}; no update was applied. Try a smaller learningRate`,
        );
      }
      // The authors minimise g_loss in bits: the nats gradient divided by ln 2.
      this.optimizer.apply(gradList, 1 / Math.LN2);
      this.totalSteps = step;
      const kept = y as unknown as tf.Tensor2D;
      y = null;
      if (!keepY) {
        kept.dispose();
        return { x: xS, y: null, loss };
      }
      await kept.data();
      return { x: xS, y: kept, loss };
    } finally {
      x.dispose();
      z.dispose();
      if (y) (y as tf.Tensor).dispose();
      if (grads) tf.dispose(grads);
    }
  }

  /**
   * `n` draws y = G(z) in float64, generated in chunks of `chunkSize` rows (on a device backend, webgpu, on the host
   * backend with the downloaded weights).
   */
  private generate(n: number, rng: Random): Samples {
    return withHostBackend(() => this.generateOnHost(n, rng));
  }

  private generateOnHost(n: number, rng: Random): Samples {
    const { latentDim, dim, chunkSize } = this.config;
    const data = new Float64Array(n * dim);
    for (let s = 0; s < n; s += chunkSize) {
      const len = Math.min(chunkSize, n - s);
      const z = rng.fillNormal(new Float32Array(len * latentDim));
      const part = tf.tidy(() => this.generator.apply(tf.tensor2d(z, [len, latentDim])).dataSync());
      data.set(part, s * dim);
    }
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k]))
        throw new NumericalError('generating reconstructions', 'the generator produced a non-finite value');
    }
    return { n, dim, data };
  }

  protected override checkEps(eps: number, extrapolate: boolean, name = 'eps'): void {
    assertTrainedEps(name, eps, this.config.eps, extrapolate, NERD_OTHER_EPS);
  }

  /**
   * NERD's rate and distortion at `eps` (the trained eps; another one only with `extrapolate`, which reads the
   * trained Q out at that slope — an achievable point, not NERD's estimate there). Each of `batches` batches
   * draws `batchSize` source samples and `evalYSamples` fresh y = G(z) and applies {@link nerdReadout}
   * (float64), as the authors' `calc_RDlagr`. Returns means with standard errors and inter-quartile ranges over batches.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { NERD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new NERD(source, { eps: 0.5, ySamples: 1000, evalYSamples: 2000 });
   * console.log(est.evaluate(0.5, { batches: 2, batchSize: 256 }).rate); // untrained: some rate ≤ log 2000
   * est.dispose();
   * ```
   */
  override evaluate(eps: number, options: EvaluateOptions = {}): RdPointEstimate {
    return super.evaluate(eps, options);
  }

  protected override batchReadout(eps: number, batchSize: number): () => BatchReadout {
    return () => {
      const x = this.checkedSample(batchSize, this.evalRng);
      const y = this.generate(this.config.evalYSamples, this.evalRng);
      return nerdReadout(x, y, eps);
    };
  }

  /**
   * Draws of the reconstruction X̂: at the optimum NERD's channel has output law Q, so these are draws y = G(z) of
   * the trained generator (evaluation stream).
   */
  protected override reconstruct(_eps: number, n: number): Samples {
    return this.generate(n, this.evalRng);
  }

  /** Copies of the generator weights (layer order, W stored [in, out]). */
  getWeights(): Float32Array[] {
    this.assertLive();
    return this.generator.getWeights();
  }

  /**
   * Overwrite the generator weights (same order and sizes as {@link NERD.getWeights}), e.g. to load a model
   * trained elsewhere. The optimiser state is left as it is.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { NERD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const a = new NERD(source, { eps: 0.5, seed: 1 });
   * const b = new NERD(source, { eps: 0.5, seed: 2 });
   * b.setWeights(a.getWeights());
   * a.dispose();
   * b.dispose();
   * ```
   */
  setWeights(weights: ReadonlyArray<ArrayLike<number>>): void {
    this.assertLive();
    this.generator.setWeights(weights);
  }

  /** A checkpoint (plain JSON) from which {@link NERD.fromJSON} resumes training exactly. */
  toJSON(): NerdCheckpoint {
    this.assertLive();
    return {
      format: NERD_CHECKPOINT_FORMAT,
      version: NERD_CHECKPOINT_VERSION,
      method: 'nerd',
      config: structuredClone(this.config),
      ...networkStateToJson(this.generator.getWeights(), this.optimizer),
      rng: {
        train: this.trainRng.getState(),
        eval: this.evalRng.getState(),
        shuffle: this.shuffleRng.getState(),
        epochStart: this.epochStart,
      },
      datasetPosition: this.position,
      ...this.lifeAndSource(),
    };
  }

  private restoreState(c: NerdCheckpoint): void {
    restoreNetworkState(this.generator, this.optimizer, c);
    this.trainRng = Random.fromState(c.rng.train);
    this.evalRng = Random.fromState(c.rng.eval);
    this.shuffleRng = Random.fromState(c.rng.shuffle);
    this.epochStart = c.rng.epochStart;
    if (this.dataset !== null && this.epochStart !== null) {
      // The epoch's permutation is re-drawn from the shuffle stream's state at the start of the epoch.
      this.order = permutation(this.dataset.n, Random.fromState(this.epochStart));
      if (c.datasetPosition > this.dataset.n)
        throw new InvalidParameterError(
          'checkpoint.datasetPosition',
          `an integer <= ${this.dataset.n}`,
          c.datasetPosition,
        );
      this.position = c.datasetPosition;
    }
    this.restoreProgress(c.progress);
  }

  /** Free the generator and optimiser tensors; the estimator is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generator.dispose();
    this.optimizer.dispose();
  }
}
