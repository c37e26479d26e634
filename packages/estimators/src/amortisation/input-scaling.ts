// Inputs of the controller network are standardised so one set of initial weights suits sources of any
// scale (the mixtures of App. E.2 have σ ≈ 0.2, the Gaussian σ = 1, CIFAR patches live in [0, 1]).
import {
  InvalidParameterError,
  assertFiniteArray,
  symmetricEigen64,
  type Random,
  type SampleSource,
} from '@ratedistortion/core';

/**
 * Affine standardisation of the controller's input. Without `basis`: per coordinate, `x̃ = (x − mean) / scale`.
 * With `basis` (an orthogonal d × d matrix V, row-major, column k = k-th principal direction): PCA whitening
 * `x̃ = ((x − mean) V) / scale`, `scale` then holding the standard deviations along the principal directions.
 * Both are folded into the first and last layers once per rollout, so neither costs a matMul per time step.
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
  /** Principal directions V (row-major d × d, orthogonal) for PCA whitening; absent for per-coordinate scaling. */
  readonly basis?: Float64Array;
}

/**
 * `'diagonal'`: per-coordinate standardisation (the source's own axes). `'whiten'`: PCA whitening from the
 * source's covariance (exact when the source provides `covariance()`, else the sample covariance), which puts
 * a rotated anisotropic source (e.g. NERD's 20-dim Gaussian, eigenvalues spanning 4 decades) on isotropic
 * inputs and lets the output scaling act per principal direction. Identical to `'diagonal'` in d = 1.
 *
 * @example
 * ```ts
 * import type { InputScalingMode } from '@ratedistortion/estimators';
 * const m: InputScalingMode = 'whiten';
 * ```
 */
export type InputScalingMode = 'diagonal' | 'whiten';

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
export interface ScalableSource extends SampleSource {
  mean?(): Float64Array;
  covariance?(): Float64Array[];
}

/**
 * Standardisation of a source: its exact mean and covariance when the source provides them
 * (`mean()`/`covariance()`), otherwise the moments of `n` samples drawn with `rng`. `mode = 'diagonal'` (default)
 * gives per-coordinate standard deviations; `'whiten'` (d > 1) the PCA basis and the standard deviations along it
 * (descending). Coordinates or directions with zero spread get scale 1 (nothing to standardise) rather than a
 * division by zero.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { inputScalingFor } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n), 3, 2) }) };
 * const s = inputScalingFor(source, new Random(0)); // mean ≈ 3, scale ≈ 2
 * const w = inputScalingFor({ dim: 2, sample: (n: number) => ({ n, dim: 2, data: new Float64Array(2 * n) }),
 *   mean: () => new Float64Array(2), covariance: () => [new Float64Array([2, 1]), new Float64Array([1, 2])] }, new Random(0), 4096, 'whiten');
 * console.log(w.scale); // √3, 1 along (1, 1)/√2 and (1, −1)/√2
 * ```
 */
