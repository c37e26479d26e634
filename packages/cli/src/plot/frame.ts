// The shared skeleton of every plot: a fixed-size SVG with a margin, linear axes with "nice" ticks, a clipped
// plot area and a legend. Everything is written as plain SVG 1.1 text so it renders without a browser (resvg,
// Inkscape, any viewer), and every drawn element carries a class so tests can find it by parsing the file.
import { InvalidParameterError, assertFiniteArray, assertInteger, assertPositive } from '@ratedistortion/core';

/**
 * Tick values for an axis over `[min, max]`: about `count` round numbers (1, 2 or 5 times a power of ten)
 * inside the interval, inclusive of ends that fall on a tick.
 *
 * @example
 * ```ts
 * import { niceTicks } from '@ratedistortion/cli/plot';
 * console.log(niceTicks(0, 1, 5)); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  assertFiniteArray('[min, max]', [min, max]);
  assertInteger('count', count, 1);
  if (!(max > min)) throw new InvalidParameterError('max', `a value above min = ${min}`, max);
  const step = niceStep((max - min) / count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Rounding to the step's own decimals avoids labels like 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/**
 * The data interval an axis shows: `[min, max]` of the values, widened by `pad` of its length on each side,
 * and snapped outward to the nice tick step so the axis starts and ends on a tick. A zero-length interval is
 * widened to a unit one around the value.
 *
 * @example
 * ```ts
 * import { axisDomain } from '@ratedistortion/cli/plot';
 * console.log(axisDomain([0.02, 0.48])); // [0, 0.5]
 * ```
 */
