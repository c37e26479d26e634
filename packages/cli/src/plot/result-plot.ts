// Saved results → plots. `rd plot` reads the JSON that other commands print and picks the drawing from its
// shape, so a result can be redrawn later (or several methods' results drawn together) without recomputing it.
import {
  InvalidParameterError,
  bitsToNats,
  convertDistortion,
  natsToBits,
  type DistortionConvention,
} from '@ratedistortion/core';
import { densitySvg, type DensityCurve } from './density-plot.js';
import { driftSvg, type DriftSlice } from './drift-plot.js';
import { rdCurveSvg, type RdReferenceCurve, type RdSeries } from './rd-curve-plot.js';
import { stackSvgPanels } from './panels-plot.js';
import { xySvg, type XySeries } from './xy-plot.js';

/**
 * The kinds of saved result {@link resultPlotSvg} draws:
 * - `analytic`: `rd analytic --json` RD points `{ points: [{ eps, rate, distortion, method, valid }] }`;
 * - `curve`: `rd curve --json` / `runCurve` results `{ method, points: [{ eps, rate, distortion, rateIqr,
 *   distortionIqr, reference? }] }`;
 * - `density`: `rd analytic --density --json` `{ eps, x, density }`, optionally with reconstruction `samples`
 *   (drawn as a histogram against the density);
 * - `drift`: `{ eps, slices: [{ t, x, drift?, reference? }] }` (a learned drift against u*);
 * - `curves`: `rd curve --json` with several methods, `{ results: [curve, ...] }` (drawn as their curves);
 * - `xy`: `{ xLabel, yLabel, series: [{ name, x, y, yIqr? }] }` (e.g. an error against eps);
 * - `figure`: `rd reproduce` results, `{ panels: [{ name, title?, result }] }` (each pane drawn, stacked).
 *
 * A density result may carry several curves as `curves: [{ name, x, density }]` instead of (or besides) `x`/`density`.
 *
 * @example
 * ```ts
 * import { resultKind } from '@ratedistortion/cli';
 * console.log(resultKind({ eps: 0.1, x: [0], density: [0.4] })); // 'density'
 * ```
 */
export type ResultKind = 'analytic' | 'curve' | 'density' | 'drift' | 'curves' | 'xy' | 'figure';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The kind of a parsed result file (see {@link ResultKind}); an unrecognised shape is an InvalidParameterError.
 *
 * @example
 * ```ts
 * import { resultKind } from '@ratedistortion/cli';
 * console.log(resultKind({ points: [{ eps: 0.5, rate: 0.35, distortion: 0.25, method: 'closed-form', valid: true }] })); // 'analytic'
 * ```
 */
export function resultKind(result: unknown): ResultKind {
  if (isObject(result)) {
    if (Array.isArray(result.points)) {
      return result.points.some((p) => isObject(p) && Array.isArray(p.rateIqr)) ? 'curve' : 'analytic';
    }
    if ((Array.isArray(result.x) && Array.isArray(result.density)) || Array.isArray(result.curves)) return 'density';
    if (Array.isArray(result.slices)) return 'drift';
    if (Array.isArray(result.results)) return 'curves';
    if (Array.isArray(result.series) && typeof result.xLabel === 'string') return 'xy';
    if (Array.isArray(result.panels)) return 'figure';
  }
  throw new InvalidParameterError(
    'result',
    "JSON printed by 'rd analytic --json' or 'rd curve --json' ({points}), a density {x, density} or a drift {slices}",
    isObject(result) ? `an object with keys ${Object.keys(result).join(', ')}` : result,
  );
}

function num(where: string, v: unknown): number {
  if (typeof v !== 'number') throw new InvalidParameterError(where, 'a number', v);
  return v;
}

function pair(where: string, v: unknown): [number, number] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2) throw new InvalidParameterError(where, 'a pair [q25, q75]', v);
  return [num(`${where}[0]`, v[0]), num(`${where}[1]`, v[1])];
}

function numbers(where: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw new InvalidParameterError(where, 'an array of numbers', v);
  return v.map((x, i) => num(`${where}[${i}]`, x));
}

