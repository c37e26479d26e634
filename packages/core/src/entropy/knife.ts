// KNIFE (Pichler et al., 2022; paper App. B.2): a K-component Gaussian mixture fitted by minimising the
// plug-in cross-entropy −mean log p̂(x). The mixture lives in whitened coordinates y = (x − m)·M, with m and
// M (lower Cholesky factor of Σ̂⁻¹) frozen at initialisation: Adam's step size is then scale-free, and
// H(x) = H(y) − log det M exactly, so the whitening costs nothing in accuracy and keeps gradients w.r.t. x.
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { cholesky64, inverseSpd64 } from '../linalg/cholesky.js';
import { logSumExpStable } from '../linalg/logsumexp.js';
import type { Random } from '../random/random.js';
import { sampleMoments, toSamples, type Samples, type SamplesInput } from '../samples/samples.js';
import { ownedVariable } from '../nn/owned-variable.js';
import { assertSampleBatchTf } from './sample-batch.js';
import { TrainedEntropyModel } from './trained-entropy-model.js';
import { fitOnHost, meanAndVariance, trainedEstimate, withSampleTensor } from './trained-model.js';
import type { EntropyEstimate, TrainedEntropyOptions } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Options of {@link KnifeEntropyModel}.
 *
 * @example
 * ```ts
 * import { Random, type KnifeModelOptions } from '@ratedistortion/core';
 * const o: KnifeModelOptions = { dim: 2, components: 16, rng: new Random(0) };
 * ```
 */
/**
 * Options of {@link KnifeEntropyModel}.
 *
 * @example
 * ```ts
 * import { Random, KnifeEntropyModel, type KnifeModelOptions } from '@ratedistortion/core';
 * const opts: KnifeModelOptions = { dim: 2, components: 8, rng: new Random(3), learningRate: 0.01 };
 * const model = new KnifeEntropyModel(opts);
 * model.dispose();
 * ```
 */
export interface KnifeModelOptions {
  /** Sample dimension d. */
  dim: number;
  /** Number K of Gaussian kernels. */
  components: number;
  /** Seeded generator (used to pick the initial kernel centres). */
  rng: Random;
  /** Adam learning rate for the mixture parameters (in whitened units); default 0.01. */
  learningRate?: number;
}

/** Samples → row-major float data; tensors are read back to the host. */
function hostSamples(x: tf.Tensor2D | SamplesInput, name: string, dim: number): Samples {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2 || x.shape[1] !== dim)
      throw new DimensionMismatchError(name, `[n, ${dim}]`, `[${x.shape.join(', ')}]`);
    return toSamples({ data: x.dataSync(), dim }, name, dim);
  }
  return toSamples(x, name, dim);
}

/**
 * KNIFE differentiable entropy estimator: mixture `p̂(x) = Σ_k u_k N(x; μ_k, (A_k A_kᵀ)⁻¹)` with weights
 * `u = softmax(logits)`, means `μ_k` and lower-triangular precision factors `A_k` (diagonal `exp(·)` > 0),
 * trained by Adam on `−mean log p̂(x)`.
 *
 * Lifecycle: the first call to `initialise`, `fitStep`, `trainSteps` or `entropyTf` freezes the whitening
 * (mean and covariance of that batch) and places the K centres on randomly chosen (seeded) batch points,
 * each with precision `I/h²`, h the Silverman factor for K points. `entropyTf(x)` is differentiable w.r.t. `x`
 * (and the mixture parameters); when used inside an outer loss, pass the outer optimiser an explicit variable
 * list so it does not also move these parameters. Adam creates its slot variables on the first step, so tensor
 * counts are constant from the second step on. Call `dispose()` when done.
 *
 * Bias: for a fixed mixture q, the cross-entropy `E[−log q(X)] = H(X) + KL(p‖q) ≥ H(X)` (Eq. 30); evaluated on
 * the training batch itself the estimate is optimistic by the overfitting gap, O(K·d²/n) nats.
 *
 * @example
 * ```ts
 * import { tf, Random, KnifeEntropyModel } from '@ratedistortion/core';
 * const model = new KnifeEntropyModel({ dim: 2, components: 8, rng: new Random(3) });
 * const x = tf.randomNormal([512, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
 * model.trainSteps(x, 100);
 * console.log(tf.tidy(() => model.entropyTf(x).dataSync()[0])); // ≈ log(2πe) ≈ 2.84
 * x.dispose();
 * model.dispose();
 * ```
 */
export class KnifeEntropyModel extends TrainedEntropyModel {
  readonly components: number;
  private readonly logits: tf.Variable;
  private readonly means: tf.Variable;
  private readonly lowerRaw: tf.Variable;
  private readonly logDiag: tf.Variable;
  private readonly shift: tf.Variable;
  private readonly whiten: tf.Variable;
  private logDetWhiten = 0;
  private readonly strictLower: tf.Tensor3D;
  private readonly eye: tf.Tensor3D;
  private ready = false;

