// The settings of a figure that estimates RD curves, from what sets one budget apart: its eps, steps, seeds,
// source and evaluation, R2D2's settings and the baselines run beside it. Every method evaluates with the shared
// evaluation (unless its own settings say otherwise) on the wasm backend; the methods are R2D2 (one amortised
// model per seed) and, when given, NERD and WGD (one model per eps and seed), in that order.
import type { CurveUnitSettings } from '../shard/curve-units.js';
import type { FigureBudget, FigureSettings } from './figure.js';

/**
 * One method's settings in a curve figure (everything of a `runCurve` call but the source, eps, seed and steps).
 *
 * @example
 * ```ts
 * import type { FigureMethodSettings } from '@ratedistortion/cli/reproduce';
 * const wgd: FigureMethodSettings = { wgd: { particles: 300 } };
 * ```
 */
export type FigureMethodSettings = Omit<CurveUnitSettings, 'source' | 'steps'>;

/**
 * What sets one budget of a curve figure apart (see {@link curveFigureSettings}).
 *
 * @example
 * ```ts
 * import type { CurveFigureBudget } from '@ratedistortion/cli/reproduce';
 * const b: CurveFigureBudget = {
 *   eps: [0.25, 0.5], steps: 100, source: { kind: 'gaussian', variance: 1 }, evalBatches: 4, evalBatchSize: 1024,
 *   r2d2: { epsMin: 0.025, epsMax: 0.975, hidden: [32] },
 * };
 * ```
 */
export interface CurveFigureBudget {
  /** The evaluated eps values. */
  eps: number[];
  /** Training steps per model. */
  steps: number;
  /** Seeds (default 1). */
  seeds?: number;
  /** Source SPEC without the data folder. */
  source: Record<string, unknown>;
  /** Evaluation batches per eps and their size, for every method (a method's own settings may override them). */
  evalBatches: number;
  evalBatchSize: number;
  /** R2D2's settings: trained range, network, Δt, batch size, learning rate. */
  r2d2: FigureMethodSettings;
  /** NERD beside R2D2, with its settings ({} for its defaults); absent: not run. */
  nerd?: FigureMethodSettings;
  /** WGD beside R2D2, with its settings; absent: not run. */
  wgd?: FigureMethodSettings;
  /** Figure-specific settings (default none). */
  extra?: Record<string, unknown>;
}

/**
 * The {@link FigureSettings} of a curve figure at one budget: base seed 0, the methods R2D2 and the baselines
 * given, each with the shared evaluation on the wasm backend under its own settings.
 *
 * @example
 * ```ts
 * import { curveFigureSettings } from '@ratedistortion/cli/reproduce';
 * const s = curveFigureSettings('quick', {
 *   eps: [0.25, 0.5], steps: 100, source: { kind: 'gaussian', variance: 1 }, evalBatches: 4, evalBatchSize: 1024,
 *   r2d2: { epsMin: 0.025, epsMax: 0.975, hidden: [32] }, wgd: { wgd: { particles: 300 } },
 * });
 * console.log(s.methods.map((m) => m.name), s.perMethod.wgd); // ['r2d2', 'wgd'] { evalBatches: 4, evalBatchSize: 1024, backend: 'wasm', wgd: { particles: 300 } }
 * ```
 */
export function curveFigureSettings(budget: FigureBudget, b: CurveFigureBudget): FigureSettings {
  const own = { r2d2: b.r2d2, nerd: b.nerd, wgd: b.wgd };
  const names = (['r2d2', 'nerd', 'wgd'] as const).filter((m) => own[m] !== undefined);
  const shared = { evalBatches: b.evalBatches, evalBatchSize: b.evalBatchSize, backend: 'wasm' as const };
  return {
    budget,
    eps: [...b.eps],
    seeds: b.seeds ?? 1,
    steps: b.steps,
    seed: 0,
    methods: names.map((name) => ({ name, amortised: name === 'r2d2' })),
    source: { ...b.source },
    perMethod: Object.fromEntries(names.map((m) => [m, { ...shared, ...own[m] }])),
    extra: b.extra ?? {},
  };
}

/**
 * The baselines of the quick budgets (a demonstration, not the paper's settings): NERD with 64 samples per step
 * and 1,000 generated reconstructions per step (`evalYSamples` in the read-out), WGD with 300 particles.
 *
 * @example
 * ```ts
 * import { quickBaselines } from '@ratedistortion/cli/reproduce';
 * console.log(quickBaselines(2000).nerd); // { batchSize: 64, nerd: { ySamples: 1000, evalYSamples: 2000 } }
 * ```
 */
export function quickBaselines(evalYSamples: number): Required<Pick<CurveFigureBudget, 'nerd' | 'wgd'>> {
  return { nerd: { batchSize: 64, nerd: { ySamples: 1000, evalYSamples } }, wgd: { wgd: { particles: 300 } } };
}
