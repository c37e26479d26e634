// The negentropy/Donsker–Varadhan entropy estimator of App. B.1 with the eps-conditioned critic Z_ω(·, eps) of
// App. E.1 (Eq. 28). Core's DvNegentropyModel has an unconditioned critic and keeps its Adam moments inside
// tf.train.adam (not in its weights); an amortised R2D2 needs the critic to know eps (the law of X1 changes
// with eps) and exact checkpoints need the optimiser state, hence this estimator-side variant. It reuses core's
// MLP, its DV bound and moment-matched Gaussian reference (differentiable Cholesky), its batch check and the
// Gaussian plug-in entropy.
//
//   Ĥ(x) = ½ log det(2πe Σ̂_x) − [ mean_m f(x̃_m, ẽ) − log mean_m e^{f(z̃_m, ẽ)} ],
//   z = mean(x) + ξ·chol(Σ̂_x)ᵀ, ξ ~ N(0, I) from the seeded stream (fresh on every call),
// differentiable w.r.t. x through x, mean(x) and chol(Σ̂_x). x̃, z̃ are standardised with the source's scaling
// (fixed, so the critic's inputs are O(1) and nothing depends on which batch came first).
//
// With `whitening` (the source's PCA whitening w(x) = ((x − μ)V)/s), Σ̂, its Cholesky factor and the plug-in are
// taken on w(x) and mapped back (H(x) = H(w(x)) + Σ log s_j; the reference is w⁻¹ of the whitened one, the same
// law): in float32 a noise-controlled rollout that collapses a direction of X1 to a variance 10⁻⁷ of the largest
// leaves a raw covariance that Cholesky cannot factor, the whitened one it can.
import {
  DimensionMismatchError,
  InvalidParameterError,
  assertSampleBatchTf,
  createMlp,
  dvBoundTf,
  gaussianEntropyTf,
  momentMatchedGaussianTf,
  tf,
  type Mlp,
  type MlpActivation,
  type Random,
} from '@ratedistortion/core';
import type { InputScaling } from '../amortisation/input-scaling.js';
import { decodeFloat32, encodeFloats } from '../checkpoint/base64.js';
import { Adam } from '../optim/adam.js';

/**
 * Options of {@link ConditionalDvEntropy}.
 *
 * @example
 * ```ts
 * import type { ConditionalDvOptions } from '@ratedistortion/estimators';
 * const o: Omit<ConditionalDvOptions, 'initRng' | 'rng'> = {
 *   dim: 1, hidden: [128], learningRate: 1e-3, scaling: { mean: new Float64Array([0]), scale: new Float64Array([1]) },
 * };
 * ```
 */
export interface ConditionalDvOptions {
  dim: number;
  hidden: number[];
  activation?: MlpActivation;
  learningRate: number;
  /** Standardisation of the critic's x input. */
  scaling: InputScaling;
  /** The source's whitening (with `basis`), for the covariance, its Cholesky factor and the plug-in (see the file header). */
  whitening?: InputScaling;
  /** Draws the critic's initial weights. */
  initRng: Random;
  /** Draws the Gaussian reference samples ξ. */
  rng: Random;
}

/**
 * Serialisable state of {@link ConditionalDvEntropy}: critic weights and Adam state (base64 float32).
 *
 * @example
 * ```ts
 * import type { ConditionalDvState } from '@ratedistortion/estimators';
 * const s: ConditionalDvState = { kind: 'dv', weights: [], adam: { step: 0, m: [], v: [] } };
 * ```
 */
export interface ConditionalDvState {
  kind: 'dv';
  weights: string[];
  adam: { step: number; m: string[]; v: string[] };
}

/**
 * DV negentropy entropy estimator with an eps-conditioned critic f(x, eps).
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { ConditionalDvEntropy } from '@ratedistortion/estimators';
 * const rng = new Random(1);
 * const dv = new ConditionalDvEntropy({
 *   dim: 1, hidden: [32], learningRate: 1e-3, initRng: new Random(0), rng,
 *   scaling: { mean: new Float64Array([0]), scale: new Float64Array([1]) },
 * });
 * const x = tf.tensor2d(rng.fillNormal(new Float32Array(256)), [256, 1]);
 * dv.update(x, 0.5, 0);
 * const h = tf.tidy(() => dv.entropyTf(x, 0).dataSync()[0]); // ≈ ½ log(2πe) ≈ 1.42
 * x.dispose();
 * dv.dispose();
 * ```
 */
export class ConditionalDvEntropy {
  readonly dim: number;
  readonly critic: Mlp;
  private readonly adam: Adam;
  private readonly rng: Random;
  private readonly centre: tf.Tensor2D;
  private readonly invScale: tf.Tensor2D;
  private readonly whiten: { shift: tf.Tensor2D; map: tf.Tensor2D; inverse: tf.Tensor2D; logScale: number } | null;

  constructor(options: ConditionalDvOptions) {
    this.dim = options.dim;
    this.rng = options.rng;
    this.critic = createMlp({
      inputDim: options.dim + 1,
      hidden: options.hidden,
      outputDim: 1,
      activation: options.activation ?? 'leaky-relu',
      rng: options.initRng,
      // The critic's last layer starts at zero: f ≡ 0 is the DV bound's own baseline (value 0, and the negentropy
      // is ≥ 0), so an untrained or barely trained critic reads Ĥ = the Gaussian plug-in — exact for a Gaussian X₁
      // and an upper bound otherwise — instead of a random critic's bound, which is below 0 (measured: +0.21 nats
      // of rate for the warm-started N(0, 1) model at eps 0.5 before training).
      outputScale: 0,
    });
    this.adam = new Adam(this.critic.params, { learningRate: options.learningRate });
    this.centre = tf.tensor2d(Float32Array.from(options.scaling.mean), [1, options.dim]);
    this.invScale = tf.tensor2d(
      Float32Array.from(options.scaling.scale, (s) => 1 / s),
      [1, options.dim],
    );
    this.whiten = options.whitening ? whiteningTensors(options.whitening, options.dim) : null;
  }

