// Pieces shared by the figures that estimate RD curves: running a unit through `runCurve` with the figure's
// per-method settings (and the data folder for real data), the normal curve results over seeds, and tables.
import type { CurveProgress, RunCurveResult } from '@ratedistortion/estimators';
import type { Cell } from '../io/format.js';
import { assembleCurveResults, runCurveUnit, type CurveUnitOutput } from '../shard/curve-units.js';
import type { UnitRecord } from '../shard/shard-file.js';
import type { SweepUnit } from '../shard/sweep-units.js';
import type { FigureContext, FigureDefinition, FigureSettings, FigureTable } from './figure.js';

/**
 * The source SPEC of a run: the figure's SPEC plus `dir` for real data.
 *
 * @example
 * ```ts
 * import { figureSource } from '@ratedistortion/cli/reproduce';
 * console.log(figureSource({ kind: 'fsdd', split: 'train' }, './fsdd')); // { kind: 'fsdd', split: 'train', dir: './fsdd' }
 * ```
 */
export function figureSource(source: Record<string, unknown>, dataDir: string | undefined): Record<string, unknown> {
  return dataDir === undefined ? { ...source } : { ...source, dir: dataDir };
}

/**
 * Run a curve unit of a figure; `onCheckpoint` receives the trained model's checkpoint (for figures that sample
 * from or read out the model after training).
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * import { figureCurveUnit } from '@ratedistortion/cli/reproduce';
 * const s = { ...FIGURES.fig2.settings('quick'), eps: [0.5], steps: 5 };
 * const out = await figureCurveUnit(s, { method: 'wgd', eps: 0, seed: 0 }, {});
 * console.log(out.points[0].rate);
 * ```
 */
export async function figureCurveUnit(
  s: FigureSettings,
  unit: SweepUnit,
  ctx: FigureContext,
  onCheckpoint?: (c: unknown) => void,
): Promise<CurveUnitOutput> {
  const settings = { ...s.perMethod[unit.method], source: figureSource(s.source, ctx.dataDir), steps: s.steps };
  // Every step reports (the reporter throttles what is shown), except NERD, whose report costs a read-out.
  const progress = ctx.onProgress
    ? { onProgress: ctx.onProgress as (p: CurveProgress) => void, progressEvery: { r2d2: 1, wgd: 1, ebrd: 1, ba: 1 } }
    : {};
  return runCurveUnit(settings, s.eps, s.seed, unit, { ...progress, onCheckpoint });
}

/**
 * The curve results (one per method) of a figure's records, medians/IQRs over seeds.
 *
 * @example
 * ```ts
 * import { figureCurves } from '@ratedistortion/cli/reproduce';
 * import { type FigureSettings, type UnitRecord } from '@ratedistortion/cli';
 * const methods = (s: FigureSettings, r: UnitRecord[]) => figureCurves(s, r).map((c) => c.method);
 * ```
 */
export function figureCurves(s: FigureSettings, records: readonly UnitRecord[]): RunCurveResult[] {
  return assembleCurveResults(
    { kind: 'figure', plan: { methods: s.methods, eps: s.eps, seeds: s.seeds }, baseSeed: s.seed, settings: {} },
    records,
  );
}

/**
 * The `assemble` of a figure that is one R(D) panel of curves and their table (the real-data figures).
 *
 * @param title - the panel's title.
 *
 * @example
 * ```ts
 * import { singleCurvePanel } from '@ratedistortion/cli/reproduce';
 * const assemble = singleCurvePanel('CIFAR-10 4×4 patches');
 * console.log(typeof assemble); // 'function'
 * ```
 */
export function singleCurvePanel(title: string): FigureDefinition['assemble'] {
  return (s, records) => {
    const curves = figureCurves(s, records);
    return { panels: [{ name: 'rd', title, result: { results: curves } }], table: curveTable(curves), notes: [] };
  };
}

/**
 * A standard error as a table cell: two significant digits, blank when there is none (one evaluation batch and one
 * seed, or a point read from an older record).
 *
 * @example
 * ```ts
 * import { seCell } from '@ratedistortion/cli/reproduce';
 * console.log(seCell(0.001234), seCell(2.7e-5), seCell(NaN)); // 0.0012 0.000027 ''
 * ```
 */
export function seCell(se: number | undefined): Cell {
  return se === undefined || !Number.isFinite(se) ? '' : se.toPrecision(2);
}

/**
 * A table of curve results: method, eps, median rate with its standard error (one seed: of the evaluation
 * batches; several: of the median over seeds) and IQR, median distortion with its standard error, and the analytic
 * rate with the error when known.
 *
 * @example
 * ```ts
 * import { curveTable } from '@ratedistortion/cli/reproduce';
 * console.log(curveTable([]).headers);
 * ```
 */
export function curveTable(
  results: readonly RunCurveResult[],
  units: { rate: string; distortion?: string } = { rate: 'nats' },
): FigureTable {
  const withRef = results.some((r) => r.points.some((p) => p.reference));
  const rows: Cell[][] = results.flatMap((r) =>
    r.points.map((p) => [
      r.method,
      p.eps,
      p.rate,
      seCell(p.rateSe),
      `[${fmt(p.rateIqr[0])}, ${fmt(p.rateIqr[1])}]`,
      p.distortion,
      seCell(p.distortionSe),
      ...(withRef ? (p.reference ? [p.reference.rate, p.rateError ?? ''] : ['', '']) : []),
    ]),
  );
  return {
    headers: [
      'method',
      'eps',
      `rate (${units.rate})`,
      'rate SE',
      'rate IQR',
      units.distortion === undefined ? 'distortion' : `distortion (${units.distortion})`,
      'distortion SE',
      ...(withRef ? ['R exact', 'rate error'] : []),
    ],
    rows,
  };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/**
 * `n` evenly spaced values from `a` to `b` inclusive.
 *
 * @example
 * ```ts
 * import { linspace } from '@ratedistortion/cli/reproduce';
 * console.log(linspace(0, 1, 3)); // [0, 0.5, 1]
 * ```
 */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => Number((a + ((b - a) * i) / (n - 1)).toPrecision(12)));
}

/**
 * Restore a trained R2D2 model from its checkpoint (on the source of the run), give it to `use`, free it.
 *
 * @example
 * ```ts
 * import { withTrainedR2D2 } from '@ratedistortion/cli/reproduce';
 * const sample = (checkpoint: unknown) => withTrainedR2D2({ kind: 'gaussian', variance: 1 }, checkpoint, (m) => m.sampleReconstruction(0.5, 100));
 * ```
 */
export async function withTrainedR2D2<T>(
  source: Record<string, unknown>,
  checkpoint: unknown,
  use: (model: import('@ratedistortion/estimators').R2D2) => T,
): Promise<T> {
  if (checkpoint === undefined) throw new Error('the R2D2 unit finished without a checkpoint to read the model from');
  const [{ R2D2 }, { sourceFromSpec }] = await Promise.all([
    import('@ratedistortion/estimators'),
    import('@ratedistortion/datasets'),
  ]);
  const model = R2D2.fromJSON(checkpoint, sourceFromSpec(source));
  try {
    return use(model);
  } finally {
    model.dispose();
  }
}