export function inputScalingFor(
  source: ScalableSource,
  rng: Random,
  n = 4096,
  mode: InputScalingMode = 'diagonal',
): InputScaling {
  if (mode !== 'diagonal' && mode !== 'whiten')
    throw new InvalidParameterError('inputScaling', "'diagonal' or 'whiten'", mode);
  const d = source.dim;
  let mean: Float64Array | undefined;
  let cov: Float64Array[] | undefined;
  try {
    if (source.mean && source.covariance) {
      const m = source.mean();
      const c = source.covariance();
      if (m.length === d && c.length === d && c.every((row) => row.length === d)) {
        mean = Float64Array.from(m);
        cov = c.map((row) => Float64Array.from(row));
      }
    }
  } catch {
    // Sources without finite moments (or not implementing them) fall back to samples below.
    mean = undefined;
    cov = undefined;
  }
  if (!mean || !cov || !mean.every(Number.isFinite) || !cov.every((row) => row.every(Number.isFinite))) {
    const s = source.sample(n, rng);
    mean = new Float64Array(d);
    cov = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < s.n; i++) for (let j = 0; j < d; j++) mean[j] += s.data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= s.n;
    // Only the diagonal is needed without whitening; the full matrix costs O(n d²) and is computed only for it.
    const full = mode === 'whiten' && d > 1;
    const c = new Float64Array(d);
    for (let i = 0; i < s.n; i++) {
      for (let j = 0; j < d; j++) c[j] = s.data[i * d + j] - mean[j];
      for (let j = 0; j < d; j++) {
        if (full) for (let k = j; k < d; k++) cov[j][k] += c[j] * c[k];
        else cov[j][j] += c[j] * c[j];
      }
    }
    const denom = Math.max(s.n - 1, 1);
    for (let j = 0; j < d; j++) {
      for (let k = j; k < d; k++) {
        cov[j][k] /= denom;
        cov[k][j] = cov[j][k];
      }
    }
  }
  if (mode === 'diagonal' || d === 1) {
    const scale = Float64Array.from({ length: d }, (_, j) => Math.sqrt(cov![j][j]));
    for (let j = 0; j < d; j++) if (!(scale[j] > 0)) scale[j] = 1;
    return { mean, scale };
  }
  const eig = symmetricEigen64(cov, 'covariance');
  // Descending order, so direction 0 is the largest-variance one (the order is irrelevant to the network).
  const order = Array.from({ length: d }, (_, k) => d - 1 - k);
  const basis = new Float64Array(d * d);
  const scale = new Float64Array(d);
  order.forEach((k, col) => {
    const v = eig.vectors[k];
    for (let r = 0; r < d; r++) basis[r * d + col] = v[r];
    // Directions without spread (a degenerate source) get scale 1, as in the diagonal case: nothing to standardise.
    const sd = Math.sqrt(Math.max(eig.values[k], 0));
    scale[col] = sd > 0 ? sd : 1;
  });
  return { mean, scale, basis };
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
  for (let j = 0; j < dim; j++)
    if (!(s.scale[j] > 0)) throw new InvalidParameterError(`scaling.scale[${j}]`, 'a number > 0', s.scale[j]);
  if (s.basis !== undefined) {
    if (!(s.basis instanceof Float64Array) || s.basis.length !== dim * dim) {
      throw new InvalidParameterError('scaling.basis', `a Float64Array of ${dim * dim} values`, s.basis?.length);
    }
    assertFiniteArray('scaling.basis', s.basis);
    // Orthogonality VᵀV = I to float64 round-off of an eigensolver (1e-8 leaves room for stored values).
    for (let a = 0; a < dim; a++) {
      for (let b = a; b < dim; b++) {
        let dot = 0;
        for (let r = 0; r < dim; r++) dot += s.basis[r * dim + a] * s.basis[r * dim + b];
        if (Math.abs(dot - (a === b ? 1 : 0)) > 1e-8)
          throw new InvalidParameterError(
            'scaling.basis',
            'an orthogonal matrix',
            `column dot product (${a}, ${b}) = ${dot}`,
          );
      }
    }
  }
}

/**
 * The per-coordinate standard deviations of a scaling (for consumers that standardise coordinate-wise, such
 * as the DV critic): with a basis, sd_j = √(Σ_k V_jk² s_k²), the diagonal of V diag(s²) Vᵀ.
 *
 * @example
 * ```ts
 * import { diagonalScaling } from '@ratedistortion/estimators';
 * const d = diagonalScaling({ mean: new Float64Array([0, 0]), scale: new Float64Array([2, 1]), basis: new Float64Array([0, 1, 1, 0]) });
 * console.log(Array.from(d.scale)); // [1, 2]
 * ```
 */
export function diagonalScaling(s: InputScaling): InputScaling {
  if (!s.basis) return s;
  const d = s.mean.length;
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let v = 0;
    for (let k = 0; k < d; k++) v += s.basis[j * d + k] ** 2 * s.scale[k] ** 2;
    scale[j] = v > 0 ? Math.sqrt(v) : 1;
  }
  return { mean: s.mean, scale };
}
