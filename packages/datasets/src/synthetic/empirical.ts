// A user's sample matrix as a source (kind `samples`): the empirical distribution of its rows.
import { InvalidParameterError, toSamples, type Random, type Samples, type SamplesInput } from '@ratedistortion/core';
import { readFileBytes } from '../files/file-access.js';
import { SourceBase, entropyUnknownError, omegaVector } from '../source/source-base.js';
import type { Complex, EntropyValue } from '../source/source.js';
import type { SamplesSpec } from '../spec/specs.js';
import { readString, rejectUnknownFields, specObject } from '../spec/fields.js';
import { parseCsvSamples } from './csv.js';
import { readNumpySamples } from './npy.js';

/**
 * The empirical distribution of a sample matrix: `sample(n, rng)` draws n rows uniformly **with replacement**
 * (`rng.uniformInt(rows)` per draw), so any number of draws is possible and the draws are i.i.d. from the
 * empirical law. `mean()` and `covariance()` are that law's exact moments (the covariance divides by n, not
 * n−1); `characteristicFunction(ω) = (1/n) Σⱼ exp(i ωᵀxⱼ)`. Its differential entropy does not exist (the law is
 * discrete), so `entropy()` throws; estimate the entropy of the underlying source with `estimateEntropy`.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { EmpiricalSource } from '@ratedistortion/datasets';
 * const e = new EmpiricalSource([[0, 0], [1, 1], [2, 0]]);
 * console.log(e.sample(5, new Random(0)).data, e.mean());
 * ```
 */
export class EmpiricalSource extends SourceBase {
  readonly kind: string = 'samples';
  readonly dim: number;
  override readonly hasEntropy = false;
  /** The rows resampled from. */
  readonly data: Samples;
  private readonly spec: SamplesSpec;

  constructor(rows: SamplesInput, spec?: SamplesSpec) {
    super();
    this.data = toSamples(rows, 'rows');
    this.dim = this.data.dim;
    this.spec = spec ?? { kind: 'samples', rows: toRowArrays(this.data) };
  }

  /**
   * Build from a {@link SamplesSpec}: inline `rows`, or a `file` (Node): CSV (see `parseCsvSamples`), or NumPy `.npy` /
   * `.npz` (float32/float64, C or Fortran order, streamed; `array` names the member of an `.npz`; see `readNumpySamples`).
   *
   * @example
   * ```ts
   * import { EmpiricalSource } from '@ratedistortion/datasets';
   * const e = EmpiricalSource.fromSpec({ kind: 'samples', rows: [1, 2, 3] });
   * ```
   */
  static fromSpec(input: unknown): EmpiricalSource {
    const spec = specObject(input);
    rejectUnknownFields(spec, ['kind', 'rows', 'file', 'array']);
    if ((spec.rows === undefined) === (spec.file === undefined)) {
      throw new InvalidParameterError(
        'rows',
        'exactly one of rows, file',
        spec.rows === undefined ? undefined : 'both',
      );
    }
    if (spec.array !== undefined && !(typeof spec.file === 'string' && spec.file.toLowerCase().endsWith('.npz'))) {
      throw new InvalidParameterError('array', 'only with a .npz file', spec.array);
    }
    if (spec.file !== undefined) {
      const file = readString('file', spec.file);
      if (/\.npy$|\.npz$/i.test(file)) {
        const array = spec.array === undefined ? undefined : readString('array', spec.array);
        return new EmpiricalSource(readNumpySamples(file, array), {
          kind: 'samples',
          file,
          ...(array !== undefined ? { array } : {}),
        });
      }
      const text = new TextDecoder().decode(readFileBytes(file));
      return new EmpiricalSource(parseCsvSamples(text, file), { kind: 'samples', file });
    }
    if (!Array.isArray(spec.rows))
      throw new InvalidParameterError('rows', 'an array of rows (or of numbers for 1-D)', spec.rows);
    return new EmpiricalSource(spec.rows as SamplesInput, JSON.parse(JSON.stringify(spec)) as SamplesSpec);
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    const d = this.dim;
    for (let s = 0; s < n; s++) {
      const j = rng.uniformInt(this.data.n);
      for (let i = 0; i < d; i++) out[s * d + i] = this.data.data[j * d + i];
    }
  }

  entropy(): EntropyValue {
    throw entropyUnknownError(this.kind);
  }

  mean(): Float64Array {
    return empiricalMean(this.data);
  }

  covariance(): Float64Array[] {
    return empiricalCovariance(this.data);
  }

  characteristicFunction(omega: Float64Array | number): Complex {
    const w = omegaVector(omega, this.dim);
    let re = 0;
    let im = 0;
    const { n, dim, data } = this.data;
    for (let j = 0; j < n; j++) {
      let phase = 0;
      for (let i = 0; i < dim; i++) phase += w[i] * data[j * dim + i];
      re += Math.cos(phase);
      im += Math.sin(phase);
    }
    return { re: re / n, im: im / n };
  }

  toSpec(): SamplesSpec {
    return JSON.parse(JSON.stringify(this.spec)) as SamplesSpec;
  }
}

/**
 * Column means of a sample matrix, in float64.
 *
 * @example
 * ```ts
 * import { empiricalMean } from '@ratedistortion/datasets';
 * console.log(empiricalMean({ n: 2, dim: 1, data: new Float64Array([1, 3]) })); // [2]
 * ```
 */
export function empiricalMean(s: Samples): Float64Array {
  const m = new Float64Array(s.dim);
  for (let j = 0; j < s.n; j++) for (let i = 0; i < s.dim; i++) m[i] += s.data[j * s.dim + i];
  for (let i = 0; i < s.dim; i++) m[i] /= s.n;
  return m;
}

/**
 * Covariance of the empirical distribution of a sample matrix (divides by n), in float64, two-pass.
 *
 * @example
 * ```ts
 * import { empiricalCovariance } from '@ratedistortion/datasets';
 * console.log(empiricalCovariance({ n: 2, dim: 1, data: new Float64Array([1, 3]) })); // [[1]]
 * ```
 */
export function empiricalCovariance(s: Samples): Float64Array[] {
  const { n, dim, data } = s;
  const m = empiricalMean(s);
  const out = Array.from({ length: dim }, () => new Float64Array(dim));
  const c = new Float64Array(dim);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < dim; i++) c[i] = data[j * dim + i] - m[i];
    for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) out[a][b] += c[a] * c[b];
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      out[a][b] /= n;
      out[b][a] = out[a][b];
    }
  return out;
}

function toRowArrays(s: Samples): number[][] | number[] {
  if (s.dim === 1) return Array.from(s.data);
  const rows: number[][] = [];
  for (let j = 0; j < s.n; j++) rows.push(Array.from(s.data.subarray(j * s.dim, (j + 1) * s.dim)));
  return rows;
}
