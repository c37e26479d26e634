// A machine-readable catalogue of the SPEC kinds, for `rd sources` and for documentation.
import type { SourceSpec } from './specs.js';

/**
 * One SPEC field of a kind.
 *
 * @example
 * ```ts
 * import type { SourceFieldInfo } from '@ratedistortion/datasets';
 * const f: SourceFieldInfo = { name: 'scale', type: 'number', required: true, description: 'scale b > 0' };
 * ```
 */
export interface SourceFieldInfo {
  name: string;
  /** JSON type, e.g. `number | number[]`. */
  type: string;
  required: boolean;
  description: string;
}

/**
 * A SPEC kind: what it is, its fields and an example SPEC.
 *
 * @example
 * ```ts
 * import type { SourceKindInfo } from '@ratedistortion/datasets';
 * const k: SourceKindInfo = { kind: 'uniform', description: 'box', fields: [], example: { kind: 'uniform', low: 0, high: 1 } };
 * ```
 */
export interface SourceKindInfo {
  kind: string;
  description: string;
  fields: SourceFieldInfo[];
  example: SourceSpec;
}

const f = (name: string, type: string, required: boolean, description: string): SourceFieldInfo => ({
  name,
  type,
  required,
  description,
});
const KIND = f('kind', 'string', true, 'the source kind');

/**
 * Every source kind `sourceFromSpec` accepts, with its fields and an example.
 *
 * @example
 * ```ts
 * import { SOURCE_KINDS, sourceFromSpec } from '@ratedistortion/datasets';
 * for (const k of SOURCE_KINDS) console.log(k.kind, '-', k.description);
 * sourceFromSpec(SOURCE_KINDS[0].example);
 * ```
 */
