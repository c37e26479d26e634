// Densities on the product grids of the analytic package's Blahut–Arimoto (cell centres lo + (i + ½)h), built
// from source samples: a histogram (cell frequencies) or a Gaussian KDE evaluated at the cell centres.
//
// Bias of each (for the RD function): the histogram replaces the source by its bin centres, adding about h²/12
// per coordinate to the variance (h the cell width); the KDE is the source convolved with N(0, bw²), so for a
// Gaussian source at eps < σ² its rate is ½·log((σ² + bw²)/eps), a bias of ½·log(1 + bw²/σ²) ≈ bw²/(2σ²) nats
// per coordinate. Sampling noise of either: about ½·√(2/N) nats per coordinate for a Gaussian source (the rate
// follows the log of the sample variance), N the number of samples.
import {
  InvalidParameterError,
  assertFiniteArray,
  assertInteger,
  assertPositive,
  type Samples,
} from '@ratedistortion/core';
import type { GridSource1d, GridSource2d } from '@ratedistortion/analytic';

/**
 * How samples become a grid density: cell frequencies, or a Gaussian kernel density estimate.
 *
 * @example
 * ```ts
 * import type { GridDensityMethod } from '@ratedistortion/estimators';
 * const m: GridDensityMethod = 'kde';
 * ```
 */
export type GridDensityMethod = 'histogram' | 'kde';

/**
 * Settings of {@link gridDensity1d} / {@link gridDensity2d}.
 *
 * @example
 * ```ts
 * import type { GridDensityOptions } from '@ratedistortion/estimators';
 * const o: GridDensityOptions = { method: 'kde', points: 200, bandwidth: 'silverman' };
 * ```
 */
export interface GridDensityOptions {
  /** Default `'histogram'`. */
  method?: GridDensityMethod;
  /** Grid points per axis (default 200 in 1-D, 48 in 2-D). */
  points?: number;
  /**
   * Grid box, `[min, max]` per axis. Default: the sample range, widened by 1% of its width for a histogram
   * (so every sample falls inside) and by 4 bandwidths for a KDE. A histogram throws on samples outside a
   * given box rather than dropping them.
   */
  range?: ReadonlyArray<readonly [number, number]>;
  /**
   * KDE bandwidth per axis: a number (or one per axis), `'silverman'` (1-D default:
   * 0.9·min(sd, IQR/1.34)·N^(−1/5)) or `'scott'` (2-D default: sd·N^(−1/(d+4)) per axis).
   */
  bandwidth?: number | readonly number[] | 'silverman' | 'scott';
}

function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function column(s: Samples, k: number): Float64Array {
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = s.data[i * s.dim + k];
  return out;
}

function stdOf(v: Float64Array): number {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let s = 0;
  for (const x of v) s += (x - m) ** 2;
  return Math.sqrt(s / Math.max(1, v.length - 1));
}

/**
 * Silverman's rule of thumb for a 1-D Gaussian KDE: 0.9·min(sd, IQR/1.34)·N^(−1/5).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { silvermanBandwidth } from '@ratedistortion/estimators';
 * console.log(silvermanBandwidth(new Random(0).fillNormal(new Float64Array(100000)))); // ≈ 0.09
 * ```
 */
export function silvermanBandwidth(values: ArrayLike<number>): number {
  assertFiniteArray('values', values);
  if (values.length < 2) throw new InvalidParameterError('values', 'at least 2 samples', values.length);
  const v = Float64Array.from(values);
  const sd = stdOf(v);
  const sorted = v.slice().sort();
  const iqr = sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  if (!(spread > 0)) throw new InvalidParameterError('values', 'samples with positive spread', spread);
  return 0.9 * spread * v.length ** -0.2;
}

/**
 * Scott's rule for a d-dimensional product-kernel KDE, per axis: sd_k·N^(−1/(d+4)).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { scottBandwidth } from '@ratedistortion/estimators';
 * const s = { n: 1000, dim: 2, data: new Random(0).fillNormal(new Float64Array(2000)) };
 * console.log(scottBandwidth(s)); // ≈ [0.32, 0.32]
 * ```
 */
