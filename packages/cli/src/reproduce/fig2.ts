// Fig. 2 (and the top of Fig. 7): X₀ ~ N(0, 1); R2D2, NERD and WGD over eps ∈ [0.05, 0.95] and many seeds.
// The error of a seed is |R̂(eps) − R(eps)| with the closed form R = ½·log(1/eps) (D = eps/2); the figure
// shows its median over seeds with the 25–75% band. R2D2 is one amortised model per seed (its unit is a seed);
// NERD and WGD train one model per eps and seed (their unit is an (eps, seed) pair).
import type { Cell } from '../io/format.js';
import { medianAndIqr, type CurveUnitOutput } from '../shard/curve-units.js';
import type { UnitRecord } from '../shard/shard-file.js';
import { curveTable, figureCurves, figureCurveUnit, linspace, seCell } from './curve-figures.js';
import { curveFigureSettings, quickBaselines } from './curve-figure-settings.js';
import type { FigureBudget, FigureDefinition, FigureOutput, FigurePanel, FigureSettings } from './figure.js';

const SOURCE = { kind: 'gaussian', variance: 1 };

function gaussianSettings(budget: FigureBudget): FigureSettings {
  if (budget === 'paper') {
    // App. E.2 "Gaussian sources": one hidden layer of 128, Δt = 1/100, 25 000 steps, M = 512, 64 experiments,
    // evaluation batch 1024, α = 1e-3, trained on [0.025, 0.975]. NERD/WGD budgets are not given in the paper:
    // the same number of steps per model and each method's own defaults. Evaluation: 4 batches of 8,192 per eps,
    // each method's default read-out (R2D2: its Gaussian control variate on i.i.d. batches, since the source gives
    // its exact moments; NERD and WGD: stratified draws), so that each point has a standard error and the read-out
    // noise is far below the paper's single batch of 1,024 (whose second-moment noise alone is ≈ 0.02 nats).
    return curveFigureSettings(budget, {
      eps: linspace(0.05, 0.95, 19),
      seeds: 64,
      steps: 25_000,
      source: SOURCE,
      evalBatches: 4,
      evalBatchSize: 8192,
      r2d2: { epsMin: 0.025, epsMax: 0.975, hidden: [128], dt: 0.01, batchSize: 512, learningRate: 1e-3 },
      nerd: {},
      wgd: {},
    });
  }
  return curveFigureSettings(budget, {
    eps: [0.1, 0.3, 0.5, 0.7, 0.9],
    seeds: 3,
    steps: 150,
    source: SOURCE,
    evalBatches: 4,
    evalBatchSize: 1024,
    r2d2: { epsMin: 0.025, epsMax: 0.975, hidden: [32], dt: 0.02, batchSize: 256, learningRate: 3e-3 },
    ...quickBaselines(4000),
  });
}

/** Closed-form R(eps) of N(0, 1): ½·log(1/eps) for eps ≤ 1, else 0. */
function gaussianRate(eps: number): number {
  return eps < 1 ? 0.5 * Math.log(1 / eps) : 0;
}

/**
 * Per method and eps: |R̂ − R| of every seed, then median and IQR over seeds.
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * import { gaussianErrors } from '@ratedistortion/cli/reproduce';
 * const rows = (records: Parameters<typeof gaussianErrors>[1]) => gaussianErrors(FIGURES.fig2.settings('quick'), records);
 * ```
 */
export function gaussianErrors(
  s: FigureSettings,
  records: readonly UnitRecord[],
): { method: string; eps: number; errors: number[]; median: number; iqr: [number, number] }[] {
  const out: { method: string; eps: number; errors: number[]; median: number; iqr: [number, number] }[] = [];
  for (const m of s.methods) {
    s.eps.forEach((eps, e) => {
      const errors: number[] = [];
      for (let seed = 0; seed < s.seeds; seed++) {
        const r = records.find(
          (x) =>
            x.unit.method === m.name && x.unit.seed === seed && (m.amortised ? x.unit.eps === 'all' : x.unit.eps === e),
        );
        const p = r && (r.output as CurveUnitOutput).points[m.amortised ? e : 0];
        if (!p) throw new Error(`missing ${m.name} point at eps index ${e}, seed index ${seed}`);
        errors.push(Math.abs(p.rate - gaussianRate(eps)));
      }
      const q = medianAndIqr(errors);
      out.push({ method: m.name, eps, errors, median: q.median, iqr: q.iqr });
    });
  }
  return out;
}