export function axisDomain(
  values: ArrayLike<number>,
  options: { pad?: number; includeZero?: boolean; ticks?: number } = {},
): [number, number] {
  if (values.length === 0) throw new InvalidParameterError('values', 'at least one value to place on the axis', 0);
  assertFiniteArray('values', values);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (hi === lo) {
    const w = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 0.5;
    lo -= w;
    hi += w;
  }
  const pad = options.pad ?? 0.02;
  const span = hi - lo;
  if (!(options.includeZero && lo === 0)) lo -= pad * span;
  hi += pad * span;
  const step = niceStep((hi - lo) / (options.ticks ?? 5));
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/**
 * A pixel coordinate as SVG text, rounded to 1/100 px (far below what any renderer resolves).
 *
 * @example
 * ```ts
 * import { svgNumber } from '@ratedistortion/cli/plot';
 * console.log(svgNumber(12.3456)); // '12.35'
 * ```
 */
export function svgNumber(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Escape text for SVG element content and attribute values.
 *
 * @example
 * ```ts
 * import { escapeXml } from '@ratedistortion/cli/plot';
 * console.log(escapeXml('R(D) <nats> & "eps"')); // R(D) &lt;nats&gt; &amp; &quot;eps&quot;
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Series colours, distinguishable for the common forms of colour blindness (Okabe–Ito).
 *
 * @example
 * ```ts
 * import { PLOT_COLORS } from '@ratedistortion/cli/plot';
 * console.log(PLOT_COLORS[0]); // '#0072B2'
 * ```
 */
export const PLOT_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
];

/**
 * Layout of a plot: pixel size, the data intervals of both axes, their labels and an optional title.
 *
 * @example
 * ```ts
 * import type { FrameOptions } from '@ratedistortion/cli/plot';
 * const f: FrameOptions = { x: { label: 'D', domain: [0, 0.5] }, y: { label: 'R (nats)', domain: [0, 2] } };
 * ```
 */
export interface FrameOptions {
  x: { label: string; domain: readonly [number, number] };
  y: { label: string; domain: readonly [number, number] };
  title?: string;
  /** Pixel width (default 640). */
  width?: number;
  /** Pixel height (default 420). */
  height?: number;
}

/**
 * A legend entry: its label and how its swatch is drawn.
 *
 * @example
 * ```ts
 * import type { LegendEntry } from '@ratedistortion/cli/plot';
 * const e: LegendEntry = { label: 'analytic', color: '#000000', kind: 'dashed' };
 * ```
 */
export interface LegendEntry {
  label: string;
  color: string;
  /** `line` (solid), `dashed`, `marker` (a dot on a line) or `band` (a filled box). Default `line`. */
  kind?: 'line' | 'dashed' | 'marker' | 'band';
}

/**
 * A plot being drawn: data→pixel maps for both axes, the plot area in pixels, and `add` to append SVG
 * elements inside the clipped plot area. `toSvg` closes it into a complete document.
 *
 * @example
 * ```ts
 * import { PlotFrame } from '@ratedistortion/cli/plot';
 * const f = new PlotFrame({ x: { label: 'x', domain: [0, 1] }, y: { label: 'y', domain: [0, 1] } });
 * f.add(f.polyline([0, 1], [0, 1], { color: '#000', className: 'line' }));
 * console.log(f.toSvg().startsWith('<svg'));
 * ```
 */
export class PlotFrame {
  readonly width: number;
  readonly height: number;
  /** Plot area in pixels: left, top, right, bottom. */
  readonly area: { left: number; top: number; right: number; bottom: number };
  private readonly body: string[] = [];
  private readonly legend: LegendEntry[] = [];
  private readonly options: FrameOptions;

  constructor(options: FrameOptions) {
    this.options = options;
    this.width = options.width ?? 640;
    this.height = options.height ?? 420;
    assertPositive('width', this.width);
    assertPositive('height', this.height);
    for (const axis of ['x', 'y'] as const) {
      const [a, b] = options[axis].domain;
      assertFiniteArray(`${axis}.domain`, [a, b]);
      if (!(b > a)) throw new InvalidParameterError(`${axis}.domain`, 'an interval [a, b] with b > a', [a, b]);
    }
    this.area = { left: 70, top: options.title ? 40 : 20, right: this.width - 20, bottom: this.height - 55 };
    if (!(this.area.right - this.area.left > 50 && this.area.bottom - this.area.top > 50)) {
      throw new InvalidParameterError('width/height', 'a size leaving at least 50 px of plot area (e.g. 640×420)', [
        this.width,
        this.height,
      ]);
    }
  }

  /** Pixel x of a data x. */
  sx(v: number): number {
    const [a, b] = this.options.x.domain;
    return this.area.left + ((v - a) / (b - a)) * (this.area.right - this.area.left);
  }

  /** Pixel y of a data y (up is larger). */
  sy(v: number): number {
    const [a, b] = this.options.y.domain;
    return this.area.bottom - ((v - a) / (b - a)) * (this.area.bottom - this.area.top);
  }

  /** Append SVG markup to the clipped plot area. */
  add(markup: string): void {
    this.body.push(markup);
  }

  /** Add a legend entry (drawn top-right inside the plot area). */
  addLegend(entry: LegendEntry): void {
    this.legend.push(entry);
  }

  /** A `<path>` through the data points (x[i], y[i]); `dashed` draws it dashed. */
  polyline(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    style: { color: string; className: string; dashed?: boolean; width?: number; name?: string },
  ): string {
    if (x.length !== y.length) throw new InvalidParameterError('y', `as many values as x (${x.length})`, y.length);
    if (x.length === 0) return '';
    const d: string[] = [];
    for (let i = 0; i < x.length; i++)
      d.push(`${i === 0 ? 'M' : 'L'}${svgNumber(this.sx(x[i]))},${svgNumber(this.sy(y[i]))}`);
    const dash = style.dashed ? ' stroke-dasharray="6 4"' : '';
    return `<path class="${style.className}"${dataName(style.name)} d="${d.join(' ')}" fill="none" stroke="${style.color}" stroke-width="${style.width ?? 2}"${dash} stroke-linejoin="round"/>`;
  }

  /** One `<circle>` per data point. */
  markers(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    style: { color: string; className: string; radius?: number; name?: string },
  ): string {
    const out: string[] = [`<g class="${style.className}"${dataName(style.name)} fill="${style.color}">`];
    for (let i = 0; i < x.length; i++) {
      out.push(
        `<circle cx="${svgNumber(this.sx(x[i]))}" cy="${svgNumber(this.sy(y[i]))}" r="${style.radius ?? 3.5}"/>`,
      );
    }
    out.push('</g>');
    return out.join('');
  }

  /** A closed, filled `<path>` through the data points (a band or a bar outline). */
  polygon(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    style: { color: string; className: string; opacity?: number; name?: string },
  ): string {
    if (x.length === 0) return '';
    const d: string[] = [];
    for (let i = 0; i < x.length; i++)
      d.push(`${i === 0 ? 'M' : 'L'}${svgNumber(this.sx(x[i]))},${svgNumber(this.sy(y[i]))}`);
    return `<path class="${style.className}"${dataName(style.name)} d="${d.join(' ')} Z" fill="${style.color}" fill-opacity="${style.opacity ?? 0.25}" stroke="none"/>`;
  }

  /** The finished SVG document. */
  toSvg(): string {
    const { left, top, right, bottom } = this.area;
    const font = 'font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"';
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" ${font} font-size="12">`,
      `<rect class="background" x="0" y="0" width="${this.width}" height="${this.height}" fill="#ffffff"/>`,
      `<defs><clipPath id="plot-area"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath></defs>`,
    ];
    if (this.options.title) {
      out.push(
        `<text class="title" x="${svgNumber((left + right) / 2)}" y="24" text-anchor="middle" font-size="15">${escapeXml(this.options.title)}</text>`,
      );
    }
    out.push(this.axis('x'), this.axis('y'));
    out.push(`<g class="plot-area" clip-path="url(#plot-area)">`, ...this.body, '</g>');
    out.push(
      `<rect class="frame" x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#333333" stroke-width="1"/>`,
    );
    if (this.legend.length > 0) out.push(this.legendMarkup());
    out.push('</svg>');
    return out.join('\n') + '\n';
  }

  private axis(which: 'x' | 'y'): string {
    const { left, top, right, bottom } = this.area;
    const { label, domain } = this.options[which];
    const ticks = niceTicks(domain[0], domain[1], which === 'x' ? 6 : 5).filter(
      (t) => t >= domain[0] - 1e-12 && t <= domain[1] + 1e-12,
    );
    const out: string[] = [`<g class="axis ${which}-axis" stroke="#333333">`];
    const grid: string[] = [];
    for (const t of ticks) {
      if (which === 'x') {
        const px = svgNumber(this.sx(t));
        grid.push(`<line class="grid" x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#e5e5e5"/>`);
        out.push(`<line class="tick" x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 5}"/>`);
        out.push(
          `<text class="tick-label" x="${px}" y="${bottom + 18}" text-anchor="middle" stroke="none" fill="#333333" data-value="${t}">${tickLabel(t)}</text>`,
        );
      } else {
        const py = svgNumber(this.sy(t));
        grid.push(`<line class="grid" x1="${left}" y1="${py}" x2="${right}" y2="${py}" stroke="#e5e5e5"/>`);
        out.push(`<line class="tick" x1="${left - 5}" y1="${py}" x2="${left}" y2="${py}"/>`);
        out.push(
          `<text class="tick-label" x="${left - 8}" y="${svgNumber(this.sy(t) + 4)}" text-anchor="end" stroke="none" fill="#333333" data-value="${t}">${tickLabel(t)}</text>`,
        );
      }
    }
    if (which === 'x') {
      out.push(
        `<text class="axis-label" x="${svgNumber((left + right) / 2)}" y="${bottom + 42}" text-anchor="middle" stroke="none" fill="#000000" font-size="13">${escapeXml(label)}</text>`,
      );
    } else {
      const cy = svgNumber((top + bottom) / 2);
      out.push(
        `<text class="axis-label" x="18" y="${cy}" text-anchor="middle" transform="rotate(-90 18 ${cy})" stroke="none" fill="#000000" font-size="13">${escapeXml(label)}</text>`,
      );
    }
    out.push('</g>');
    return grid.join('\n') + '\n' + out.join('\n');
  }

  private legendMarkup(): string {
    const rowH = 18;
    const w = 30 + Math.max(...this.legend.map((e) => e.label.length)) * 7;
    const x0 = this.area.right - w - 8;
    const y0 = this.area.top + 8;
    const out: string[] = [
      `<g class="legend">`,
      `<rect x="${x0}" y="${y0}" width="${w}" height="${this.legend.length * rowH + 8}" fill="#ffffff" fill-opacity="0.85" stroke="#999999"/>`,
    ];
    this.legend.forEach((e, i) => {
      const y = y0 + 4 + rowH * i + rowH / 2;
      const kind = e.kind ?? 'line';
      if (kind === 'band') {
        out.push(`<rect x="${x0 + 6}" y="${y - 5}" width="18" height="10" fill="${e.color}" fill-opacity="0.25"/>`);
      } else {
        const dash = kind === 'dashed' ? ' stroke-dasharray="6 4"' : '';
        out.push(
          `<line x1="${x0 + 6}" y1="${y}" x2="${x0 + 24}" y2="${y}" stroke="${e.color}" stroke-width="2"${dash}/>`,
        );
        if (kind === 'marker') out.push(`<circle cx="${x0 + 15}" cy="${y}" r="3.5" fill="${e.color}"/>`);
      }
      out.push(`<text class="legend-label" x="${x0 + 30}" y="${y + 4}">${escapeXml(e.label)}</text>`);
    });
    out.push('</g>');
    return out.join('\n');
  }
}

function dataName(name: string | undefined): string {
  return name === undefined ? '' : ` data-name="${escapeXml(name)}"`;
}

function tickLabel(t: number): string {
  if (t === 0) return '0';
  const a = Math.abs(t);
  return a < 1e-3 || a >= 1e5 ? t.toExponential(1) : String(Number(t.toPrecision(6)));
}
