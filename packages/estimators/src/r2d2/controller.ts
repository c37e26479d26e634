// The R2D2 controller u_θ(x, t, eps) (Alg. 1; App. E.1: fully connected, LeakyReLU after each hidden layer).
//
// Parametrisation (documented choices, none of them constrains what the network can represent):
// - inputs: x standardised per coordinate by the source's scale, x̃ = (x − μ)/s; time as 2t − 1 ∈ [−1, 1];
//   eps as log eps mapped onto [−1, 1] over the trained range (see `epsFeature`).
// - the first layer is split into W_x (d × h) and W_te (2 × h): the (t, eps) part is the same for every sample
//   of a batch, so it is computed once per time step as a 1 × h bias instead of concatenating and tiling a
//   feature column onto the batch at every Euler step.
// - output: `u = (eps / s) ⊙ f(x̃, t̃, ẽ)` when `outputScaling = 'eps-score'` (default). Thm. 3.2 gives the
//   optimal drift as eps·∇log p_t, and a score of data with scale s is of order 1/s, so f is O(1) over the
//   whole eps range instead of spanning the 40× range of App. E.2's mixtures. `'none'` gives u = f.
//   `'capped-eps-score'` uses min(eps/s, s) per direction: the same as eps/s while eps ≤ s², but in a direction
//   whose variance s² is below eps (an inactive direction of water-filling, whose optimal drift is the bridge
//   gain −x/(1 − t), independent of eps) it keeps the gain O(1) instead of eps/s² (3,000 for NERD's smallest
//   direction at eps = 1), which would make the initial network's Euler steps explode.
// - with a PCA basis V in the scaling (input whitening), x̃ = ((x − μ)V)/s and the output is rotated back,
//   u = (c ⊙ f)Vᵀ; both products are folded into the first and last layers once per rollout.
// - noise control (optional second head): g = 2·sigmoid(h·W_g + b_g) per principal direction, W_g = b_g = 0 at start,
//   read by the noise-controlled chain (core's solveNoiseControlledTf) in the basis V.
// - initialisation: PyTorch's nn.Linear default, W, b ~ U(−1/√fan_in, 1/√fan_in), drawn from the seeded
//   Random, so runs match the paper's setting in distribution and are reproducible.
// - Gaussian warm start (`init: 'gaussian'`): u = u_G + (the network above), where u_G is the optimal chain of the
//   Gaussian with the scaling's mean and covariance (core's gaussianChainStep per principal direction, variance
//   s_j²: exact moments when the source has them, else sample ones) and the network's last layer starts at zero.
//   With noise control the Gaussian gains are added to the gain head's log gains. On the grid of `timeSteps` steps
//   the drift is the exact discrete optimum (u_G·h = (a − 1)(x − μ)), so for a Gaussian source the untrained
//   controller is already optimal; for others training starts from the best linear answer.
// All weights are stored [in, out] and applied with untransposed matMuls (transposed ones are slow on wasm).
import {
  MLP_ACTIVATIONS,
  activationTf,
  InvalidParameterError,
  assertInteger,
  denseTf,
  gaussianChainStep,
  prepareDenseTf,
  tf,
  type PreparedDenseTf,
  type MlpActivation,
  type NoiseControl,
  type Random,
} from '@ratedistortion/core';
import type { InputScaling } from '../amortisation/input-scaling.js';

/**
 * Activation after each hidden layer (core's MLP set). `'leaky-relu'` uses slope 0.01 (PyTorch's default).
 *
 * @example
 * ```ts
 * import type { ControllerActivation } from '@ratedistortion/estimators';
 * const a: ControllerActivation = 'leaky-relu';
 * ```
 */
export type ControllerActivation = MlpActivation;

/**
 * How the network output is turned into the drift: `'eps-score'` gives u = (eps/s)·f, `'capped-eps-score'`
 * u = min(eps/s, s)·f (identical while eps ≤ s²), `'none'` gives u = f (per principal direction, then rotated
 * back, when the input is whitened).
 *
 * @example
 * ```ts
 * import type { OutputScaling } from '@ratedistortion/estimators';
 * const o: OutputScaling = 'eps-score';
 * ```
 */
export type OutputScaling = 'eps-score' | 'capped-eps-score' | 'none';

