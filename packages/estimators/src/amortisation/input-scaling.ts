// Inputs of the controller network are standardised so one set of initial weights suits sources of any
// scale (the mixtures of App. E.2 have σ ≈ 0.2, the Gaussian σ = 1, CIFAR patches live in [0, 1]).
import { InvalidParameterError, assertFiniteArray, type Random, type Samples } from '@ratedistortion/core';

/**
 * Per-coordinate affine standardisation `x̃ = (x − mean) / scale` (a diagonal preconditioner: it keeps the
 * first layer a plain `[n, d] × [d, h]` matMul; a full whitening would add a `d × d` matMul per time step).
 *
 * @example
 * ```ts
 * import type { InputScaling } from '@ratedistortion/estimators';
 * const s: InputScaling = { mean: new Float64Array([0]), scale: new Float64Array([1]) };
 * ```
 */
export interface InputScaling {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * What {@link inputScalingFor} needs from a source: exact moments when it has them, else samples.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { ScalableSource } from '@ratedistortion/estimators';
 * const s: ScalableSource = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * ```
 */
export interface ScalableSource {
  readonly dim: number;
  sample(n: number, rng: Random): Samples;
  mean?(): Float64Array;
  covariance?(): Float64Array[];
}

/**
 * Standardisation of a source: its exact mean and standard deviations when the source provides them
 * (`mean()`/`covariance()`), otherwise the moments of `n` samples drawn with `rng`. Coordinates with zero
 * spread get scale 1 (nothing to standardise) rather than a division by zero.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { inputScalingFor } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n), 3, 2) }) };
 * const s = inputScalingFor(source, new Random(0)); // mean ≈ 3, scale ≈ 2
 * ```
 */
export function inputScalingFor(source: ScalableSource, rng: Random, n = 4096): InputScaling {
  const d = source.dim;
  let mean: Float64Array | undefined;
  let scale: Float64Array | undefined;
  try {
    if (source.mean && source.covariance) {
      const m = source.mean();
      const c = source.covariance();
      if (m.length === d && c.length === d) {
        mean = Float64Array.from(m);
        scale = Float64Array.from({ length: d }, (_, j) => Math.sqrt(c[j][j]));
      }
    }
  } catch {
    // Sources without finite moments (or not implementing them) fall back to samples below.
    mean = undefined;
    scale = undefined;
  }
  if (!mean || !scale || !mean.every(Number.isFinite) || !scale.every(Number.isFinite)) {
    const s = source.sample(n, rng);
    mean = new Float64Array(d);
    scale = new Float64Array(d);
    for (let i = 0; i < s.n; i++) for (let j = 0; j < d; j++) mean[j] += s.data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= s.n;
    for (let i = 0; i < s.n; i++) {
      for (let j = 0; j < d; j++) {
        const c = s.data[i * d + j] - mean[j];
        scale[j] += c * c;
      }
    }
    for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] / Math.max(s.n - 1, 1));
  }
  for (let j = 0; j < d; j++) if (!(scale[j] > 0)) scale[j] = 1;
  return { mean, scale };
}

/**
 * Validate a scaling against a dimension (used when reading checkpoints).
 *
 * @example
 * ```ts
 * import { validateInputScaling } from '@ratedistortion/estimators';
 * validateInputScaling({ mean: new Float64Array([0]), scale: new Float64Array([1]) }, 1);
 * ```
 */
export function validateInputScaling(s: InputScaling, dim: number): void {
  if (!s || s.mean.length !== dim || s.scale.length !== dim) {
    throw new InvalidParameterError('scaling', `mean and scale of length ${dim}`, s?.mean?.length);
  }
  assertFiniteArray('scaling.mean', s.mean);
  assertFiniteArray('scaling.scale', s.scale);
  for (let j = 0; j < dim; j++) if (!(s.scale[j] > 0)) throw new InvalidParameterError(`scaling.scale[${j}]`, 'a number > 0', s.scale[j]);
}
