// Entropy through negentropy and the Donsker–Varadhan bound (paper App. B.1, Eqs. 25–28):
//   H(X) = H(Z) − KL(P_X ‖ P_Z),  Z ~ N(mean X, cov X),
//   KL(P_X ‖ P_Z) = sup_f E f(X) − log E e^{f(Z)},
// with f a small MLP critic. Z is drawn as mean + ε·Lᵀ (L = chol cov, ε from the seeded rng), through the
// differentiable Cholesky, so the estimate is differentiable w.r.t. x through both X and Z.
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { logSumExp64 } from '../linalg/logsumexp.js';
import type { MlpActivation } from '../nn/activation.js';
import { createMlp, type Mlp } from '../nn/mlp.js';
import { ownedVariable } from '../nn/owned-variable.js';
import type { Random } from '../random/random.js';
import { sampleMoments, type SamplesInput } from '../samples/samples.js';
import { dvBoundTf, momentMatchedGaussianTf } from './dv-bound.js';
import { gaussianEntropy, gaussianEntropyTf } from './gaussian.js';
import { assertSampleBatchTf } from './sample-batch.js';
import { TrainedEntropyModel } from './trained-entropy-model.js';
import { fitOnHost, meanAndVariance, trainedEstimate, withSampleTensor } from './trained-model.js';
import type { EntropyEstimate, TrainedEntropyOptions } from './types.js';

/**
 * Options of {@link DvNegentropyModel}.
 *
 * @example
 * ```ts
 * import { Random, DvNegentropyModel, type DvModelOptions } from '@ratedistortion/core';
 * const opts: DvModelOptions = { dim: 1, rng: new Random(3), hidden: [32, 32], learningRate: 1e-3 };
 * const model = new DvNegentropyModel(opts);
 * model.dispose();
 * ```
 */
export interface DvModelOptions {
  /** Sample dimension d. */
  dim: number;
  /** Seeded generator: critic initialisation and the Gaussian reference draws. */
  rng: Random;
  /** Critic hidden widths; default [64, 64]. */
  hidden?: number[];
  /** Critic activation; default 'leaky-relu' (paper App. E.1). */
  activation?: MlpActivation;
  /** Adam learning rate of the critic; default 1e-3. */
  learningRate?: number;
  /** Gaussian reference draws per evaluation; default: as many as rows of x. */
  gaussianSamples?: number;
}

/**
 * Donsker–Varadhan negentropy estimator with an MLP critic `f`, usable inside a training loss.
 *
 * `negentropyTf(x) = mean f(x̃) − log mean e^{f(z̃)}` (Eq. 28), where `z = mean(x) + ε·chol(cov x)ᵀ`, ε fresh
 * N(0, I) draws from the seeded rng on every call, and `x̃, z̃` are standardised by per-coordinate mean/std frozen
 * at the first call (keeps the critic's inputs O(1) whatever the data scale; an affine map of the critic's input
 * does not change the DV supremum). `entropyTf(x) = gaussianEntropyTf(x) − negentropyTf(x)` (Eqs. 25–26).
 * `fitStep(x)` makes one Adam ascent step of the DV objective on the critic's parameters only.
 *
 * Bias: for a critic that is not optimal, DV < KL, so the entropy is over-estimated; on a finite batch the
 * sup over f over-fits the sample and `log mean e^{f(z)}` is biased low (Jensen), both pushing it down; the
 * Gaussian part has the plug-in bias ≈ −d(d+1)/(4n). Adam creates its slots on the first step, so tensor counts
 * are constant from the second step on.
 *
 * @example
 * ```ts
 * import { tf, Random, DvNegentropyModel } from '@ratedistortion/core';
 * const rng = new Random(3);
 * const model = new DvNegentropyModel({ dim: 1, rng, hidden: [32] });
 * const u = new Float32Array(512).map(() => rng.uniform());
 * const x = tf.tensor2d(u, [512, 1]);
 * model.trainSteps(x, 100);
 * // H(U[0,1]) = 0; after only 100 steps this prints ≈ 0.23, near the Gaussian bound ½ log(2πe/12) ≈ 0.18
 * console.log(tf.tidy(() => model.entropyTf(x).dataSync()[0]));
 * x.dispose();
 * model.dispose();
 * ```
 */
export class DvNegentropyModel extends TrainedEntropyModel {
  readonly critic: Mlp;
  private readonly gaussianSamples?: number;
  private readonly centre: tf.Variable;
  private readonly scale: tf.Variable;
  private ready = false;

  constructor(options: DvModelOptions) {
    super(options, { model: 'DvNegentropyModel', options: 'DvModelOptions' }, 1e-3, () => {
      if (options.gaussianSamples !== undefined) assertInteger('gaussianSamples', options.gaussianSamples, 2);
    });
    this.gaussianSamples = options.gaussianSamples;
    this.critic = createMlp({
      inputDim: this.dim,
      hidden: options.hidden ?? [64, 64],
      outputDim: 1,
      activation: options.activation ?? 'leaky-relu',
      rng: this.rng,
    });
    this.centre = ownedVariable(tf.zeros([1, this.dim]), false);
    this.scale = ownedVariable(tf.ones([1, this.dim]), false);
  }

