// Fig. 9 (App. D.2): the Gaussian mixture #2, μ = (−0.8, 0, 0.8), σ² = (4, 5, 6)·10⁻², p = ⅓. R2D2 trained over
// eps ∈ [1.2·10⁻², 2.8·10⁻²]: P₁ at eps = 2.72·10⁻² against the exact p₁, the learned drift u_θ at
// eps = 2.8·10⁻² and t = 0, 0.5, 0.99 against u* = eps·∇log p_t, and the R(D) curve with IQRs over 16
// evaluation batches.
import type { GaussianMixtureSpec } from '@ratedistortion/core';
import type { Cell } from '../io/format.js';
import { optimalDriftSlices } from '../plot/optimal-drift-slices.js';
import type { CurveUnitOutput } from '../shard/curve-units.js';
import type { UnitRecord } from '../shard/shard-file.js';
import { figureCurves, linspace } from './curve-figures.js';
import { gmmFigureSettings, gmmUnit, p1Panel, type GmmFigure } from './fig4.js';
import type { FigureDefinition, FigureOutput, FigureSettings } from './figure.js';

const GMM2: GaussianMixtureSpec = {
  kind: 'gmm',
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.8, 0, 0.8],
  variances: [0.04, 0.05, 0.06],
};

// App. E.2 "Mixture of Gaussians #2": 4 hidden layers of 100, Δt = 1/100, 855 000 steps, M = 256, 16 evaluation
// steps of 1024, α = 1e-3. The evaluated eps are not listed: 9 evenly spaced over the range.
const GMM2_FIGURE: GmmFigure = {
  source: GMM2,
  epsRange: [1.2e-2, 2.8e-2],
  eps: { paper: linspace(1.2e-2, 2.8e-2, 9), quick: linspace(1.2e-2, 2.8e-2, 5) },
  paper: { steps: 855_000, hidden: [100, 100, 100, 100], learningRate: 1e-3 },
  evaluation: { paper: [16, 1024], quick: [16, 256] },
  extra: { p1Eps: 2.72e-2, driftEps: 2.8e-2, driftTimes: [0, 0.5, 0.99], xRange: [-1.6, 1.6] },
};

async function assembleGmm2(s: FigureSettings, records: readonly UnitRecord[]): Promise<FigureOutput> {
  const [curve] = figureCurves(s, records);
  const extras = (records.find((r) => r.unit.seed === 0)!.output as CurveUnitOutput).extras as {
    samples: number[];
    drift: { x: number[]; slices: { t: number; drift: number[] }[] };
  };
  const x = s.extra as { p1Eps: number; driftEps: number; driftTimes: number[]; xRange: [number, number] };
  const refs = await optimalDriftSlices(s.source, x.driftEps, x.driftTimes, extras.drift.x);
  const slices = extras.drift.slices.map((sl, i) => ({
    t: sl.t,
    x: extras.drift.x,
    drift: sl.drift,
    reference: refs[i].reference as number[],
  }));
  const panels = [
    p1Panel(s.source, x.p1Eps, x.xRange, extras.samples),
    {
      name: 'drift',
      title: `learned drift u_θ vs u* at eps = ${x.driftEps}`,
      result: { eps: x.driftEps, source: s.source, slices },
    },
    {
      name: 'rd',
      title: `GMM #2: R(D) by R2D2, medians and IQRs over ${String((s.perMethod.r2d2 as { evalBatches?: number }).evalBatches ?? 8)} evaluation batches`,
      result: curve,
    },
  ];
  const rows: Cell[][] = curve.points.map((p) => [
    p.eps,
    p.rate,
    `[${p.rateIqr.map((v) => Number(v.toPrecision(4))).join(', ')}]`,
    p.distortion,
    p.reference?.rate ?? '',
    p.rateError ?? '',
  ]);
  const driftErr = slices.map((sl) => {
    const rms = Math.sqrt(sl.drift.reduce((a, d, j) => a + (d - sl.reference[j]) ** 2, 0) / sl.drift.length);
    return `t = ${sl.t}: RMS(u_θ − u*) = ${Number(rms.toPrecision(3))}`;
  });
  return {
    panels,
    table: { headers: ['eps', 'rate (nats)', 'rate IQR', 'distortion', 'R exact', 'rate error'], rows },
    notes: [`drift on x ∈ [${x.xRange.join(', ')}]: ${driftErr.join('; ')}`],
  };
}

/**
 * Fig. 9 of the paper.
 *
 * @example
 * ```ts
 * import { FIG9 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG9.settings('quick').extra.driftTimes); // [0, 0.5, 0.99]
 * ```
 */
export const FIG9: FigureDefinition = {
  id: 'fig9',
  title: 'Fig. 9: Gaussian mixture μ = (−.8, 0, .8): P₁, learned drift vs u*, R(D) with IQR',
  paper: 'P₁ at eps = 2.72e-2 vs exact; u_θ at eps = 2.8e-2, t = 0, 0.5, 0.99 vs u*; R(D) over 16 evaluation steps',
  runtime: { quick: '≈ 50 s', paper: '≈ 3 days on 2 CPU cores (855 000 steps of a 4×100 controller)' },
  settings: (budget) => gmmFigureSettings(budget, GMM2_FIGURE),
  runUnit: (s, unit, _seed, ctx) => gmmUnit(s, unit, ctx),
  assemble: assembleGmm2,
};