function pointsOf(where: string, result: Record<string, unknown>): Record<string, unknown>[] {
  const pts = result.points as unknown[];
  return pts.map((p, i) => {
    if (!isObject(p))
      throw new InvalidParameterError(`${where}.points[${i}]`, 'an object {eps, rate, distortion, ...}', p);
    return p;
  });
}

/**
 * Options of {@link resultPlotSvg}.
 *
 * @example
 * ```ts
 * import type { ResultPlotOptions } from '@ratedistortion/cli';
 * const o: ResultPlotOptions = { title: 'GMM, R2D2 vs Blahut–Arimoto', bins: 60 };
 * ```
 */
export interface ResultPlotOptions {
  title?: string;
  /**
   * Units of an R(D) plot's axes (default: those the results were saved in, named by their `conventions` record;
   * nats and D = ½E‖X−X̂‖² when they have none). Converting to or from `mse` needs the dimension the record holds.
   */
  units?: 'nats' | 'bits';
  distortion?: DistortionConvention;
  /** Histogram bins for density results with samples (default 50). */
  bins?: number;
  width?: number;
  height?: number;
}

/**
 * Draw saved results as SVG. Several `analytic`/`curve` results go into one R(D) plot (one series per
 * estimated curve, named by its `method`; reference curves from the analytic results and from the points'
 * `reference` fields, each drawn once). `density` and `drift` results are drawn one file at a time.
 *
 * @param results - parsed JSON results, e.g. `JSON.parse(readFileSync('curve.json', 'utf8'))`.
 * @example
 * ```ts
 * import { resultPlotSvg } from '@ratedistortion/cli';
 * const svg = resultPlotSvg([{ points: [0.1, 0.5, 0.9].map((eps) => ({ eps, rate: -0.5 * Math.log(eps), distortion: eps / 2, method: 'closed-form', valid: true })) }]);
 * console.log(svg.includes('class="reference"'));
 * ```
 */
export function resultPlotSvg(results: readonly unknown[], options: ResultPlotOptions = {}): string {
  if (results.length === 0) throw new InvalidParameterError('results', 'at least one result', 0);
  const kinds0 = results.map(resultKind);
  if (kinds0.includes('curves')) {
    // `{ results: [...] }` is several curve results: draw them as if given one by one.
    const flat = results.flatMap((r, i) =>
      kinds0[i] === 'curves' ? ((r as Record<string, unknown>).results as unknown[]) : [r],
    );
    return resultPlotSvg(flat, options);
  }
  const kinds = kinds0;
  const size = { width: options.width, height: options.height };
  const single = (kind: ResultKind) => {
    if (results.length > 1)
      throw new InvalidParameterError(
        'results',
        `a single ${kind} result (only RD results are drawn together)`,
        `${results.length} results of kinds ${kinds.join(', ')}`,
      );
    return results[0] as Record<string, unknown>;
  };
  if (kinds.some((k) => k === 'density' || k === 'drift' || k === 'xy' || k === 'figure')) {
    const kind = kinds.find((k) => k === 'density' || k === 'drift' || k === 'xy' || k === 'figure') as
      | 'density'
      | 'drift'
      | 'xy'
      | 'figure';
    const r = single(kind);
    if (kind === 'xy') return xyFromResult(r, options, size);
    if (kind === 'figure') return figureFromResult(r, options, size);
    const eps = typeof r.eps === 'number' ? r.eps : undefined;
    return kind === 'density' ? densityFromResult(r, eps, options, size) : driftFromResult(r, eps, options, size);
  }

  const axes = rdAxes(results, options);
  // A point's distortion and rate (checked as numbers, named by `path`) in the plot's units.
  const axisPoint = (path: string, p: Record<string, unknown>) => ({
    distortion: axes.distortion(num(`${path}.distortion`, p.distortion)),
    rate: axes.rate(num(`${path}.rate`, p.rate)),
  });
  const series: RdSeries[] = [];
  const references: RdReferenceCurve[] = [];
  const seen = new Set<string>();
  const addReference = (ref: RdReferenceCurve) => {
    const key = JSON.stringify(ref.points);
    if (ref.points.length === 0 || seen.has(key)) return;
    seen.add(key);
    references.push(ref);
  };
  results.forEach((raw, i) => {
    const r = raw as Record<string, unknown>;
    const where = results.length > 1 ? `results[${i}]` : 'result';
    const pts = pointsOf(where, r);
    if (kinds[i] === 'analytic') {
      const methods = [...new Set(pts.map((p) => String(p.method ?? 'analytic')))];
      addReference({
        name: `analytic (${methods.join(', ')})`,
        points: pts.map((p, j) => axisPoint(`${where}.points[${j}]`, p)),
      });
      return;
    }
    const interval = (v: [number, number] | undefined, f: (x: number) => number) =>
      v === undefined ? undefined : ([f(v[0]), f(v[1])] as [number, number]);
    const name = typeof r.method === 'string' ? r.method : `series ${i + 1}`;
    series.push({
      name: series.some((s) => s.name === name) ? `${name} (${i + 1})` : name,
      points: pts.map((p, j) => ({
        ...axisPoint(`${where}.points[${j}]`, p),
        rateIqr: interval(pair(`${where}.points[${j}].rateIqr`, p.rateIqr), axes.rate),
        distortionIqr: interval(pair(`${where}.points[${j}].distortionIqr`, p.distortionIqr), axes.distortion),
      })),
    });
    const refs = pts.map((p) => p.reference).filter(isObject);
    if (refs.length > 0) {
      const methods = [...new Set(refs.map((q) => String(q.method ?? 'analytic')))];
      addReference({
        name: `reference (${methods.join(', ')})`,
        points: refs.map((q, j) => axisPoint(`${where}.reference[${j}]`, q)),
      });
    }
  });
  return rdCurveSvg({
    series,
    references,
    title: options.title ?? 'rate–distortion function',
    xLabel: axes.xLabel,
    yLabel: axes.yLabel,
    ...size,
  });
}