/**
 * Architecture of the controller network.
 *
 * @example
 * ```ts
 * import type { ControllerSpec } from '@ratedistortion/estimators';
 * const spec: ControllerSpec = { dim: 1, hidden: [128], activation: 'leaky-relu', outputScaling: 'eps-score' };
 * ```
 */
export interface ControllerSpec {
  dim: number;
  hidden: number[];
  activation: ControllerActivation;
  outputScaling: OutputScaling;
  /**
   * Add a second head for the log noise gains of the noise-controlled chain (R2D2's `noise: 'controlled'`),
   * one per principal direction; initialised to zero, so the untrained network is the plain SDE controller.
   */
  noiseControl?: boolean;
  /**
   * `'gaussian'`: add the optimal drift (and gains) of the scaling's Gaussian to the network and start its last layer
   * at zero; `'zero'` (the default of this class): the plain network. See the file header.
   */
  init?: 'gaussian' | 'zero';
  /** Steps of the uniform time grid of [0, 1] the rollout runs on (needed by `init: 'gaussian'`; default 100). */
  timeSteps?: number;
}

/**
 * Check a {@link ControllerSpec}; throws {@link InvalidParameterError} naming the field.
 *
 * @example
 * ```ts
 * import { validateControllerSpec } from '@ratedistortion/estimators';
 * validateControllerSpec({ dim: 2, hidden: [64, 64], activation: 'tanh', outputScaling: 'none' });
 * ```
 */
export function validateControllerSpec(spec: ControllerSpec): void {
  assertInteger('dim', spec.dim, 1);
  if (!Array.isArray(spec.hidden) || spec.hidden.length === 0) {
    throw new InvalidParameterError('hidden', 'a non-empty array of layer widths', spec.hidden);
  }
  spec.hidden.forEach((h, i) => assertInteger(`hidden[${i}]`, h, 1, 65536));
  if (!MLP_ACTIVATIONS.includes(spec.activation))
    throw new InvalidParameterError('activation', MLP_ACTIVATIONS.map((a) => `'${a}'`).join(' | '), spec.activation);
  if (
    spec.outputScaling !== 'eps-score' &&
    spec.outputScaling !== 'capped-eps-score' &&
    spec.outputScaling !== 'none'
  ) {
    throw new InvalidParameterError('outputScaling', "'eps-score', 'capped-eps-score' or 'none'", spec.outputScaling);
  }
  if (spec.noiseControl !== undefined && typeof spec.noiseControl !== 'boolean') {
    throw new InvalidParameterError('noiseControl', 'a boolean', spec.noiseControl);
  }
  if (spec.init !== undefined && spec.init !== 'gaussian' && spec.init !== 'zero')
    throw new InvalidParameterError('init', "'gaussian' or 'zero'", spec.init);
  if (spec.timeSteps !== undefined) assertInteger('timeSteps', spec.timeSteps, 1);
}

/**
 * The first layer's bias at time t, τ·w_t + c0 with τ = 2t − 1, as one op with its own gradient (dw_t = τ·dy,
 * dc0 = dy): the values and gradients of add(mul(w_t, τ), c0) bit for bit (the same product and sum, τ rounded to
 * float32 as tf.mul rounds it), without the clones tfjs's autodiff saves for the Multiply and the Add (four per
 * Euler step) or their gradients' casts and reshapes.
 */
function timeBiasTf(wt: tf.Tensor1D, c0: tf.Tensor1D, tau: number): tf.Tensor1D {
  const bias = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, c] = args as tf.Tensor[];
    return {
      value: tf.add(tf.mul(w, tf.scalar(tau)), c),
      gradFunc: (dy: tf.Tensor) => [tf.mul(dy, tf.scalar(tau)), tf.reshape(dy, c.shape)],
    };
  });
  return bias(wt, c0) as tf.Tensor1D;
}

