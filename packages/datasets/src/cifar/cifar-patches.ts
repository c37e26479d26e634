// 4×4 grayscale CIFAR-10 patches as a 16-dimensional source (paper §5.2.1 and App. D.4).
import { InvalidParameterError, Random, assertInteger, type Samples } from '@ratedistortion/core';
import type { FileBytes, FileMap } from '../files/file-access.js';
import { DataSetSource, type DataMoments } from '../source/data-set-source.js';
import type { CifarPatchesSpec } from '../spec/specs.js';
import { readChoice, readInteger, readString, rejectUnknownFields, specObject } from '../spec/fields.js';
import { empiricalCovariance, empiricalMean } from '../synthetic/empirical.js';
import { CifarImages } from './cifar-images.js';

/**
 * Side of a patch (4) and the number of patch positions per image axis (32 − 4 + 1 = 29).
 *
 * @example
 * ```ts
 * import { CIFAR_PATCH } from '@ratedistortion/datasets';
 * console.log(CIFAR_PATCH.positions); // 29
 * ```
 */
export const CIFAR_PATCH = { side: 4, positions: 29 } as const;

/**
 * Options of {@link loadCifarPatches}.
 *
 * @example
 * ```ts
 * import type { CifarPatchOptions } from '@ratedistortion/datasets';
 * const o: CifarPatchOptions = { split: 'test', patches: 1000, seed: 0 };
 * ```
 */
export interface CifarPatchOptions {
  /** `train` (data_batch_1..5, default) or `test` (test_batch). */
  split?: 'train' | 'test';
  /** Size of a fixed pool of random patches; omitted: each draw cuts a fresh random patch. */
  patches?: number;
  /** Seed of the pool (default 0). */
  seed?: number;
}

/**
 * Random 4×4 patches of grayscale CIFAR-10 images, pixels in [0, 1] ({@link CifarImages}), as 16-vectors in
 * row-major patch order.
 *
 * Two modes. Without `patches`, every draw picks an image and a position (29×29 per image) uniformly — the law
 * "a random 4×4 patch of a random image" of the paper; `mean()`/`covariance()` are then exact over all
 * 841·N patch positions, computed once on first call (a pass over every patch: seconds for the 50 000 training
 * images). With `patches = P`, a fixed pool of P patches is cut with `Random(seed)`, draws resample the pool
 * with replacement and the moments are the pool's (divisor P).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { loadCifarPatches } from '@ratedistortion/datasets';
 * try {
 *   const cifar = loadCifarPatches('./cifar-10-batches-bin', { patches: 100000, seed: 0 });
 *   console.log(cifar.sample(256, new Random(0)).dim); // 16
 * } catch (e) { console.log((e as Error).message); }
 * ```
 */
export class CifarPatchSource extends DataSetSource<CifarPatchesSpec> {
  readonly kind = 'cifar10-patches';
  readonly dim = 16;
  readonly images: CifarImages;
  /** The fixed pool (pool mode) or null (fresh patches). */
  readonly pool: Samples | null;
  protected readonly spec: CifarPatchesSpec;

  constructor(
    images: CifarImages,
    opts: { split?: 'train' | 'test'; patches?: number; seed?: number; dir?: string } = {},
  ) {
    super();
    this.images = images;
    const split = opts.split ?? 'train';
    if (opts.patches !== undefined) {
      assertInteger('patches', opts.patches, 1);
      const seed = opts.seed ?? 0;
      assertInteger('seed', seed, 0, 0xffffffff);
      const data = new Float64Array(opts.patches * 16);
      this.drawFresh(opts.patches, new Random(seed), data);
      this.pool = { n: opts.patches, dim: 16, data };
    } else {
      if (opts.seed !== undefined)
        throw new InvalidParameterError('seed', 'only with patches (the seed of the pool)', opts.seed);
      this.pool = null;
    }
    this.spec = {
      kind: 'cifar10-patches',
      ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
      split,
      ...(opts.patches !== undefined ? { patches: opts.patches, seed: opts.seed ?? 0 } : {}),
    };
  }

