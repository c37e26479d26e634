// A fully-connected layer y = act(x·W + b) as one tfjs op with its own gradient. Written op by op, a layer is
// three kernels forward (MatMul, Add, LeakyRelu) and, under autodiff, about ten backward plus a saved copy of
// every input of each; at the sizes of R2D2's controller (a few hundred rows, 128 units) the per-kernel cost
// of tfjs-wasm rivals the arithmetic. Here the forward is one fused kernel (matMul + bias + activation, with
// LeakyReLU given as PReLU with a constant slope vector: the wasm LeakyRelu kernel is ~4× slower than PReLU)
// and the backward is written out with untransposed matMuls only:
//   dz = dy ⊙ step(y, α)   (y = act(z) has the sign of z for α ≥ 0, so this is the LeakyReLU slope at z)
//   dx = dz·Wᵀ,  dW = xᵀ·dz (or (dzᵀ·x)ᵀ when that copies less),  db = 1ᵀ·dz (a matMul: wasm's Sum over
//   the batch axis is slow).
import { tf } from '../backend/tf.js';
import { product } from '../backend/internal.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';

/**
 * Activation of {@link denseTf}: `'linear'` (none) or `'leaky-relu'` (slope `alpha` below zero; 0 gives ReLU).
 *
 * @example
 * ```ts
 * import type { DenseActivation } from '@ratedistortion/core';
 * const a: DenseActivation = 'leaky-relu';
 * ```
 */
export type DenseActivation = 'linear' | 'leaky-relu';

/**
 * Options of {@link denseTf}.
 *
 * @example
 * ```ts
 * import type { DenseOptions } from '@ratedistortion/core';
 * const o: DenseOptions = { activation: 'leaky-relu', alpha: 0.01 };
 * ```
 */
export interface DenseOptions {
  /** Default `'linear'`. */
  activation?: DenseActivation;
  /** Negative-side slope of `'leaky-relu'`, in [0, 1) (default 0.01, PyTorch's). */
  alpha?: number;
}

/**
 * The wasm backend's fused matMul reads the rank of the bias from the buffer's registration, which a reshape
 * does not change; a bias whose buffer was created with another shape (e.g. a reshaped [1, k] variable) is
 * copied into a fresh rank-1 buffer (one small kernel).
 */
function rank1Buffer(b: tf.Tensor1D): tf.Tensor1D {
  const map = (tf.backend() as unknown as { dataIdMap?: { get(id: unknown): { shape?: number[] } | undefined } })
    .dataIdMap;
  const registered = map?.get(b.dataId)?.shape;
  return registered === undefined || registered.length === 1 ? b : tf.add(b, tf.scalar(0));
}

let fusedDense = true;

/**
 * Switch {@link denseTf} between its fused kernel with the hand-written gradient (default, `true`) and the
 * op-by-op layer `act(add(matMul(x, W), b))` under tfjs's autodiff (`false`), process-wide. For benchmarks
 * (what the fused layer buys) and for cross-checks; both give the same values to float32 rounding.
 *
 * @example
 * ```ts
 * import { useFusedDense } from '@ratedistortion/core';
 * useFusedDense(false); // op-by-op layers from here on
 * useFusedDense(true);
 * ```
 */
export function useFusedDense(enabled: boolean): void {
  if (typeof enabled !== 'boolean') throw new InvalidParameterError('enabled', 'true or false', enabled);
  fusedDense = enabled;
}