/**
 * Per-rollout constants of the controller at one eps, computed once; `drift` then evaluates u(x, t) at each
 * time step. Dispose after the rollout (or create inside `tf.tidy`).
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { ControllerNetwork, type ControllerRollout } from '@ratedistortion/estimators';
 * const net = new ControllerNetwork({ dim: 1, hidden: [8], activation: 'tanh', outputScaling: 'none' },
 *   { mean: new Float64Array([0]), scale: new Float64Array([1]) }, new Random(0));
 * const shape = tf.tidy(() => {
 *   const roll: ControllerRollout = net.rollout(0.5, 0); // its tensors belong to the enclosing tidy
 *   return roll.drift(tf.zeros([2, 1]) as tf.Tensor2D, 0.25).shape;
 * });
 * console.log(shape); // [2, 1]
 * net.dispose();
 * ```
 */
export interface ControllerRollout {
  /** The drift at time t for the batch x (n × d). */
  drift(x: tf.Tensor2D, t: number): tf.Tensor2D;
  /**
   * Drift and log noise gains (in the coordinates of {@link ControllerNetwork.noiseBasis}) from one pass of the
   * network; only for a network built with `noiseControl`.
   */
  control(x: tf.Tensor2D, t: number): NoiseControl;
  /**
   * Every tensor `drift` and `control` read (the folded layers, derived from the network's variables): the `params`
   * of a checkpointed rollout (core's solveSdeCheckpointedTf), through which gradients reach the variables.
   */
  readonly inputs: readonly tf.Tensor[];
  /** `drift` reading the layers from `inputs` (an array laid out as {@link ControllerRollout.inputs}). */
  driftWith(x: tf.Tensor2D, t: number, inputs: readonly tf.Tensor[]): tf.Tensor2D;
  /** `control` reading the layers from `inputs`. */
  controlWith(x: tf.Tensor2D, t: number, inputs: readonly tf.Tensor[]): NoiseControl;
  dispose(): void;
}

/**
 * The controller network u_θ(x, t, eps).
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { ControllerNetwork } from '@ratedistortion/estimators';
 * const net = new ControllerNetwork(
 *   { dim: 1, hidden: [32], activation: 'leaky-relu', outputScaling: 'eps-score' },
 *   { mean: new Float64Array([0]), scale: new Float64Array([1]) },
 *   new Random(0),
 * );
 * const u = tf.tidy(() => net.rollout(0.5, 0).drift(tf.zeros([4, 1]) as tf.Tensor2D, 0.1));
 * console.log(u.shape); // [4, 1]
 * u.dispose();
 * net.dispose();
 * ```
 */
export class ControllerNetwork {
  readonly spec: ControllerSpec;
  readonly scaling: InputScaling;
  /**
   * Trainable variables in a fixed order: W_x, W_te, b_0, then (W_l, b_l) per further layer, then (with
   * `noiseControl`) the gain head (W_g, b_g).
   */
  readonly params: tf.Variable[];
  private readonly meanScaled: tf.Tensor2D;
  private readonly invScaleCol: tf.Tensor2D;
  private readonly scale: Float64Array;
  private basisV: tf.Tensor2D | null = null;
  private basisVt: tf.Tensor2D | null = null;