  private checkInput(x: tf.Tensor2D): void {
    assertSampleBatchTf(x, this.dim, this.dim + 1, 'the sample covariance would be singular');
  }

  private ensureStandardisation(x: tf.Tensor2D): void {
    if (this.ready) return;
    const { mean, covariance } = sampleMoments({ n: x.shape[0], dim: this.dim, data: Float64Array.from(x.dataSync()) });
    const sd = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) {
      sd[i] = Math.sqrt(covariance[i][i]);
      if (!(sd[i] > 0))
        throw new InvalidParameterError('x', 'a sample with non-zero variance in every coordinate', covariance[i][i]);
    }
    tf.tidy(() => {
      this.centre.assign(tf.tensor2d(Float32Array.from(mean), [1, this.dim]));
      this.scale.assign(tf.tensor2d(sd, [1, this.dim]));
    });
    this.ready = true;
  }

  /** Critic output `f(v)` per row (shape [n]) with the model's frozen input standardisation. */
  criticTf(v: tf.Tensor2D): tf.Tensor1D {
    this.checkAlive();
    return tf.tidy(
      () =>
        tf.reshape(this.critic.apply(tf.div(tf.sub(v, this.centre), this.scale) as tf.Tensor2D), [-1]) as tf.Tensor1D,
    );
  }

  /**
   * Gaussian reference sample `mean(x) + ε·chol(cov x)ᵀ` (differentiable w.r.t. x) of `count` rows (default: the
   * model's `gaussianSamples`, else n), ε drawn from `rng` (default: the model's generator).
   */
  gaussianReferenceTf(x: tf.Tensor2D, count?: number, rng?: Random): tf.Tensor2D {
    this.checkAlive();
    this.checkInput(x);
    const m = count ?? this.gaussianSamples ?? x.shape[0];
    assertInteger('count', m, 1);
    const eps = (rng ?? this.rng).fillNormal(new Float32Array(m * this.dim));
    return tf.tidy(() => momentMatchedGaussianTf(x, tf.tensor2d(eps, [m, this.dim])));
  }

  /** Critic outputs on x and on a fresh Gaussian reference: the two sides of Eq. (28). */
  private sides(x: tf.Tensor2D): { fx: tf.Tensor1D; fz: tf.Tensor1D } {
    this.ensureStandardisation(x);
    const z = this.gaussianReferenceTf(x);
    try {
      return { fx: this.criticTf(x), fz: this.criticTf(z) };
    } finally {
      z.dispose();
    }
  }

  /** DV negentropy estimate `mean f(x) − log mean e^{f(z)}` (nats), differentiable w.r.t. x and the critic. */
  negentropyTf(x: tf.Tensor2D): tf.Scalar {
    this.checkAlive();
    this.checkInput(x);
    return tf.tidy(() => {
      const { fx, fz } = this.sides(x);
      return dvBoundTf(fx, fz);
    });
  }

  /** `gaussianEntropyTf(x) − negentropyTf(x)` (nats), differentiable w.r.t. x. */
  entropyTf(x: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => tf.sub(gaussianEntropyTf(x), this.negentropyTf(x)) as tf.Scalar);
  }

  /** `steps` critic steps on the same x (fresh Gaussian draws each step); returns the last objective (nats). */
  trainSteps(x: tf.Tensor2D, steps: number): number {
    this.checkAlive();
    this.checkInput(x);
    assertInteger('steps', steps, 1);
    this.ensureStandardisation(x);
    // The Gaussian reference is a constant for the critic update: compute it outside the tape. A device backend
    // (webgpu) cannot read synchronously: the objective is not read there (NaN is returned).
    return this.runOptimiser(
      this.critic.params,
      steps,
      { quantity: 'DV objective', sign: -1 },
      () => this.gaussianReferenceTf(x),
      (z) => tf.tidy(() => tf.neg(dvBoundTf(this.criticTf(x), this.criticTf(z)))) as tf.Scalar,
    );
  }

  /** Critic weights followed by the frozen standardisation `[centre, scale]` (Adam moments not included). */
  getWeights(): Float32Array[] {
    this.checkAlive();
    return [
      ...this.critic.getWeights(),
      Float32Array.from(this.centre.dataSync()),
      Float32Array.from(this.scale.dataSync()),
    ];
  }

  /** Restore from {@link DvNegentropyModel.getWeights}. */
  setWeights(weights: ReadonlyArray<ArrayLike<number>>): void {
    this.checkAlive();
    const nCritic = this.critic.params.length;
    if (!Array.isArray(weights) || weights.length !== nCritic + 2) {
      throw new InvalidParameterError('weights', `an array of ${nCritic + 2} arrays (from getWeights)`, weights);
    }
    const centre = weights[nCritic];
    const scale = weights[nCritic + 1];
    if (centre == null || centre.length !== this.dim)
      throw new DimensionMismatchError(`weights[${nCritic}]`, this.dim, centre ? centre.length : 0);
    if (scale == null || scale.length !== this.dim)
      throw new DimensionMismatchError(`weights[${nCritic + 1}]`, this.dim, scale ? scale.length : 0);
    for (let i = 0; i < this.dim; i++) {
      if (!Number.isFinite(centre[i]))
        throw new InvalidParameterError(`weights[${nCritic}]`, 'finite numbers only', centre[i]);
      if (!(scale[i] > 0) || !Number.isFinite(scale[i]))
        throw new InvalidParameterError(`weights[${nCritic + 1}]`, 'finite numbers > 0', scale[i]);
    }
    this.critic.setWeights(weights.slice(0, nCritic));
    tf.tidy(() => {
      this.centre.assign(tf.tensor2d(Float32Array.from(centre), [1, this.dim]));
      this.scale.assign(tf.tensor2d(Float32Array.from(scale), [1, this.dim]));
    });
    this.ready = true;
  }

  /** Free the critic and the standardisation (`dispose` frees the optimiser state too). */
  protected releaseTensors(): void {
    this.critic.dispose();
    this.centre.dispose();
    this.scale.dispose();
  }
}

