// The analytic group of the CI profile: independent routes to the same RD quantity must agree to tight
// tolerances. Every reference is exact (closed form, or a closed-form density), the other side a numerical
// solver of the analytic package (Blahut–Arimoto on a grid, FFT of the BHE). Every computation is deterministic;
// thresholds sit 2.5× or more above the errors measured with these settings (stated beside each, recorded in
// benchmarks/results/ci-analytic.json) and far below what a wrong convention (a factor 2 in D, a log base, a
// sign in the heat equation) produces: ≥ 1e-2.
import {
  GaussianMixture,
  Sinc4Mixture,
  blahutArimotoGrid1d,
  blahutArimotoGrid2d,
  bheFourierGrid,
  gaussianMixtureCharacteristicFunction,
  mixtureRateDistortion,
  reverseWaterFilling,
  sinc4BheGrid,
} from '@ratedistortion/analytic';
import type { BenchCheck, BenchMeasurement } from './bench-check.js';

const normal1d = (x: number): number => Math.exp(-0.5 * x * x);

/** Water-filling of N(0, 1) against 1-D grid BA, below the variance and above it (R = 0). */
const waterFilling1d: BenchCheck = {
  name: 'water-filling vs BA, N(0,1)',
  description: 'reverse water-filling of N(0,1) against Blahut–Arimoto on 180 cells of [−9, 9], eps 0.5 and 1.5 (> σ²)',
  run() {
    const out: BenchMeasurement[] = [];
    // Below σ²: grid and stopping errors only; measured 1.3e-7 nats in R, 7e-8 in D.
    const below = blahutArimotoGrid1d({ density: normal1d, xMin: -9, xMax: 9, points: 180 }, 0.5, {
      maxIterations: 4000,
    });
    const wb = reverseWaterFilling([1], 0.5);
    out.push({ name: 'rate, eps 0.5', reference: wb.rate, value: below.rate, threshold: 1e-6 });
    out.push({ name: 'distortion, eps 0.5', reference: wb.distortion, value: below.distortion, threshold: 1e-6 });
    // At eps ≥ σ² the optimum is R = 0, D = σ²/2; BA approaches the corner slowly (sublinear convergence at a
    // singular P1): measured R = 5.6e-4, |D − ½| = 4.2e-4 after 4000 updates. Reading eps as 2·D (a factor-2
    // slip) would put R at 0.14 here.
    const above = blahutArimotoGrid1d({ density: normal1d, xMin: -9, xMax: 9, points: 180 }, 1.5, {
      maxIterations: 4000,
    });
    const wa = reverseWaterFilling([1], 1.5);
    out.push({ name: 'rate, eps 1.5', reference: wa.rate, value: above.rate, threshold: 2e-3 });
    out.push({ name: 'distortion, eps 1.5', reference: wa.distortion, value: above.distortion, threshold: 2e-3 });
    return out;
  },
};

/** Water-filling of diag(1, 0.25) against 2-D grid BA, with both directions coded and with one (eps > 0.25). */
const waterFilling2d: BenchCheck = {
  name: 'water-filling vs BA, 2-D diag(1, 0.25)',
  description:
    'reverse water-filling of N(0, diag(1, 0.25)) against 2-D Blahut–Arimoto, eps 0.2 and 0.5 (above the smaller variance, Richardson in h)',
  run() {
    const density = (x: number, y: number): number => Math.exp(-0.5 * (x * x + (y * y) / 0.25));
    const below = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.2);
    const wb = reverseWaterFilling([1, 0.25], 0.2);
    // eps = 0.5 > 0.25: one direction uncoded, P1 singular, grid error O(h²), removed by Richardson (24 → 48).
    // Measured: 2.9e-7 / 7e-8 (eps 0.2, R / D), 4.4e-5 / 7.6e-6 (eps 0.5).
    const coarse = blahutArimotoGrid2d({ density, x: [-6, 6, 24], y: [-3, 3, 24] }, 0.5);
    const fine = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.5);
    const wa = reverseWaterFilling([1, 0.25], 0.5);
    return [
      { name: 'rate, eps 0.2', reference: wb.rate, value: below.rate, threshold: 1e-5 },
      { name: 'distortion, eps 0.2', reference: wb.distortion, value: below.distortion, threshold: 1e-6 },
      {
        name: 'rate, eps 0.5 (Richardson)',
        reference: wa.rate,
        value: fine.rate + (fine.rate - coarse.rate) / 3,
        threshold: 2e-4,
      },
      { name: 'distortion, eps 0.5', reference: wa.distortion, value: fine.distortion, threshold: 2e-5 },
    ];
  },
};