  private check(x: tf.Tensor2D): void {
    assertSampleBatchTf(x, this.dim, this.dim + 1, 'the sample covariance would be singular');
  }

  /** Critic values f(v, ẽ) per row, [n]. */
  private criticTf(v: tf.Tensor, epsInput: number): tf.Tensor {
    const n = v.shape[0];
    const input = tf.concat(
      [tf.mul(tf.sub(v, this.centre), this.invScale), tf.fill([n, 1], epsInput)],
      1,
    ) as tf.Tensor2D;
    return tf.reshape(this.critic.apply(input), [n]);
  }

  /** Gaussian reference sample with the mean and covariance of x (differentiable w.r.t. x). */
  private referenceTf(x: tf.Tensor2D): tf.Tensor2D {
    const [n, d] = x.shape;
    const xi = tf.tensor2d(this.rng.fillNormal(new Float32Array(n * d)), [n, d]);
    const z = momentMatchedGaussianTf(this.whitened(x), xi);
    return this.whiten ? (tf.add(tf.matMul(z, this.whiten.inverse), this.whiten.shift) as tf.Tensor2D) : z;
  }

  private whitened(x: tf.Tensor2D): tf.Tensor2D {
    return this.whiten ? tf.matMul(tf.sub(x, this.whiten.shift), this.whiten.map) : x;
  }

  /** DV lower bound on KL(P_x ‖ N(mean x, cov x)) with the current critic. */
  negentropyTf(x: tf.Tensor2D, epsInput: number): tf.Scalar {
    this.check(x);
    return tf.tidy(() => {
      const z = this.referenceTf(x);
      return dvBoundTf(this.criticTf(x, epsInput), this.criticTf(z, epsInput));
    });
  }

  /** Ĥ(x) = Gaussian plug-in − DV negentropy (nats), differentiable w.r.t. x. */
  entropyTf(x: tf.Tensor2D, epsInput: number): tf.Scalar {
    return tf.tidy(() => {
      const plugIn = this.whiten
        ? tf.add(gaussianEntropyTf(this.whitened(x)), this.whiten.logScale)
        : gaussianEntropyTf(x);
      return tf.sub(plugIn, this.negentropyTf(x, epsInput)) as tf.Scalar;
    });
  }

  /**
   * One Adam ascent step of the DV objective on the critic (x and the reference treated as data). `eps` is
   * unused here beyond its feature; it is kept in the signature so all entropy terms update alike.
   */
  update(x: tf.Tensor2D, eps: number, epsInput: number): void {
    void eps;
    this.check(x);
    const z = tf.tidy(() => this.referenceTf(x));
    try {
      const { value, grads } = tf.variableGrads(
        () => tf.neg(dvBoundTf(this.criticTf(x, epsInput), this.criticTf(z, epsInput))) as tf.Scalar,
        this.critic.params,
      );
      value.dispose();
      this.adam.apply(this.critic.params.map((p) => grads[p.name]));
      tf.dispose(grads);
    } finally {
      z.dispose();
    }
  }

  getState(): ConditionalDvState {
    const a = this.adam.getState();
    return {
      kind: 'dv',
      weights: this.critic.getWeights().map(encodeFloats),
      adam: { step: a.step, m: a.m.map(encodeFloats), v: a.v.map(encodeFloats) },
    };
  }

  setState(state: unknown): void {
    const s = state as ConditionalDvState | null;
    if (s?.kind !== 'dv' || !Array.isArray(s.weights) || !s.adam) {
      throw new InvalidParameterError(
        'checkpoint.entropyModel',
        "a DV critic state { kind: 'dv', weights, adam }",
        state,
      );
    }
    this.critic.setWeights(s.weights.map((w, i) => decodeFloat32(w, `entropyModel.weights[${i}]`)));
    this.adam.setState({
      step: s.adam.step,
      m: s.adam.m.map((w, i) => decodeFloat32(w, `entropyModel.adam.m[${i}]`)),
      v: s.adam.v.map((w, i) => decodeFloat32(w, `entropyModel.adam.v[${i}]`)),
    });
  }

  dispose(): void {
    this.critic.dispose();
    this.adam.dispose();
    tf.dispose([
      this.centre,
      this.invScale,
      ...(this.whiten ? [this.whiten.shift, this.whiten.map, this.whiten.inverse] : []),
    ]);
  }
}

/** w(x) = (x − μ)·M with M = V diag(1/s), its inverse diag(s) Vᵀ, and Σ log s (V = I without a basis). */
function whiteningTensors(
  w: InputScaling,
  d: number,
): { shift: tf.Tensor2D; map: tf.Tensor2D; inverse: tf.Tensor2D; logScale: number } {
  if (w.mean.length !== d || w.scale.length !== d) throw new DimensionMismatchError('whitening', d, w.mean.length);
  const map = new Float32Array(d * d);
  const inverse = new Float32Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let k = 0; k < d; k++) {
      const v = w.basis ? w.basis[r * d + k] : r === k ? 1 : 0;
      map[r * d + k] = v / w.scale[k];
      inverse[k * d + r] = v * w.scale[k];
    }
  }
  let logScale = 0;
  for (const s of w.scale) logScale += Math.log(s);
  return {
    shift: tf.tensor2d(Float32Array.from(w.mean), [1, d]),
    map: tf.tensor2d(map, [d, d]),
    inverse: tf.tensor2d(inverse, [d, d]),
    logScale,
  };
}