export function scottBandwidth(samples: Samples): Float64Array {
  if (samples.n < 2) throw new InvalidParameterError('samples', 'at least 2 samples', samples.n);
  const out = new Float64Array(samples.dim);
  for (let k = 0; k < samples.dim; k++) {
    const sd = stdOf(column(samples, k));
    if (!(sd > 0)) throw new InvalidParameterError(`samples[:, ${k}]`, 'samples with positive spread', sd);
    out[k] = sd * samples.n ** (-1 / (samples.dim + 4));
  }
  return out;
}

function bandwidths(samples: Samples, bw: GridDensityOptions['bandwidth']): Float64Array {
  const d = samples.dim;
  const rule = bw ?? (d === 1 ? 'silverman' : 'scott');
  if (rule === 'silverman') {
    if (d !== 1)
      throw new InvalidParameterError('bandwidth', "'scott' or numbers in 2-D (Silverman's rule is 1-D)", rule);
    return Float64Array.of(silvermanBandwidth(samples.data));
  }
  if (rule === 'scott') return scottBandwidth(samples);
  const arr = typeof rule === 'number' ? new Array<number>(d).fill(rule) : Array.from(rule);
  if (arr.length !== d) throw new InvalidParameterError('bandwidth', `one bandwidth or ${d}`, rule);
  arr.forEach((h, k) => assertPositive(`bandwidth[${k}]`, h));
  return Float64Array.from(arr);
}

interface AxisGrid {
  lo: number;
  hi: number;
  points: number;
  centres: Float64Array;
}

function axes(samples: Samples, opts: GridDensityOptions, defaultPoints: number, bw: Float64Array | null): AxisGrid[] {
  const points = opts.points ?? defaultPoints;
  assertInteger('points', points, 2);
  if (opts.range !== undefined && opts.range.length !== samples.dim) {
    throw new InvalidParameterError('range', `${samples.dim} [min, max] pairs`, opts.range);
  }
  return Array.from({ length: samples.dim }, (_, k) => {
    let lo: number;
    let hi: number;
    if (opts.range) {
      [lo, hi] = opts.range[k];
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo))
        throw new InvalidParameterError(`range[${k}]`, 'finite [min, max] with max > min', opts.range[k]);
    } else {
      lo = Infinity;
      hi = -Infinity;
      for (let i = 0; i < samples.n; i++) {
        const v = samples.data[i * samples.dim + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const pad = bw ? 4 * bw[k] : 0.01 * (hi - lo);
      lo -= pad;
      hi += pad;
      if (!(hi > lo)) throw new InvalidParameterError(`samples[:, ${k}]`, 'samples with positive spread', 0);
    }
    const h = (hi - lo) / points;
    return { lo, hi, points, centres: Float64Array.from({ length: points }, (_, i) => lo + (i + 0.5) * h) };
  });
}

function checkSamples(samples: Samples, dim: number): void {
  if (samples == null || samples.dim !== dim || samples.data.length !== samples.n * dim) {
    throw new InvalidParameterError(
      'samples',
      `${dim}-D samples { n, dim, data }`,
      samples == null ? samples : samples.dim,
    );
  }
  if (samples.n < 2) throw new InvalidParameterError('samples', 'at least 2 samples', samples.n);
  assertFiniteArray('samples.data', samples.data);
}

function histogram(samples: Samples, ax: AxisGrid[]): Float64Array {
  const d = samples.dim;
  const size = ax.reduce((s, a) => s * a.points, 1);
  const counts = new Float64Array(size);
  for (let i = 0; i < samples.n; i++) {
    let idx = 0;
    for (let k = 0; k < d; k++) {
      const v = samples.data[i * d + k];
      const a = ax[k];
      if (!(v >= a.lo && v <= a.hi))
        throw new InvalidParameterError(`samples[${i}][${k}]`, `a value in the grid range [${a.lo}, ${a.hi}]`, v);
      idx = idx * a.points + Math.min(a.points - 1, Math.floor(((v - a.lo) / (a.hi - a.lo)) * a.points));
    }
    counts[idx] += 1;
  }
  for (let j = 0; j < size; j++) counts[j] /= samples.n;
  return counts;
}

