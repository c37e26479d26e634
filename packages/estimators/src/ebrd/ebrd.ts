// EBRD (Wu, Xu, Chen, Wu & Zhang, "Estimating rate-distortion functions using the energy-based model"):
// one energy network E_θ(y) represents the reconstruction law Q_θ ∝ e^{−E_θ}; its tilt
// E_θ(y) + ½‖x−y‖²/eps is the channel p_θ(y|x) (Lemma 1). Alg. 1 trains θ on the dual objective
// L(θ) = −E_X log E_{Q_θ} e^{−½‖X−Y‖²/eps} through its gradient (Eq. 4), estimated with Langevin draws of the
// conditional (one chain per source sample) and of the marginal, both started afresh from N(0, I). Rate and
// distortion come from the App. A read-out. One model per eps (it is not amortised).
//
// Random streams: the seed is split into initialisation, training (each step: source batch, then the N(0, I)
// starts of the N conditional and N marginal chains, then their Langevin noise) and evaluation, so evaluating never perturbs
// training and a checkpoint (which stores both live streams) resumes bit-identically.
import {
  DimensionMismatchError,
  onHostMemoryBackend,
  withHostBackend,
  NumericalError,
  Random,
  createMlp,
  tf,
  type Mlp,
  type Samples,
  tiltedDualReadout,
  type SampleSource,
  ensureDefaultBackend,
} from '@ratedistortion/core';
import { networkStateToJson, restoreNetworkState } from '../checkpoint/checkpoint-envelope.js';
import { EstimatorBase, resolveOrRestoreConfig } from '../estimator/estimator-base.js';
import { dualStepReport } from '../estimator/training-loop.js';
import type {
  EvaluateOptions,
  RdEstimator,
  RdPointEstimate,
  TrainOptions,
  TrainProgress,
  TrainResult,
} from '../estimator/types.js';
import type { BatchReadout } from '../estimator/evaluation.js';
import { Adam } from '../optim/adam.js';
import {
  EBRD_CHECKPOINT_FORMAT,
  EBRD_CHECKPOINT_VERSION,
  parseEbrdCheckpoint,
  type EbrdCheckpoint,
} from './checkpoint.js';
import { resolveEbrdConfig, validateEbrdConfig, type EbrdConfig, type EbrdOptions } from './config.js';
import { conditionalEnergy, langevinSample, type EnergyFunction } from './langevin.js';
import { ebrdReadout } from './readout.js';
import { ebrdSurrogateLoss } from './surrogate-loss.js';
import { assertTrainedEps } from '../estimator/evaluation.js';

/**
 * What EBRD needs from a source: its dimension and a seeded sampler (a spec, recorded in checkpoints, when
 * available). Every `Source` of `@ratedistortion/datasets` qualifies.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { EbrdSource } from '@ratedistortion/estimators';
 * const source: EbrdSource = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * ```
 */
export type EbrdSource = SampleSource;

const EBRD_OTHER_EPS =
  'an EBRD model, which is trained at one eps; train another model (trainEbrdCurve) or pass { extrapolate: true } to tilt this Q at another eps';

interface StepStats {
  loss: number;
  rate: number;
  distortion: number;
}

/**
 * The EBRD estimator, trained at one eps.
 *
 * Progress reports ({@link TrainProgress}) use EBRD's own quantities: `loss` is the batch value of the dual
 * objective L̂ (Eq. 5, nats) whose gradient Eq. (4) estimates; `energy` is its distortion term D̂/eps and
 * `entropy` its rate term R̂ (so loss = energy + entropy); `rate`, `distortion` are the App. A read-outs of the
 * batch against its N marginal draws (noisy, and capped at log N).
 *
 * @example
 * ```ts
 * import { Random, useBackend } from '@ratedistortion/core';
 * import { EBRD } from '@ratedistortion/estimators';
 * await useBackend('cpu');
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const est = new EBRD(source, { eps: 0.25, hidden: [16], batchSize: 128, seed: 1 });
 * await est.train({ steps: 20 });
 * const p = est.evaluate(0.25, { batches: 2, batchSize: 256 });
 * console.log(p.rate, p.distortion); // true values: ½ log 4 ≈ 0.69 nats at D = 0.125
 * est.dispose();
 * ```
 */