  /** The patch at (row, col) of an image, into `out[offset..offset+16)`. */
  patch(image: number, row: number, col: number, out: Float64Array = new Float64Array(16), offset = 0): Float64Array {
    assertInteger('row', row, 0, CIFAR_PATCH.positions - 1);
    assertInteger('col', col, 0, CIFAR_PATCH.positions - 1);
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) out[offset + a * 4 + b] = this.images.gray(image, row + a, col + b);
    return out;
  }

  /**
   * Every patch of every image on a grid of the given stride (stride 4: the 64 non-overlapping patches of each
   * image; stride 1: all 841 positions).
   */
  allPatches(stride = 4): Samples {
    assertInteger('stride', stride, 1, CIFAR_PATCH.positions);
    const per = Math.floor((CIFAR_PATCH.positions - 1) / stride) + 1;
    const n = this.images.count * per * per;
    const data = new Float64Array(n * 16);
    let k = 0;
    for (let img = 0; img < this.images.count; img++) {
      for (let r = 0; r < CIFAR_PATCH.positions; r += stride) {
        for (let c = 0; c < CIFAR_PATCH.positions; c += stride) this.patch(img, r, c, data, 16 * k++);
      }
    }
    return { n, dim: 16, data };
  }

  private drawFresh(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) {
      const img = rng.uniformInt(this.images.count);
      const r = rng.uniformInt(CIFAR_PATCH.positions);
      const c = rng.uniformInt(CIFAR_PATCH.positions);
      this.patch(img, r, c, out, 16 * s);
    }
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    if (!this.pool) {
      this.drawFresh(n, rng, out);
      return;
    }
    for (let s = 0; s < n; s++) {
      const j = rng.uniformInt(this.pool.n);
      out.set(this.pool.data.subarray(16 * j, 16 * j + 16), 16 * s);
    }
  }

  /** The pool's moments (pool mode), else those of every patch position of every image. */
  protected computeMoments(): DataMoments {
    if (this.pool) return { mean: empiricalMean(this.pool), covariance: empiricalCovariance(this.pool) };
    // One pass over all positions; sums of products about a provisional centre (the first image's mean
    // gray level) keep the one-pass covariance free of cancellation for [0, 1] data.
    const gray = new Float64Array(1024);
    const centre = this.images.grayImage(0, gray).reduce((s, v) => s + v, 0) / 1024;
    const s1 = new Float64Array(16);
    const s2 = new Float64Array(256);
    const p = new Float64Array(16);
    for (let img = 0; img < this.images.count; img++) {
      this.images.grayImage(img, gray);
      for (let r = 0; r < CIFAR_PATCH.positions; r++) {
        for (let c = 0; c < CIFAR_PATCH.positions; c++) {
          for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) p[a * 4 + b] = gray[(r + a) * 32 + c + b] - centre;
          for (let i = 0; i < 16; i++) {
            const pi = p[i];
            s1[i] += pi;
            for (let j = i; j < 16; j++) s2[i * 16 + j] += pi * p[j];
          }
        }
      }
    }
    const N = this.images.count * CIFAR_PATCH.positions * CIFAR_PATCH.positions;
    const mean = new Float64Array(16);
    for (let i = 0; i < 16; i++) mean[i] = s1[i] / N + centre;
    const covariance = Array.from({ length: 16 }, () => new Float64Array(16));
    for (let i = 0; i < 16; i++) {
      for (let j = i; j < 16; j++) {
        const v = s2[i * 16 + j] / N - (s1[i] / N) * (s1[j] / N);
        covariance[i][j] = v;
        covariance[j][i] = v;
      }
    }
    return { mean, covariance };
  }

  /**
   * Build from a {@link CifarPatchesSpec} (reads `dir` in Node).
   *
   * @example
   * ```ts
   * import { CifarPatchSource } from '@ratedistortion/datasets';
   * try { CifarPatchSource.fromSpec({ kind: 'cifar10-patches', dir: './cifar-10-batches-bin' }); }
   * catch (e) { console.log((e as Error).message); }
   * ```
   */
  static fromSpec(input: unknown): CifarPatchSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'dir', 'split', 'patches', 'seed']);
    const dir = readString('dir', spec.dir);
    return loadCifarPatches(dir, {
      split: spec.split === undefined ? undefined : readChoice('split', spec.split, ['train', 'test'] as const),
      patches: spec.patches === undefined ? undefined : readInteger('patches', spec.patches, 1),
      seed: spec.seed === undefined ? undefined : readInteger('seed', spec.seed, 0, 0xffffffff),
    });
  }
}

/**
 * Load CIFAR-10 4×4 grayscale patches from the official binary batches: a directory path (Node), a map of file
 * name → bytes (`data_batch_1.bin` … or `test_batch.bin`), or the bytes of one batch. Nothing is downloaded;
 * a missing or malformed file throws `DatasetFileError` naming it and https://www.cs.toronto.edu/~kriz/cifar.html.
 *
 * @example
 * ```ts
 * import { loadCifarPatches } from '@ratedistortion/datasets';
 * const oneImage = new Uint8Array(3073).fill(128);
 * oneImage[0] = 0; // label byte
 * const src = loadCifarPatches(oneImage, { patches: 10, seed: 1 });
 * console.log(src.mean()[0]); // 128/255
 * ```
 */
export function loadCifarPatches(input: string | FileMap | FileBytes, opts: CifarPatchOptions = {}): CifarPatchSource {
  const split = opts.split ?? 'train';
  let images: CifarImages;
  if (typeof input === 'string') images = CifarImages.load(input, split);
  else if (input instanceof ArrayBuffer || input instanceof Uint8Array)
    images = CifarImages.fromBytes([{ name: '<bytes>', bytes: input }]);
  else if (input && typeof input === 'object') images = CifarImages.load(input, split);
  else
    throw new InvalidParameterError(
      'input',
      'a directory path, a map of file name → bytes, or the bytes of a batch',
      input,
    );
  return new CifarPatchSource(images, { ...opts, split, dir: typeof input === 'string' ? input : undefined });
}