  constructor(options: KnifeModelOptions) {
    super(options, { model: 'KnifeEntropyModel', options: 'KnifeModelOptions' }, 0.01, () =>
      assertInteger('components', options.components, 1),
    );
    const { dim, components } = options;
    this.components = components;
    const K = components;
    const d = dim;
    this.logits = ownedVariable(tf.zeros([K]), true);
    this.means = ownedVariable(tf.zeros([K, d]), true);
    this.lowerRaw = ownedVariable(tf.zeros([K, d, d]), true);
    this.logDiag = ownedVariable(tf.zeros([K, d]), true);
    this.shift = ownedVariable(tf.zeros([1, d]), false);
    this.whiten = ownedVariable(tf.eye(d), false);
    const mask = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) mask[i * d + j] = 1;
    this.strictLower = tf.tensor3d(mask, [1, d, d]);
    this.eye = tf.tidy(() => tf.reshape(tf.eye(d), [1, d, d]) as tf.Tensor3D);
  }

  /** Whether the whitening and initial centres have been set (by `initialise`, a training step or `setWeights`). */
  get initialised(): boolean {
    return this.ready;
  }

  private trainable(): tf.Variable[] {
    return [this.logits, this.means, this.lowerRaw, this.logDiag];
  }

  private checkInput(x: tf.Tensor2D): void {
    assertSampleBatchTf(x, this.dim, 1, 'empty sample');
  }

  /**
   * Freeze the whitening from the batch's mean and covariance (needs n ≥ d + 1, non-singular covariance) and
   * place the K centres on seeded random batch points. Called automatically by the first step.
   */
  initialise(x: tf.Tensor2D | SamplesInput): void {
    this.checkAlive();
    const s = hostSamples(x, 'x', this.dim);
    const d = this.dim;
    const K = this.components;
    if (s.n < d + 1) throw new InvalidParameterError('x', `at least dim + 1 = ${d + 1} samples to initialise`, s.n);
    const { mean, covariance } = sampleMoments(s);
    const M = cholesky64(inverseSpd64(covariance, 'sample covariance'), 'sample precision');
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += Math.log(M[i][i]);
    // Row-major [d, d] with W[i][j] = M[i][j], so y = (x − m)·M has identity covariance (Mᵀ Σ M = I).
    const W = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) W[i * d + j] = M[i][j];
    const centres = new Float32Array(K * d);
    const row = new Float64Array(d);
    for (let k = 0; k < K; k++) {
      const idx = this.rng.uniformInt(s.n);
      for (let c = 0; c < d; c++) row[c] = s.data[idx * d + c] - mean[c];
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let i = 0; i < d; i++) acc += row[i] * M[i][j];
        centres[k * d + j] = acc;
      }
    }
    const h = ((K * (d + 2)) / 4) ** (-1 / (d + 4));
    tf.tidy(() => {
      this.shift.assign(tf.tensor2d(Float32Array.from(mean), [1, d]));
      this.whiten.assign(tf.tensor2d(W, [d, d]));
      this.means.assign(tf.tensor2d(centres, [K, d]));
      this.logits.assign(tf.zeros([K]));
      this.lowerRaw.assign(tf.zeros([K, d, d]));
      this.logDiag.assign(tf.fill([K, d], -Math.log(h)));
    });
    this.logDetWhiten = logDet;
    this.ready = true;
  }

  /** Per-row log density `log p̂(x_i)` (nats), shape [n], differentiable w.r.t. x and the mixture parameters. */
  logDensityTf(x: tf.Tensor2D): tf.Tensor1D {
    this.checkAlive();
    this.checkInput(x);
    if (!this.ready) this.initialise(x);
    const d = this.dim;
    return tf.tidy(() => {
      const y = tf.matMul(tf.sub(x, this.shift), this.whiten as tf.Tensor2D);
      const A = tf.add(
        tf.mul(this.lowerRaw, this.strictLower),
        tf.mul(this.eye, tf.expandDims(tf.exp(this.logDiag), 1)),
      ) as tf.Tensor3D;
      const diff = tf.sub(tf.expandDims(y, 0), tf.expandDims(this.means, 1)) as tf.Tensor3D; // [K, n, d]
      const z = tf.matMul(diff, A); // [K, n, d]: row (y − μ_k)·A_k
      const quad = tf.sum(tf.square(z), 2); // [K, n]
      const logWeights = tf.expandDims(tf.logSoftmax(this.logits), 1);
      const logDetA = tf.expandDims(tf.sum(this.logDiag, 1), 1);
      const perKernel = tf.add(tf.add(logWeights, logDetA), tf.sub(tf.mul(-0.5, quad), 0.5 * d * LOG_2PI));
      return tf.add(logSumExpStable(perKernel, 0), this.logDetWhiten) as tf.Tensor1D;
    });
  }

  /** Plug-in cross-entropy `−mean log p̂(x)` (nats), differentiable w.r.t. x. */
  entropyTf(x: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => tf.neg(tf.mean(this.logDensityTf(x))) as tf.Scalar);
  }

  /** `steps` Adam steps on the same batch; returns the loss before the last step (nats; NaN on a device backend, webgpu, where it is not read). */
  trainSteps(x: tf.Tensor2D, steps: number): number {
    this.checkAlive();
    this.checkInput(x);
    assertInteger('steps', steps, 1);
    if (!this.ready) this.initialise(x);
    return this.runOptimiser(
      this.trainable(),
      steps,
      { quantity: 'loss', sign: 1 },
      () => null,
      () => this.entropyTf(x),
    );
  }

  /**
   * Copies of all state needed to restore the estimator: `[logits, means, lowerRaw, logDiag, shift, whiten,
   * [logDetWhiten]]` (the Adam moments are not included).
   */
  getWeights(): Float32Array[] {
    this.checkAlive();
    const vars = [this.logits, this.means, this.lowerRaw, this.logDiag, this.shift, this.whiten];
    return [...vars.map((v) => Float32Array.from(v.dataSync())), Float32Array.of(this.logDetWhiten)];
  }

  /** Restore from {@link KnifeEntropyModel.getWeights}; marks the model initialised. */
  setWeights(weights: ReadonlyArray<ArrayLike<number>>): void {
    this.checkAlive();
    const vars = [this.logits, this.means, this.lowerRaw, this.logDiag, this.shift, this.whiten];
    if (!Array.isArray(weights) || weights.length !== vars.length + 1) {
      throw new InvalidParameterError('weights', `an array of ${vars.length + 1} arrays (from getWeights)`, weights);
    }
    weights.forEach((w, i) => {
      const size = i < vars.length ? vars[i].size : 1;
      if (w == null || w.length !== size) throw new DimensionMismatchError(`weights[${i}]`, size, w ? w.length : 0);
      for (let j = 0; j < w.length; j++)
        if (!Number.isFinite(w[j])) throw new InvalidParameterError(`weights[${i}]`, 'finite numbers only', w[j]);
    });
    tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(Float32Array.from(weights[i]), v.shape))));
    this.logDetWhiten = weights[vars.length][0];
    this.ready = true;
  }

  /** Free the mixture's variables and constants (`dispose` frees the optimiser state too). */
  protected releaseTensors(): void {
    [this.logits, this.means, this.lowerRaw, this.logDiag, this.shift, this.whiten].forEach((v) => v.dispose());
    this.strictLower.dispose();
    this.eye.dispose();
  }
}

