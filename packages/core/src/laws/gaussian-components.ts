// Validation of Gaussian and Gaussian-mixture specs into eigen-form components: the float64 structure the mixture
// law evaluates, samples and integrates with. A Gaussian is a one-component mixture.
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import { assertFiniteArray, assertInteger, assertPositive, assertProbabilityVector } from '../errors/validate.js';
import { symmetricEigen64, type SymmetricEigen } from '../linalg/eigen.js';
import type { GaussianMixtureSpec, GaussianSpec } from '../spec/spec.js';

/**
 * One Gaussian component in eigen-form: covariance `Σ = Σ_k λ_k v_k v_kᵀ`. The eigen-form makes
 * `Σ − s·I` (the backward-heat-equation covariance at `s = eps·t`) free to evaluate for any `s`.
 *
 * @example
 * ```ts
 * import { gaussianComponents } from '@ratedistortion/core';
 * const [c] = gaussianComponents({ kind: 'gaussian', covariance: [[2, 0], [0, 1]] });
 * console.log(c.eigenvalues); // Float64Array [1, 2]
 * ```
 */
export interface GaussianComponent {
  weight: number;
  mean: Float64Array;
  covariance: Float64Array[];
  /** Ascending eigenvalues of the covariance. */
  eigenvalues: Float64Array;
  /** Unit eigenvectors, `eigenvectors[k]` belongs to `eigenvalues[k]`. */
  eigenvectors: Float64Array[];
}

function meanVector(
  name: string,
  mean: number | number[] | undefined,
  dim: number | undefined,
): Float64Array | undefined {
  if (mean === undefined) return undefined;
  if (typeof mean === 'number') {
    assertFiniteArray(name, [mean]);
    if (dim !== undefined && dim !== 1) throw new DimensionMismatchError(name, dim, 1);
    return Float64Array.of(mean);
  }
  assertFiniteArray(name, mean);
  if (dim !== undefined && mean.length !== dim) throw new DimensionMismatchError(name, dim, mean.length);
  return Float64Array.from(mean);
}

function isotropic(dim: number, v: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i < dim; i++) {
    const r = new Float64Array(dim);
    r[i] = v;
    rows.push(r);
  }
  return rows;
}

/** Validate a square symmetric matrix (relative asymmetry ≤ 1e-12) and return it as rows. */
function toSymmetricMatrix(name: string, a: ReadonlyArray<ArrayLike<number>>, dim?: number): Float64Array[] {
  if (!Array.isArray(a) || a.length === 0)
    throw new InvalidParameterError(name, 'a non-empty square matrix (array of rows)', a);
  const d = a.length;
  if (dim !== undefined && d !== dim)
    throw new InvalidParameterError(name, `a ${dim}×${dim} matrix`, a, `it has ${d} rows`);
  const rows: Float64Array[] = [];
  for (let i = 0; i < d; i++) {
    const r = a[i];
    if (r == null || r.length !== d) throw new InvalidParameterError(`${name}[${i}]`, `a row of length ${d}`, r);
    const row = Float64Array.from(r);
    for (let j = 0; j < d; j++) if (!Number.isFinite(row[j])) throw new NonFiniteValueError(name, i * d + j, row[j]);
    rows.push(row);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const s = Math.max(Math.abs(rows[i][j]), Math.abs(rows[j][i]), 1e-300);
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-12 * s + 1e-14) {
        throw new InvalidParameterError(
          name,
          'a symmetric positive-definite matrix',
          a,
          `entry (${i},${j}) differs from (${j},${i})`,
        );
      }
    }
  }
  return rows;
}

/** Eigendecomposition of an SPD matrix; throws when an eigenvalue is not positive. */
function spdEigen(name: string, rows: Float64Array[]): SymmetricEigen {
  const e = symmetricEigen64(rows, name);
  const scale = Math.max(...Array.from(e.values, Math.abs), 1e-300);
  if (!(e.values[0] > 1e-14 * scale)) {
    throw new InvalidParameterError(
      name,
      'a symmetric positive-definite matrix',
      rows.map((r) => Array.from(r)),
      `smallest eigenvalue ${e.values[0]}`,
    );
  }
  return e;
}

function component(name: string, weight: number, mean: Float64Array, cov: Float64Array[]): GaussianComponent {
  const e = spdEigen(name, cov);
  return { weight, mean, covariance: cov, eigenvalues: e.values, eigenvectors: e.vectors };
}

// A field this package does not read (a typo, or the datasets package's `decay`/`rotationSeed` family) must not
// be ignored silently: the answer would be for a different source.
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  gaussian: ['kind', 'mean', 'variance', 'dim', 'covariance'],
  gmm: ['kind', 'weights', 'means', 'variances', 'covariances'],
};

