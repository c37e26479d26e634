// The density histogram against exact counts and against the N(0, 1) density (Monte Carlo with a fixed seed),
// and the density plot read back from its SVG.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NonFiniteValueError, Random } from '@ratedistortion/core';
import { densityHistogram, densitySvg } from './density-plot.js';
import { axisMap, findAll, hasClass, parseXml, pathPoints } from './svg-reader.test-util.js';

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
// Φ by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7), enough for bin probabilities.
function Phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    t *
      (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-z * z);
  return 0.5 * (1 + (x >= 0 ? erf : -erf));
}

describe('densityHistogram', () => {
  it('counts exactly, closes the last bin on the right, and normalises to a density', () => {
    const h = densityHistogram([0, 0.1, 0.25, 0.5, 0.74, 1, 1, 2], 4, [0, 1]);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([2, 1, 2, 2]);
    // 8 samples, bin width 0.25; the sample at 2 lies outside and only counts in n.
    expect(h.density).toEqual([1, 0.5, 1, 1]);
  });

  it('integrates to 1 over the sample range by default', () => {
    const rng = new Random(3);
    const s = Array.from({ length: 1000 }, () => rng.uniform() ** 2);
    const h = densityHistogram(s, 17);
    const area = h.density.reduce((a, d, i) => a + d * (h.edges[i + 1] - h.edges[i]), 0);
    expect(area).toBeCloseTo(1, 12);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('matches the N(0, 1) bin probabilities within 4 standard errors (seed 11, n = 20000)', () => {
    // count_i ~ Binomial(n, p_i) with p_i = Φ(b) − Φ(a), so density_i = count_i/(n w) has standard error
    // √(p_i(1−p_i)/n)/w. 4 SE per bin over 24 bins: a false alarm has probability < 24·6.3e-5 ≈ 1.5e-3, and
    // the seed is fixed, so the test is deterministic.
    const n = 20_000;
    const rng = new Random(11);
    const s = Array.from({ length: n }, () => rng.normal());
    const h = densityHistogram(s, 24, [-3, 3]);
    const w = 0.25;
    h.density.forEach((d, i) => {
      const p = Phi(h.edges[i + 1]) - Phi(h.edges[i]);
      const se = Math.sqrt((p * (1 - p)) / n) / w;
      expect(Math.abs(d - p / w)).toBeLessThan(4 * se + 1e-12);
    });
  });

  it('rejects bad input', () => {
    expect(() => densityHistogram([], 5)).toThrow(InvalidParameterError);
    expect(() => densityHistogram([1, Number.NaN], 5)).toThrow(NonFiniteValueError);
    expect(() => densityHistogram([1], 0)).toThrow(InvalidParameterError);
    expect(() => densityHistogram([1], 2.5)).toThrow(InvalidParameterError);
    expect(() => densityHistogram([1], 3, [1, 1])).toThrow(InvalidParameterError);
  });
});

describe('densitySvg', () => {
  const rng = new Random(5);
  const samples = Array.from({ length: 4000 }, () => rng.normal());
  const x = Array.from({ length: 61 }, (_, i) => -3 + 0.1 * i);
  const text = densitySvg({
    histogram: { name: 'X̂ samples', samples, bins: 30, range: [-3, 3] },
    curves: [{ name: 'p_1 = N(0, 1)', x, density: x.map(phi) }],
    title: 'reconstruction density',
  });
  const svg = parseXml(text);
  const X = axisMap(svg, 'x');
  const Y = axisMap(svg, 'y');

  it('draws one bar per non-empty bin whose read-back areas sum to the fraction of samples in range', () => {
    const h = densityHistogram(samples, 30, [-3, 3]);
    const bars = findAll(svg, hasClass('bar'));
    expect(bars).toHaveLength(h.counts.filter((c) => c > 0).length);
    let area = 0;
    for (const b of bars) {
      const v = pathPoints(b.attrs.d);
      expect(v).toHaveLength(4);
      const width = X.toData(v[2][0]) - X.toData(v[0][0]);
      const height = Y.toData(v[1][1]) - Y.toData(v[0][1]);
      expect(Y.toData(v[0][1])).toBeCloseTo(0, 4);
      area += width * height;
    }
    const inside = samples.filter((s) => s >= -3 && s <= 3).length / samples.length;
    expect(area).toBeCloseTo(inside, 3);
  });

  it('the density curve passes through φ(x) at every grid point', () => {
    const curve = findAll(svg, hasClass('density-curve'));
    expect(curve).toHaveLength(1);
    const pts = pathPoints(curve[0].attrs.d);
    expect(pts).toHaveLength(x.length);
    // 1/100 px over ~300 px per 0.5 density units: ≤ 2e-5.
    pts.forEach(([px, py], i) => {
      expect(X.toData(px)).toBeCloseTo(x[i], 4);
      expect(Math.abs(Y.toData(py) - phi(x[i]))).toBeLessThan(5e-5);
    });
    expect(findAll(svg, hasClass('legend-label')).map((n) => n.text)).toEqual(['X̂ samples', 'p_1 = N(0, 1)']);
  });

  it('refuses mismatched curve arrays and an empty plot', () => {
    expect(() => densitySvg({ curves: [{ name: 'c', x: [0, 1], density: [1] }] })).toThrow(InvalidParameterError);
    expect(() => densitySvg({})).toThrow(InvalidParameterError);
  });
});