const DISTORTION_LABELS: Record<DistortionConvention, string> = {
  'half-sse': 'distortion D = ½E‖X−X̂‖²',
  sse: 'distortion E‖X−X̂‖²',
  mse: 'distortion E‖X−X̂‖²/d (per dimension)',
};

interface RdAxes {
  rate: (x: number) => number;
  distortion: (x: number) => number;
  xLabel: string;
  yLabel: string;
}

// The conventions the RD results were saved in (their `conventions` record, or the library's), which must agree,
// and the conversion to the requested ones.
function rdAxes(results: readonly unknown[], options: ResultPlotOptions): RdAxes {
  const saved = results.map((r, i) => {
    const c = (r as Record<string, unknown>).conventions;
    if (!isObject(c)) return { units: 'nats', distortion: 'half-sse' as DistortionConvention, dim: undefined };
    const units = c.rate === 'bits' ? 'bits' : 'nats';
    const distortion = (c.distortion ?? 'half-sse') as DistortionConvention;
    if (c.rate !== undefined && c.rate !== 'nats' && c.rate !== 'bits')
      throw new InvalidParameterError(`results[${i}].conventions.rate`, "'nats' or 'bits'", c.rate);
    if (!['half-sse', 'sse', 'mse'].includes(distortion))
      throw new InvalidParameterError(
        `results[${i}].conventions.distortion`,
        "'half-sse', 'sse' or 'mse'",
        c.distortion,
      );
    return { units, distortion, dim: typeof c.dim === 'number' ? c.dim : undefined };
  });
  const first = saved[0];
  saved.forEach((s, i) => {
    if (s.units !== first.units || s.distortion !== first.distortion)
      throw new InvalidParameterError(
        `results[${i}]`,
        `a result in the units of the first (${first.units}, ${first.distortion})`,
        `${s.units}, ${s.distortion}`,
        'save the results with the same --units and --distortion',
      );
  });
  const units = options.units ?? first.units;
  const distortion = options.distortion ?? first.distortion;
  const dims = [...new Set(saved.map((s) => s.dim))];
  const needsDim = distortion !== first.distortion && (distortion === 'mse' || first.distortion === 'mse');
  if (needsDim && (dims.length !== 1 || dims[0] === undefined))
    throw new InvalidParameterError(
      'distortion',
      `a convention the results can be converted to without their dimension (they are in ${first.distortion})`,
      distortion,
      'converting to or from mse needs the dimension, which these results do not record; save them with --distortion mse instead',
    );
  const dim = dims[0];
  const toNats = first.units === 'bits' ? bitsToNats : (x: number) => x;
  const fromNats = units === 'bits' ? natsToBits : (x: number) => x;
  return {
    rate: units === first.units ? (x) => x : (x) => fromNats(toNats(x)),
    distortion:
      distortion === first.distortion ? (x) => x : (x) => convertDistortion(x, first.distortion, distortion, dim),
    xLabel: DISTORTION_LABELS[distortion],
    yLabel: `rate R (${units})`,
  };
}