function rejectUnknownFields(spec: object): void {
  const kind = (spec as { kind?: unknown }).kind;
  const known = typeof kind === 'string' ? KNOWN_FIELDS[kind] : undefined;
  if (!known) return;
  for (const key of Object.keys(spec)) {
    if (!known.includes(key)) {
      throw new InvalidParameterError(
        `source.${key}`,
        `one of the ${kind} fields ${known.filter((k) => k !== 'kind').join(', ')}`,
        (spec as Record<string, unknown>)[key],
        key === 'decay' || key === 'rotationSeed' || key === 'amplitude'
          ? 'expand the rotated family to its covariance first, e.g. with sourceFromSpec(spec).covariance() from @ratedistortion/datasets'
          : 'unknown field',
      );
    }
  }
}

/**
 * Validate a {@link GaussianSpec} or {@link GaussianMixtureSpec} and return its components in eigen-form.
 * Throws `InvalidParameterError` for weights not summing to 1, a covariance that is not symmetric
 * positive definite, non-positive variances, or inconsistent dimensions.
 *
 * @example
 * ```ts
 * import { gaussianComponents } from '@ratedistortion/core';
 * const comps = gaussianComponents({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.2] });
 * console.log(comps.length, comps[1].eigenvalues[0]); // 2 0.2
 * ```
 */
export function gaussianComponents(spec: GaussianSpec | GaussianMixtureSpec): GaussianComponent[] {
  if (spec == null || typeof spec !== 'object') throw new InvalidParameterError('source', 'a source spec object', spec);
  rejectUnknownFields(spec);
  if (spec.kind === 'gaussian') {
    if (spec.variance !== undefined && spec.covariance !== undefined) {
      throw new InvalidParameterError('variance', 'either variance or covariance, not both', spec.variance);
    }
    if (spec.covariance !== undefined) {
      const cov = toSymmetricMatrix('covariance', spec.covariance);
      const d = cov.length;
      if (spec.dim !== undefined && spec.dim !== d) throw new DimensionMismatchError('dim', d, spec.dim);
      const mean = meanVector('mean', spec.mean, d) ?? new Float64Array(d);
      return [component('covariance', 1, mean, cov)];
    }
    const variance = spec.variance ?? 1;
    assertPositive('variance', variance);
    let dim = spec.dim;
    if (dim === undefined) dim = Array.isArray(spec.mean) ? spec.mean.length : 1;
    assertInteger('dim', dim, 1);
    const mean = meanVector('mean', spec.mean, dim) ?? new Float64Array(dim);
    return [component('variance', 1, mean, isotropic(dim, variance))];
  }
  if (spec.kind !== 'gmm')
    throw new InvalidParameterError('source.kind', "'gaussian' or 'gmm'", (spec as { kind: unknown }).kind);
  const { weights, means } = spec;
  assertProbabilityVector('weights', weights);
  const k = weights.length;
  if (!Array.isArray(means) || means.length !== k) {
    throw new InvalidParameterError('means', `an array of ${k} means (one per weight)`, means);
  }
  const meanRows: Float64Array[] = means.map((m, i) => {
    const v = typeof m === 'number' ? Float64Array.of(m) : Array.isArray(m) ? Float64Array.from(m) : undefined;
    if (v === undefined || v.length === 0)
      throw new InvalidParameterError(`means[${i}]`, 'a number or a non-empty vector', m);
    assertFiniteArray(`means[${i}]`, v);
    return v;
  });
  const dim = meanRows[0].length;
  meanRows.forEach((m, i) => {
    if (m.length !== dim) throw new DimensionMismatchError(`means[${i}]`, dim, m.length);
  });
  if ((spec.variances === undefined) === (spec.covariances === undefined)) {
    throw new InvalidParameterError('variances', 'exactly one of variances or covariances', spec.variances);
  }
  const out: GaussianComponent[] = [];
  for (let i = 0; i < k; i++) {
    let cov: Float64Array[];
    if (spec.variances !== undefined) {
      if (!Array.isArray(spec.variances) || spec.variances.length !== k) {
        throw new InvalidParameterError('variances', `an array of ${k} variances`, spec.variances);
      }
      assertPositive(`variances[${i}]`, spec.variances[i]);
      cov = isotropic(dim, spec.variances[i]);
    } else {
      const covs = spec.covariances!;
      if (!Array.isArray(covs) || covs.length !== k)
        throw new InvalidParameterError('covariances', `an array of ${k} matrices`, covs);
      cov = toSymmetricMatrix(`covariances[${i}]`, covs[i], dim);
    }
    out.push(
      component(spec.variances !== undefined ? `variances[${i}]` : `covariances[${i}]`, weights[i], meanRows[i], cov),
    );
  }
  return out;
}
