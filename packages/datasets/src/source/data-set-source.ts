// The sources read from a data set (CIFAR-10 patches, Free Spoken Digit frames): no known density, exact moments of
// the data computed once, the SPEC kept as built.
import type { SourceSpec } from '../spec/specs.js';
import { SourceBase, entropyUnknownError } from './source-base.js';
import type { EntropyValue } from './source.js';

/**
 * Mean and covariance (one row per array) of a data set.
 *
 * @example
 * ```ts
 * import type { DataMoments } from '@ratedistortion/datasets';
 * const m: DataMoments = { mean: Float64Array.of(0), covariance: [Float64Array.of(1)] };
 * ```
 */
export interface DataMoments {
  mean: Float64Array;
  covariance: Float64Array[];
}

/**
 * Base class of a source that draws from a data set: `hasEntropy` is false and `entropy()` throws (the density is
 * unknown; estimate it from samples), `mean()` and `covariance()` are the data's exact moments — computed on first
 * use by the subclass's `computeMoments` and returned as copies — and `toSpec()` is a copy of the SPEC it was built
 * from.
 *
 * @example
 * ```ts
 * import { DataSetSource, loadCifarPatches } from '@ratedistortion/datasets';
 * const oneImage = new Uint8Array(3073).fill(128);
 * oneImage[0] = 0; // label byte
 * const src = loadCifarPatches(oneImage, { patches: 4, seed: 0 });
 * console.log(src instanceof DataSetSource, src.hasEntropy, src.mean()[0]); // true false 128/255
 * ```
 */
export abstract class DataSetSource<S extends SourceSpec> extends SourceBase {
  override readonly hasEntropy = false;
  /** The SPEC this source was built from. */
  protected abstract readonly spec: S;
  private moments: DataMoments | null = null;

  /** The data's mean and covariance (called once; the result is cached). */
  protected abstract computeMoments(): DataMoments;

  entropy(): EntropyValue {
    throw entropyUnknownError(this.kind);
  }

  mean(): Float64Array {
    return Float64Array.from(this.dataMoments().mean);
  }

  covariance(): Float64Array[] {
    return this.dataMoments().covariance.map((r) => Float64Array.from(r));
  }

  toSpec(): S {
    return { ...this.spec };
  }

  private dataMoments(): DataMoments {
    this.moments ??= this.computeMoments();
    return this.moments;
  }
}