type Size = { width?: number; height?: number };

function densityFromResult(
  r: Record<string, unknown>,
  eps: number | undefined,
  options: ResultPlotOptions,
  size: Size,
): string {
  const curves: DensityCurve[] = [];
  if (r.x !== undefined || r.density !== undefined) {
    const x = numbers('result.x', r.x);
    const density = numbers('result.density', r.density);
    curves.push({ name: eps === undefined ? 'p_1' : `p_1 at eps = ${eps}`, x, density });
  }
  if (r.curves !== undefined) {
    (r.curves as unknown[]).forEach((c, i) => {
      if (!isObject(c)) throw new InvalidParameterError(`result.curves[${i}]`, 'an object {name, x, density}', c);
      curves.push({
        name: typeof c.name === 'string' ? c.name : `curve ${i + 1}`,
        x: numbers(`result.curves[${i}].x`, c.x),
        density: numbers(`result.curves[${i}].density`, c.density),
      });
    });
  }
  const samples = r.samples === undefined ? undefined : numbers('result.samples', r.samples);
  return densitySvg({
    curves,
    histogram: samples ? { name: 'reconstruction samples', samples, bins: options.bins } : undefined,
    title: options.title ?? (typeof r.title === 'string' ? r.title : 'reconstruction density p_1'),
    xLabel: 'x̂',
    ...size,
  });
}

function driftFromResult(
  r: Record<string, unknown>,
  eps: number | undefined,
  options: ResultPlotOptions,
  size: Size,
): string {
  const slices: DriftSlice[] = (r.slices as unknown[]).map((s, i) => {
    if (!isObject(s)) throw new InvalidParameterError(`result.slices[${i}]`, 'an object {t, x, drift?, reference?}', s);
    return {
      t: num(`result.slices[${i}].t`, s.t),
      x: numbers(`result.slices[${i}].x`, s.x),
      drift: s.drift === undefined ? undefined : numbers(`result.slices[${i}].drift`, s.drift),
      reference: s.reference === undefined ? undefined : numbers(`result.slices[${i}].reference`, s.reference),
    };
  });
  return driftSvg({ slices, eps, title: options.title, ...size });
}

function xyFromResult(r: Record<string, unknown>, options: ResultPlotOptions, size: Size): string {
  const series: XySeries[] = (r.series as unknown[]).map((s, i) => {
    if (!isObject(s)) throw new InvalidParameterError(`result.series[${i}]`, 'an object {name, x, y, yIqr?}', s);
    const yIqr =
      s.yIqr === undefined
        ? undefined
        : (s.yIqr as unknown[]).map((q, j) => pair(`result.series[${i}].yIqr[${j}]`, q) as [number, number]);
    return {
      name: typeof s.name === 'string' ? s.name : `series ${i + 1}`,
      x: numbers(`result.series[${i}].x`, s.x),
      y: numbers(`result.series[${i}].y`, s.y),
      yIqr,
    };
  });
  const label = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  return xySvg({
    series,
    xLabel: label(r.xLabel, 'x'),
    yLabel: label(r.yLabel, 'y'),
    title: options.title ?? (typeof r.title === 'string' ? r.title : undefined),
    ...size,
  });
}

function figureFromResult(r: Record<string, unknown>, options: ResultPlotOptions, size: Size): string {
  const panes = (r.panels as unknown[]).map((p, i) => {
    if (!isObject(p) || p.result === undefined)
      throw new InvalidParameterError(`result.panels[${i}]`, 'an object {name, title?, result}', p);
    const title = typeof p.title === 'string' ? p.title : undefined;
    return resultPlotSvg([p.result], { bins: options.bins, title, ...size });
  });
  return stackSvgPanels(panes);
}
