// A learned 1-D drift u_θ(x, t) against the optimal u*(x, t) = eps·∇log p_t(x) (Thm. 3.2) at a few times t:
// one colour per t, the learned drift solid and the optimum dashed, so a gap between the two is visible at once.
import { InvalidParameterError, assertFiniteArray, assertInRange } from '@ratedistortion/core';
import { PLOT_COLORS, PlotFrame, axisDomain } from './frame.js';

/**
 * The drift on a grid of x at one time t: the learned values and/or the reference u*.
 *
 * @example
 * ```ts
 * import type { DriftSlice } from '@ratedistortion/cli';
 * const s: DriftSlice = { t: 0.5, x: [-1, 0, 1], drift: [0.6, 0, -0.6], reference: [0.57, 0, -0.57] };
 * ```
 */
export interface DriftSlice {
  t: number;
  x: ArrayLike<number>;
  /** The learned drift u_θ(x, t). */
  drift?: ArrayLike<number>;
  /** The optimal drift u*(x, t). */
  reference?: ArrayLike<number>;
}

/**
 * What {@link driftSvg} draws.
 *
 * @example
 * ```ts
 * import type { DriftPlot } from '@ratedistortion/cli';
 * const plot: DriftPlot = { eps: 0.5, slices: [{ t: 0, x: [-1, 1], reference: [0.5, -0.5] }] };
 * ```
 */
export interface DriftPlot {
  slices: readonly DriftSlice[];
  /** Shown in the default title. */
  eps?: number;
  title?: string;
  width?: number;
  height?: number;
}

/**
 * SVG of 1-D drifts at several t: `<path class="drift">` (learned, solid) and `<path class="reference-drift">`
 * (u*, dashed), each with `data-t`.
 *
 * @example
 * ```ts
 * import { driftSvg } from '@ratedistortion/cli';
 * const eps = 0.5;
 * const x = Array.from({ length: 21 }, (_, i) => -2 + i * 0.2);
 * // N(0, 1) source: u*(x, t) = −eps·x / (1 − eps·t)
 * const slices = [0, 0.5, 1].map((t) => ({ t, x, reference: x.map((v) => (-eps * v) / (1 - eps * t)) }));
 * console.log(driftSvg({ eps, slices }).includes('reference-drift'));
 * ```
 */
export function driftSvg(plot: DriftPlot): string {
  if (!Array.isArray(plot.slices) || plot.slices.length === 0)
    throw new InvalidParameterError('slices', 'at least one time slice', plot.slices);
  const xs: number[] = [];
  const ys: number[] = [];
  plot.slices.forEach((s, i) => {
    assertInRange(`slices[${i}].t`, s.t, 0, 1);
    assertFiniteArray(`slices[${i}].x`, s.x);
    if (!s.drift && !s.reference) throw new InvalidParameterError(`slices[${i}]`, 'a drift or a reference drift', s);
    for (const key of ['drift', 'reference'] as const) {
      const v = s[key];
      if (!v) continue;
      if (v.length !== s.x.length)
        throw new InvalidParameterError(`slices[${i}].${key}`, `as many values as x (${s.x.length})`, v.length);
      assertFiniteArray(`slices[${i}].${key}`, v);
      for (let j = 0; j < v.length; j++) ys.push(v[j]);
    }
    for (let j = 0; j < s.x.length; j++) xs.push(s.x[j]);
  });
  const frame = new PlotFrame({
    title: plot.title ?? (plot.eps !== undefined ? `drift u(x, t) at eps = ${plot.eps}` : undefined),
    width: plot.width,
    height: plot.height,
    x: { label: 'x', domain: axisDomain(xs, { pad: 0 }) },
    y: { label: 'drift u(x, t)', domain: axisDomain(ys) },
  });
  plot.slices.forEach((s, i) => {
    const c = PLOT_COLORS[i % PLOT_COLORS.length];
    const tag = `t = ${s.t}`;
    if (s.reference) {
      frame.add(
        frame
          .polyline(s.x, s.reference, { color: c, className: 'reference-drift', dashed: true, name: tag })
          .replace('<path ', `<path data-t="${s.t}" `),
      );
    }
    if (s.drift) {
      frame.add(
        frame
          .polyline(s.x, s.drift, { color: c, className: 'drift', name: tag })
          .replace('<path ', `<path data-t="${s.t}" `),
      );
    }
    frame.addLegend({ label: `${tag}${s.drift ? '' : ' (u*)'}`, color: c, kind: s.drift ? 'line' : 'dashed' });
  });
  if (plot.slices.some((s) => s.drift) && plot.slices.some((s) => s.reference)) {
    frame.addLegend({ label: 'dashed: optimal u*', color: '#555555', kind: 'dashed' });
  }
  return frame.toSvg();
}