function assembleGaussian(id: 'fig2' | 'fig7', s: FigureSettings, records: readonly UnitRecord[]): FigureOutput {
  const errors = gaussianErrors(s, records);
  const curves = figureCurves(s, records);
  const errorPanel: FigurePanel = {
    name: 'error',
    title: `N(0, 1): median |R̂ − R| over ${s.seeds} seed(s), IQR band`,
    result: {
      xLabel: 'eps',
      yLabel: '|R̂ − R(D)| (nats)',
      series: s.methods.map((m) => {
        const mine = errors.filter((x) => x.method === m.name);
        return { name: m.name, x: mine.map((x) => x.eps), y: mine.map((x) => x.median), yIqr: mine.map((x) => x.iqr) };
      }),
    },
  };
  const panels: FigurePanel[] =
    id === 'fig7'
      ? [
          {
            name: 'rd',
            title: 'N(0, 1): R2D2 against the closed form',
            result: curves.find((c) => c.method === 'r2d2') ?? { results: curves },
          },
          errorPanel,
        ]
      : [errorPanel];
  const rows: Cell[][] = errors.map((x) => {
    const c = curves.find((r) => r.method === x.method)!;
    const p = c.points.find((q) => q.eps === x.eps)!;
    return [
      x.method,
      x.eps,
      x.median,
      `[${x.iqr.map((v) => Number(v.toPrecision(4))).join(', ')}]`,
      p.rate,
      seCell(p.rateSe),
      gaussianRate(x.eps),
    ];
  });
  const table =
    id === 'fig7'
      ? curveTable(curves)
      : { headers: ['method', 'eps', 'median |ΔR|', '|ΔR| IQR', 'median rate', 'rate SE', 'R exact'], rows };
  const overall = s.methods.map((m) => {
    const mine = errors.filter((x) => x.method === m.name).flatMap((x) => x.errors);
    return `${m.name}: median |ΔR| over all eps and seeds ${Number(medianAndIqr(mine).median.toPrecision(3))} nats`;
  });
  return { panels, table, notes: overall };
}

/**
 * The Gaussian figure `fig2` (error panel) or `fig7` (R2D2's curve against the closed form, then the errors).
 *
 * @example
 * ```ts
 * import { gaussianFigure } from '@ratedistortion/cli/reproduce';
 * console.log(gaussianFigure('fig7').title);
 * ```
 */
export function gaussianFigure(id: 'fig2' | 'fig7'): FigureDefinition {
  return {
    id,
    title:
      id === 'fig2'
        ? 'Fig. 2: estimation error on N(0, 1), R2D2 vs NERD vs WGD'
        : 'Fig. 7: R(D) of N(0, 1) by R2D2, and its error vs NERD and WGD',
    paper: 'X₀ ~ N(0, 1), eps ∈ [0.05, 0.95], 64 seeds: median |ΔR| with inter-quartile ranges for R2D2, NERD and WGD',
    runtime: {
      quick: '≈ 1.5–2.5 min',
      paper:
        '≈ 4 months on 2 CPU cores (64 R2D2 seeds of 25 000 steps, 2 432 baseline models): shard it, e.g. 64 ways of ≈ 44 h',
    },
    settings: gaussianSettings,
    runUnit: (s, unit, _seed, ctx) => figureCurveUnit(s, unit, ctx),
    assemble: (s, records) => assembleGaussian(id, s, records),
  };
}

/**
 * Fig. 2 of the paper.
 *
 * @example
 * ```ts
 * import { FIG2 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG2.settings('paper').seeds); // 64
 * ```
 */
export const FIG2: FigureDefinition = gaussianFigure('fig2');