export const SOURCE_KINDS: readonly SourceKindInfo[] = [
  {
    kind: 'gaussian',
    description:
      'Gaussian N(mean, Σ): isotropic variance, full covariance, or the NERD rotated family σᵢ = amplitude·e^(−decay·i)',
    fields: [
      KIND,
      f('mean', 'number | number[]', false, 'mean (default 0)'),
      f('variance', 'number', false, 'variance of every coordinate (one of variance, covariance, decay)'),
      f('dim', 'integer', false, 'dimension for variance or decay (default 1)'),
      f('covariance', 'number[][]', false, 'symmetric positive-definite covariance matrix'),
      f('decay', 'number', false, 'decay r of the standard deviations σᵢ = amplitude·e^(−r·i), i = 0..dim−1'),
      f('amplitude', 'number', false, 'amplitude of the decaying standard deviations (default 2)'),
      f('rotationSeed', 'integer', false, 'seed of a Haar-random rotation Σ = U diag(σ²) Uᵀ (none when omitted)'),
    ],
    example: { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 },
  },
  {
    kind: 'gmm',
    description: 'Gaussian mixture Σ wₖ N(μₖ, Σₖ)',
    fields: [
      KIND,
      f('weights', 'number[]', true, 'mixture weights, non-negative, summing to 1'),
      f('means', 'number[] | number[][]', true, 'component means (numbers for 1-D)'),
      f('variances', 'number[]', false, 'isotropic variance of each component (one of variances, covariances)'),
      f('covariances', 'number[][][]', false, 'covariance matrix of each component'),
    ],
    example: { kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] },
  },
  {
    kind: 'laplace',
    description: 'independent Laplace coordinates, density Π exp(−|xᵢ−μᵢ|/bᵢ)/(2bᵢ)',
    fields: [
      KIND,
      f('location', 'number | number[]', false, 'location μ (default 0)'),
      f('scale', 'number | number[]', true, 'scale b > 0'),
      f('dim', 'integer', false, 'dimension when location and scale are numbers (default 1)'),
    ],
    example: { kind: 'laplace', scale: [1, 0.5] },
  },
  {
    kind: 'uniform',
    description: 'uniform on the box Π [lowᵢ, highᵢ]',
    fields: [
      KIND,
      f('low', 'number | number[]', true, 'lower corner'),
      f('high', 'number | number[]', true, 'upper corner (> low)'),
      f('dim', 'integer', false, 'dimension when low and high are numbers (default 1)'),
    ],
    example: { kind: 'uniform', low: 0, high: 1, dim: 2 },
  },
  {
    kind: 'sinc4-mixture',
    description: 'mixture Σ wᵢ sinc⁴(x/mᵢ)/Cᵢ, Cᵢ = 2πmᵢ/3 (paper App. D.3), 1-D, sampled exactly',
    fields: [
      KIND,
      f('weights', 'number[]', true, 'mixture weights summing to 1'),
      f('scales', 'number[]', true, 'scales mᵢ > 0'),
    ],
    example: { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] },
  },
  {
    kind: 'grid-density',
    description:
      'a density given by its values on a uniform 1-D or 2-D grid (piecewise constant on the cells; answered by Blahut–Arimoto)',
    fields: [
      KIND,
      f('x', '[min, max, points]', true, 'the grid of the first coordinate'),
      f('y', '[min, max, points]', false, 'the grid of the second coordinate (2-D)'),
      f('values', 'number[]', true, 'density at the cell centres, row-major with x slowest (normalised on the grid)'),
    ],
    example: { kind: 'grid-density', x: [-1, 1, 4], values: [0.25, 0.75, 0.75, 0.25] },
  },
  {
    kind: 'noisy',
    description:
      'X = Y + N(0, σ²I) for any source Y (deconvolution sources: R(D) is the Shannon lower bound for D ≤ dσ²/2)',
    fields: [
      KIND,
      f('source', 'SPEC', true, 'the source Y (any kind)'),
      f('noiseVariance', 'number', true, 'σ² > 0, the variance of the added Gaussian noise per coordinate'),
    ],
    example: { kind: 'noisy', source: { kind: 'uniform', low: 0, high: 1 }, noiseVariance: 0.01 },
  },
  {
    kind: 'samples',
    description: "a user's samples (one per row); draws resample rows uniformly with replacement",
    fields: [
      KIND,
      f('rows', 'number[][] | number[]', false, 'the samples inline (one of rows, file)'),
      f(
        'file',
        'string',
        false,
        'path of a CSV file (one sample per line), or a NumPy .npy/.npz file of shape (n,) or (n, d), float32/float64 (Node)',
      ),
      f('array', 'string', false, 'the array of an .npz file to read (required when it holds several)'),
    ],
    example: {
      kind: 'samples',
      rows: [
        [0, 0],
        [1, 0.5],
        [-1, 2],
      ],
    },
  },
  {
    kind: 'cifar10-patches',
    description: '4×4 grayscale (BT.601) CIFAR-10 patches in [0, 1], 16-D, from the official binary batches',
    fields: [
      KIND,
      f(
        'dir',
        'string',
        true,
        'folder with data_batch_1.bin … data_batch_5.bin / test_batch.bin (https://www.cs.toronto.edu/~kriz/cifar.html)',
      ),
      f('split', '"train" | "test"', false, 'batches to read (default train)'),
      f('patches', 'integer', false, 'size of a fixed pool of random patches (default: a fresh patch per draw)'),
      f('seed', 'integer', false, 'seed of the pool (default 0)'),
    ],
    example: { kind: 'cifar10-patches', dir: './cifar-10-batches-bin', patches: 100000, seed: 0 },
  },
  {
    kind: 'fsdd',
    description: 'Free Spoken Digit log-STFT frames, 33-D, whitened (Yang et al. 2023 preprocessing)',
    fields: [
      KIND,
      f('dir', 'string', true, 'the recordings/ folder of https://github.com/Jakobovski/free-spoken-digit-dataset'),
      f('split', '"train" | "test"', true, 'train = recordings 5–49, test = 0–4'),
      f('speaker', 'string', false, 'speaker (default theo)'),
      f('whitening', '"train" | "split" | "none"', false, 'whitening statistics (default: the training split)'),
    ],
    example: { kind: 'fsdd', dir: './free-spoken-digit-dataset/recordings', split: 'train' },
  },
];
