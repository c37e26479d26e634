// Free Spoken Digit Dataset features (paper §5.2.2): 33-dimensional log-STFT frames, preprocessed as in Yang et
// al. (2023, §A.5.4) and the RD-sandwich repository's data/speech/create_data.py, then whitened per feature.
import { InvalidParameterError, type Random, type Samples } from '@ratedistortion/core';
import { DATASET_URLS, DatasetFileError } from '../errors/dataset-file-error.js';
import {
  fileFromMap,
  fileMapNames,
  joinPath,
  listDirectory,
  nodeFileSystem,
  readFileBytes,
  type FileMap,
} from '../files/file-access.js';
import { DataSetSource, type DataMoments } from '../source/data-set-source.js';
import type { FsddSpec } from '../spec/specs.js';
import { readChoice, readString, rejectUnknownFields, specObject } from '../spec/fields.js';
import { stftMagnitude } from './stft.js';
import { decodeWav } from './wav.js';

/**
 * The preprocessing settings of the reference (`create_data.py`): speaker `theo`; train = recordings 5–49 of
 * every digit, test = 0–4 (the data set's official split); `tf.signal.stft` with frame length 63, step 1 and the
 * default FFT length 64 (33 bins), periodic Hann window, no end padding; feature `log(|STFT| + eps)` with
 * `eps = np.finfo(float).eps = 2⁻⁵²`; every frame of every file. FSDD recordings are 8 kHz, 16-bit mono.
 *
 * @example
 * ```ts
 * import { FSDD_SETTINGS } from '@ratedistortion/datasets';
 * console.log(FSDD_SETTINGS.fftLength / 2 + 1); // 33 features
 * ```
 */
export const FSDD_SETTINGS = {
  speaker: 'theo',
  trainIndices: [5, 49],
  testIndices: [0, 4],
  frameLength: 63,
  frameStep: 1,
  fftLength: 64,
  logEps: 2 ** -52,
  sampleRate: 8000,
} as const;

/**
 * Per-feature whitening `z = (x − mean)/std` (std with divisor n, so whitened data has unit variance).
 *
 * @example
 * ```ts
 * import type { Whitening } from '@ratedistortion/datasets';
 * const w: Whitening = { mean: new Float64Array(33), std: new Float64Array(33).fill(1) };
 * ```
 */