/**
 * `act(x·W + b)` for a batch `x` [n, in], weights `W` [in, out] and bias `b` [out], differentiable w.r.t. all
 * three with a hand-written gradient (same values as tfjs's autodiff of `leakyRelu(add(matMul(x, W), b))` up
 * to float32 summation order; fewer and cheaper kernels, see the file comment). Float32 only.
 *
 * Throws {@link InvalidParameterError} for tensors of the wrong rank or an alpha outside [0, 1), and
 * {@link DimensionMismatchError} when the shapes do not chain.
 *
 * @example
 * ```ts
 * import { denseTf, tf } from '@ratedistortion/core';
 * const x = tf.tensor2d([[1, -2]]);
 * const w = tf.tidy(() => tf.variable(tf.tensor2d([[1, 0], [0, 1]]))); // tidy frees the initial tensor
 * const b = tf.tidy(() => tf.variable(tf.tensor1d([0.5, 0])));
 * const y = denseTf(x, w, b, { activation: 'leaky-relu', alpha: 0.1 });
 * console.log(Array.from(y.dataSync())); // [1.5, -0.2]
 * const { value, grads } = tf.variableGrads(() => tf.sum(denseTf(x, w, b, { activation: 'leaky-relu', alpha: 0.1 })));
 * console.log(Array.from(grads[b.name].dataSync())); // [1, 0.1]
 * tf.dispose([x, w, b, y, value, ...Object.values(grads)]);
 * ```
 */
export function denseTf(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, options: DenseOptions = {}): tf.Tensor2D {
  const activation = options.activation ?? 'linear';
  const alpha = options.alpha ?? 0.01;
  if (activation !== 'linear' && activation !== 'leaky-relu')
    throw new InvalidParameterError('activation', "'linear' or 'leaky-relu'", activation);
  if (!(typeof alpha === 'number' && alpha >= 0 && alpha < 1))
    throw new InvalidParameterError('alpha', 'a number in [0, 1)', alpha);
  for (const [name, t, rank] of [
    ['x', x, 2],
    ['w', w, 2],
    ['b', b, 1],
  ] as const) {
    if (!(t instanceof tf.Tensor) || t.rank !== rank) {
      throw new InvalidParameterError(name, `a rank-${rank} tensor`, t instanceof tf.Tensor ? `rank ${t.rank}` : t);
    }
  }
  if (x.shape[1] !== w.shape[0])
    throw new DimensionMismatchError(
      'w',
      `[${x.shape[1]}, out] (x has ${x.shape[1]} columns)`,
      `[${w.shape.join(', ')}]`,
    );
  if (b.shape[0] !== w.shape[1]) throw new DimensionMismatchError('b', `[${w.shape[1]}]`, `[${b.shape.join(', ')}]`);
  const leaky = activation === 'leaky-relu';
  if (!fusedDense) {
    const z = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
    return leaky ? tf.leakyRelu(z, alpha) : z;
  }
  const n = x.shape[0];
  const out = w.shape[1];
  const layer = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    // The kernel itself: tf.fused.matMul would split a non-linear activation back into separate ops whenever
    // a gradient tape is active, which is exactly when this layer is used for training.
    // The kernel takes rank-3 operands (a batch of one product).
    const inputs: Record<string, tf.Tensor> = {
      a: tf.reshape(xi, [1, n, x.shape[1]]),
      b: tf.reshape(wi, [1, x.shape[1], out]),
      bias: rank1Buffer(bi as tf.Tensor1D),
    };
    // LeakyReLU as PReLU with a constant slope vector on wasm (its LeakyRelu kernel is ~4× slower); webgpu's fused
    // kernel takes the slope as an attribute, which saves a fill dispatch per layer call.
    const nativeLeaky = leaky && tf.getBackend() === 'webgpu';
    if (leaky && !nativeLeaky) inputs.preluActivationWeights = tf.fill([out], alpha);
    const y = tf.reshape(
      tf.engine().runKernel(
        tf._FusedMatMul,
        inputs as unknown as tf.NamedTensorMap,
        {
          transposeA: false,
          transposeB: false,
          activation: nativeLeaky ? 'leakyrelu' : leaky ? 'prelu' : 'linear',
          leakyreluAlpha: alpha,
        } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor,
      [n, out],
    ) as tf.Tensor2D;
    save(leaky ? [xi, wi, y] : [xi, wi]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved;
        const dz = leaky ? tf.mul(dy, tf.step(ys, alpha)) : dy;
        return [
          product(dz, false, ws, true),
          product(xs, true, dz, false),
          tf.reshape(tf.matMul(tf.ones([1, n]), dz as tf.Tensor2D), [out]),
        ];
      },
    };
  });
  return layer(x, w, b) as tf.Tensor2D;
}
