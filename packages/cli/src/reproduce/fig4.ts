// Fig. 4 (and Fig. 8): the Gaussian mixture #1, μ = (−0.4, 0, 0.4), σ² = (4, 5, 6)·10⁻², p = ⅓. R2D2 is trained
// once over eps ∈ [4·10⁻⁴, 1.64·10⁻²] (one unit per seed) and compared with the exact R(D) (BHE, Eq. 82) and
// with the Shannon lower bound H(P₀) − ½·log(4πeD); the reconstruction samples of the model at eps = 1.56·10⁻²
// are drawn against the exact p₁. H(P₀) is computed by quadrature here (the paper: a median of 8 Monte Carlo
// estimates from 2¹¹ samples).
import { mixtureEntropy, reconstructionDensity, shannonLowerBoundAtEps } from '@ratedistortion/analytic';
import type { GaussianMixtureSpec } from '@ratedistortion/core';
import type { Cell } from '../io/format.js';
import type { CurveUnitOutput } from '../shard/curve-units.js';
import type { UnitRecord } from '../shard/shard-file.js';
import { figureCurves, figureCurveUnit, linspace, withTrainedR2D2 } from './curve-figures.js';
import { curveFigureSettings } from './curve-figure-settings.js';
import type { FigureBudget, FigureDefinition, FigureOutput, FigurePanel, FigureSettings } from './figure.js';

/** The paper's first Gaussian mixture (Fig. 4/8). */
const GMM1: GaussianMixtureSpec = {
  kind: 'gmm',
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
};

/**
 * What one Gaussian-mixture figure (Fig. 4/8, Fig. 9) sets; the rest is common to them (see
 * {@link gmmFigureSettings}).
 *
 * @example
 * ```ts
 * import type { GmmFigure } from '@ratedistortion/cli/reproduce';
 * const f: GmmFigure = {
 *   source: { kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] }, epsRange: [0.01, 0.05],
 *   eps: { paper: [0.01, 0.03, 0.05], quick: [0.01, 0.05] }, paper: { steps: 1000, hidden: [64], learningRate: 1e-3 },
 *   evaluation: { paper: [8, 1024], quick: [4, 512] }, extra: { p1Eps: 0.05, xRange: [-2, 2] },
 * };
 * ```
 */
export interface GmmFigure {
  source: GaussianMixtureSpec;
  /** R2D2's trained eps range. */
  epsRange: [number, number];
  /** The evaluated eps at each budget. */
  eps: Record<FigureBudget, number[]>;
  /** The paper budget's training steps, controller widths and learning rate (App. E.2). */
  paper: { steps: number; hidden: number[]; learningRate: number };
  /** Evaluation batches and their size at each budget. */
  evaluation: Record<FigureBudget, [batches: number, size: number]>;
  /** Figure-specific settings (p₁ eps, plot window, drift times, ...). */
  extra: Record<string, unknown>;
}

/**
 * The settings of a Gaussian-mixture figure: R2D2 alone with batch 256; at the paper budget Δt = 1/100 and the
 * figure's network, steps and learning rate, with 16,384 reconstruction samples; at the quick budget 200 steps of a
 * 2×32 controller, Δt = 0.02, learning rate 2e-3, with 4,096 samples.
 *
 * @example
 * ```ts
 * import { gmmFigureSettings } from '@ratedistortion/cli/reproduce';
 * const s = gmmFigureSettings('quick', {
 *   source: { kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] }, epsRange: [0.01, 0.05],
 *   eps: { paper: [0.01, 0.03, 0.05], quick: [0.01, 0.05] }, paper: { steps: 1000, hidden: [64], learningRate: 1e-3 },
 *   evaluation: { paper: [8, 1024], quick: [4, 512] }, extra: { p1Eps: 0.05, xRange: [-2, 2] },
 * });
 * console.log(s.steps, s.perMethod.r2d2.hidden, s.extra.histogramSamples); // 200 [32, 32] 4096
 * ```
 */