export interface Whitening {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Options of {@link loadFreeSpokenDigits}.
 *
 * @example
 * ```ts
 * import type { FsddOptions } from '@ratedistortion/datasets';
 * const o: FsddOptions = { split: 'train', whitening: 'split' };
 * ```
 */
export interface FsddOptions {
  split: 'train' | 'test';
  /** Default `theo`. */
  speaker?: string;
  /** Statistics to whiten with: the training split's (default), the split's own, or none. */
  whitening?: 'train' | 'split' | 'none';
}

/**
 * Log-STFT features of the files of one split: rows of 33 values `log(|STFT| + 2⁻⁵²)`, all frames of all files,
 * files in the order (recording index, digit). Stored as float32 (like the reference's arrays) to halve memory.
 *
 * @example
 * ```ts
 * import { encodeWav16, fsddFeatures } from '@ratedistortion/datasets';
 * const files = { '3_theo_0.wav': encodeWav16(new Float64Array(100).fill(0.1), 8000) };
 * const f = fsddFeatures([{ name: '3_theo_0.wav', bytes: files['3_theo_0.wav'] }]);
 * console.log(f.length / 33); // 38 frames
 * ```
 */
export function fsddFeatures(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Float32Array {
  const parts: Float64Array[] = [];
  let total = 0;
  for (const { name, bytes } of files) {
    const wav = decodeWav(bytes, name, DATASET_URLS.fsdd);
    if (wav.channels.length !== 1)
      throw new DatasetFileError(
        name,
        `expected a mono recording, found ${wav.channels.length} channels`,
        DATASET_URLS.fsdd,
      );
    const s = stftMagnitude(wav.channels[0], FSDD_SETTINGS);
    for (let i = 0; i < s.data.length; i++) s.data[i] = Math.log(s.data[i] + FSDD_SETTINGS.logEps);
    parts.push(s.data);
    total += s.data.length;
  }
  const out = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * File names of a split, `{digit}_{speaker}_{index}.wav`, in the order (index, digit).
 *
 * @example
 * ```ts
 * import { fsddFileNames } from '@ratedistortion/datasets';
 * console.log(fsddFileNames('test').length); // 50
 * ```
 */
export function fsddFileNames(split: 'train' | 'test', speaker: string = FSDD_SETTINGS.speaker): string[] {
  const [lo, hi] = split === 'train' ? FSDD_SETTINGS.trainIndices : FSDD_SETTINGS.testIndices;
  const names: string[] = [];
  for (let i = lo; i <= hi; i++) for (let d = 0; d <= 9; d++) names.push(`${d}_${speaker}_${i}.wav`);
  return names;
}

/**
 * Per-feature mean and standard deviation (divisor n) of row-major features, in float64.
 *
 * @example
 * ```ts
 * import { whiteningOf } from '@ratedistortion/datasets';
 * console.log(whiteningOf(new Float32Array([1, 3]), 1)); // mean [2], std [1]
 * ```
 */
export function whiteningOf(features: Float32Array, dim: number): Whitening {
  const n = features.length / dim;
  if (!(n >= 1) || !Number.isInteger(n))
    throw new InvalidParameterError(
      'features',
      `a non-empty array whose length is a multiple of ${dim}`,
      features.length,
    );
  const mean = new Float64Array(dim);
  for (let j = 0; j < n; j++) for (let i = 0; i < dim; i++) mean[i] += features[j * dim + i];
  for (let i = 0; i < dim; i++) mean[i] /= n;
  const std = new Float64Array(dim);
  for (let j = 0; j < n; j++) for (let i = 0; i < dim; i++) std[i] += (features[j * dim + i] - mean[i]) ** 2;
  for (let i = 0; i < dim; i++) {
    std[i] = Math.sqrt(std[i] / n);
    if (!(std[i] > 0))
      throw new InvalidParameterError(
        `features[:, ${i}]`,
        'a feature with non-zero variance (it cannot be whitened)',
        std[i],
      );
  }
  return { mean, std };
}

/**
 * The Free Spoken Digit features as a 33-dimensional source: draws resample frames uniformly with replacement
 * and whiten them; `mean()`/`covariance()` are the exact moments of the whitened empirical distribution
 * (divisor n; with `whitening: 'split'` the mean is 0 and the diagonal 1 up to rounding).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { loadFreeSpokenDigits } from '@ratedistortion/datasets';
 * try {
 *   const speech = loadFreeSpokenDigits('./free-spoken-digit-dataset/recordings', { split: 'train' });
 *   console.log(speech.frames, speech.sample(4, new Random(0)).dim); // …, 33
 * } catch (e) { console.log((e as Error).message); }
 * ```
 */
export class FsddSource extends DataSetSource<FsddSpec> {
  readonly kind = 'fsdd';
  readonly dim = 33;
  /** Unwhitened log-STFT features, frames × 33, float32. */
  readonly features: Float32Array;
  /** Number of frames. */
  readonly frames: number;
  /** The whitening applied by `sample` (null: none). */
  readonly whitening: Whitening | null;
  protected readonly spec: FsddSpec;

  constructor(features: Float32Array, whitening: Whitening | null, spec: FsddSpec) {
    super();
    if (features.length === 0 || features.length % 33 !== 0) {
      throw new InvalidParameterError('features', 'a non-empty array of 33-value frames', features.length);
    }
    this.features = features;
    this.frames = features.length / 33;
    this.whitening = whitening;
    this.spec = spec;
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    for (let s = 0; s < n; s++) this.frameInto(rng.uniformInt(this.frames), out, 33 * s);
  }

  private frameInto(j: number, out: Float64Array, o: number): void {
    const w = this.whitening;
    for (let i = 0; i < 33; i++) {
      const v = this.features[33 * j + i];
      out[o + i] = w ? (v - w.mean[i]) / w.std[i] : v;
    }
  }

  /** Whitened features of frame j. */
  frame(j: number): Float64Array {
    if (!Number.isInteger(j) || j < 0 || j >= this.frames)
      throw new InvalidParameterError('j', `an integer in [0, ${this.frames - 1}]`, j);
    const out = new Float64Array(33);
    this.frameInto(j, out, 0);
    return out;
  }

  /** Undo the whitening: `x·std + mean` per feature (identity without whitening). */
  unwhiten(x: Samples): Samples {
    if (x.dim !== 33) throw new InvalidParameterError('x.dim', 'dimension 33', x.dim);
    const w = this.whitening;
    const data = Float64Array.from(x.data);
    if (w)
      for (let j = 0; j < x.n; j++)
        for (let i = 0; i < 33; i++) data[33 * j + i] = data[33 * j + i] * w.std[i] + w.mean[i];
    return { n: x.n, dim: 33, data };
  }

  /** Moments of the (whitened) frames, two passes. */
  protected computeMoments(): DataMoments {
    const n = this.frames;
    const mean = new Float64Array(33);
    const row = new Float64Array(33);
    for (let j = 0; j < n; j++) {
      this.frameInto(j, row, 0);
      for (let i = 0; i < 33; i++) mean[i] += row[i];
    }
    for (let i = 0; i < 33; i++) mean[i] /= n;
    const covariance = Array.from({ length: 33 }, () => new Float64Array(33));
    for (let j = 0; j < n; j++) {
      this.frameInto(j, row, 0);
      for (let i = 0; i < 33; i++) row[i] -= mean[i];
      for (let a = 0; a < 33; a++) for (let b = a; b < 33; b++) covariance[a][b] += row[a] * row[b];
    }
    for (let a = 0; a < 33; a++)
      for (let b = a; b < 33; b++) {
        covariance[a][b] /= n;
        covariance[b][a] = covariance[a][b];
      }
    return { mean, covariance };
  }

  /**
   * Build from an {@link FsddSpec} (reads `dir` in Node).
   *
   * @example
   * ```ts
   * import { FsddSource } from '@ratedistortion/datasets';
   * try { FsddSource.fromSpec({ kind: 'fsdd', dir: './recordings', split: 'test' }); } catch (e) { console.log((e as Error).message); }
   * ```
   */
  static fromSpec(input: unknown): FsddSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'dir', 'split', 'speaker', 'whitening']);
    return loadFreeSpokenDigits(readString('dir', spec.dir), {
      split: readChoice('split', spec.split, ['train', 'test'] as const),
      speaker: spec.speaker === undefined ? undefined : readString('speaker', spec.speaker),
      whitening:
        spec.whitening === undefined
          ? undefined
          : readChoice('whitening', spec.whitening, ['train', 'split', 'none'] as const),
    });
  }
}

