// JSON shapes of the sources that have analytic RD answers. The datasets package builds Source objects
// from these (plus its other kinds); the analytic package computes RD functions from them; the CLI's
// `--source SPEC` is one of these objects, inline or in a file.

/**
 * A Gaussian source: `variance` (scalar; with `dim` for an isotropic vector) or a full `covariance`.
 *
 * @example
 * ```ts
 * import type { GaussianSpec } from '@ratedistortion/core';
 * const a: GaussianSpec = { kind: 'gaussian', variance: 1 };
 * const b: GaussianSpec = { kind: 'gaussian', covariance: [[1, 0.3], [0.3, 2]] };
 * ```
 */
export interface GaussianSpec {
  kind: 'gaussian';
  /** Mean (scalar for 1-D, or a vector); defaults to zero. */
  mean?: number | number[];
  /** Variance of each coordinate (isotropic). */
  variance?: number;
  /** Dimension when `variance` is given for a vector source; default 1. */
  dim?: number;
  /** Full covariance matrix (symmetric positive definite). */
  covariance?: number[][];
}

/**
 * A Gaussian mixture: `weights` summing to 1, `means` (numbers for 1-D, vectors otherwise) and either
 * `variances` (1-D, or isotropic per component) or full `covariances`.
 *
 * @example
 * ```ts
 * import type { GaussianMixtureSpec } from '@ratedistortion/core';
 * const gmm: GaussianMixtureSpec = {
 *   kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06],
 * };
 * ```
 */
export interface GaussianMixtureSpec {
  kind: 'gmm';
  weights: number[];
  means: number[] | number[][];
  variances?: number[];
  covariances?: number[][][];
}

/**
 * The sinc⁴ mixture of the paper's App. D.3: `p(x) = Σ wᵢ Cᵢ⁻¹ sinc⁴(x/mᵢ)`, `Cᵢ = 2π mᵢ/3`.
 *
 * @example
 * ```ts
 * import type { Sinc4MixtureSpec } from '@ratedistortion/core';
 * const s: Sinc4MixtureSpec = { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] };
 * ```
 */
export interface Sinc4MixtureSpec {
  kind: 'sinc4-mixture';
  weights: number[];
  /** The scales mᵢ > 0. */
  scales: number[];
}

/**
 * Independent Laplace coordinates, density `Π (2bᵢ)⁻¹ exp(−|xᵢ−μᵢ|/bᵢ)`.
 *
 * @example
 * ```ts
 * import type { LaplaceSpec } from '@ratedistortion/core';
 * const s: LaplaceSpec = { kind: 'laplace', location: [0, 1], scale: [1, 0.5] };
 * ```
 */
export interface LaplaceSpec {
  kind: 'laplace';
  /** Location μ (scalar, broadcast to `dim`, or a vector); default 0. */
  location?: number | number[];
  /** Scale b > 0 (scalar, broadcast to `dim`, or a vector). */
  scale: number | number[];
  /** Dimension when both location and scale are scalars; default 1. */
  dim?: number;
}

/**
 * The uniform distribution on the box `Π [lowᵢ, highᵢ]`.
 *
 * @example
 * ```ts
 * import type { UniformSpec } from '@ratedistortion/core';
 * const s: UniformSpec = { kind: 'uniform', low: [0, 0], high: [1, 2] };
 * ```
 */
export interface UniformSpec {
  kind: 'uniform';
  low: number | number[];
  high: number | number[];
  /** Dimension when both bounds are scalars; default 1. */
  dim?: number;
}

/**
 * A density given by its values on a uniform 1-D or 2-D grid: `x` (and `y` in 2-D) are `[min, max, points]`, the
 * cells are `points` equal intervals of [min, max] and `values` holds the density at the cell centres (row-major,
 * x slowest; non-negative, normalised on the grid). Blahut–Arimoto solves it on that grid.
 *
 * @example
 * ```ts
 * import type { GridDensitySpec } from '@ratedistortion/core';
 * const tri: GridDensitySpec = { kind: 'grid-density', x: [-1, 1, 4], values: [0.25, 0.75, 0.75, 0.25] };
 * ```
 */
export interface GridDensitySpec {
  kind: 'grid-density';
  x: [number, number, number];
  y?: [number, number, number];
  values: number[];
}

/**
 * The source specs with analytic RD answers: closed form or BHE (Gaussian, GMM, sinc⁴), or Blahut–Arimoto on a
 * grid for any 1-D/2-D density (also Laplace and uniform in any dimension, coordinate by coordinate).
 *
 * @example
 * ```ts
 * import type { AnalyticSourceSpec } from '@ratedistortion/core';
 * import { rdPoint } from '@ratedistortion/analytic';
 * const specs: AnalyticSourceSpec[] = [
 *   { kind: 'gaussian', covariance: [[2, 0.5], [0.5, 1]] },
 *   { kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [1, 1] },
 *   { kind: 'sinc4-mixture', weights: [0.5, 0.5], scales: [1, 2] },
 * ];
 * console.log(rdPoint(specs[0], 0.1).rate); // reverse water-filling, nats
 * ```
 */
export type AnalyticSourceSpec =
  | GaussianSpec
  | GaussianMixtureSpec
  | Sinc4MixtureSpec
  | LaplaceSpec
  | UniformSpec
  | GridDensitySpec;