export function gmmFigureSettings(budget: FigureBudget, f: GmmFigure): FigureSettings {
  const paper = budget === 'paper';
  const [evalBatches, evalBatchSize] = f.evaluation[budget];
  const [epsMin, epsMax] = f.epsRange;
  return curveFigureSettings(budget, {
    eps: f.eps[budget],
    steps: paper ? f.paper.steps : 200,
    source: { ...f.source },
    evalBatches,
    evalBatchSize,
    r2d2: {
      epsMin,
      epsMax,
      batchSize: 256,
      ...(paper
        ? { hidden: f.paper.hidden, dt: 0.01, learningRate: f.paper.learningRate }
        : { hidden: [32, 32], dt: 0.02, learningRate: 2e-3 }),
    },
    extra: { ...f.extra, histogramSamples: paper ? 16_384 : 4096 },
  });
}

// App. E.2 "Mixture of Gaussians": 4 hidden layers of 128, Δt = 1/100, 3.7M steps, M = 256, 8 evaluation steps of
// 1024, α = 5e-4. The evaluated eps are not listed: 17 evenly spaced over the range.
const GMM1_FIGURE: GmmFigure = {
  source: GMM1,
  epsRange: [4e-4, 1.64e-2],
  eps: { paper: linspace(4e-4, 1.64e-2, 17), quick: linspace(2e-3, 1.64e-2, 5) },
  paper: { steps: 3_700_000, hidden: [128, 128, 128, 128], learningRate: 5e-4 },
  evaluation: { paper: [8, 1024], quick: [4, 512] },
  extra: { p1Eps: 1.56e-2, xRange: [-1.3, 1.3] },
};

/**
 * Run a GMM unit: the curve, and for seed index 0 the model's reconstruction samples at `extra.p1Eps` (and, when
 * `extra.driftEps` is set, its drift at `extra.driftTimes` on a grid over `extra.xRange`).
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * import { gmmUnit } from '@ratedistortion/cli/reproduce';
 * const s = { ...FIGURES.fig4.settings('quick'), steps: 5 };
 * const out = await gmmUnit(s, { method: 'r2d2', eps: 'all', seed: 0 }, {});
 * console.log((out.extras?.samples as number[]).length);
 * ```
 */
export async function gmmUnit(
  s: FigureSettings,
  unit: Parameters<FigureDefinition['runUnit']>[1],
  ctx: Parameters<FigureDefinition['runUnit']>[3],
): Promise<CurveUnitOutput> {
  let checkpoint: unknown;
  const out = await figureCurveUnit(s, unit, ctx, (c) => {
    checkpoint = c;
  });
  if (unit.seed !== 0) return out;
  const x = s.extra as {
    p1Eps: number;
    histogramSamples: number;
    driftEps?: number;
    driftTimes?: number[];
    xRange: [number, number];
  };
  out.extras = await withTrainedR2D2(s.source, checkpoint, (model) => {
    const extras: Record<string, unknown> = {
      samples: Array.from(model.sampleReconstruction(x.p1Eps, x.histogramSamples).data),
    };
    if (x.driftEps !== undefined && x.driftTimes !== undefined) {
      const grid = linspace(x.xRange[0], x.xRange[1], 81);
      const rows = { n: grid.length, dim: 1, data: Float64Array.from(grid) };
      extras.drift = {
        x: grid,
        slices: x.driftTimes.map((t) => ({ t, drift: Array.from(model.drift(rows, t, x.driftEps as number).data) })),
      };
    }
    return extras;
  });
  return out;
}

/**
 * The p₁ pane: exact p₁ at `eps` against a histogram of the model's reconstruction samples.
 *
 * @example
 * ```ts
 * import { p1Panel } from '@ratedistortion/cli/reproduce';
 * const pane = p1Panel({ kind: 'gaussian', variance: 1 }, 0.5, [-1, 1], [0.1, -0.2, 0.3]);
 * console.log(pane.name); // 'p1'
 * ```
 */
export function p1Panel(
  spec: Record<string, unknown>,
  eps: number,
  range: readonly [number, number],
  samples: number[],
): FigurePanel {
  const x = linspace(range[0], range[1], 261);
  const density = Array.from(reconstructionDensity(spec as unknown as GaussianMixtureSpec, eps, x));
  return {
    name: 'p1',
    title: `reconstruction distribution P₁ at eps = ${eps}: R2D2 samples vs exact p₁`,
    result: { eps, x, density, samples },
  };
}

