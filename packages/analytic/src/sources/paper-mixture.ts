// The paper's one-dimensional Gaussian mixture, the running non-Gaussian example of its experiments.
import type { GaussianMixtureSpec } from '@ratedistortion/core';

/**
 * The paper's Gaussian mixture of Figs. 4 and 8 (App. D.2): weights ⅓, ⅓, ⅓, means −0.4, 0, 0.4, variances 0.04,
 * 0.05, 0.06 (its BHE solution holds for eps below the smallest variance, 0.04). A fresh copy on every call.
 *
 * @example
 * ```ts
 * import { paperMixtureSpec, rdPoint } from '@ratedistortion/analytic';
 * const r = rdPoint(paperMixtureSpec(), 0.01);
 * console.log(r.method, r.rate); // 'bhe', the rate in nats at D = eps/2 = 0.005
 * ```
 */
export function paperMixtureSpec(): GaussianMixtureSpec & { means: number[]; variances: number[] } {
  return { kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] };
}
