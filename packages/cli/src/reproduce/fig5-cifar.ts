// Fig. 5 (left): X₀ a random 4×4 patch of a grayscale CIFAR-10 image (16 dimensions, pixels in [0, 1]); the RD
// function by R2D2 (one amortised model per seed) and the NERD and WGD baselines (one model per eps and seed).
import type { FigureBudget, FigureDefinition, FigureSettings } from './figure.js';
import { figureCurveUnit, linspace, singleCurvePanel } from './curve-figures.js';
import { curveFigureSettings, quickBaselines, type FigureMethodSettings } from './curve-figure-settings.js';

/**
 * R2D2's network and schedule in both panes of Fig. 5: at the paper budget App. E.2 "Cifar10 dataset" (3 hidden
 * layers of 1024, Δt = 1/128, M = 256, α = 2.5e-4, 128 evaluation steps), at the quick one a 2×64 controller.
 *
 * @example
 * ```ts
 * import { FIG5_R2D2 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG5_R2D2.paper.hidden, FIG5_R2D2.quick.dt); // [1024, 1024, 1024] 0.03125
 * ```
 */
export const FIG5_R2D2: Readonly<Record<FigureBudget, FigureMethodSettings>> = {
  paper: { hidden: [1024, 1024, 1024], dt: 1 / 128, batchSize: 256, learningRate: 2.5e-4, evalBatches: 128 },
  quick: { hidden: [64, 64], dt: 1 / 32, batchSize: 128, learningRate: 1e-3 },
};

function cifarSettings(budget: FigureBudget): FigureSettings {
  const r2d2 = { epsMin: 5e-4, epsMax: 0.026, ...FIG5_R2D2[budget] };
  if (budget === 'paper') {
    // App. E.2 "Cifar10 dataset": 292 968 steps, eps ∈ [5e-4, 0.026], evaluation batches of 2048. Baseline budgets
    // are not given: the same steps, their defaults, 8 evaluation batches.
    return curveFigureSettings(budget, {
      eps: linspace(5e-4, 0.026, 8),
      steps: 292_968,
      source: { kind: 'cifar10-patches', split: 'train' },
      evalBatches: 8,
      evalBatchSize: 2048,
      r2d2,
      nerd: {},
      wgd: {},
    });
  }
  return curveFigureSettings(budget, {
    eps: [0.002, 0.008, 0.026],
    steps: 60,
    // A fixed pool of random patches keeps loading and moments cheap at this budget.
    source: { kind: 'cifar10-patches', split: 'train', patches: 20_000, seed: 0 },
    evalBatches: 2,
    evalBatchSize: 512,
    r2d2,
    ...quickBaselines(2000),
  });
}

/**
 * Fig. 5 (left) of the paper: needs `--data DIR` with the CIFAR-10 binary batches.
 *
 * @example
 * ```ts
 * import { FIG5_CIFAR } from '@ratedistortion/cli/reproduce';
 * console.log(FIG5_CIFAR.data); // 'cifar10'
 * ```
 */
export const FIG5_CIFAR: FigureDefinition = {
  id: 'fig5-cifar',
  title: 'Fig. 5 (left): R(D) of 4×4 grayscale CIFAR-10 patches, R2D2 and baselines',
  paper: 'X₀ a random 4×4 grayscale CIFAR-10 patch; RD function by R2D2 (eps ∈ [5e-4, 0.026]) and NERD, WGD',
  data: 'cifar10',
  runtime: {
    quick: '≈ 15 s plus loading the data',
    paper:
      'R2D2 (3×1024, 128 SDE steps) ≈ 20 s per step and ≈ 1 h of evaluation per eps on one core: use --backend webgpu (or node-gpu) on a GPU machine',
  },
  settings: cifarSettings,
  runUnit: (s, unit, _seed, ctx) => figureCurveUnit(s, unit, ctx),
  assemble: singleCurvePanel('CIFAR-10 4×4 grayscale patches: R2D2, NERD, WGD'),
};