// KDE at the cell centres; the product kernel factorises, so in 2-D it is the matrix product A·Bᵀ of the
// per-axis kernel matrices (points × N each).
function kde(samples: Samples, ax: AxisGrid[], bw: Float64Array): Float64Array {
  const d = samples.dim;
  const n = samples.n;
  const kernels = ax.map((a, k) => {
    const m = new Float64Array(a.points * n);
    const inv = 1 / bw[k];
    for (let g = 0; g < a.points; g++) {
      for (let i = 0; i < n; i++) {
        const z = (a.centres[g] - samples.data[i * d + k]) * inv;
        m[g * n + i] = Math.exp(-0.5 * z * z);
      }
    }
    return m;
  });
  if (d === 1) {
    const out = new Float64Array(ax[0].points);
    for (let g = 0; g < out.length; g++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += kernels[0][g * n + i];
      out[g] = s;
    }
    return out;
  }
  const [a, b] = kernels;
  const nx = ax[0].points;
  const ny = ax[1].points;
  const out = new Float64Array(nx * ny);
  for (let gx = 0; gx < nx; gx++) {
    for (let gy = 0; gy < ny; gy++) {
      let s = 0;
      const ao = gx * n;
      const bo = gy * n;
      for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
      out[gx * ny + gy] = s;
    }
  }
  return out;
}

/**
 * A 1-D grid source (for `blahutArimotoGrid1d`) from samples: cell probabilities of a histogram, or a Gaussian
 * KDE at the cell centres (normalised by the BA code). Returns the bandwidth used (NaN for a histogram).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { gridDensity1d } from '@ratedistortion/estimators';
 * const s = { n: 10000, dim: 1, data: new Random(0).fillNormal(new Float64Array(10000)) };
 * const { source, bandwidth } = gridDensity1d(s, { method: 'kde' });
 * console.log(source.points, bandwidth);
 * ```
 */
export function gridDensity1d(
  samples: Samples,
  opts: GridDensityOptions = {},
): { source: GridSource1d & { probabilities: Float64Array }; bandwidth: number } {
  checkSamples(samples, 1);
  const method = opts.method ?? 'histogram';
  if (method !== 'histogram' && method !== 'kde')
    throw new InvalidParameterError('method', "'histogram' or 'kde'", method);
  const bw = method === 'kde' ? bandwidths(samples, opts.bandwidth) : null;
  const [a] = axes(samples, opts, 200, bw);
  const probabilities = method === 'kde' ? kde(samples, [a], bw as Float64Array) : histogram(samples, [a]);
  return { source: { probabilities, xMin: a.lo, xMax: a.hi, points: a.points }, bandwidth: bw ? bw[0] : Number.NaN };
}

/**
 * A 2-D grid source (for `blahutArimotoGrid2d`, row-major with the first coordinate slowest) from samples, as
 * {@link gridDensity1d}. Returns the per-axis bandwidths (NaN for a histogram).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { gridDensity2d } from '@ratedistortion/estimators';
 * const s = { n: 5000, dim: 2, data: new Random(0).fillNormal(new Float64Array(10000)) };
 * const { source } = gridDensity2d(s, { points: 32 });
 * console.log(source.x, source.y);
 * ```
 */
export function gridDensity2d(
  samples: Samples,
  opts: GridDensityOptions = {},
): { source: GridSource2d & { probabilities: Float64Array }; bandwidth: [number, number] } {
  checkSamples(samples, 2);
  const method = opts.method ?? 'histogram';
  if (method !== 'histogram' && method !== 'kde')
    throw new InvalidParameterError('method', "'histogram' or 'kde'", method);
  const bw = method === 'kde' ? bandwidths(samples, opts.bandwidth) : null;
  const ax = axes(samples, opts, 48, bw);
  const probabilities = method === 'kde' ? kde(samples, ax, bw as Float64Array) : histogram(samples, ax);
  return {
    source: { probabilities, x: [ax[0].lo, ax[0].hi, ax[0].points], y: [ax[1].lo, ax[1].hi, ax[1].points] },
    bandwidth: bw ? [bw[0], bw[1]] : [Number.NaN, Number.NaN],
  };
}
