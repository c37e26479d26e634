// The RD benchmark suite's catalogue: a fixed, versioned list of sources whose R(D) is known exactly or with a
// certificate, each with the slopes eps at which estimators are run and scored. Changing an entry means a new
// SUITE_VERSION (results of different versions are not comparable).
import type { SourceSpec } from '@ratedistortion/datasets';

/**
 * Version of the suite catalogue (and of its reference table).
 *
 * @example
 * ```ts
 * import { SUITE_VERSION } from '@ratedistortion/estimators';
 * console.log(SUITE_VERSION); // 1
 * ```
 */
export const SUITE_VERSION = 1;

/**
 * How a suite source's reference is obtained:
 * - `closed-form`: reverse water-filling on the covariance's eigenvalues;
 * - `bhe`: the Shannon lower bound h − (d/2)log(2πe·eps), tight where the backward-heat-equation solution exists,
 *   with h by quadrature; Blahut–Arimoto (with its dual gap) at the slopes outside that range;
 * - `ba`: Blahut–Arimoto on a grid (1-D/2-D; independent coordinates one 1-D problem each);
 * - `slb-deconvolution`: X = Y + N(0, σ²I), so R(D) = h(X) − (d/2)log(2πe·2D/d) for D ≤ dσ²/2, h(X) by quadrature.
 *
 * @example
 * ```ts
 * import type { SuiteReferenceMethod } from '@ratedistortion/estimators';
 * const m: SuiteReferenceMethod = 'slb-deconvolution';
 * ```
 */
export type SuiteReferenceMethod = 'closed-form' | 'bhe' | 'ba' | 'slb-deconvolution';

/**
 * One source of the suite.
 *
 * @example
 * ```ts
 * import { SUITE_SOURCES, type SuiteSource } from '@ratedistortion/estimators';
 * const s: SuiteSource = SUITE_SOURCES[0];
 * console.log(s.id, s.dim, s.eps);
 * ```
 */
export interface SuiteSource {
  /** Stable identifier, e.g. `gaussian-1d`. */
  id: string;
  description: string;
  /** The source SPEC (as `rd sources` lists it). */
  spec: SourceSpec;
  dim: number;
  /** The slopes at which estimators are run (eps = 1/β for D = ½E‖X−X̂‖²). */
  eps: number[];
  reference: SuiteReferenceMethod;
}

const FIG8_GMM = {
  kind: 'gmm' as const,
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
};

/**
 * The catalogue of {@link SUITE_VERSION} 1: Gaussians (scalar, NERD's rotated 20-D, a high-rate 33-D), Gaussian
 * mixtures inside and outside the BHE range (1-D, 2-D), the paper's sinc⁴ mixture, Laplace (1-D, 8-D) and three
 * deconvolution sources X = Y + N(0, σ²I).
 *
 * @example
 * ```ts
 * import { SUITE_SOURCES } from '@ratedistortion/estimators';
 * for (const s of SUITE_SOURCES) console.log(s.id, s.reference);
 * ```
 */
export const SUITE_SOURCES: readonly SuiteSource[] = [
  {
    id: 'gaussian-1d',
    description: 'N(0, 1)',
    spec: { kind: 'gaussian', variance: 1 },
    dim: 1,
    eps: [0.05, 0.2, 0.5],
    reference: 'closed-form',
  },
  {
    id: 'gaussian-nerd-20d',
    description: "NERD's rotated Gaussian: σᵢ = 2e^(−0.25i), i < 20, random rotation (seed 0)",
    spec: { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 },
    dim: 20,
    eps: [0.01, 0.1, 0.5],
    reference: 'closed-form',
  },
  {
    id: 'gaussian-33d-high-rate',
    description: 'rotated 33-D Gaussian σᵢ = 2e^(−0.05i) at high rate (every direction coded)',
    spec: { kind: 'gaussian', dim: 33, decay: 0.05, rotationSeed: 1 },
    dim: 33,
    eps: [0.001, 0.01],
    reference: 'closed-form',
  },
  {
    id: 'gmm-1d',
    description:
      "the paper's Fig. 8 mixture: weights ⅓, means −0.4, 0, 0.4, variances 0.04, 0.05, 0.06 (BHE for eps < 0.04)",
    spec: FIG8_GMM,
    dim: 1,
    eps: [0.01, 0.03, 0.06, 0.1],
    reference: 'bhe',
  },
  {
    id: 'gmm-2d',
    description: 'two isotropic components N((∓1, 0), 0.3·I), weights ½ (BHE for eps < 0.3)',
    spec: {
      kind: 'gmm',
      weights: [0.5, 0.5],
      means: [
        [-1, 0],
        [1, 0],
      ],
      covariances: [
        [
          [0.3, 0],
          [0, 0.3],
        ],
        [
          [0.3, 0],
          [0, 0.3],
        ],
      ],
    },
    dim: 2,
    eps: [0.1, 0.5],
    reference: 'bhe',
  },
  {
    id: 'sinc4-1d',
    description: "the paper's sinc⁴ mixture: weights ¼, scales 1, √2, π, e",
    spec: { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] },
    dim: 1,
    eps: [0.02, 0.05, 0.3],
    reference: 'bhe',
  },
  {
    id: 'laplace-1d',
    description: 'Laplace(0, 1)',
    spec: { kind: 'laplace', scale: 1 },
    dim: 1,
    eps: [0.1, 0.5, 1],
    reference: 'ba',
  },
  {
    id: 'laplace-8d',
    description: 'eight independent Laplace(0, 1) coordinates',
    spec: { kind: 'laplace', scale: 1, dim: 8 },
    dim: 8,
    eps: [0.2, 1],
    reference: 'ba',
  },
  {
    id: 'uniform-noisy-1d',
    description: 'X = U[0, 1] + N(0, 0.01): R(D) = SLB for D ≤ 0.005',
    spec: { kind: 'noisy', source: { kind: 'uniform', low: 0, high: 1 }, noiseVariance: 0.01 },
    dim: 1,
    eps: [0.002, 0.005, 0.01],
    reference: 'slb-deconvolution',
  },
  {
    id: 'uniform-noisy-8d',
    description: 'X = U[0, 1]⁸ + N(0, 0.01·I): R(D) = SLB for D ≤ 0.04',
    spec: { kind: 'noisy', source: { kind: 'uniform', low: 0, high: 1, dim: 8 }, noiseVariance: 0.01 },
    dim: 8,
    eps: [0.002, 0.01],
    reference: 'slb-deconvolution',
  },
  {
    id: 'laplace-noisy-2d',
    description: 'X = Laplace(0, 1)² + N(0, 0.05·I): R(D) = SLB for D ≤ 0.05',
    spec: { kind: 'noisy', source: { kind: 'laplace', scale: 1, dim: 2 }, noiseVariance: 0.05 },
    dim: 2,
    eps: [0.01, 0.05],
    reference: 'slb-deconvolution',
  },
];
