// Shared plumbing of the concrete sources: float32 and tensor views of `sample`, argument checks, and the
// error thrown by sources whose entropy is not known.
import {
  DimensionMismatchError,
  InvalidParameterError,
  assertInteger,
  tf,
  type AnalyticSourceSpec,
  type LawEntropy,
  type Random,
  type Samples,
} from '@ratedistortion/core';
import type { SourceSpec } from '../spec/specs.js';
import type { EntropyValue, Source } from './source.js';

/**
 * Base class of the package's sources: subclasses implement `draw` (float64 rows) and the moments;
 * `sample`, `sampleFloat32` and `sampleTensor` all come from the same draws, so they agree for the same rng.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { UniformSource } from '@ratedistortion/datasets';
 * const u = new UniformSource([0], [1]);
 * const t = u.sampleTensor(4, new Random(1)); // a SourceBase method
 * t.dispose();
 * ```
 */
export abstract class SourceBase implements Source {
  abstract readonly kind: string;
  abstract readonly dim: number;
  readonly hasEntropy: boolean = true;
  /** True unless a subclass's law has heavier tails (see {@link Source.hasFiniteFourthMoment}). */
  readonly hasFiniteFourthMoment: boolean = true;

  /** Fill `out` (length n·dim, row-major) with n draws. */
  protected abstract draw(n: number, rng: Random, out: Float64Array): void;
  abstract entropy(): EntropyValue;
  abstract mean(): Float64Array;
  abstract covariance(): Float64Array[];
  abstract toSpec(): SourceSpec;

  /** No analytic answer unless a subclass has one (see {@link Source.analyticSpec}). */
  analyticSpec(): AnalyticSourceSpec | undefined {
    return undefined;
  }

  sample(n: number, rng: Random): Samples {
    assertInteger('n', n, 1);
    const data = new Float64Array(n * this.dim);
    this.draw(n, rng, data);
    return { n, dim: this.dim, data };
  }

  sampleFloat32(n: number, rng: Random): Float32Array {
    return Float32Array.from(this.sample(n, rng).data);
  }

  sampleTensor(n: number, rng: Random): tf.Tensor2D {
    return tf.tensor2d(this.sampleFloat32(n, rng), [n, this.dim], 'float32');
  }
}

/**
 * The error thrown by `entropy()` of a source whose density is unknown (a data set, an empirical sample).
 *
 * @example
 * ```ts
 * import { entropyUnknownError } from '@ratedistortion/datasets';
 * console.log(entropyUnknownError('fsdd').message);
 * ```
 */
export function entropyUnknownError(kind: string): InvalidParameterError {
  return new InvalidParameterError(
    'source.kind',
    'a source with a known density (gaussian, gmm, laplace, uniform, sinc4-mixture)',
    kind,
    'the differential entropy of a data set is unknown; estimate it from samples with estimateEntropy',
  );
}

/**
 * Read a frequency argument of a characteristic function: a number for 1-D sources, else a vector of
 * length `dim`.
 *
 * @example
 * ```ts
 * import { omegaVector } from '@ratedistortion/datasets';
 * console.log(omegaVector(0.5, 1)); // Float64Array [0.5]
 * ```
 */
export function omegaVector(omega: Float64Array | number, dim: number): Float64Array {
  if (typeof omega === 'number') {
    if (dim !== 1) throw new InvalidParameterError('omega', `a vector of length ${dim}`, omega);
    if (!Number.isFinite(omega)) throw new InvalidParameterError('omega', 'a finite number', omega);
    return Float64Array.of(omega);
  }
  if (!omega || omega.length !== dim) {
    throw new InvalidParameterError('omega', `a vector of length ${dim}`, omega);
  }
  for (let i = 0; i < dim; i++) {
    if (!Number.isFinite(omega[i])) throw new InvalidParameterError(`omega[${i}]`, 'a finite number', omega[i]);
  }
  return omega;
}

/**
 * Check a sample matrix handed to `logPdf` has the source's dimension.
 *
 * @example
 * ```ts
 * import { checkSamplesDim } from '@ratedistortion/datasets';
 * checkSamplesDim({ n: 1, dim: 2, data: new Float64Array(2) }, 2);
 * ```
 */
export function checkSamplesDim(x: Samples, dim: number): void {
  if (!x || !(x.data instanceof Float64Array)) throw new InvalidParameterError('x', 'a Samples matrix', x);
  if (x.dim !== dim) throw new DimensionMismatchError('x', dim, x.dim);
}

/**
 * A core law's entropy as an {@link EntropyValue} (`error` becomes `errorEstimate`).
 *
 * @example
 * ```ts
 * import { LaplaceLaw } from '@ratedistortion/core';
 * import { entropyValueOf } from '@ratedistortion/datasets';
 * console.log(entropyValueOf(new LaplaceLaw([0], [1]).entropy())); // { value: 1.693…, method: 'exact' }
 * ```
 */
export function entropyValueOf(h: LawEntropy): EntropyValue {
  const out: EntropyValue = { value: h.value, method: h.method };
  if (h.error !== undefined) out.errorEstimate = h.error;
  if (h.stdError !== undefined) out.stdError = h.stdError;
  return out;
}