function assembleGmm1(id: 'fig4' | 'fig8', s: FigureSettings, records: readonly UnitRecord[]): FigureOutput {
  const [curve] = figureCurves(s, records);
  const h = mixtureEntropy(s.source as unknown as GaussianMixtureSpec).entropy;
  const slb = s.eps.map((eps) => ({ ...shannonLowerBoundAtEps(h, eps), method: 'SLB', valid: true }));
  const extras = (records.find((r) => r.unit.seed === 0)!.output as CurveUnitOutput).extras as { samples: number[] };
  const x = s.extra as { p1Eps: number; xRange: [number, number] };
  const panels: FigurePanel[] = [
    {
      name: 'rd',
      title: 'GMM #1: R2D2 against the exact R(D) and the Shannon lower bound',
      result: { results: [curve, { points: slb }] },
    },
  ];
  if (id === 'fig8') {
    panels.push({
      name: 'iqr',
      title: 'closer look: R̂ − R(D) with the inter-quartile range over evaluation batches',
      result: {
        xLabel: 'eps',
        yLabel: 'R̂ − R(D) (nats)',
        series: [
          {
            name: 'r2d2',
            x: curve.points.map((p) => p.eps),
            y: curve.points.map((p) => p.rateError ?? NaN),
            yIqr: curve.points.map((p) => [
              p.rateIqr[0] - (p.reference?.rate ?? NaN),
              p.rateIqr[1] - (p.reference?.rate ?? NaN),
            ]),
          },
        ],
      },
    });
  }
  panels.push(p1Panel(s.source, x.p1Eps, x.xRange, extras.samples));
  const rows: Cell[][] = curve.points.map((p, i) => [
    p.eps,
    p.rate,
    `[${p.rateIqr.map((v) => Number(v.toPrecision(4))).join(', ')}]`,
    p.distortion,
    p.reference?.rate ?? '',
    slb[i].rate,
    p.rateError ?? '',
  ]);
  return {
    panels,
    table: { headers: ['eps', 'rate (nats)', 'rate IQR', 'distortion', 'R exact', 'SLB rate', 'rate error'], rows },
    notes: [
      `H(P₀) = ${Number(h.toPrecision(8))} nats (quadrature); ${extras.samples.length} reconstruction samples at eps = ${x.p1Eps}`,
      'for eps < min σᵢ² the BHE solution exists and the SLB is attained (R(D) = SLB), so the two reference curves coincide',
    ],
  };
}

/**
 * The GMM #1 figure `fig4` (R(D) vs SLB, P₁) or `fig8` (also the IQR close-up).
 *
 * @example
 * ```ts
 * import { gmm1Figure } from '@ratedistortion/cli/reproduce';
 * console.log(gmm1Figure('fig8').settings('paper').steps); // 3700000
 * ```
 */
export function gmm1Figure(id: 'fig4' | 'fig8'): FigureDefinition {
  return {
    id,
    title: `Fig. ${id === 'fig4' ? 4 : 8}: R(D) of the Gaussian mixture μ = (−.4, 0, .4) by R2D2, with the SLB and P₁ at eps = 1.56e-2`,
    paper:
      'R2D2 on eps ∈ [4e-4, 1.64e-2] against the Shannon lower bound; P₁ histogram against the exact p₁ at eps = 1.56e-2',
    runtime: {
      quick: '≈ 30–40 s',
      paper: '≈ 2–3 weeks on 2 CPU cores (3.7M steps of a 4×128 controller): use a GPU machine',
    },
    settings: (budget) => gmmFigureSettings(budget, GMM1_FIGURE),
    runUnit: (s, unit, _seed, ctx) => gmmUnit(s, unit, ctx),
    assemble: (s, records) => assembleGmm1(id, s, records),
  };
}

/**
 * Fig. 4 of the paper.
 *
 * @example
 * ```ts
 * import { FIG4 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG4.settings('quick').extra.p1Eps); // 0.0156
 * ```
 */
export const FIG4: FigureDefinition = gmm1Figure('fig4');
