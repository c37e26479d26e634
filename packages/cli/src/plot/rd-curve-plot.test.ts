// The R(D) plot read back from its SVG text: the axes' own tick labels give the pixel→data map, and through it
// every drawn vertex must return the plotted numbers (closed-form Gaussian R(D) = ½log(σ²/eps), D = eps/2, and
// the quartiles of the band), every element must lie inside the plot area, and the counts must match the data.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NonFiniteValueError } from '@ratedistortion/core';
import { axisDomain, niceTicks } from './frame.js';
import { rdCurveSvg, type RdSeries } from './rd-curve-plot.js';
import { axisMap, findAll, hasClass, parseXml, pathPoints, type XmlNode } from './svg-reader.test-util.js';

// Rounding to 1/100 px, over a plot area ~550 px wide spanning ≤ 0.6 units: ≤ 0.005 px · (0.6/550) ≈ 6e-6 in data.
const DATA_TOL = 2e-5;

const eps = [0.05, 0.15, 0.3, 0.5, 0.7, 0.9];
const closedForm = eps.map((e) => ({ distortion: e / 2, rate: 0.5 * Math.log(1 / e) }));
const estimate: RdSeries = {
  name: 'r2d2',
  points: eps.map((e, i) => {
    const r = 0.5 * Math.log(1 / e) + 0.01 * (i % 2 ? 1 : -1);
    return {
      distortion: e / 2 + 0.002,
      rate: r,
      rateIqr: [r - 0.02 - 0.005 * i, r + 0.03],
      distortionIqr: [e / 2 - 0.003, e / 2 + 0.006],
    };
  }),
};

function plotArea(svg: XmlNode) {
  const clip = findAll(svg, (n) => n.name === 'clipPath')[0].children[0];
  const x = Number(clip.attrs.x);
  const y = Number(clip.attrs.y);
  return { left: x, top: y, right: x + Number(clip.attrs.width), bottom: y + Number(clip.attrs.height) };
}

describe('niceTicks and axisDomain', () => {
  it('ticks are consecutive multiples of a 1-2-5 step inside the interval', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    const t = niceTicks(0.013, 0.487, 5);
    expect(t).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(1e-4, 9e-4, 4)).toEqual([2e-4, 4e-4, 6e-4, 8e-4]);
  });

  it('a domain covers the values and ends on ticks; zero is included on request', () => {
    expect(axisDomain([0.02, 0.48], { includeZero: true })).toEqual([0, 0.5]);
    const [a, b] = axisDomain([-1.3, 2.7]);
    expect(a).toBeLessThanOrEqual(-1.3);
    expect(b).toBeGreaterThanOrEqual(2.7);
    expect(niceTicks(a, b, 5)[0]).toBeCloseTo(a, 12);
  });

  it('rejects empty, non-finite and reversed input', () => {
    expect(() => axisDomain([])).toThrow(InvalidParameterError);
    expect(() => axisDomain([0, Number.NaN])).toThrow(NonFiniteValueError);
    expect(() => niceTicks(1, 0)).toThrow(InvalidParameterError);
  });
});

