// R(D) curves: estimated points of one or more methods with their inter-quartile bands (App. E.1 reports the
// median over evaluation batches and the IQR), against reference curves (closed form, BHE or Blahut–Arimoto).
import { InvalidParameterError, assertFiniteArray } from '@ratedistortion/core';
import { PLOT_COLORS, PlotFrame, axisDomain } from './frame.js';

/**
 * One estimated point: median rate and distortion, optionally with their inter-quartile ranges.
 *
 * @example
 * ```ts
 * import type { RdPlotPoint } from '@ratedistortion/cli';
 * const p: RdPlotPoint = { distortion: 0.25, rate: 0.35, rateIqr: [0.34, 0.36], distortionIqr: [0.245, 0.255] };
 * ```
 */
export interface RdPlotPoint {
  distortion: number;
  rate: number;
  rateIqr?: readonly [number, number];
  distortionIqr?: readonly [number, number];
}

/**
 * An estimated curve of one method (markers, a thin line, and a shaded rate-IQR band when the points carry one).
 *
 * @example
 * ```ts
 * import type { RdSeries } from '@ratedistortion/cli';
 * const s: RdSeries = { name: 'r2d2', points: [{ distortion: 0.1, rate: 0.8 }, { distortion: 0.3, rate: 0.25 }] };
 * ```
 */
export interface RdSeries {
  name: string;
  points: readonly RdPlotPoint[];
  /** What the rate band and distortion whiskers show, for the legend (default `IQR`; e.g. `±1 SE`). */
  bandLabel?: string;
  /** Join the points with a line (default true); false for isolated points such as sparse reference values. */
  line?: boolean;
}

/**
 * A reference curve drawn as a dashed line, e.g. the analytic R(D) or a Blahut–Arimoto curve.
 *
 * @example
 * ```ts
 * import type { RdReferenceCurve } from '@ratedistortion/cli';
 * const r: RdReferenceCurve = { name: 'analytic', points: [{ distortion: 0.05, rate: 1.15 }, { distortion: 0.5, rate: 0 }] };
 * ```
 */
export interface RdReferenceCurve {
  name: string;
  points: readonly { distortion: number; rate: number }[];
}

/**
 * What {@link rdCurveSvg} draws.
 *
 * @example
 * ```ts
 * import type { RdCurvePlot } from '@ratedistortion/cli';
 * const plot: RdCurvePlot = { title: 'N(0, 1)', series: [], references: [{ name: 'closed form', points: [{ distortion: 0.1, rate: 0.8 }] }] };
 * ```
 */
