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
import type { FigureBudget, FigureDefinition, FigureOutput, FigurePanel, FigureSettings } from './figure.js';

/** The paper's first Gaussian mixture (Fig. 4/8). */
const GMM1: GaussianMixtureSpec = {
  kind: 'gmm',
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
};

function gmm1Settings(budget: FigureBudget): FigureSettings {
  const base = { epsMin: 4e-4, epsMax: 1.64e-2, backend: 'wasm' as const };
  if (budget === 'paper') {
    // App. E.2 "Mixture of Gaussians": 4 hidden layers of 128, Δt = 1/100, 3.7M steps, M = 256, 8 evaluation
    // steps of 1024, α = 5e-4. The evaluated eps are not listed: 17 evenly spaced over the range.
    return {
      budget,
      eps: linspace(4e-4, 1.64e-2, 17),
      seeds: 1,
      steps: 3_700_000,
      seed: 0,
      methods: [{ name: 'r2d2', amortised: true }],
      source: { ...GMM1 },
      perMethod: {
        r2d2: {
          ...base,
          hidden: [128, 128, 128, 128],
          dt: 0.01,
          batchSize: 256,
          learningRate: 5e-4,
          evalBatches: 8,
          evalBatchSize: 1024,
        },
      },
      extra: { p1Eps: 1.56e-2, histogramSamples: 16_384, xRange: [-1.3, 1.3] },
    };
  }
  return {
    budget,
    eps: linspace(2e-3, 1.64e-2, 5),
    seeds: 1,
    steps: 200,
    seed: 0,
    methods: [{ name: 'r2d2', amortised: true }],
    source: { ...GMM1 },
    perMethod: {
      r2d2: {
        ...base,
        hidden: [32, 32],
        dt: 0.02,
        batchSize: 256,
        learningRate: 2e-3,
        evalBatches: 4,
        evalBatchSize: 512,
      },
    },
    extra: { p1Eps: 1.56e-2, histogramSamples: 4096, xRange: [-1.3, 1.3] },
  };
}

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
    settings: gmm1Settings,
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
