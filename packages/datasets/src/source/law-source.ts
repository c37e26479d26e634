// The sources that are one of core's laws (Gaussian mixture, Laplace, uniform, sinc⁴ mixture): the law samples and
// answers for the density, moments, entropy and characteristic function; the source adds its SPEC.
import type { AnalyticSourceSpec, Law, Random, Samples } from '@ratedistortion/core';
import type { SourceSpec } from '../spec/specs.js';
import { SourceBase, checkSamplesDim, entropyValueOf, omegaVector } from './source-base.js';
import type { Complex, EntropyValue } from './source.js';

/**
 * Base class of a source that is one of core's {@link Law}s: draws, `logPdf`, entropy, moments and characteristic
 * function all come from `law`, so the law is defined once (core) and shared with the analytic package, which
 * solves it. The source keeps the SPEC it was built from; `toSpec` and `analyticSpec` return copies of it.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { LaplaceSource, LawSource } from '@ratedistortion/datasets';
 * const l = new LaplaceSource([0], [1]);
 * console.log(l instanceof LawSource, l.logPdf(l.sample(2, new Random(0))), l.law.entropy().value);
 * ```
 */
export abstract class LawSource<L extends Law, S extends SourceSpec & AnalyticSourceSpec> extends SourceBase {
  readonly dim: number;
  /** The law this source samples. */
  readonly law: L;
  private readonly spec: S;

  protected constructor(law: L, spec: S) {
    super();
    this.law = law;
    this.dim = law.dim;
    this.spec = JSON.parse(JSON.stringify(spec)) as S;
  }

  protected draw(n: number, rng: Random, out: Float64Array): void {
    this.law.fill(n, rng, out);
  }

  /** The law's log density at each row of `x` (`−∞` outside its support). */
  logPdf(x: Samples): Float64Array {
    checkSamplesDim(x, this.dim);
    const out = new Float64Array(x.n);
    for (let s = 0; s < x.n; s++) out[s] = this.law.logDensityAt(x.data, s * this.dim);
    return out;
  }

  /** The law's entropy (closed form, quadrature or Monte Carlo, as the law computes it). */
  entropy(): EntropyValue {
    return entropyValueOf(this.law.entropy());
  }

  mean(): Float64Array {
    return this.law.mean();
  }

  covariance(): Float64Array[] {
    return this.law.covariance();
  }

  characteristicFunction(omega: Float64Array | number): Complex {
    return this.law.characteristicFunction(omegaVector(omega, this.dim));
  }

  toSpec(): S {
    return JSON.parse(JSON.stringify(this.spec)) as S;
  }

  /** Its own spec: the analytic package answers for this law directly. */
  override analyticSpec(): S {
    return this.toSpec();
  }
}
