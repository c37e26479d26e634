// Adam written out (rather than tf.train.adam) so that its whole state — both moment estimates and the step
// count — can be read and restored synchronously and exactly, which is what makes checkpoints resume
// bit-identically. The update is PyTorch's `torch.optim.Adam` (the paper's optimiser, App. E.1):
//   m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  θ ← θ − lr·(m/(1−β1ᵗ)) / (sqrt(v/(1−β2ᵗ)) + ε),
// with the bias corrections computed in float64 on the host.
import { InvalidParameterError, assertInRange, assertPositive, tf } from '@ratedistortion/core';

/**
 * Adam hyper-parameters; defaults are PyTorch's.
 *
 * @example
 * ```ts
 * import type { AdamOptions } from '@ratedistortion/estimators';
 * const o: AdamOptions = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
 * ```
 */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Serialisable optimiser state: step count and the moments, one Float32Array per variable.
 *
 * @example
 * ```ts
 * import type { AdamState } from '@ratedistortion/estimators';
 * const s: AdamState = { step: 0, m: [new Float32Array(2)], v: [new Float32Array(2)] };
 * ```
 */
export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * Adam over a fixed list of variables.
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { Adam } from '@ratedistortion/estimators';
 * const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2]))); // tidy frees the initial tensor
 * const adam = new Adam([w], { learningRate: 0.1 });
 * for (let i = 0; i < 50; i++) {
 *   const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(w)), [w]);
 *   adam.apply([grads[w.name]]);
 *   tf.dispose([value, grads[w.name]]);
 * }
 * console.log(w.dataSync()); // close to [0, 0]
 * adam.dispose();
 * w.dispose();
 * ```
 */
export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly vars: tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;
  private readonly b1: tf.Scalar;
  private readonly b2: tf.Scalar;
  private readonly c1: tf.Scalar;
  private readonly c2: tf.Scalar;

  constructor(variables: tf.Variable[], options: AdamOptions) {
    assertPositive('learningRate', options.learningRate);
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    assertInRange('beta1', this.beta1, 0, 1, { max: true });
    assertInRange('beta2', this.beta2, 0, 1, { max: true });
    assertPositive('epsilon', this.epsilon);
    this.vars = variables;
    // tf.variable keeps its own reference to the data: the zerosLike temporaries are freed by the tidy.
    this.m = tf.tidy(() => variables.map((x) => tf.variable(tf.zerosLike(x), false)));
    this.v = tf.tidy(() => variables.map((x) => tf.variable(tf.zerosLike(x), false)));
    this.b1 = tf.scalar(this.beta1);
    this.b2 = tf.scalar(this.beta2);
    this.c1 = tf.scalar(1 - this.beta1);
    this.c2 = tf.scalar(1 - this.beta2);
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /**
   * One update with `grads[i]` the gradient of variable i, each multiplied by `gradScale` first (gradient
   * clipping passes its factor here, saving a pass over the gradients).
   */
  apply(grads: tf.Tensor[], gradScale = 1): void {
    if (grads.length !== this.vars.length) {
      throw new InvalidParameterError('grads', `${this.vars.length} gradients (one per variable)`, grads.length);
    }
    this.t += 1;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      const stepSize = tf.scalar(-this.learningRate / bc1);
      const invSqrtBc2 = tf.scalar(1 / Math.sqrt(bc2));
      const eps = tf.scalar(this.epsilon);
      const scale = gradScale === 1 ? null : tf.scalar(gradScale);
      for (let i = 0; i < this.vars.length; i++) {
        const g = scale ? tf.mul(grads[i], scale) : grads[i];
        const m = tf.add(tf.mul(this.m[i], this.b1), tf.mul(g, this.c1));
        const v = tf.add(tf.mul(this.v[i], this.b2), tf.mul(tf.square(g), this.c2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.mul(tf.sqrt(v), invSqrtBc2), eps);
        this.vars[i].assign(tf.add(this.vars[i], tf.mul(tf.div(m, denom), stepSize)));
      }
    });
  }

  /** A copy of the state (host memory). */
  getState(): AdamState {
    return {
      step: this.t,
      m: this.m.map((x) => Float32Array.from(x.dataSync() as Float32Array)),
      v: this.v.map((x) => Float32Array.from(x.dataSync() as Float32Array)),
    };
  }

  /** Restore a state from {@link Adam.getState} (same variable shapes). */
  setState(state: AdamState): void {
    if (!state || !Number.isInteger(state.step) || state.step < 0)
      throw new InvalidParameterError('state.step', 'an integer >= 0', state?.step);
    if (state.m.length !== this.vars.length || state.v.length !== this.vars.length) {
      throw new InvalidParameterError('state.m', `${this.vars.length} moment arrays`, state.m.length);
    }
    for (let i = 0; i < this.vars.length; i++) {
      if (state.m[i].length !== this.vars[i].size || state.v[i].length !== this.vars[i].size) {
        throw new InvalidParameterError(`state.m[${i}]`, `${this.vars[i].size} values`, state.m[i].length);
      }
    }
    // assign() takes its own reference to the data: the tidy frees the temporaries.
    tf.tidy(() => {
      for (let i = 0; i < this.vars.length; i++) {
        this.m[i].assign(tf.tensor(state.m[i], this.vars[i].shape, 'float32'));
        this.v[i].assign(tf.tensor(state.v[i], this.vars[i].shape, 'float32'));
      }
    });
    this.t = state.step;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v, this.b1, this.b2, this.c1, this.c2]);
  }
}