export interface RdCurvePlot {
  series?: readonly RdSeries[];
  references?: readonly RdReferenceCurve[];
  title?: string;
  /** Axis labels (defaults: `distortion D = ½E‖X−X̂‖²` and `rate R (nats)`, the library's conventions). */
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

/**
 * SVG of R(D) curves: rate (nats) against distortion `D = ½E‖X−X̂‖²`. References are dashed lines; each method's
 * points are markers joined by a line, with the rate IQR as a shaded band and the distortion IQR as horizontal
 * whiskers. Both axes start at 0. Points are drawn in order of increasing distortion.
 *
 * @example
 * ```ts
 * import { rdCurveSvg } from '@ratedistortion/cli';
 * const eps = [0.1, 0.3, 0.5, 0.7, 0.9];
 * const svg = rdCurveSvg({
 *   title: 'N(0, 1)',
 *   references: [{ name: 'closed form', points: eps.map((e) => ({ distortion: e / 2, rate: -0.5 * Math.log(e) })) }],
 *   series: [{ name: 'estimate', points: eps.map((e) => ({ distortion: e / 2, rate: -0.5 * Math.log(e) + 0.01, rateIqr: [-0.5 * Math.log(e), -0.5 * Math.log(e) + 0.02] })) }],
 * });
 * console.log(svg.length > 0);
 * ```
 */
export function rdCurveSvg(plot: RdCurvePlot): string {
  const series = plot.series ?? [];
  const references = plot.references ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  const check = (where: string, points: readonly RdPlotPoint[]) => {
    points.forEach((p, i) => {
      const vals = [p.distortion, p.rate, ...(p.rateIqr ?? []), ...(p.distortionIqr ?? [])];
      assertFiniteArray(`${where}.points[${i}]`, vals);
      if (p.rateIqr && p.rateIqr.length !== 2)
        throw new InvalidParameterError(`${where}.points[${i}].rateIqr`, 'a pair [q25, q75]', p.rateIqr);
      if (p.distortionIqr && p.distortionIqr.length !== 2)
        throw new InvalidParameterError(`${where}.points[${i}].distortionIqr`, 'a pair [q25, q75]', p.distortionIqr);
      xs.push(p.distortion, ...(p.distortionIqr ?? []));
      ys.push(p.rate, ...(p.rateIqr ?? []));
    });
  };
  series.forEach((s, i) => check(`series[${i}]`, s.points));
  references.forEach((r, i) => check(`references[${i}]`, r.points));
  if (xs.length === 0)
    throw new InvalidParameterError('plot', 'at least one point in a series or reference curve', plot);

  const frame = new PlotFrame({
    title: plot.title,
    width: plot.width,
    height: plot.height,
    x: { label: plot.xLabel ?? 'distortion D = ½E‖X−X̂‖²', domain: axisDomain(xs, { includeZero: true }) },
    y: { label: plot.yLabel ?? 'rate R (nats)', domain: axisDomain(ys, { includeZero: true }) },
  });
  let color = 0;
  for (const r of references) {
    const c = references.length === 1 ? '#000000' : PLOT_COLORS[color++ % PLOT_COLORS.length];
    const pts = byDistortion(r.points);
    frame.add(
      frame.polyline(
        pts.map((p) => p.distortion),
        pts.map((p) => p.rate),
        { color: c, className: 'reference', dashed: true, name: r.name },
      ),
    );
    frame.addLegend({ label: r.name, color: c, kind: 'dashed' });
  }
  for (const s of series) {
    const c = PLOT_COLORS[color++ % PLOT_COLORS.length];
    const pts = byDistortion(s.points);
    const d = pts.map((p) => p.distortion);
    const withIqr = pts.filter((p) => p.rateIqr);
    if (withIqr.length > 0) {
      // Upper quartiles left to right, then lower quartiles back: one closed band around the median line.
      const bx = [...withIqr.map((p) => p.distortion), ...withIqr.map((p) => p.distortion).reverse()];
      const by = [...withIqr.map((p) => p.rateIqr![1]), ...withIqr.map((p) => p.rateIqr![0]).reverse()];
      frame.add(frame.polygon(bx, by, { color: c, className: 'iqr-band', name: s.name }));
    }
    const whiskers = pts
      .filter((p) => p.distortionIqr)
      .map((p) =>
        frame.polyline(p.distortionIqr!, [p.rate, p.rate], {
          color: c,
          className: 'distortion-iqr',
          width: 1.5,
          name: s.name,
        }),
      );
    frame.add(whiskers.join(''));
    if (s.line !== false)
      frame.add(
        frame.polyline(
          d,
          pts.map((p) => p.rate),
          { color: c, className: 'series-line', width: 1.5, name: s.name },
        ),
      );
    frame.add(
      frame.markers(
        d,
        pts.map((p) => p.rate),
        { color: c, className: 'series-points', name: s.name },
      ),
    );
    frame.addLegend({ label: s.name, color: c, kind: 'marker' });
    if (withIqr.length > 0) frame.addLegend({ label: `${s.name} ${s.bandLabel ?? 'IQR'}`, color: c, kind: 'band' });
  }
  return frame.toSvg();
}

function byDistortion<T extends { distortion: number }>(points: readonly T[]): T[] {
  return [...points].sort((a, b) => a.distortion - b.distortion);
}
