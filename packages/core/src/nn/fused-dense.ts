// The fused dense layer's kernel and hand-written gradient (see dense.ts for the design), shared by core's denseTf
// and prepareDenseTf. Internal: not exported from the package.
import { tf } from '../backend/tf.js';
import { product } from '../backend/internal.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import type { DenseOptions } from './dense.js';

/** Whether denseTf and prepareDenseTf use the fused kernel (set by useFusedDense). */
export const fusedDenseState = { enabled: true };

/**
 * denseTf's argument checks (InvalidParameterError for a wrong rank or option, DimensionMismatchError when the
 * shapes do not chain); `x = null` checks W, b and the options only. Returns the resolved activation.
 */
export function checkDenseArguments(
  x: tf.Tensor2D | null,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  options: DenseOptions,
): { leaky: boolean; alpha: number } {
  const activation = options.activation ?? 'linear';
  const alpha = options.alpha ?? 0.01;
  if (activation !== 'linear' && activation !== 'leaky-relu')
    throw new InvalidParameterError('activation', "'linear' or 'leaky-relu'", activation);
  if (!(typeof alpha === 'number' && alpha >= 0 && alpha < 1))
    throw new InvalidParameterError('alpha', 'a number in [0, 1)', alpha);
  for (const [name, t, rank] of [...(x === null ? [] : ([['x', x, 2]] as const)), ['w', w, 2], ['b', b, 1]] as const) {
    if (!(t instanceof tf.Tensor) || t.rank !== rank) {
      throw new InvalidParameterError(name, `a rank-${rank} tensor`, t instanceof tf.Tensor ? `rank ${t.rank}` : t);
    }
  }
  if (x !== null && x.shape[1] !== w.shape[0])
    throw new DimensionMismatchError(
      'w',
      `[${x.shape[1]}, out] (x has ${x.shape[1]} columns)`,
      `[${w.shape.join(', ')}]`,
    );
  if (b.shape[0] !== w.shape[1]) throw new DimensionMismatchError('b', `[${w.shape[1]}]`, `[${b.shape.join(', ')}]`);
  return { leaky: activation === 'leaky-relu', alpha };
}

/**
 * The wasm backend's fused matMul reads the rank of the bias from the buffer's registration, which a reshape
 * does not change; a bias whose buffer was created with another shape (e.g. a reshaped [1, k] variable) is
 * copied into a fresh rank-1 buffer (one small kernel).
 */
export function rank1Buffer(b: tf.Tensor1D): tf.Tensor1D {
  const map = (tf.backend() as unknown as { dataIdMap?: { get(id: unknown): { shape?: number[] } | undefined } })
    .dataIdMap;
  const registered = map?.get(b.dataId)?.shape;
  return registered === undefined || registered.length === 1 ? b : tf.add(b, tf.scalar(0));
}

/**
 * Per-weights constants of the fused layer that a caller applying the same W many times (a rollout) computes once
 * (see prepared-dense.ts); any left out are made per call. `weights3d` must be `reshape(w, [1, in, out])`,
 * `weightsT` a fresh buffer holding wᵀ [out, in] (a buffer of that shape, so that tfjs-wasm's matMul operator cache
 * keeps its packing across calls), `slopes` the constant PReLU slope vector [out].
 */
export interface FusedDenseConstants {
  weights3d?: tf.Tensor3D;
  weightsT?: tf.Tensor2D;
  slopes?: tf.Tensor1D;
}

/**
 * The fused layer of {@link denseTf} without the argument checks (internal: callers have checked the shapes).
 * With `constants.weightsT`, Wᵀ is saved instead of W and dx = dz·Wᵀ reads it instead of transposing W: the same
 * values in the same product, so the result is bit-identical to the plain call.
 */
export function fusedDenseTf(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  leaky: boolean,
  alpha: number,
  constants: FusedDenseConstants = {},
): tf.Tensor2D {
  const n = x.shape[0];
  const k = x.shape[1];
  const out = w.shape[1];
  const { weights3d, weightsT, slopes } = constants;
  const layer = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    // The kernel itself: tf.fused.matMul would split a non-linear activation back into separate ops whenever
    // a gradient tape is active, which is exactly when this layer is used for training.
    // The kernel takes rank-3 operands (a batch of one product).
    const inputs: Record<string, tf.Tensor> = {
      a: tf.reshape(xi, [1, n, k]),
      b: weights3d ?? tf.reshape(wi, [1, k, out]),
      bias: rank1Buffer(bi as tf.Tensor1D),
    };
    // LeakyReLU as PReLU with a constant slope vector on wasm (its LeakyRelu kernel is ~4× slower); webgpu's fused
    // kernel takes the slope as an attribute, which saves a fill dispatch per layer call.
    const nativeLeaky = leaky && tf.getBackend() === 'webgpu';
    if (leaky && !nativeLeaky) inputs.preluActivationWeights = slopes ?? tf.fill([out], alpha);
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
    // Wᵀ is saved rather than read from the closure: tensors made outside the saved set are freed when the
    // forward pass's scope ends, before the backward pass runs.
    const kept = [xi, weightsT ?? wi];
    save(leaky ? [...kept, y] : kept);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved;
        const dz = leaky ? tf.mul(dy, tf.step(ys, alpha)) : dy;
        return [
          weightsT ? tf.matMul(dz as tf.Tensor2D, ws as tf.Tensor2D) : product(dz, false, ws, true),
          product(xs, true, dz, false),
          tf.reshape(tf.matMul(tf.ones([1, n]), dz as tf.Tensor2D), [out]),
        ];
      },
    };
  });
  return layer(x, w, b) as tf.Tensor2D;
}
