// JSON SPEC shapes of every source kind. `gaussian`, `gmm`, `sinc4-mixture`, `laplace` and `uniform` reuse core's
// specs (the analytic package computes RD functions from the same objects); the other kinds are defined here.
import type {
  GaussianMixtureSpec,
  GaussianSpec,
  GridDensitySpec,
  LaplaceSpec,
  Sinc4MixtureSpec,
  UniformSpec,
} from '@ratedistortion/core';

export type { LaplaceSpec, UniformSpec } from '@ratedistortion/core';

/**
 * A Gaussian source: core's {@link GaussianSpec} (variance or covariance), or the rotated family of NERD
 * (Lei et al., 2022): standard deviations `σ_i = amplitude·e^{−decay·i}`, i = 0..dim−1 (amplitude 2 by
 * default), rotated by a Haar-random orthogonal matrix drawn from `rotationSeed` (no rotation when omitted):
 * `Σ = U diag(σ²) Uᵀ`.
 *
 * @example
 * ```ts
 * import type { GaussianSourceSpec } from '@ratedistortion/datasets';
 * const nerd: GaussianSourceSpec = { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 };
 * ```
 */
export interface GaussianSourceSpec extends GaussianSpec {
  /** Decay rate r of the standard deviations `σ_i = amplitude·e^{−r·i}`. */
  decay?: number;
  /** Amplitude of the decaying standard deviations (default 2, as NERD). */
  amplitude?: number;
  /** Seed of the random orthogonal rotation (decay family only). */
  rotationSeed?: number;
}

/**
 * A user's sample matrix (one sample per row), inline (`rows`) or in a CSV, NumPy `.npy` or `.npz` file (`file`,
 * Node only; float32/float64, C or Fortran order).
 * Sampling draws rows uniformly with replacement.
 *
 * @example
 * ```ts
 * import type { SamplesSpec } from '@ratedistortion/datasets';
 * const s: SamplesSpec = { kind: 'samples', rows: [[0, 1], [1, 0], [2, 2]] };
 * ```
 */
export interface SamplesSpec {
  kind: 'samples';
  rows?: number[][] | number[];
  /** A CSV, `.npy` or `.npz` file (Node). */
  file?: string;
  /** The member of an `.npz` file to read (required when it holds several arrays). */
  array?: string;
}

/**
 * 4×4 grayscale patches of CIFAR-10 (the official binary batches in `dir`, Node only).
 *
 * @example
 * ```ts
 * import type { CifarPatchesSpec } from '@ratedistortion/datasets';
 * const s: CifarPatchesSpec = { kind: 'cifar10-patches', dir: './cifar-10-batches-bin', patches: 100000, seed: 0 };
 * ```
 */
export interface CifarPatchesSpec {
  kind: 'cifar10-patches';
  /** Folder holding `data_batch_1.bin` … `data_batch_5.bin` (and/or `test_batch.bin`). */
  dir?: string;
  /** `train` (data_batch_1..5, default) or `test` (test_batch). */
  split?: 'train' | 'test';
  /** Size of a fixed pool of random patches; omitted: every draw cuts a fresh random patch. */
  patches?: number;
  /** Seed of the pool (default 0). */
  seed?: number;
}

/**
 * 33-dimensional log-STFT frames of the Free Spoken Digit Dataset (Yang et al., 2023, §A.5.4).
 *
 * @example
 * ```ts
 * import type { FsddSpec } from '@ratedistortion/datasets';
 * const s: FsddSpec = { kind: 'fsdd', dir: './free-spoken-digit-dataset/recordings', split: 'train' };
 * ```
 */
export interface FsddSpec {
  kind: 'fsdd';
  /** Folder holding the `{digit}_{speaker}_{index}.wav` recordings. */
  dir?: string;
  split: 'train' | 'test';
  /** Speaker (default `theo`). */
  speaker?: string;
  /** Whitening statistics: of the training split (default), of the split itself, or none. */
  whitening?: 'train' | 'split' | 'none';
}

/**
 * `X = Y + N(0, noiseVariance·I)` for any source SPEC Y: the deconvolution sources of the RD benchmark suite.
 *
 * @example
 * ```ts
 * import type { NoisySpec } from '@ratedistortion/datasets';
 * const s: NoisySpec = { kind: 'noisy', source: { kind: 'uniform', low: 0, high: 1 }, noiseVariance: 0.01 };
 * ```
 */
export interface NoisySpec {
  kind: 'noisy';
  source: SourceSpec;
  noiseVariance: number;
}

/**
 * Any source SPEC accepted by `sourceFromSpec`.
 *
 * @example
 * ```ts
 * import type { SourceSpec } from '@ratedistortion/datasets';
 * const specs: SourceSpec[] = [{ kind: 'gaussian', variance: 1 }, { kind: 'uniform', low: 0, high: 1 }];
 * ```
 */
export type SourceSpec =
  | GaussianSourceSpec
  | GaussianMixtureSpec
  | Sinc4MixtureSpec
  | LaplaceSpec
  | UniformSpec
  | SamplesSpec
  | CifarPatchesSpec
  | FsddSpec
  | NoisySpec
  | GridDensitySpec;