export class EBRD
  extends EstimatorBase<EbrdConfig, EvaluateOptions, RdPointEstimate, EbrdSource>
  implements RdEstimator
{
  override readonly method = 'ebrd';
  override readonly config: EbrdConfig;
  protected override readonly minEvalBatchSize = 2;
  private readonly net: Mlp;
  private readonly optimizer: Adam;
  private readonly energyFn: EnergyFunction;
  private trainRng: Random;
  private evalRng: Random;

  /**
   * @param source - the source (dimension fixed for the estimator's life).
   * @param options - settings; see {@link EbrdOptions}.
   */
  constructor(source: EbrdSource, options: EbrdOptions);
  /** @internal restore path of {@link EBRD.fromJSON}. */
  constructor(source: EbrdSource, options: EbrdOptions, restore: EbrdCheckpoint);
  constructor(source: EbrdSource, options: EbrdOptions, restore?: EbrdCheckpoint) {
    super(source);
    const config = resolveOrRestoreConfig(restore?.config, options, source.dim, resolveEbrdConfig, validateEbrdConfig);
    this.config = config;
    const [initRng, trainRng, evalRng] = new Random(config.seed).split(3);
    this.trainRng = restore ? Random.fromState(restore.rng.train) : trainRng;
    this.evalRng = restore ? Random.fromState(restore.rng.eval) : evalRng;
    this.net = createMlp({
      inputDim: config.dim,
      hidden: config.hidden,
      outputDim: 1,
      activation: config.activation,
      rng: initRng,
    });
    try {
      // Built inside tidy, which frees the zerosLike tensors Adam's constructor turns into variables (and
      // would otherwise leak); returning the optimiser makes tidy keep the tensors it holds.
      this.optimizer = tf.tidy(
        () =>
          new Adam(this.net.params, {
            learningRate: config.learningRate,
            beta1: config.beta1,
            beta2: config.beta2,
          }) as unknown as tf.TensorContainer,
      ) as unknown as Adam;
    } catch (err) {
      this.net.dispose();
      throw err;
    }
    const net = this.net;
    this.energyFn = (y) => tf.tidy(() => tf.reshape(net.apply(y), [y.shape[0]]) as tf.Tensor1D);
    if (restore) {
      try {
        restoreNetworkState(this.net, this.optimizer, restore);
      } catch (err) {
        this.dispose();
        throw err;
      }
      this.restoreProgress(restore.progress);
    }
  }

  /**
   * Rebuild an estimator from {@link EBRD.toJSON} output (object or JSON text) for `source`; training then
   * continues exactly as if never interrupted.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { EBRD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const a = new EBRD(source, { eps: 0.5, hidden: [8] });
   * const b = EBRD.fromJSON(JSON.stringify(a.toJSON()), source);
   * a.dispose();
   * b.dispose();
   * ```
   */
  static fromJSON(checkpoint: unknown, source: EbrdSource): EBRD {
    const c = parseEbrdCheckpoint(checkpoint);
    return new EBRD(source, c.config, c);
  }

  /** The eps this model is trained for. */
  get eps(): number {
    return this.config.eps;
  }

  /** The energy E_θ as a tfjs function (rows → energies); valid until {@link EBRD.dispose}. */
  get energy(): EnergyFunction {
    this.assertLive();
    return this.energyFn;
  }

  /**
   * Train for `steps` and/or `seconds` (Alg. 1). Each step draws N source samples, runs K Langevin steps on
   * the conditional energy from N(0, I) (one chain per sample) and K on E_θ from fresh N(0, I) starts, and
   * takes one Adam step along the Eq. (4) estimate. A non-finite gradient stops training with a
   * {@link NumericalError} before anything of that step is applied.
   */
  async train(options: TrainOptions = {}): Promise<TrainResult> {
    this.assertLive();
    await ensureDefaultBackend(undefined, Math.max(...this.config.hidden));
    return this.runTraining<StepStats>(options, {
      step: () => this.trainStep(),
      report: (s) => dualStepReport(s, this.config.eps),
    });
  }

  /** One step; reads are awaited, so it also runs on a device backend (webgpu). */
  private async trainStep(): Promise<StepStats> {
    const { batchSize: n, dim: d, eps, langevinSteps, stepSize } = this.config;
    const step = this.totalSteps + 1;
    const xs = this.source.sample(n, this.trainRng);
    if (xs.n !== n || xs.dim !== d)
      throw new DimensionMismatchError('source.sample(n)', `[${n}, ${d}]`, `[${xs.n}, ${xs.dim}]`);
    const live: tf.Tensor[] = [];
    const track = <T extends tf.Tensor>(t: T): T => {
      live.push(t);
      return t;
    };
    try {
      const x = track(tf.tensor2d(Float32Array.from(xs.data), [n, d]));
      const fail = (what: string): never => {
        throw new NumericalError(
          `EBRD training step ${step} (eps = ${eps.toPrecision(4)})`,
          `${what}; no update was applied. Try a smaller stepSize or learningRate`,
        );
      };
      // Both chain families run as one [2N, d] batch (rows < N: conditional, the rest: marginal), which halves
      // the per-op overhead; the energy of row i is E_θ(y_i) + w_i·½‖y_i − x_i‖²/eps with w = 1 on the first
      // N rows and 0 (x padded with zeros) on the others, so each row follows its own chain exactly.
      const mask = track(tf.tidy(() => tf.concat([tf.ones([n]), tf.zeros([n])]) as tf.Tensor1D));
      const xPad = track(tf.tidy(() => tf.concat([x, tf.zeros([n, d])]) as tf.Tensor2D));
      const inv2Eps = 1 / (2 * eps);
      const joint: EnergyFunction = (y) =>
        tf.tidy(
          () =>
            tf.add(
              this.energyFn(y),
              tf.mul(tf.mul(tf.sum(tf.square(tf.sub(y, xPad)), 1), mask), inv2Eps),
            ) as tf.Tensor1D,
        );
      let yCond: tf.Tensor2D;
      let yMarg: tf.Tensor2D;
      try {
        const start = track(tf.tensor2d(this.trainRng.fillNormal(new Float32Array(2 * n * d)), [2 * n, d]));
        // On a device backend the chains' finiteness is checked below with an awaited read.
        const onHost = onHostMemoryBackend();
        const y = track(
          langevinSample(joint, start, { steps: langevinSteps, stepSize, rng: this.trainRng, checkFinite: onHost }),
        );
        if (!onHost) {
          const ok = track(tf.tidy(() => tf.all(tf.isFinite(y))));
          if (!(await ok.data())[0]) throw new NumericalError('Langevin sampling', 'a chain became non-finite');
        }
        yCond = track(tf.slice(y, [0, 0], [n, d]));
        yMarg = track(tf.slice(y, [n, 0], [n, d]));
      } catch (err) {
        if (err instanceof NumericalError) fail(err.message);
        throw err;
      }
      const { value, grads } = tf.variableGrads(() => ebrdSurrogateLoss(this.energyFn, yCond, yMarg), this.net.params);
      track(value);
      const gradList = this.net.params.map((p) => track(grads[p.name]));
      const finiteT = track(tf.tidy(() => tf.all(tf.stack(gradList.map((g) => tf.all(tf.isFinite(g)))))));
      const [finite, yMargData] = await Promise.all([finiteT.data(), yMarg.data()]);
      if (!finite[0]) fail('the Eq. (4) gradient is not finite');
      this.optimizer.apply(gradList);
      this.totalSteps = step;
      const r = tiltedDualReadout(xs, { n, dim: d, data: Float64Array.from(yMargData) }, eps);
      return { loss: r.dualValue, rate: r.rate, distortion: r.distortion };
    } finally {
      tf.dispose(live);
    }
  }

  /**
   * Rate and distortion by the App. A read-out: `batches` independent batches, each of `batchSize` source
   * draws against as many Langevin draws of Q_θ (`evalLangevinSteps` of `evalStepSize` from N(0, I)); means with standard errors
   * and inter-quartile ranges over batches. `eps` must be the trained eps; with `extrapolate: true` another
   * eps is accepted and the trained Q_θ is tilted at that eps instead (still an achievable point of the
   * channel, but Q_θ is not trained for it).
   */
  override evaluate(eps: number, options: EvaluateOptions = {}): RdPointEstimate {
    return super.evaluate(eps, options);
  }

  protected override batchReadout(eps: number, batchSize: number): () => BatchReadout {
    return () => {
      const x = this.source.sample(batchSize, this.evalRng);
      if (x.dim !== this.dim) throw new DimensionMismatchError('source.sample(n)', this.dim, x.dim);
      const { readout } = ebrdReadout(x, this.energyFn, eps, {
        steps: this.config.evalLangevinSteps,
        stepSize: this.config.evalStepSize,
        rng: this.evalRng,
      });
      if (!Number.isFinite(readout.rate) || !Number.isFinite(readout.distortion)) {
        throw new NumericalError(`EBRD evaluation at eps = ${eps}`, 'the read-out is not finite');
      }
      return readout;
    };
  }

  /**
   * Draws Y ~ p_θ(·|X) for fresh source draws X (evaluation stream): Langevin on `E_θ(y) + ½‖X−y‖²/eps` from
   * N(0, I) with the evaluation settings (see {@link EBRD.sampleJoint}).
   */
  protected override reconstruct(eps: number, n: number): Samples {
    return this.joint(eps, n).y;
  }

  /**
   * Like {@link EstimatorBase.sampleReconstruction} but also returns the source draws X each Y belongs to.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { EBRD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new EBRD(source, { eps: 0.5, hidden: [8] });
   * const { x, y } = est.sampleJoint(0.5, 10);
   * est.dispose();
   * ```
   */
  sampleJoint(eps: number, n: number, options: { extrapolate?: boolean } = {}): { x: Samples; y: Samples } {
    this.checkDraw(eps, n, options);
    return this.joint(eps, n);
  }

  private joint(eps: number, n: number): { x: Samples; y: Samples } {
    const d = this.dim;
    const xs = this.source.sample(n, this.evalRng);
    if (xs.n !== n || xs.dim !== d)
      throw new DimensionMismatchError('source.sample(n)', `[${n}, ${d}]`, `[${xs.n}, ${xs.dim}]`);
    return withHostBackend(() => this.sampleJointOnHost(eps, xs));
  }

  private sampleJointOnHost(eps: number, xs: Samples): { x: Samples; y: Samples } {
    const { n, dim: d } = xs;
    const x = tf.tensor2d(Float32Array.from(xs.data), [n, d]);
    const start = tf.tensor2d(this.evalRng.fillNormal(new Float32Array(n * d)), [n, d]);
    try {
      const y = langevinSample(conditionalEnergy(this.energyFn, x, eps), start, {
        steps: this.config.evalLangevinSteps,
        stepSize: this.config.evalStepSize,
        rng: this.evalRng,
      });
      const data = Float64Array.from(y.dataSync());
      y.dispose();
      return { x: xs, y: { n, dim: d, data } };
    } finally {
      x.dispose();
      start.dispose();
    }
  }

  /**
   * E_θ at the rows of `y` (float64 out), e.g. to compare with the optimal energy.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * import { EBRD } from '@ratedistortion/estimators';
   * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
   * const est = new EBRD(source, { eps: 0.5, hidden: [8] });
   * console.log(est.energyAt({ n: 2, dim: 1, data: new Float64Array([0, 1]) }));
   * est.dispose();
   * ```
   */
  energyAt(y: Samples): Float64Array {
    this.assertLive();
    if (y == null || y.dim !== this.dim) throw new DimensionMismatchError('y', this.dim, y?.dim);
    return Float64Array.from(
      withHostBackend(() =>
        tf.tidy(() => this.energyFn(tf.tensor2d(Float32Array.from(y.data), [y.n, y.dim])).dataSync()),
      ),
    );
  }

  protected override checkEps(eps: number, extrapolate: boolean, name = 'eps'): void {
    assertTrainedEps(name, eps, this.config.eps, extrapolate, EBRD_OTHER_EPS);
  }

  /** A checkpoint (plain JSON) from which {@link EBRD.fromJSON} resumes training exactly. */
  toJSON(): EbrdCheckpoint {
    this.assertLive();
    return {
      format: EBRD_CHECKPOINT_FORMAT,
      version: EBRD_CHECKPOINT_VERSION,
      method: 'ebrd',
      config: structuredClone(this.config),
      ...networkStateToJson(this.net.getWeights(), this.optimizer),
      rng: { train: this.trainRng.getState(), eval: this.evalRng.getState() },
      ...this.lifeAndSource(),
    };
  }

  /** Copies of the energy-network weights. */
  getWeights(): Float32Array[] {
    this.assertLive();
    return this.net.getWeights();
  }

  /** Free all tensors; the estimator is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
    this.optimizer.dispose();
  }
}
