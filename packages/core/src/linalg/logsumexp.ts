// Overflow-safe log-sum-exp in tfjs (differentiable) and float64. Shifting by the maximum keeps exp() in
// range (tfjs has no stop-gradient, but the shift's two gradient contributions cancel: ∂/∂m = 1 − Σ softmax = 0),
// and an all −∞ slice yields −∞ rather than NaN.
import { tf } from '../backend/tf.js';
import { InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';

function normaliseAxis(x: tf.Tensor, axis: number | undefined): number | undefined {
  if (axis === undefined) return undefined;
  if (!Number.isInteger(axis) || axis < -x.rank || axis >= x.rank) {
    throw new InvalidParameterError('axis', `an integer in [${-x.rank}, ${x.rank - 1}]`, axis);
  }
  return axis < 0 ? axis + x.rank : axis;
}

/**
 * `log Σ exp(x)` along `axis` (all elements when omitted), computed as `m + log Σ exp(x − m)` with
 * `m = max x`, so no overflow for large inputs and no NaN for an all-(−∞) slice. Differentiable;
 * the gradient is `softmax(x)`.
 *
 * @param keepDims - keep the reduced axis with length 1.
 * @example
 * ```ts
 * import { tf, logSumExpStable } from '@ratedistortion/core';
 * const y = tf.tidy(() => logSumExpStable(tf.tensor1d([1000, 1000])).dataSync()[0]);
 * console.log(y); // 1000 + log 2 (a naive log(sum(exp)) overflows)
 * ```
 */
export function logSumExpStable(x: tf.Tensor, axis?: number, keepDims = false): tf.Tensor {
  const ax = normaliseAxis(x, axis);
  return tf.tidy(() => {
    const rawMax = tf.max(x, ax, true);
    const m = tf.where(tf.isFinite(rawMax), rawMax, tf.zerosLike(rawMax));
    const s = tf.sum(tf.exp(tf.sub(x, m)), ax, true);
    const out = tf.add(tf.log(s), m);
    if (keepDims) return out;
    return ax === undefined ? tf.reshape(out, []) : tf.squeeze(out, [ax]);
  });
}

/**
 * `log mean exp(x)` along `axis` (all elements when omitted): {@link logSumExpStable} minus `log count`.
 * Used for the Donsker–Varadhan term `log E e^{f(Z)}`.
 *
 * @example
 * ```ts
 * import { tf, logMeanExp } from '@ratedistortion/core';
 * console.log(tf.tidy(() => logMeanExp(tf.tensor1d([0, 0, 0])).dataSync()[0])); // 0
 * ```
 */
export function logMeanExp(x: tf.Tensor, axis?: number, keepDims = false): tf.Tensor {
  const ax = normaliseAxis(x, axis);
  const count = ax === undefined ? x.size : x.shape[ax];
  if (count === 0) throw new InvalidParameterError('x', 'a non-empty tensor along the reduced axis', x.shape.join('×'));
  return tf.tidy(() => tf.sub(logSumExpStable(x, ax, keepDims), Math.log(count)));
}

/**
 * Float64 `log Σ exp(values)` (max-shifted). Returns −∞ for an empty or all-(−∞) input; a NaN entry is a
 * NonFiniteValueError naming its index.
 *
 * @example
 * ```ts
 * import { logSumExp64 } from '@ratedistortion/core';
 * console.log(logSumExp64([1000, 1000])); // 1000.6931…
 * ```
 */
export function logSumExp64(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > m) m = v;
    else if (Number.isNaN(v)) throw new NonFiniteValueError('values', i, v);
  }
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}
