// The small fully-connected network shared by the DV critic, KNIFE and the R2D2 controller.
// Weights are stored as [in, out] so the forward pass is a plain `x·W` (transposed matMuls are ~10× slower on
// the wasm backend), and are drawn from the library's seeded Random so a seed fixes the network exactly.
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertInteger } from '../errors/validate.js';
import { Random } from '../random/random.js';
import { activationTf, MLP_ACTIVATIONS, type MlpActivation } from './activation.js';
import { ownedVariable } from './owned-variable.js';

/**
 * Options of {@link createMlp}.
 *
 * @example
 * ```ts
 * import { Random, type MlpOptions } from '@ratedistortion/core';
 * const opts: MlpOptions = { inputDim: 2, hidden: [64, 64], outputDim: 1, rng: new Random(0) };
 * ```
 */
export interface MlpOptions {
  /** Input features per row. */
  inputDim: number;
  /** Hidden-layer widths (may be empty: a single affine map). */
  hidden: number[];
  /** Output features per row. */
  outputDim: number;
  /** Hidden activation; default `'leaky-relu'`. The output layer is linear. */
  activation?: MlpActivation;
  /** Seeded generator for the initial weights. */
  rng: Random;
  /** Scale applied to the last layer's initial weights (default 1); e.g. 0 starts a controller at u ≡ 0. */
  outputScale?: number;
}

/**
 * A fully-connected network `x ↦ W_L·σ(…σ(x·W_1 + b_1)…) + b_L` whose parameters are tfjs variables.
 *
 * @example
 * ```ts
 * import { tf, Random, createMlp, type Mlp } from '@ratedistortion/core';
 * const mlp: Mlp = createMlp({ inputDim: 3, hidden: [16], outputDim: 1, rng: new Random(1) });
 * const y = tf.tidy(() => mlp.apply(tf.ones([5, 3])));
 * console.log(y.shape); // [5, 1]
 * y.dispose();
 * mlp.dispose();
 * ```
 */
export interface Mlp {
  /** Trainable variables in layer order: W_1 [in, h_1], b_1 [h_1], …, W_L, b_L. */
  readonly params: tf.Variable[];
  readonly inputDim: number;
  readonly outputDim: number;
  /** Forward pass of a batch `[n, inputDim]` → `[n, outputDim]`, differentiable w.r.t. input and params. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** Copies of the parameter values, in `params` order (for checkpoints). */
  getWeights(): Float32Array[];
  /** Overwrite the parameters from {@link Mlp.getWeights} output; lengths are checked. */
  setWeights(weights: ReadonlyArray<ArrayLike<number>>): void;
  /** Free the variables. The network is unusable afterwards. */
  dispose(): void;
}

/**
 * Create a small MLP with seeded initial weights.
 *
 * Initialisation: weights `U(−a, a)`; for ReLU-family activations (`relu`, `leaky-relu`, `silu`) Kaiming-uniform
 * `a = √(6 / fan_in)` (keeps activation variance through depth, He et al. 2015); for `tanh` Glorot-uniform
 * `a = √(6 / (fan_in + fan_out))`. The output layer always uses Glorot-uniform (it is linear), times
 * `outputScale`. Biases start at 0. Weights are stored as `[in, out]` and applied as `x·W`.
 *
 * @example
 * ```ts
 * import { tf, Random, createMlp } from '@ratedistortion/core';
 * const critic = createMlp({ inputDim: 2, hidden: [32, 32], outputDim: 1, activation: 'leaky-relu', rng: new Random(7) });
 * const opt = tf.train.adam(1e-3);
 * const x = tf.randomNormal([64, 2], 0, 1, 'float32', 1);
 * opt.minimize(() => tf.mean(tf.square(critic.apply(x as tf.Tensor2D))) as tf.Scalar, false, critic.params);
 * x.dispose();
 * opt.dispose();
 * critic.dispose();
 * ```
 */
export function createMlp(options: MlpOptions): Mlp {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'an MlpOptions object', options);
  const { inputDim, hidden, outputDim, rng } = options;
  const activation = options.activation ?? 'leaky-relu';
  const outputScale = options.outputScale ?? 1;
  assertInteger('inputDim', inputDim, 1);
  assertInteger('outputDim', outputDim, 1);
  if (!Array.isArray(hidden)) throw new InvalidParameterError('hidden', 'an array of layer widths', hidden);
  hidden.forEach((h, i) => assertInteger(`hidden[${i}]`, h, 1));
  if (!MLP_ACTIVATIONS.includes(activation)) {
    throw new InvalidParameterError('activation', `one of ${MLP_ACTIVATIONS.join(', ')}`, activation);
  }
  if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
  if (typeof outputScale !== 'number' || !Number.isFinite(outputScale) || outputScale < 0) {
    throw new InvalidParameterError('outputScale', 'a finite number >= 0', outputScale);
  }

  const widths = [inputDim, ...hidden, outputDim];
  const params: tf.Variable[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l];
    const fanOut = widths[l + 1];
    const last = l + 2 === widths.length;
    const bound = last
      ? outputScale * Math.sqrt(6 / (fanIn + fanOut))
      : activation === 'tanh'
        ? Math.sqrt(6 / (fanIn + fanOut))
        : Math.sqrt(6 / fanIn);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = bound * (2 * rng.uniform() - 1);
    params.push(ownedVariable(tf.tensor2d(w, [fanIn, fanOut])));
    params.push(ownedVariable(tf.zeros([fanOut])));
  }
  let disposed = false;

  const apply = (x: tf.Tensor2D): tf.Tensor2D => {
    if (disposed) throw new InvalidParameterError('mlp', 'a network that has not been disposed', 'disposed');
    if (x.rank !== 2 || x.shape[1] !== inputDim)
      throw new DimensionMismatchError('x', `[n, ${inputDim}]`, `[${x.shape.join(', ')}]`);
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let l = 0; l < params.length; l += 2) {
        h = tf.add(tf.matMul(h, params[l] as tf.Tensor2D), params[l + 1]) as tf.Tensor2D;
        if (l + 2 < params.length) h = activationTf(h, activation);
      }
      return h;
    });
  };

  return {
    params,
    inputDim,
    outputDim,
    apply,
    getWeights: () => params.map((p) => Float32Array.from(p.dataSync())),
    setWeights: (weights) => {
      if (!Array.isArray(weights) || weights.length !== params.length) {
        throw new InvalidParameterError('weights', `an array of ${params.length} parameter arrays`, weights);
      }
      weights.forEach((w, i) => {
        if (w == null || w.length !== params[i].size)
          throw new DimensionMismatchError(`weights[${i}]`, params[i].size, w ? w.length : 0);
        for (let j = 0; j < w.length; j++) {
          if (!Number.isFinite(w[j])) throw new InvalidParameterError(`weights[${i}]`, 'finite numbers only', w[j]);
        }
      });
      weights.forEach((w, i) => {
        const t = tf.tensor(Float32Array.from(w), params[i].shape);
        params[i].assign(t);
        t.dispose();
      });
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      params.forEach((p) => p.dispose());
    },
  };
}
