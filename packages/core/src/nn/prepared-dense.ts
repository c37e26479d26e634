// A dense layer prepared once for many applications of the same weights, as in an SDE rollout that evaluates the
// same network at every time step. denseTf makes per call what does not change between calls: the rank-3 view of W
// the fused kernel takes, the PReLU slope vector, and (in the backward pass) Wᵀ for dx = dz·Wᵀ, a fresh transpose
// that tfjs-wasm's matMul must also pack anew each time. Prepared, these are made once; Wᵀ is a buffer of its own,
// saved for the backward pass in W's place (on wasm the saved clone shares its buffer, see
// backend/wasm-shared-identity.ts), so the wasm matMul operator packed for it is reused by every time step's
// backward product. The arithmetic is denseTf's, so results are bit-identical (prepared-dense.test.ts).
import { tf } from '../backend/tf.js';
import { denseTf, type DenseOptions } from './dense.js';
import { checkDenseArguments, fusedDenseState, fusedDenseTf } from './fused-dense.js';

/**
 * A dense layer from {@link prepareDenseTf}.
 *
 * @example
 * ```ts
 * import { prepareDenseTf, tf, type PreparedDenseTf } from '@ratedistortion/core';
 * const y = tf.tidy(() => {
 *   const layer: PreparedDenseTf = prepareDenseTf(tf.eye(2) as tf.Tensor2D, tf.tensor1d([1, 0]));
 *   return layer.apply(tf.tensor2d([[1, 2]]));
 * });
 * console.log(Array.from(y.dataSync())); // [2, 2]
 * y.dispose();
 * ```
 */
export interface PreparedDenseTf {
  /**
   * `act(x·W + b)` for a batch x [n, in], differentiable w.r.t. x, W and b (and `bias` when given), with the same
   * values and gradients as {@link denseTf}. `bias` [out] replaces b for this call (e.g. a bias that changes with
   * the time step).
   */
  apply(x: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D;
  /** The tensors made by the preparation (dispose them after the last `apply`, or prepare inside `tf.tidy`). */
  readonly tensors: readonly tf.Tensor[];
}

/**
 * Prepare `act(x·W + b)` (weights W [in, out], bias b [out], options as {@link denseTf}) for many calls. Prepare
 * inside the gradient scope (e.g. `tf.variableGrads`) that will differentiate the calls, so that gradients reach
 * W and b. Throws as {@link denseTf} does: `InvalidParameterError` for tensors of the wrong rank or bad options,
 * `DimensionMismatchError` when b does not match W (here) or a call's x or bias does not (in `apply`).
 *
 * @example
 * ```ts
 * import { prepareDenseTf, tf } from '@ratedistortion/core';
 * const w = tf.tidy(() => tf.variable(tf.tensor2d([[1, -1], [0, 2]]))); // tidy frees the initial tensor
 * const b = tf.tidy(() => tf.variable(tf.tensor1d([0, 0.5])));
 * const { value, grads } = tf.variableGrads(() => {
 *   const layer = prepareDenseTf(w, b, { activation: 'leaky-relu', alpha: 0.1 });
 *   let h = tf.tensor2d([[1, 1], [2, -1]]);
 *   for (let step = 0; step < 3; step++) h = layer.apply(h); // the same W at every step
 *   return tf.sum(h) as tf.Scalar;
 * });
 * console.log(value.dataSync()[0], grads[w.name].shape); // the sum, [2, 2]
 * tf.dispose([w, b, value, ...Object.values(grads)]);
 * ```
 */
export function prepareDenseTf(w: tf.Tensor2D, b: tf.Tensor1D, options: DenseOptions = {}): PreparedDenseTf {
  // W, b and the options once here; each call checks its own x and bias.
  const { leaky, alpha } = checkDenseArguments(null, w, b, options);
  if (!fusedDenseState.enabled) {
    return {
      apply: (x, bias) => denseTf(x, w, bias ?? b, options),
      tensors: [],
    };
  }
  const [k, out] = w.shape;
  // On webgpu the matMul shader reads a transposed operand itself (see backend/internal.ts): no Wᵀ buffer there.
  const webgpu = tf.getBackend() === 'webgpu';
  const weightsT = webgpu ? undefined : (tf.transpose(w) as tf.Tensor2D);
  const weights3d = tf.reshape(w, [1, k, out]) as tf.Tensor3D;
  const slopes = leaky && !webgpu ? (tf.fill([out], alpha) as tf.Tensor1D) : undefined;
  return {
    apply: (x, bias) => {
      checkDenseArguments(x, w, bias ?? b, options);
      return fusedDenseTf(x, w, bias ?? b, leaky, alpha, { weights3d, weightsT, slopes });
    },
    tensors: [weights3d, ...(weightsT ? [weightsT] : []), ...(slopes ? [slopes] : [])],
  };
}