  constructor(spec: ControllerSpec, scaling: InputScaling, rng: Random) {
    validateControllerSpec(spec);
    this.spec = { ...spec, hidden: [...spec.hidden] };
    this.scaling = scaling;
    const d = spec.dim;
    const uniform = (rows: number, cols: number, fanIn: number): tf.Variable => {
      const bound = 1 / Math.sqrt(fanIn);
      const values = new Float32Array(rows * cols);
      for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * bound;
      // tf.variable keeps its own reference to the data: the tidy frees the initial tensor.
      return tf.tidy(() => tf.variable(tf.tensor2d(values, [rows, cols]), true));
    };
    const h0 = spec.hidden[0];
    // W_x and W_te are the row blocks of one (d + 2) × h0 layer, so they share its fan-in.
    this.params = [uniform(d, h0, d + 2), uniform(2, h0, d + 2), uniform(1, h0, d + 2)];
    const widths = [...spec.hidden, d];
    for (let l = 1; l < widths.length; l++) {
      this.params.push(uniform(widths[l - 1], widths[l], widths[l - 1]), uniform(1, widths[l], widths[l - 1]));
    }
    if (spec.init === 'gaussian') {
      // The correction's last layer starts at zero: the untrained controller is exactly the Gaussian part.
      const last = this.params.length - 2;
      for (const k of [last, last + 1]) {
        const shape = this.params[k].shape;
        this.params[k].dispose();
        this.params[k] = tf.tidy(() => tf.variable(tf.zeros(shape), true));
      }
    }
    if (spec.noiseControl) {
      // Zero gain head: every gain starts at exactly 1 (the paper's SDE); its gradient is still non-zero.
      const hLast = spec.hidden[spec.hidden.length - 1];
      this.params.push(
        tf.tidy(() => tf.variable(tf.zeros([hLast, d]), true)),
        tf.tidy(() => tf.variable(tf.zeros([1, d]), true)),
      );
    }
    this.scale = Float64Array.from(scaling.scale);
    const basis = scaling.basis;
    // With a basis, the mean enters as (μV)/s; V and Vᵀ are kept for the folds in `rollout`.
    const meanProjected = basis
      ? Float64Array.from({ length: d }, (_, k) => {
          let m = 0;
          for (let r = 0; r < d; r++) m += scaling.mean[r] * basis[r * d + k];
          return m;
        })
      : scaling.mean;
    this.meanScaled = tf.tensor2d(
      Float32Array.from(meanProjected, (m, j) => m / scaling.scale[j]),
      [1, d],
    );
    if (basis) {
      this.basisV = tf.tensor2d(Float32Array.from(basis), [d, d]);
      this.basisVt = tf.transpose(this.basisV) as tf.Tensor2D;
    }
    this.invScaleCol = tf.tensor2d(
      Float32Array.from(scaling.scale, (s) => 1 / s),
      [d, 1],
    );
  }

  /** Input dimension d. */
  get dim(): number {
    return this.spec.dim;
  }

  /** The PCA basis V the gains of `control` act in (null: the coordinate axes). Owned by the network. */
  get noiseBasis(): tf.Tensor2D | null {
    return this.basisV;
  }

