// Gaussian mixtures as the analytic package solves them: core's GaussianMixtureLaw (eigen-form, any isotropic
// shift) plus the backward-heat-equation view — the BHE maps each component N(μ, Σ) to N(μ, Σ − eps·t·I)
// (paper Eq. 22, generalised to full covariances), valid while eps is below the smallest eigenvalue.
import {
  GaussianMixtureLaw,
  ValidityRangeError,
  assertInRange,
  assertPositive,
  gaussianComponents,
  type GaussianComponent,
  type GaussianMixtureSpec,
  type GaussianSpec,
} from '@ratedistortion/core';

/**
 * A Gaussian mixture `Σ wᵢ N(μᵢ, Σᵢ + shift·I)` in any dimension (core's {@link GaussianMixtureLaw}) with its
 * backward-heat-equation solution: `shift` is 0 for the source itself, `−eps·t` for `p_t` and `+eps` for a
 * Gaussian-smoothed mixture.
 *
 * @example
 * ```ts
 * import { GaussianMixture } from '@ratedistortion/analytic';
 * const p0 = GaussianMixture.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });
 * const p1 = p0.atTime(0.02, 1);           // reconstruction law P1 for eps = 0.02
 * console.log(p0.bheValidityLimit);        // 0.04
 * console.log(p1.density([0])[0] > p0.density([0])[0]);
 * ```
 */
export class GaussianMixture extends GaussianMixtureLaw {
  /** Build from validated components (see {@link gaussianComponents}); most callers use {@link GaussianMixture.fromSpec}. */
  constructor(components: readonly GaussianComponent[], shift = 0) {
    super(components, shift);
  }

  /**
   * Validate a Gaussian or Gaussian-mixture spec (weights summing to 1, SPD covariances) and build the mixture.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gaussian', covariance: [[1, 0.5], [0.5, 2]] });
   * console.log(g.dim, g.components.length); // 2 1
   * ```
   */
  static override fromSpec(spec: GaussianSpec | GaussianMixtureSpec): GaussianMixture {
    return new GaussianMixture(gaussianComponents(spec));
  }

  /**
   * The supremum of eps for which the backward-heat-equation solution exists: the smallest covariance
   * eigenvalue over all components (of the unshifted mixture).
   */
  get bheValidityLimit(): number {
    return this.minEigenvalue;
  }

  /**
   * The mixture with every covariance replaced by `Σᵢ + s·I` (relative to the unshifted components).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const p1 = GaussianMixture.fromSpec({ kind: 'gaussian', variance: 1 }).withShift(-0.25);
   * console.log(p1.components[0].eigenvalues[0] + p1.shift); // 0.75
   * ```
   */
  override withShift(s: number): GaussianMixture {
    return new GaussianMixture(this.components, s);
  }

  /**
   * The backward-heat-equation solution `p_t = Σ wᵢ N(μᵢ, Σᵢ − eps·t·I)` of the unshifted mixture.
   * Throws `ValidityRangeError` unless `0 < eps < bheValidityLimit`; `t` must lie in [0, 1].
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@ratedistortion/analytic';
   * const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.2, 0.3] });
   * console.log(g.atTime(0.1, 0.5).shift); // -0.05
   * ```
   */
  atTime(eps: number, t: number): GaussianMixture {
    this.assertBheEps(eps);
    assertInRange('t', t, 0, 1);
    return new GaussianMixture(this.components, -eps * t);
  }

  /** Throw `ValidityRangeError` unless `0 < eps < bheValidityLimit`. */
  assertBheEps(eps: number): void {
    assertPositive('eps', eps);
    const lim = this.bheValidityLimit;
    if (!(eps < lim)) {
      throw new ValidityRangeError(
        'eps',
        `a value in (0, ${lim})`,
        eps,
        'the backward-heat-equation solution of this Gaussian mixture (eps must be below the smallest covariance eigenvalue)',
      );
    }
  }
}