/**
 * Options of {@link dvEntropy}: the training options (critic steps with fresh Gaussian draws each step, default 300;
 * learning rate default 1e-3), the critic's widths and the read-out's Gaussian draws.
 *
 * @example
 * ```ts
 * import { Random, type DvEntropyOptions } from '@ratedistortion/core';
 * const o: DvEntropyOptions = { steps: 300, rng: new Random(2) };
 * ```
 */
export interface DvEntropyOptions extends TrainedEntropyOptions {
  /** Critic hidden widths; default [64, 64]. */
  hidden?: number[];
  /** Gaussian reference draws for the final read-out; default max(n, 4096). */
  evaluationSamples?: number;
}

/**
 * Negentropy/Donsker–Varadhan entropy estimate (nats): `Ĥ = ½ log det(2πe Σ̂) − DV̂`, with the critic trained for
 * `steps` Adam steps and `DV̂` read out in float64 on the sample against `evaluationSamples` fresh Gaussian draws.
 *
 * Bias/variance: exact for a Gaussian in the limit (negentropy 0) up to the plug-in bias ≈ −d(d+1)/(4n);
 * for non-Gaussian sources the error is dominated by how much of the negentropy the critic captures in the
 * allotted steps (under-captured negentropy ⇒ over-estimated entropy), which grows with d. `stdError` combines
 * the Gaussian part's `√(d/(2n))` with `sd(f(x))/√n`, sampling error only.
 *
 * @example
 * ```ts
 * import { Random, dvEntropy } from '@ratedistortion/core';
 * const rng = new Random(8);
 * const data = Array.from({ length: 1000 }, () => [rng.uniform()]);
 * // H(U[0,1]) = 0. 200 steps give ≈ 0.17 (still near the Gaussian bound ½ log(2πe/12) ≈ 0.18); 1000 give ≈ 0.04.
 * console.log(dvEntropy(data, { steps: 200, rng }).entropy);
 * ```
 */
export function dvEntropy(samples: SamplesInput, options: DvEntropyOptions = {}): EntropyEstimate {
  return fitOnHost(samples, options, 'the sample covariance would be singular', (s, steps, rng) => {
    const evaluationSamples = options.evaluationSamples ?? Math.max(s.n, 4096);
    assertInteger('evaluationSamples', evaluationSamples, 2);
    const gauss = gaussianEntropy(s);
    const [trainRng, evalRng] = rng.split(2);
    const model = new DvNegentropyModel({
      dim: s.dim,
      rng: trainRng,
      hidden: options.hidden,
      learningRate: options.learningRate,
    });
    return withSampleTensor(s, model, (x) => {
      const finalObjective = model.trainSteps(x, steps);
      // Read-out with its own Gaussian draws, independent of those the critic was trained against.
      const { fxv, fzv } = tf.tidy(() => {
        const z = model.gaussianReferenceTf(x, evaluationSamples, evalRng);
        return { fxv: model.criticTf(x).dataSync(), fzv: model.criticTf(z).dataSync() };
      });
      const { mean: meanF, variance: varF } = meanAndVariance(fxv);
      const negentropy = meanF - (logSumExp64(fzv) - Math.log(fzv.length));
      return trainedEstimate('dv', s, {
        entropy: gauss.entropy - negentropy,
        stdError: Math.sqrt((gauss.stdError ?? 0) ** 2 + varF / s.n),
        details: { gaussianEntropy: gauss.entropy, negentropy, steps, finalTrainingObjective: finalObjective },
      });
    });
  });
}