  /**
   * The drift at one eps, given the eps feature `epsInput` (see `epsFeature`). Tensors made here are owned by
   * the caller's `tf.tidy` (or released by `dispose()` on the returned object).
   */
  rollout(eps: number, epsInput: number): ControllerRollout {
    const p = this.params;
    const act = this.spec.activation;
    const owned: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      owned.push(t);
      return t;
    };
    // The affine maps around the network are folded into its first and last layers once per rollout, which
    // removes three batch-sized ops (and their gradients) from every time step — on wasm the per-op overhead,
    // not the arithmetic, dominates a step of these small networks:
    //   ((x − μ)/s)·W_x = x·(diag(1/s) W_x) − (μ/s)·W_x,   (h·W_L + b_L) ⊙ (eps/s) = h·(W_L ⊙ eps/s) + b_L ⊙ eps/s.
    // First-layer bias at time t: (2t − 1)·w_t + c0, with c0 = ẽ·w_e + b_0 − (μ/s)·W_x fixed for the rollout.
    //   With a basis: ((x − μ)V/s)·W_x = x·(V diag(1/s) W_x) − ((μV)/s)·W_x, and u = (c ⊙ f)·Vᵀ.
    const wxScaled = tf.mul(p[0], this.invScaleCol) as tf.Tensor2D;
    const wx = keep(this.basisV ? tf.matMul(this.basisV, wxScaled) : wxScaled) as tf.Tensor2D;
    if (this.basisV) wxScaled.dispose();
    const h0 = this.spec.hidden[0];
    // Biases are rank-1 for denseTf (wasm's fused matMul wants a buffer created rank-1: the ops below make
    // fresh ones, a reshape alone would not).
    const wt = keep(tf.reshape(tf.slice(p[1], [0, 0], [1, -1]), [h0]) as tf.Tensor1D);
    const c0 = keep(
      tf.reshape(
        tf.sub(
          tf.add(tf.mul(tf.slice(p[1], [1, 0], [1, -1]), tf.scalar(epsInput)), p[2]),
          tf.matMul(this.meanScaled, p[0] as tf.Tensor2D),
        ),
        [h0],
      ) as tf.Tensor1D,
    );
    const gainHead = this.spec.noiseControl ? 2 : 0;
    const layers = (p.length - 3 - gainHead) / 2;
    const last = 3 + 2 * (layers - 1);
    const hiddenW: tf.Tensor2D[] = [];
    const hiddenB: tf.Tensor1D[] = [];
    for (let l = 0; l < layers - 1; l++) {
      hiddenW.push(p[3 + 2 * l] as tf.Tensor2D);
      hiddenB.push(keep(tf.add(tf.reshape(p[4 + 2 * l], [p[4 + 2 * l].size]), tf.scalar(0)) as tf.Tensor1D));
    }
    const dOut = this.spec.dim;
    let wOut = p[last] as tf.Tensor2D;
    let bOut: tf.Tensor1D;
    if (this.spec.outputScaling === 'eps-score' || this.spec.outputScaling === 'capped-eps-score') {
      const capped = this.spec.outputScaling === 'capped-eps-score';
      const outScale = tf.tensor1d(Float32Array.from(this.scale, (sc) => (capped ? Math.min(eps / sc, sc) : eps / sc)));
      wOut = keep(tf.mul(wOut, outScale));
      bOut = keep(tf.mul(tf.reshape(p[last + 1], [dOut]), outScale) as tf.Tensor1D);
      outScale.dispose();
    } else {
      bOut = keep(tf.add(tf.reshape(p[last + 1], [dOut]), tf.scalar(0)) as tf.Tensor1D);
    }
    if (this.basisVt) {
      wOut = keep(tf.matMul(wOut, this.basisVt));
      bOut = keep(tf.reshape(tf.matMul(tf.reshape(bOut, [1, dOut]), this.basisVt), [dOut]) as tf.Tensor1D);
    }
    // LeakyReLU and ReLU layers run as denseTf (one fused kernel forward, a hand-written backward: about half
    // the kernels of the op-by-op layer under autodiff); tanh and SiLU layers stay op by op.
    const alpha = act === 'leaky-relu' ? 0.01 : act === 'relu' ? 0 : null;
    const layer = (h: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D =>
      alpha === null
        ? activationTf(tf.add(tf.matMul(h, w), b) as tf.Tensor2D, act)
        : denseTf(h, w, b, { activation: 'leaky-relu', alpha });
    const gainW = gainHead ? (p[p.length - 2] as tf.Tensor2D) : null;
    const gainB = gainHead ? keep(tf.add(tf.reshape(p[p.length - 1], [dOut]), tf.scalar(0)) as tf.Tensor1D) : null;
    // The layers in one array (the rollout's `inputs`): wx, wt, c0, the hidden layers' W then b, wOut, bOut, then
    // the gain head's W and b. `*With` read them from an array of that layout (the checkpointed rollout passes its
    // kept copies).
    const hidden = layers - 1;
    // With the Gaussian warm start its per-step tables follow (matrices, biases, log gains: constants of the rollout).
    const gaussian = this.spec.init === 'gaussian' ? this.gaussianPart(eps, keep) : null;
    const inputs: tf.Tensor[] = [
      wx,
      wt,
      c0,
      ...hiddenW,
      ...hiddenB,
      wOut,
      bOut,
      ...(gainW && gainB ? [gainW, gainB] : []),
      ...(gaussian ? [gaussian.matrices, gaussian.biases, gaussian.logGains] : []),
    ];
    const out = 3 + 2 * hidden;
    // The same layers at every time step: prepared once per rollout (core's prepareDenseTf: the rank-3 weights,
    // Wᵀ for the backward pass and the slope vector made once, results bit-identical to denseTf). Used when the
    // layers are read from `inputs` itself; a checkpointed rollout's copies go through denseTf.
    const prepare = (k: number, bias: tf.Tensor, leaky: boolean): PreparedDenseTf => {
      const prepared = prepareDenseTf(
        inputs[k] as tf.Tensor2D,
        bias as tf.Tensor1D,
        leaky ? { activation: 'leaky-relu', alpha: alpha as number } : {},
      );
      for (const t of prepared.tensors) keep(t);
      return prepared;
    };
    const fused = alpha !== null;
    const preparedLayers = {
      first: fused ? prepare(0, c0, true) : null,
      hidden: fused ? Array.from({ length: hidden }, (_, l) => prepare(3 + l, inputs[3 + hidden + l], true)) : null,
      out: prepare(out, bOut, false),
      gain: gainW && gainB ? prepare(out + 2, gainB, false) : null,
    };
    const features = (x: tf.Tensor2D, t: number, w: readonly tf.Tensor[]): tf.Tensor2D => {
      const bias = timeBiasTf(w[1] as tf.Tensor1D, w[2] as tf.Tensor1D, 2 * t - 1);
      const own = w === inputs;
      const first = own ? preparedLayers.first : null;
      let h = first ? first.apply(x, bias) : layer(x, w[0] as tf.Tensor2D, bias);
      for (let l = 0; l < hidden; l++) {
        const prepared = own ? (preparedLayers.hidden?.[l] ?? null) : null;
        h = prepared ? prepared.apply(h) : layer(h, w[3 + l] as tf.Tensor2D, w[3 + hidden + l] as tf.Tensor1D);
      }
      return h;
    };
    const outLayer = (h: tf.Tensor2D, w: readonly tf.Tensor[]): tf.Tensor2D =>
      w === inputs ? preparedLayers.out.apply(h) : denseTf(h, w[out] as tf.Tensor2D, w[out + 1] as tf.Tensor1D);
    const g0 = out + 2 + gainHead;
    const dim = this.spec.dim;
    // u_G(x) = x·M_k + b_k for the step k of t (read from the tables in w; off the grid, built on demand).
    const gaussianDrift = (x: tf.Tensor2D, t: number, w: readonly tf.Tensor[]): tf.Tensor2D => {
      const k = gaussian!.stepOf(t);
      if (k < 0) {
        const g = gaussian!.build(t);
        return denseTf(x, g.matrix, g.bias);
      }
      const mk = tf.slice(w[g0] as tf.Tensor2D, [k * dim, 0], [dim, dim]);
      const bk = tf.reshape(tf.slice(w[g0 + 1] as tf.Tensor2D, [k, 0], [1, dim]), [dim]) as tf.Tensor1D;
      return denseTf(x, mk, bk);
    };
    const gaussianLogGain = (t: number, w: readonly tf.Tensor[]): tf.Tensor => {
      const k = gaussian!.stepOf(t);
      return k < 0 ? gaussian!.build(t).logGain : tf.slice(w[g0 + 2] as tf.Tensor2D, [k, 0], [1, dim]);
    };
    const driftWith = (x: tf.Tensor2D, t: number, w: readonly tf.Tensor[]): tf.Tensor2D => {
      const u = outLayer(features(x, t, w), w);
      return gaussian ? (tf.add(u, gaussianDrift(x, t, w)) as tf.Tensor2D) : u;
    };
    const controlWith = (x: tf.Tensor2D, t: number, w: readonly tf.Tensor[]): NoiseControl => {
      if (!gainHead)
        throw new InvalidParameterError(
          'noiseControl',
          'a controller built with noiseControl: true',
          this.spec.noiseControl,
        );
      const h = features(x, t, w);
      // g = 2·sigmoid(raw): 1 at the zero initialisation, free to shrink towards 0, at most 2. An unbounded
      // exp(raw) fed a runaway loop (a leaky-ReLU head grows with |x|, a larger gain spreads x further).
      const raw =
        w === inputs && preparedLayers.gain
          ? preparedLayers.gain.apply(h)
          : denseTf(h, w[out + 2] as tf.Tensor2D, w[out + 3] as tf.Tensor1D);
      const u = outLayer(h, w);
      const logGain = tf.sub(Math.LN2, tf.softplus(tf.neg(raw))) as tf.Tensor2D;
      if (!gaussian) return { drift: u, logGain };
      return {
        drift: tf.add(u, gaussianDrift(x, t, w)) as tf.Tensor2D,
        logGain: tf.add(logGain, gaussianLogGain(t, w)) as tf.Tensor2D,
      };
    };
    return {
      inputs,
      driftWith,
      controlWith,
      drift: (x: tf.Tensor2D, t: number): tf.Tensor2D => driftWith(x, t, inputs),
      control: (x: tf.Tensor2D, t: number): NoiseControl => controlWith(x, t, inputs),
      dispose: () => tf.dispose(owned),
    };
  }