describe('rdCurveSvg', () => {
  const text = rdCurveSvg({
    title: 'N(0, 1) & friends',
    series: [estimate],
    references: [{ name: 'closed form', points: closedForm }],
  });
  const svg = parseXml(text);
  const X = axisMap(svg, 'x');
  const Y = axisMap(svg, 'y');
  const area = plotArea(svg);

  it('is one well-formed SVG element with a viewBox, both axes, a title and a legend', () => {
    expect(svg.name).toBe('svg');
    expect(svg.attrs.viewBox).toBe('0 0 640 420');
    expect(X.ticks).toBeGreaterThanOrEqual(3);
    expect(Y.ticks).toBeGreaterThanOrEqual(3);
    expect(findAll(svg, hasClass('title'))[0].text).toBe('N(0, 1) & friends');
    expect(findAll(svg, hasClass('axis-label')).map((n) => n.text)).toEqual([
      'distortion D = ½E‖X−X̂‖²',
      'rate R (nats)',
    ]);
    expect(findAll(svg, hasClass('legend-label')).map((n) => n.text)).toEqual(['closed form', 'r2d2', 'r2d2 IQR']);
  });

  it('the reference line passes through the closed-form points, in order of D', () => {
    const refs = findAll(svg, hasClass('reference'));
    expect(refs).toHaveLength(1);
    expect(refs[0].attrs['stroke-dasharray']).toBeDefined();
    const pts = pathPoints(refs[0].attrs.d);
    expect(pts).toHaveLength(eps.length);
    pts.forEach(([px, py], i) => {
      expect(Math.abs(X.toData(px) - eps[i] / 2)).toBeLessThan(DATA_TOL);
      expect(Math.abs(Y.toData(py) - 0.5 * Math.log(1 / eps[i]))).toBeLessThan(DATA_TOL * 4);
    });
  });

  it('one marker per estimated point and a closed IQR band through the quartiles', () => {
    const circles = findAll(findAll(svg, hasClass('series-points'))[0], (n) => n.name === 'circle');
    expect(circles).toHaveLength(eps.length);
    circles.forEach((c, i) => {
      expect(Math.abs(X.toData(Number(c.attrs.cx)) - estimate.points[i].distortion)).toBeLessThan(DATA_TOL);
      expect(Math.abs(Y.toData(Number(c.attrs.cy)) - estimate.points[i].rate)).toBeLessThan(DATA_TOL * 4);
    });
    const band = findAll(svg, hasClass('iqr-band'));
    expect(band).toHaveLength(1);
    expect(band[0].attrs.d.trim().endsWith('Z')).toBe(true);
    const v = pathPoints(band[0].attrs.d);
    expect(v).toHaveLength(2 * eps.length);
    const n = eps.length;
    for (let i = 0; i < n; i++) {
      const p = estimate.points[i];
      expect(Math.abs(Y.toData(v[i][1]) - p.rateIqr![1])).toBeLessThan(DATA_TOL * 4);
      expect(Math.abs(Y.toData(v[2 * n - 1 - i][1]) - p.rateIqr![0])).toBeLessThan(DATA_TOL * 4);
      expect(Math.abs(X.toData(v[i][0]) - p.distortion)).toBeLessThan(DATA_TOL);
    }
    const whiskers = findAll(svg, hasClass('distortion-iqr'));
    expect(whiskers).toHaveLength(n);
    whiskers.forEach((w, i) => {
      const [[a], [b]] = pathPoints(w.attrs.d);
      expect(Math.abs(X.toData(a) - estimate.points[i].distortionIqr![0])).toBeLessThan(DATA_TOL);
      expect(Math.abs(X.toData(b) - estimate.points[i].distortionIqr![1])).toBeLessThan(DATA_TOL);
    });
  });

  it('every drawn vertex lies inside the plot area, which lies inside the viewBox', () => {
    expect(area.left).toBeGreaterThan(0);
    expect(area.right).toBeLessThan(640);
    expect(area.top).toBeGreaterThan(0);
    expect(area.bottom).toBeLessThan(420);
    const paths = findAll(findAll(svg, hasClass('plot-area'))[0], (n) => n.name === 'path');
    expect(paths.length).toBeGreaterThanOrEqual(3 + eps.length);
    for (const p of paths) {
      for (const [x, y] of pathPoints(p.attrs.d)) {
        expect(x).toBeGreaterThanOrEqual(area.left);
        expect(x).toBeLessThanOrEqual(area.right);
        expect(y).toBeGreaterThanOrEqual(area.top);
        expect(y).toBeLessThanOrEqual(area.bottom);
      }
    }
    // Both axes start at 0: a rate axis must not hide how far a curve is from R = 0.
    expect(findAll(findAll(svg, hasClass('y-axis'))[0], hasClass('tick-label'))[0].text).toBe('0');
    expect(findAll(findAll(svg, hasClass('x-axis'))[0], hasClass('tick-label'))[0].text).toBe('0');
    // ...and the origin is the bottom-left corner: rate grows upwards, distortion to the right.
    expect(Number(findAll(findAll(svg, hasClass('y-axis'))[0], hasClass('tick'))[0].attrs.y1)).toBe(area.bottom);
    expect(Number(findAll(findAll(svg, hasClass('x-axis'))[0], hasClass('tick'))[0].attrs.x1)).toBe(area.left);
    expect(Y.toData(area.top)).toBeGreaterThan(Y.toData(area.bottom));
    expect(X.toData(area.right)).toBeGreaterThan(X.toData(area.left));
  });

  it('several methods get one series each with distinct colours; unsorted input is drawn sorted by D', () => {
    const other: RdSeries = {
      name: 'nerd',
      points: [...closedForm].reverse().map((p) => ({ ...p, rate: p.rate + 0.05 })),
    };
    const s = parseXml(
      rdCurveSvg({ series: [estimate, other], references: [{ name: 'closed form', points: closedForm }] }),
    );
    const lines = findAll(s, hasClass('series-line'));
    expect(lines.map((l) => l.attrs['data-name'])).toEqual(['r2d2', 'nerd']);
    expect(new Set(lines.map((l) => l.attrs.stroke)).size).toBe(2);
    const xs = pathPoints(lines[1].attrs.d).map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // No IQR in the second series: no second band.
    expect(findAll(s, hasClass('iqr-band'))).toHaveLength(1);
  });

  it('refuses non-finite values, malformed quartiles and an empty plot', () => {
    expect(() =>
      rdCurveSvg({ series: [{ name: 'x', points: [{ distortion: 0.1, rate: Number.POSITIVE_INFINITY }] }] }),
    ).toThrow(NonFiniteValueError);
    expect(() =>
      rdCurveSvg({
        series: [{ name: 'x', points: [{ distortion: 0.1, rate: 1, rateIqr: [1] as unknown as [number, number] }] }],
      }),
    ).toThrow(InvalidParameterError);
    expect(() => rdCurveSvg({})).toThrow(InvalidParameterError);
  });
});
