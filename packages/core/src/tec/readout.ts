// Rate and distortion from a trained (or exact) controller by Eq. (24) of the paper. The loss comes in as a
// float64 number and the distortion is summed in float64, so the subtraction (L − D̂)/eps — which loses
// digits as eps → 0 — is not further degraded by float32 accumulation.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertFinite, assertFiniteArray, assertInteger, assertPositive } from '../errors/validate.js';
import type { Samples } from '../samples/samples.js';

/**
 * Options of {@link tecReadout}.
 *
 * @example
 * ```ts
 * import { tecReadout, type TecReadoutOptions } from '@ratedistortion/core';
 * const opts: TecReadoutOptions = { loss: 0.4, x0: new Float64Array([0, 1]), x1: new Float64Array([0.1, 0.8]), eps: 0.1, dim: 1 };
 * console.log(tecReadout(opts).rate);
 * ```
 */
export interface TecReadoutOptions {
  /** The TEC loss `L = energy + eps·Ĥ(X_1)` of the evaluation batch (Alg. 1, line 14). */
  loss: number;
  /** Source samples X_0 of the evaluation batch: {@link Samples} or a flat row-major array of n·dim values. */
  x0: Samples | Float64Array | Float32Array;
  /** Terminal states X_1 of the same batch, row for row, in the same layout as x0. */
  x1: Samples | Float64Array | Float32Array;
  /** Trade-off `eps` (> 0) the rollout used. */
  eps: number;
  /** Dimension d of one sample. */
  dim: number;
}

/**
 * Result of {@link tecReadout}.
 *
 * @example
 * ```ts
 * import { tecReadout, type TecReadout } from '@ratedistortion/core';
 * const { rate, distortion }: TecReadout = tecReadout({ loss: 0.4, x0: new Float64Array([0]), x1: new Float64Array([0.2]), eps: 0.1, dim: 1 });
 * ```
 */
export interface TecReadout {
  /** `R̂ = (L − D̂)/eps − (d/2)·log(2π·eps)`, nats. */
  rate: number;
  /** `D̂ = (1/2M) Σ_m ‖X_1^m − X_0^m‖²` (half the mean squared error). */
  distortion: number;
}

function flat(name: string, v: Samples | Float64Array | Float32Array, dim: number): ArrayLike<number> {
  if (v instanceof Float64Array || v instanceof Float32Array) {
    if (v.length === 0 || v.length % dim !== 0) {
      throw new InvalidParameterError(
        name,
        `a non-empty flat array whose length is a multiple of dim = ${dim}`,
        v.length,
      );
    }
    return v;
  }
  if (v == null || !(v.data instanceof Float64Array)) {
    throw new InvalidParameterError(name, 'Samples { n, dim, data: Float64Array } or a Float64Array/Float32Array', v);
  }
  if (v.dim !== dim) throw new DimensionMismatchError(name, dim, v.dim);
  if (v.data.length !== v.n * v.dim || v.n === 0) {
    throw new InvalidParameterError(`${name}.data`, `n·dim = ${v.n * v.dim} values (n ≥ 1)`, v.data.length);
  }
  return v.data;
}

/**
 * Eq. (24): distortion `D̂ = (1/2M) Σ ‖X_1 − X_0‖²` and rate `R̂ = (L − D̂)/eps − (d/2) log(2π eps)` (nats),
 * computed in float64 with compensated summation.
 *
 * Throws {@link InvalidParameterError} for eps ≤ 0, a non-finite loss, a bad dim,
 * {@link DimensionMismatchError} when x0 and x1 differ in size or dimension, and {@link NonFiniteValueError}
 * naming the first NaN/Infinity in x0 or x1.
 *
 * @example
 * ```ts
 * import { tecReadout } from '@ratedistortion/core';
 * const { rate, distortion } = tecReadout({
 *   loss: 1.2, x0: new Float64Array([0, 1]), x1: new Float64Array([0.5, 0.5]), eps: 0.5, dim: 1,
 * });
 * console.log(distortion); // (0.25 + 0.25) / 4 = 0.125
 * ```
 */
export function tecReadout(options: TecReadoutOptions): TecReadout {
  const { loss, eps, dim } = options;
  assertFinite('loss', loss);
  assertPositive('eps', eps);
  assertInteger('dim', dim, 1);
  const a = flat('x0', options.x0, dim);
  const b = flat('x1', options.x1, dim);
  if (a.length !== b.length) {
    throw new DimensionMismatchError('x1', `${a.length / dim} samples (as x0)`, `${b.length / dim} samples`);
  }
  assertFiniteArray('x0', a);
  assertFiniteArray('x1', b);
  // Neumaier summation: M·d can reach millions of terms.
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = b[i] - a[i];
    const term = diff * diff;
    const t = sum + term;
    comp += Math.abs(sum) >= term ? sum - t + term : term - t + sum;
    sum = t;
  }
  const m = a.length / dim;
  const distortion = (sum + comp) / (2 * m);
  const rate = (loss - distortion) / eps - (dim / 2) * Math.log(2 * Math.PI * eps);
  return { rate, distortion };
}