/**
 * Load the Free Spoken Digit features of one split from the recordings folder (Node; the repository root, whose
 * `recordings/` subfolder is then used, is accepted too) or from a map of file name → WAV bytes. Every file of
 * the split must be present (10 digits × the split's recording indices); a missing or malformed file throws
 * `DatasetFileError` naming it and https://github.com/Jakobovski/free-spoken-digit-dataset.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { encodeWav16, fsddFileNames, loadFreeSpokenDigits } from '@ratedistortion/datasets';
 * const rng = new Random(0);
 * const files: Record<string, Uint8Array> = {};
 * for (const name of fsddFileNames('test')) files[name] = encodeWav16(Float64Array.from({ length: 80 }, () => 0.1 * rng.normal()), 8000);
 * const test = loadFreeSpokenDigits(files, { split: 'test', whitening: 'split' });
 * console.log(test.frames); // 50 files × 18 frames = 900
 * ```
 */
export function loadFreeSpokenDigits(input: string | FileMap, opts: FsddOptions): FsddSource {
  const split = readChoice('split', opts?.split, ['train', 'test'] as const);
  const speaker = opts.speaker ?? FSDD_SETTINGS.speaker;
  if (!/^[A-Za-z0-9_-]+$/.test(speaker))
    throw new InvalidParameterError('speaker', 'a speaker name such as "theo"', speaker);
  const whitening = opts.whitening ?? 'train';
  let dir: string | null = null;
  if (typeof input === 'string') {
    dir = input;
    const fs = nodeFileSystem();
    const sub = joinPath(input, 'recordings');
    if (fs?.existsSync(sub) && fs.statSync(sub).isDirectory()) dir = sub;
    listDirectory(dir, DATASET_URLS.fsdd); // a clear error for a missing folder
  } else if (!input || typeof input !== 'object') {
    throw new InvalidParameterError('input', 'a directory path or a map of file name → WAV bytes', input);
  }
  const read = (s: 'train' | 'test') =>
    fsddFeatures(
      fsddFileNames(s, speaker).map((name) => {
        if (dir !== null)
          return { name: joinPath(dir, name), bytes: readFileBytes(joinPath(dir, name), DATASET_URLS.fsdd) };
        const bytes = fileFromMap(input as FileMap, name);
        if (!bytes) {
          const have = fileMapNames(input as FileMap).length;
          throw new DatasetFileError(
            name,
            `missing from the ${have} given files (the ${s} split of speaker ${speaker} needs ${fsddFileNames(s, speaker).length})`,
            DATASET_URLS.fsdd,
          );
        }
        return { name, bytes };
      }),
    );
  const features = read(split);
  if (features.length === 0)
    throw new DatasetFileError(
      dir ?? '<files>',
      `the ${split} recordings are all shorter than one ${FSDD_SETTINGS.frameLength}-sample frame`,
      DATASET_URLS.fsdd,
    );
  let stats: Whitening | null = null;
  if (whitening === 'split') stats = whiteningOf(features, 33);
  else if (whitening === 'train') stats = whiteningOf(split === 'train' ? features : read('train'), 33);
  return new FsddSource(features, stats, {
    kind: 'fsdd',
    ...(typeof input === 'string' ? { dir: input } : {}),
    split,
    ...(opts.speaker !== undefined ? { speaker } : {}),
    ...(opts.whitening !== undefined ? { whitening } : {}),
  });
}
