// y against x for several named series, each with an optional inter-quartile band — for quantities that are
// not an R(D) curve, such as the estimation error |ΔR| against eps of the paper's Fig. 2.
import { InvalidParameterError, assertFiniteArray } from '@ratedistortion/core';
import { PLOT_COLORS, PlotFrame, axisDomain } from './frame.js';

/**
 * One series: points (x[i], y[i]) joined by a line, with markers; `yIqr[i]` draws a shaded band.
 *
 * @example
 * ```ts
 * import type { XySeries } from '@ratedistortion/cli';
 * const s: XySeries = { name: 'r2d2', x: [0.1, 0.5], y: [0.01, 0.02], yIqr: [[0.005, 0.02], [0.01, 0.03]] };
 * ```
 */
export interface XySeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  yIqr?: readonly (readonly [number, number])[];
}

/**
 * What {@link xySvg} draws.
 *
 * @example
 * ```ts
 * import type { XyPlot } from '@ratedistortion/cli';
 * const p: XyPlot = { xLabel: 'eps', yLabel: '|ΔR| (nats)', series: [] };
 * ```
 */
export interface XyPlot {
  series: readonly XySeries[];
  xLabel: string;
  yLabel: string;
  title?: string;
  width?: number;
  height?: number;
}

/**
 * SVG of y against x: per series a shaded IQR band (when given), a line and markers. The y axis includes 0.
 *
 * @example
 * ```ts
 * import { xySvg } from '@ratedistortion/cli';
 * const svg = xySvg({ xLabel: 'eps', yLabel: 'median |ΔR|', series: [{ name: 'r2d2', x: [0.1, 0.5, 0.9], y: [0.02, 0.01, 0.015] }] });
 * console.log(svg.includes('series-line'));
 * ```
 */
export function xySvg(plot: XyPlot): string {
  const xs: number[] = [];
  const ys: number[] = [0];
  plot.series.forEach((s, i) => {
    if (s.x.length !== s.y.length)
      throw new InvalidParameterError(`series[${i}].y`, `as many values as x (${s.x.length})`, s.y.length);
    if (s.yIqr && s.yIqr.length !== s.x.length)
      throw new InvalidParameterError(`series[${i}].yIqr`, `as many pairs as x (${s.x.length})`, s.yIqr.length);
    assertFiniteArray(`series[${i}].x`, s.x);
    assertFiniteArray(`series[${i}].y`, s.y);
    xs.push(...s.x);
    ys.push(...s.y);
    s.yIqr?.forEach((q, j) => {
      assertFiniteArray(`series[${i}].yIqr[${j}]`, q);
      ys.push(q[0], q[1]);
    });
  });
  if (xs.length === 0) throw new InvalidParameterError('plot', 'at least one point', plot.series.length);
  const frame = new PlotFrame({
    title: plot.title,
    width: plot.width,
    height: plot.height,
    x: { label: plot.xLabel, domain: axisDomain(xs) },
    y: { label: plot.yLabel, domain: axisDomain(ys, { includeZero: true }) },
  });
  plot.series.forEach((s, i) => {
    const c = PLOT_COLORS[i % PLOT_COLORS.length];
    const order = s.x.map((_, j) => j).sort((a, b) => s.x[a] - s.x[b]);
    const x = order.map((j) => s.x[j]);
    if (s.yIqr) {
      const q = order.map((j) => s.yIqr![j]);
      frame.add(
        frame.polygon([...x, ...[...x].reverse()], [...q.map((p) => p[1]), ...q.map((p) => p[0]).reverse()], {
          color: c,
          className: 'iqr-band',
          name: s.name,
        }),
      );
    }
    frame.add(
      frame.polyline(
        x,
        order.map((j) => s.y[j]),
        { color: c, className: 'series-line', width: 1.5, name: s.name },
      ),
    );
    frame.add(
      frame.markers(
        x,
        order.map((j) => s.y[j]),
        { color: c, className: 'series-points', name: s.name },
      ),
    );
    frame.addLegend({ label: s.name, color: c, kind: 'marker' });
    if (s.yIqr) frame.addLegend({ label: `${s.name} IQR`, color: c, kind: 'band' });
  });
  return frame.toSvg();
}