  /**
   * The Gaussian part at `eps`: per step k of the uniform grid, u_G(x) = x·M_k + b_k and the log gains ½ log g² per
   * principal direction, as three tables (M stacked [K·d, d], b [K, d], log gains [K, d]) built once when the rollout
   * is made (owned through `keep`); `stepOf(t)` is k for a grid time, −1 otherwise, and `build(t)` makes the step
   * [t, t + h] clipped to [0, 1] for any t (e.g. R2D2.drift).
   */
  private gaussianPart(
    eps: number,
    keep: <T extends tf.Tensor>(t: T) => T,
  ): {
    matrices: tf.Tensor2D;
    biases: tf.Tensor2D;
    logGains: tf.Tensor2D;
    stepOf(t: number): number;
    build(t: number): { matrix: tf.Tensor2D; bias: tf.Tensor1D; logGain: tf.Tensor2D };
  } {
    const d = this.spec.dim;
    const steps = this.spec.timeSteps ?? 100;
    const h = 1 / steps;
    const { mean, scale, basis } = this.scaling;
    const fill = (
      t0: number,
      t1: number,
      m: Float32Array,
      mo: number,
      b: Float32Array,
      g: Float32Array,
      o: number,
    ): void => {
      const coef = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        const step = gaussianChainStep(scale[j] * scale[j], eps, t0, t1);
        coef[j] = (step.contraction - 1) / (t1 - t0);
        g[o + j] = 0.5 * Math.log(step.gainSquared);
      }
      // M = V diag(coef) Vᵀ (row-vector convention u = x·M), b = −μ·M.
      const mm = new Float64Array(d * d);
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          let v = 0;
          if (basis) for (let j = 0; j < d; j++) v += basis[r * d + j] * coef[j] * basis[c * d + j];
          else v = r === c ? coef[r] : 0;
          mm[r * d + c] = v;
          m[mo + r * d + c] = v;
        }
      }
      for (let c = 0; c < d; c++) {
        let v = 0;
        for (let r = 0; r < d; r++) v -= mean[r] * mm[r * d + c];
        b[o + c] = v;
      }
    };
    const m = new Float32Array(steps * d * d);
    const b = new Float32Array(steps * d);
    const g = new Float32Array(steps * d);
    for (let k = 0; k < steps; k++) fill(k * h, (k + 1) * h, m, k * d * d, b, g, k * d);
    return {
      matrices: keep(tf.tensor2d(m, [steps * d, d])),
      biases: keep(tf.tensor2d(b, [steps, d])),
      logGains: keep(tf.tensor2d(g, [steps, d])),
      stepOf: (t: number) => {
        const k = Math.round(t * steps);
        return Math.abs(k * h - t) < 1e-9 && k < steps ? k : -1;
      },
      build: (t: number) => {
        const t0 = Math.min(Math.max(t, 0), 1 - h);
        const mk = new Float32Array(d * d);
        const bk = new Float32Array(d);
        const gk = new Float32Array(d);
        fill(t0, Math.min(t0 + h, 1), mk, 0, bk, gk, 0);
        return { matrix: tf.tensor2d(mk, [d, d]), bias: tf.tensor1d(bk), logGain: tf.tensor2d(gk, [1, d]) };
      },
    };
  }

  /** Copies of the weights, in {@link ControllerNetwork.params} order. */
  getWeights(): Float32Array[] {
    return this.params.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  /** Overwrite the weights (same shapes as {@link ControllerNetwork.getWeights}). */
  setWeights(weights: ArrayLike<number>[]): void {
    if (!Array.isArray(weights) || weights.length !== this.params.length) {
      throw new InvalidParameterError('weights', `${this.params.length} arrays`, weights?.length);
    }
    weights.forEach((w, i) => {
      if (w.length !== this.params[i].size)
        throw new InvalidParameterError(`weights[${i}]`, `${this.params[i].size} values`, w.length);
    });
    tf.tidy(() =>
      weights.forEach((w, i) =>
        this.params[i].assign(tf.tensor(Float32Array.from(w), this.params[i].shape, 'float32')),
      ),
    );
  }

  dispose(): void {
    tf.dispose([...this.params, this.meanScaled, this.invScaleCol]);
    if (this.basisV) tf.dispose([this.basisV, this.basisVt as tf.Tensor2D]);
  }
}
