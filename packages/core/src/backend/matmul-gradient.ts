// The BatchMatMul gradient without transposed matMuls. tfjs-core's stock gradient computes dA and dB with
// matMul(·, ·, transposeA, transposeB) flags; the wasm backend's XNNPACK path is tuned for the plain
// layout and is ~10× slower on transposed operands, which dominated training time of small MLP controllers.
// Transposing explicitly (a cheap copy) and then multiplying plainly gives the same numbers much faster; of
// the two ways to do that for each product the one copying fewer elements is taken (see `product`).
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulGradConfig } from '@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad.js';
import { InvalidParameterError } from '../errors/errors.js';
import { product } from './internal.js';

/**
 * Which gradient the `BatchMatMul` kernel uses: tfjs's stock one or the explicit-transpose one.
 *
 * @example
 * ```ts
 * import { useMatMulGradient, type MatMulGradientKind } from '@ratedistortion/core';
 * const kind: MatMulGradientKind = 'explicit-transpose';
 * useMatMulGradient(kind);
 * ```
 */
export type MatMulGradientKind = 'explicit-transpose' | 'stock';

/**
 * Gradient config for the `BatchMatMul` kernel (every `tf.matMul`) that uses explicit `tf.transpose` and
 * untransposed `tf.matMul` only. Mathematically identical to tfjs-core's stock config; with
 * `C = op(A)·op(B)` and `T` the swap of the last two axes:
 * `(F,F)`: dA = dC·Bᵀ, dB = Aᵀ·dC; `(F,T)`: dA = dC·B, dB = dCᵀ·A; `(T,F)`: dA = B·dCᵀ, dB = A·dC;
 * `(T,T)`: dA = Bᵀ·dCᵀ, dB = dCᵀ·Aᵀ.
 *
 * @example
 * ```ts
 * import { tf, explicitTransposeMatMulGradConfig } from '@ratedistortion/core';
 * tf.registerGradient(explicitTransposeMatMulGradConfig); // already done on import; shown for completeness
 * const g = tf.tidy(() => {
 *   const a = tf.tensor2d([[1, 2], [3, 4]]);
 *   return tf.grad((x) => tf.sum(tf.matMul(x as tf.Tensor2D, a)))(tf.eye(2));
 * });
 * console.log(Array.from(g.dataSync())); // [3, 7, 3, 7]
 * g.dispose();
 * ```
 */
export const explicitTransposeMatMulGradConfig: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const d = dy as tf.Tensor;
    if (!transposeA && !transposeB) {
      return { a: () => product(d, false, b, true), b: () => product(a, true, d, false) };
    }
    if (!transposeA && transposeB) {
      return { a: () => product(d, false, b, false), b: () => product(d, true, a, false) };
    }
    if (transposeA && !transposeB) {
      return { a: () => product(b, false, d, true), b: () => product(a, false, d, false) };
    }
    return { a: () => product(b, true, d, true), b: () => product(d, true, a, true) };
  },
};

let active: MatMulGradientKind = 'stock';

/**
 * Select the `BatchMatMul` gradient globally (all backends). The library selects `'explicit-transpose'`
 * when it is imported; `'stock'` exists for benchmarks and for checking the two agree.
 *
 * @example
 * ```ts
 * import { useMatMulGradient, activeMatMulGradient } from '@ratedistortion/core';
 * useMatMulGradient('stock');
 * console.log(activeMatMulGradient()); // 'stock'
 * useMatMulGradient('explicit-transpose');
 * ```
 */
export function useMatMulGradient(kind: MatMulGradientKind): void {
  if (kind === 'explicit-transpose') tf.registerGradient(explicitTransposeMatMulGradConfig);
  else if (kind === 'stock') tf.registerGradient(batchMatMulGradConfig);
  else throw new InvalidParameterError('kind', "'explicit-transpose' or 'stock'", kind);
  active = kind;
}

/**
 * The `BatchMatMul` gradient currently registered by {@link useMatMulGradient}.
 *
 * @example
 * ```ts
 * import { activeMatMulGradient } from '@ratedistortion/core';
 * console.log(activeMatMulGradient()); // 'explicit-transpose'
 * ```
 */
export function activeMatMulGradient(): MatMulGradientKind {
  return active;
}
