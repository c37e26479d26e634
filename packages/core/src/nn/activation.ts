// The hidden-layer activations of the library's networks (createMlp, R2D2's controller), defined once so that every
// network applies the very same ops.
import { tf } from '../backend/tf.js';

/**
 * Hidden-layer activation of {@link createMlp}. `'leaky-relu'` uses slope 0.01 for negative inputs
 * (the PyTorch default the paper's models used).
 *
 * @example
 * ```ts
 * import type { MlpActivation } from '@ratedistortion/core';
 * const a: MlpActivation = 'silu';
 * ```
 */
export type MlpActivation = 'leaky-relu' | 'relu' | 'tanh' | 'silu';

/**
 * Every {@link MlpActivation}, for validating options.
 *
 * @example
 * ```ts
 * import { MLP_ACTIVATIONS } from '@ratedistortion/core';
 * console.log(MLP_ACTIVATIONS.includes('tanh')); // true
 * ```
 */
export const MLP_ACTIVATIONS: readonly MlpActivation[] = ['leaky-relu', 'relu', 'tanh', 'silu'];

/**
 * Apply `activation` element-wise: leaky ReLU with slope 0.01, ReLU, tanh, or SiLU x·σ(x).
 *
 * @example
 * ```ts
 * import { activationTf, tf } from '@ratedistortion/core';
 * const x = tf.tensor2d([[-2, 0, 3]]);
 * const y = activationTf(x, 'leaky-relu');
 * console.log(Array.from(y.dataSync())); // [-0.02, 0, 3]
 * tf.dispose([x, y]);
 * ```
 */
export function activationTf(x: tf.Tensor2D, activation: MlpActivation): tf.Tensor2D {
  switch (activation) {
    case 'leaky-relu':
      return tf.leakyRelu(x, 0.01);
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'silu':
      return tf.mul(x, tf.sigmoid(x));
  }
}
