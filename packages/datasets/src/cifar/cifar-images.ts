// Reader of the official CIFAR-10 binary batches ("CIFAR-10 binary version"): 3073-byte records of one label
// byte followed by the 32×32 red, green and blue planes, each row-major.
import { InvalidParameterError } from '@ratedistortion/core';
import { DATASET_URLS, DatasetFileError } from '../errors/dataset-file-error.js';
import { asBytes, fileFromMap, joinPath, readFileBytes, type FileBytes, type FileMap } from '../files/file-access.js';

/**
 * Bytes per CIFAR-10 binary record: 1 label + 3·1024 pixels.
 *
 * @example
 * ```ts
 * import { CIFAR_RECORD_BYTES } from '@ratedistortion/datasets';
 * console.log(CIFAR_RECORD_BYTES); // 3073
 * ```
 */
export const CIFAR_RECORD_BYTES = 3073;
/**
 * File names of the two splits in `cifar-10-batches-bin/`.
 *
 * @example
 * ```ts
 * import { CIFAR_SPLIT_FILES } from '@ratedistortion/datasets';
 * console.log(CIFAR_SPLIT_FILES.test); // ['test_batch.bin']
 * ```
 */
export const CIFAR_SPLIT_FILES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
} as const;

/**
 * ITU-R BT.601 luma weights: gray = 0.299 R + 0.587 G + 0.114 B (kept in float, not rounded to a byte).
 *
 * @example
 * ```ts
 * import { BT601 } from '@ratedistortion/datasets';
 * console.log(BT601.r + BT601.g + BT601.b); // 1
 * ```
 */
export const BT601 = { r: 0.299, g: 0.587, b: 0.114 } as const;

/**
 * CIFAR-10 images as grayscale in [0, 1]: `gray = (0.299 R + 0.587 G + 0.114 B)/255` ({@link BT601}).
 * The raw records are kept (1 byte per channel) and converted on access.
 *
 * @example
 * ```ts
 * import { CifarImages } from '@ratedistortion/datasets';
 * const record = new Uint8Array(3073).fill(255);
 * record[0] = 3; // the label byte (0–9), then 1024 R, 1024 G and 1024 B bytes
 * const imgs = CifarImages.fromBytes([{ name: 'batch', bytes: record }]);
 * console.log(imgs.count, imgs.gray(0, 0, 0)); // 1 1
 * ```
 */
export class CifarImages {
  /** Number of images. */
  readonly count: number;
  private readonly records: Uint8Array[];
  private readonly offsets: Int32Array;

  private constructor(records: Uint8Array[]) {
    this.records = records;
    this.offsets = new Int32Array(records.length + 1);
    records.forEach((r, i) => {
      this.offsets[i + 1] = this.offsets[i] + r.length / CIFAR_RECORD_BYTES;
    });
    this.count = this.offsets[records.length];
  }

  /**
   * Validate and wrap batch files (each a whole number of 3073-byte records with labels 0–9).
   *
   * @example
   * ```ts
   * import { CifarImages } from '@ratedistortion/datasets';
   * const imgs = CifarImages.fromBytes([{ name: 'data_batch_1.bin', bytes: new Uint8Array(3073 * 2) }]);
   * console.log(imgs.count); // 2
   * ```
   */
  static fromBytes(files: ReadonlyArray<{ name: string; bytes: FileBytes }>): CifarImages {
    if (files.length === 0) throw new InvalidParameterError('files', 'at least one CIFAR-10 batch', files);
    const records = files.map(({ name, bytes }) => {
      const b = asBytes(bytes);
      if (b.length === 0 || b.length % CIFAR_RECORD_BYTES !== 0) {
        throw new DatasetFileError(
          name,
          `size ${b.length} bytes is not a positive multiple of the ${CIFAR_RECORD_BYTES}-byte CIFAR-10 binary record (is this the "binary version"?)`,
          DATASET_URLS.cifar10,
        );
      }
      for (let o = 0; o < b.length; o += CIFAR_RECORD_BYTES) {
        if (b[o] > 9) {
          throw new DatasetFileError(
            name,
            `record ${o / CIFAR_RECORD_BYTES} has label byte ${b[o]}, expected 0–9 (not a CIFAR-10 binary batch)`,
            DATASET_URLS.cifar10,
          );
        }
      }
      return b;
    });
    return new CifarImages(records);
  }

  /**
   * Read the batch files of a split from a directory (Node) or a map of file name → bytes.
   *
   * @example
   * ```ts
   * import { CifarImages } from '@ratedistortion/datasets';
   * try { CifarImages.load('./cifar-10-batches-bin', 'test'); } catch (e) { console.log((e as Error).message); }
   * ```
   */
  static load(input: string | FileMap, split: 'train' | 'test'): CifarImages {
    const names = CIFAR_SPLIT_FILES[split];
    return CifarImages.fromBytes(
      names.map((name) => {
        if (typeof input === 'string')
          return { name: joinPath(input, name), bytes: readFileBytes(joinPath(input, name), DATASET_URLS.cifar10) };
        const bytes = fileFromMap(input, name);
        if (!bytes)
          throw new DatasetFileError(
            name,
            `missing from the given files (the ${split} split needs ${names.join(', ')})`,
            DATASET_URLS.cifar10,
          );
        return { name, bytes };
      }),
    );
  }

  /** Class label (0–9) of an image. */
  label(image: number): number {
    const [rec, o] = this.locate(image);
    return rec[o];
  }

  /** Grayscale value in [0, 1] of pixel (row, col) of an image. */
  gray(image: number, row: number, col: number): number {
    const [rec, o] = this.locate(image);
    const p = o + 1 + row * 32 + col;
    return (BT601.r * rec[p] + BT601.g * rec[p + 1024] + BT601.b * rec[p + 2048]) / 255;
  }

  /** The whole grayscale image, 1024 values row-major, into `out`. */
  grayImage(image: number, out: Float64Array = new Float64Array(1024)): Float64Array {
    const [rec, o] = this.locate(image);
    for (let p = 0; p < 1024; p++) {
      const q = o + 1 + p;
      out[p] = (BT601.r * rec[q] + BT601.g * rec[q + 1024] + BT601.b * rec[q + 2048]) / 255;
    }
    return out;
  }

  private locate(image: number): [Uint8Array, number] {
    if (!Number.isInteger(image) || image < 0 || image >= this.count) {
      throw new InvalidParameterError('image', `an integer in [0, ${this.count - 1}]`, image);
    }
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= image) lo = mid;
      else hi = mid - 1;
    }
    return [this.records[lo], (image - this.offsets[lo]) * CIFAR_RECORD_BYTES];
  }
}
