// The reconstruction density: a histogram of reconstruction samples X̂ against the optimal p_1 (or any density
// curves). The histogram is normalised to a density (area 1) so the two are on the same scale.
import { InvalidParameterError, assertFiniteArray, assertInteger } from '@ratedistortion/core';
import { PLOT_COLORS, PlotFrame, axisDomain, escapeXml } from './frame.js';

/**
 * A histogram normalised to a probability density: `density[i] = count[i] / (n · width)` on the bins
 * `[edges[i], edges[i+1])` (the last bin includes its right edge).
 *
 * @example
 * ```ts
 * import type { DensityHistogram } from '@ratedistortion/cli';
 * const h: DensityHistogram = { edges: [0, 0.5, 1], counts: [1, 3], density: [0.5, 1.5] };
 * ```
 */
export interface DensityHistogram {
  edges: number[];
  counts: number[];
  density: number[];
}

/**
 * Histogram of 1-D samples as a density. `range` defaults to [min, max] of the samples; samples outside it
 * are not counted but still count in `n`, so the bars integrate to the fraction of samples inside.
 *
 * @example
 * ```ts
 * import { densityHistogram } from '@ratedistortion/cli';
 * const h = densityHistogram([0.1, 0.6, 0.7, 0.9], 2, [0, 1]);
 * console.log(h.counts, h.density); // [1, 3] [0.5, 1.5]
 * ```
 */
export function densityHistogram(
  samples: ArrayLike<number>,
  bins: number,
  range?: readonly [number, number],
): DensityHistogram {
  assertInteger('bins', bins, 1);
  if (samples.length === 0) throw new InvalidParameterError('samples', 'at least one sample', 0);
  assertFiniteArray('samples', samples);
  let [lo, hi] = range ?? [Infinity, -Infinity];
  if (range) {
    assertFiniteArray('range', range);
    if (!(hi > lo)) throw new InvalidParameterError('range', 'an interval [a, b] with b > a', range);
  } else {
    for (let i = 0; i < samples.length; i++) {
      lo = Math.min(lo, samples[i]);
      hi = Math.max(hi, samples[i]);
    }
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  return { edges, counts, density: counts.map((c) => c / (samples.length * width)) };
}

/**
 * A density curve on a grid, e.g. the optimal reconstruction density p_1.
 *
 * @example
 * ```ts
 * import type { DensityCurve } from '@ratedistortion/cli';
 * const c: DensityCurve = { name: 'p_1', x: [-1, 0, 1], density: [0.24, 0.4, 0.24] };
 * ```
 */
export interface DensityCurve {
  name: string;
  x: ArrayLike<number>;
  density: ArrayLike<number>;
}

/**
 * What {@link densitySvg} draws: an optional histogram of samples and any number of density curves.
 *
 * @example
 * ```ts
 * import type { DensityPlot } from '@ratedistortion/cli';
 * const plot: DensityPlot = { histogram: { name: 'X̂ samples', samples: [0.1, 0.2, -0.3], bins: 10 } };
 * ```
 */
export interface DensityPlot {
  histogram?: { name: string; samples: ArrayLike<number>; bins?: number; range?: readonly [number, number] };
  curves?: readonly DensityCurve[];
  title?: string;
  /** Horizontal axis label (default `x`). */
  xLabel?: string;
  width?: number;
  height?: number;
}

/**
 * SVG of a density plot: histogram bars (one `<path class="bar">` per bin with a non-zero count) under the
 * density curves. The x axis spans the histogram range and every curve's grid; the y axis starts at 0.
 *
 * @example
 * ```ts
 * import { densitySvg } from '@ratedistortion/cli';
 * import { Random } from '@ratedistortion/core';
 * const rng = new Random(1);
 * const samples = Array.from({ length: 2000 }, () => rng.normal());
 * const x = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
 * const svg = densitySvg({
 *   histogram: { name: 'samples', samples, bins: 40 },
 *   curves: [{ name: 'N(0, 1)', x, density: x.map((v) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI)) }],
 * });
 * console.log(svg.includes('class="bar"'));
 * ```
 */
export function densitySvg(plot: DensityPlot): string {
  const curves = plot.curves ?? [];
  const xs: number[] = [];
  const ys: number[] = [0];
  curves.forEach((c, i) => {
    if (c.x.length !== c.density.length)
      throw new InvalidParameterError(`curves[${i}].density`, `as many values as x (${c.x.length})`, c.density.length);
    assertFiniteArray(`curves[${i}].x`, c.x);
    assertFiniteArray(`curves[${i}].density`, c.density);
    xs.push(...Array.from(c.x));
    ys.push(...Array.from(c.density));
  });
  let hist: DensityHistogram | undefined;
  if (plot.histogram) {
    const h = plot.histogram;
    hist = densityHistogram(h.samples, h.bins ?? 50, h.range);
    xs.push(hist.edges[0], hist.edges[hist.edges.length - 1]);
    ys.push(...hist.density);
  }
  if (xs.length === 0) throw new InvalidParameterError('plot', 'a histogram or at least one density curve', plot);
  const frame = new PlotFrame({
    title: plot.title,
    width: plot.width,
    height: plot.height,
    x: { label: plot.xLabel ?? 'x', domain: axisDomain(xs, { pad: 0 }) },
    y: { label: 'density', domain: axisDomain(ys, { includeZero: true }) },
  });
  let color = 0;
  if (hist && plot.histogram) {
    const c = '#9E9E9E';
    const bars: string[] = [`<g class="histogram" data-name="${escapeXml(plot.histogram.name)}">`];
    hist.density.forEach((v, i) => {
      if (v === 0) return;
      const a = hist!.edges[i];
      const b = hist!.edges[i + 1];
      bars.push(frame.polygon([a, a, b, b], [0, v, v, 0], { color: c, className: 'bar', opacity: 0.6 }));
    });
    bars.push('</g>');
    frame.add(bars.join(''));
    frame.addLegend({ label: plot.histogram.name, color: c, kind: 'band' });
  }
  for (const curve of curves) {
    const c = PLOT_COLORS[color++ % PLOT_COLORS.length];
    frame.add(frame.polyline(curve.x, curve.density, { color: c, className: 'density-curve', name: curve.name }));
    frame.addLegend({ label: curve.name, color: c });
  }
  return frame.toSvg();
}
