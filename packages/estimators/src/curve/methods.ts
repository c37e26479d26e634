// Every estimator of the package behind one "produce a curve" call, so `runCurve`, `runCurves` and `rd curve`
// treat R2D2 (one amortised model), NERD, WGD, EBRD (one model per eps) and Blahut–Arimoto (one solve per eps)
// alike: same budget words (see curve-job.ts), same progress events, same abort/checkpoint/resume contract.
import { runBlahutArimotoCurve } from './ba-runner.js';
import type { CurveMethod, CurveMethodSpec } from './curve-job.js';
import { ebrdModels, nerdModels, runPerEps, wgdModels } from './per-eps-runner.js';
import { runR2D2Curve } from './r2d2-runner.js';

/**
 * The curve methods: how each one turns a {@link CurveJob} into points, training figures and a checkpoint.
 * - `r2d2`: one amortised model over [epsMin, epsMax], trained `steps` (or `seconds`), evaluated at every eps;
 *   its checkpoint is the R2D2 checkpoint.
 * - `nerd`, `wgd`, `ebrd`: one model per eps, each trained `steps` (`seconds` split evenly), evaluated at its
 *   own eps and released; the checkpoint ({@link PerEpsCurveCheckpoint}) keeps the finished points and the
 *   model in progress.
 * - `ba`: Blahut–Arimoto on a grid density of source samples (1-D and 2-D sources), solving every eps; no steps.
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import { CURVE_METHODS } from '@ratedistortion/estimators';
 * const run = await CURVE_METHODS.ba.run({ source: sourceFromSpec({ kind: 'gaussian', variance: 1 }), eps: [0.25], ba: { samples: 20000, points: 100 } });
 * console.log(run.points[0].rate, 0.5 * Math.log(1 / 0.25)); // ≈ 0.693
 * ```
 */
export const CURVE_METHODS: Readonly<Record<CurveMethod, CurveMethodSpec>> = {
  r2d2: {
    name: 'r2d2',
    amortised: true,
    trains: true,
    description: 'R2D2 (Freirich & Weinberger): one controller amortised over the eps range',
    budget: 'steps (or seconds) for the one amortised model',
    run: runR2D2Curve,
  },
  nerd: {
    name: 'nerd',
    amortised: false,
    trains: true,
    description: 'NERD (Lei et al.): a generator per eps, dual loss',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(nerdModels, job),
  },
  wgd: {
    name: 'wgd',
    amortised: false,
    trains: true,
    description: 'WGD (Yang et al.): Wasserstein gradient descent on particles, per eps',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(wgdModels, job),
  },
  ebrd: {
    name: 'ebrd',
    amortised: false,
    trains: true,
    description: 'EBRD (Wu et al.): an energy-based model with Langevin sampling, per eps',
    budget: 'steps for each eps model; seconds split evenly over the models',
    run: (job) => runPerEps(ebrdModels, job),
  },
  ba: {
    name: 'ba',
    amortised: false,
    trains: false,
    description: 'Blahut–Arimoto on a grid density of source samples (1-D and 2-D sources)',
    budget: 'no training steps: every eps is solved (seconds, if given, bounds the solving before evaluation)',
    run: runBlahutArimotoCurve,
  },
};
