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
import { InvalidParameterError } from '../errors/errors.js';
import { checkDenseArguments, fusedDenseState, fusedDenseTf } from './fused-dense.js';

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
  fusedDenseState.enabled = enabled;
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
  const { leaky, alpha } = checkDenseArguments(x, w, b, options);
  if (!fusedDenseState.enabled) {
    const z = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
    return leaky ? tf.leakyRelu(z, alpha) : z;
  }
  return fusedDenseTf(x, w, b, leaky, alpha);
}