/** The paper's Fig. 8 mixture: exact R(eps) inside the BHE range against 1-D grid BA. */
const gmmExact: BenchCheck = {
  name: 'exact GMM RD vs BA',
  description:
    'exact RD of the Fig. 8 GMM (h(P0) − ½log(2πe·eps)) against Blahut–Arimoto on 200 cells, eps 0.005, 0.02, 0.035',
  run() {
    const gmm = GaussianMixture.fromSpec({
      kind: 'gmm',
      weights: [1 / 3, 1 / 3, 1 / 3],
      means: [-0.4, 0, 0.4],
      variances: [0.04, 0.05, 0.06],
    });
    const out: BenchMeasurement[] = [];
    for (const eps of [0.005, 0.02, 0.035]) {
      const exact = mixtureRateDistortion(gmm, eps);
      const ba = blahutArimotoGrid1d({ density: (x) => gmm.density([x])[0], xMin: -2, xMax: 2, points: 200 }, eps, {
        maxIterations: 6000,
      });
      // 1e-4 nats: the stated tolerance for BA in the valid range (grid error + BA's sublinear convergence);
      // measured ≤ 9e-6 nats in R (largest at eps 0.035, nearest the range's end 0.04) and ≤ 3.2e-7 in D.
      out.push({ name: `rate, eps ${eps}`, reference: exact.rate, value: ba.rate, threshold: 1e-4 });
      out.push({ name: `distortion, eps ${eps}`, reference: exact.distortion, value: ba.distortion, threshold: 1e-6 });
    }
    return out;
  },
};

/** The sinc⁴ mixture's reconstruction density convolved with N(0, eps) gives back the source density. */
const sinc4SelfConsistency: BenchCheck = {
  name: 'sinc⁴ self-consistency p1 * N(0,eps) = p0',
  description:
    'FFT p1 of the paper sinc⁴ mixture (eps 0.06, ±512, 2¹⁷ points) convolved with N(0, eps) against p0 at x = 0, 1.3, 4.4, 10',
  run() {
    const s = Sinc4Mixture.paperExample();
    const eps = 0.06;
    const r = sinc4BheGrid(s, eps, 1, { halfWidth: 512, points: 1 << 17 });
    const dx = r.xs[1] - r.xs[0];
    return [0, 1.3, 4.4, 10].map((x) => {
      // Trapezoid of a smooth integrand on a fine uniform grid (spectrally accurate), Gaussian cut at 12 sd:
      // measured ≤ 7e-12 (the ±512 window's aliasing of the x⁻⁴ tails, ≈ 5e-12).
      let c = 0;
      for (let j = 0; j < r.xs.length; j++) {
        const d = x - r.xs[j];
        if (Math.abs(d) < 12 * Math.sqrt(eps)) c += r.density[j] * Math.exp(-(d * d) / (2 * eps));
      }
      c *= dx / Math.sqrt(2 * Math.PI * eps);
      return { name: `p0(${x})`, reference: s.densityAt(x), value: c, threshold: 1e-10 };
    });
  },
};

/** The FFT solution of the BHE (Eq. 19) for a GMM against its closed form, Eq. (22). */
const fourierBhe: BenchCheck = {
  name: 'Fourier BHE vs Eq. (22), GMM',
  description:
    'FFT solution of the BHE for a 3-component GMM on 2048 points of [−4, 4] against the closed-form p_t (Eq. 22), max abs error',
  run() {
    const w = [0.2, 0.5, 0.3];
    const m = [-0.6, 0.1, 0.7];
    const v = [0.04, 0.05, 0.09];
    const charFn = gaussianMixtureCharacteristicFunction(w, m, v);
    const gmm = GaussianMixture.fromSpec({ kind: 'gmm', weights: w, means: m, variances: v });
    return (
      [
        [0.03, 1],
        [0.039, 1],
        [0.02, 0.4],
      ] as const
    ).map(([eps, t]) => {
      const r = bheFourierGrid({ charFn, eps, t, xMin: -4, xMax: 4, points: 2048 });
      const exact = gmm.atTime(eps, t).density(r.xs);
      let err = 0;
      for (let j = 0; j < r.xs.length; j++) err = Math.max(err, Math.abs(r.density[j] - exact[j]));
      // Max over the grid, so the reference is 0 and the value the largest deviation (measured ≤ 8e-15).
      return { name: `max |p_t FFT − Eq. 22|, eps ${eps}, t ${t}`, reference: 0, value: err, threshold: 1e-10 };
    });
  },
};

/**
 * The analytic checks of the CI profile: reverse water-filling against Blahut–Arimoto (1-D and 2-D, incl. eps
 * above the smaller variance), the exact GMM RD against Blahut–Arimoto (1e-4 nats), the sinc⁴
 * self-consistency p1 * N(0, eps) = p0, and the Fourier BHE against Eq. (22) for a GMM.
 *
 * @example
 * ```ts
 * import { ANALYTIC_CHECKS } from '@ratedistortion/benchmarks';
 * console.log(ANALYTIC_CHECKS.map((c) => c.name));
 * ```
 */
export const ANALYTIC_CHECKS: readonly BenchCheck[] = [
  waterFilling1d,
  waterFilling2d,
  gmmExact,
  sinc4SelfConsistency,
  fourierBhe,
];