/**
 * Options of {@link knifeEntropy}: the training options (Adam steps, default 300; learning rate in whitened units,
 * default 0.01; the generator picks the initial centres) and the number of kernels.
 *
 * @example
 * ```ts
 * import { Random, type KnifeEntropyOptions } from '@ratedistortion/core';
 * const o: KnifeEntropyOptions = { components: 16, steps: 300, rng: new Random(1) };
 * ```
 */
export interface KnifeEntropyOptions extends TrainedEntropyOptions {
  /** Number of kernels K; default 16. */
  components?: number;
}

/**
 * KNIFE entropy estimate (nats) of a sample: fit a {@link KnifeEntropyModel} for `steps` full-batch Adam steps
 * and return `−(1/n) Σ log p̂(x_i)` on the same sample (read out in float64 from float32 log densities).
 *
 * Bias/variance: converges to `H(X) + min_q KL(p‖q)` over K-component mixtures as n → ∞ and training
 * converges — an upper bound with approximation error that shrinks with K (large for sharp-edged densities such
 * as a uniform box at small K). At finite n, evaluating on the training sample makes it optimistic by the
 * overfitting gap (O(K·d²/n)). `stdError = sd(log p̂(x_i))/√n` (sampling error only, not training error).
 * Deterministic for a fixed seed on a given backend.
 *
 * @example
 * ```ts
 * import { Random, knifeEntropy } from '@ratedistortion/core';
 * const rng = new Random(5);
 * const data = Array.from({ length: 500 }, () => [rng.normal()]);
 * console.log(knifeEntropy(data, { components: 4, steps: 100, rng }).entropy); // ≈ 1.419
 * ```
 */
export function knifeEntropy(samples: SamplesInput, options: KnifeEntropyOptions = {}): EntropyEstimate {
  return fitOnHost(samples, options, 'the whitening covariance would be singular', (s, steps, rng) => {
    const components = options.components ?? 16;
    assertInteger('components', components, 1);
    const model = new KnifeEntropyModel({ dim: s.dim, components, rng, learningRate: options.learningRate });
    return withSampleTensor(s, model, (x) => {
      model.initialise(s);
      const finalLoss = model.trainSteps(x, steps);
      const logp = tf.tidy(() => model.logDensityTf(x).dataSync());
      const { mean, variance } = meanAndVariance(logp);
      return trainedEstimate('knife', s, {
        entropy: -mean,
        stdError: Math.sqrt(variance / s.n),
        details: { components, steps, finalTrainingLoss: finalLoss },
      });
    });
  });
}
