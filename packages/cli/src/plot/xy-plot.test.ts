// The figure-level drawings added for `rd reproduce`: y-against-x series with IQR bands, panes stacked into one
// SVG, and the result shapes `rd plot` now recognises ({results}, {series}, {panels}, density {curves}).
import { describe, expect, it } from 'vitest';
import { resultKind, resultPlotSvg } from './result-plot.js';
import { stackSvgPanels } from './panels-plot.js';
import { xySvg } from './xy-plot.js';

const xy = {
  xLabel: 'eps',
  yLabel: '|ΔR|',
  series: [
    {
      name: 'r2d2',
      x: [0.5, 0.1, 0.9],
      y: [0.02, 0.01, 0.03],
      yIqr: [
        [0.01, 0.03],
        [0.005, 0.02],
        [0.02, 0.05],
      ] as [number, number][],
    },
  ],
};

describe('xySvg', () => {
  it('draws a line, markers and a band per series, and checks lengths', () => {
    const svg = xySvg(xy);
    expect(svg.match(/class="series-line"/g)).toHaveLength(1);
    const points = /<g class="series-points"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(points.match(/<circle/g)).toHaveLength(3);
    expect(svg).toMatch(/class="iqr-band"/);
    expect(() => xySvg({ ...xy, series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(/series\[0\]\.y/);
  });
});

describe('stackSvgPanels', () => {
  it('nests each pane at its offset with its own clip path id', () => {
    const pane = xySvg(xy);
    const svg = stackSvgPanels([pane, pane]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="840"/);
    expect(svg).toMatch(/<svg x="0" y="420"/);
    expect(svg).toMatch(/id="plot-area-p0"/);
    expect(svg).toMatch(/url\(#plot-area-p1\)/);
    expect(svg).not.toMatch(/url\(#plot-area\)/);
  });
});

describe('result shapes of rd reproduce', () => {
  const curve = {
    method: 'wgd',
    points: [{ eps: 0.5, rate: 0.35, distortion: 0.25, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26] }],
  };
  it('recognises several curves, xy series, figures and multi-curve densities', () => {
    expect(resultKind({ results: [curve] })).toBe('curves');
    expect(resultKind(xy)).toBe('xy');
    expect(resultKind({ panels: [] })).toBe('figure');
    expect(resultKind({ curves: [{ name: 'p', x: [0, 1], density: [1, 1] }] })).toBe('density');
  });

  it('draws {results} like the curves one by one, and a figure as its panes', () => {
    expect(resultPlotSvg([{ results: [curve, { ...curve, method: 'ba' }] }])).toBe(
      resultPlotSvg([curve, { ...curve, method: 'ba' }]),
    );
    const fig = resultPlotSvg([
      {
        panels: [
          { name: 'a', title: 'A', result: xy },
          { name: 'b', result: { curves: [{ name: 'p', x: [0, 1, 2], density: [0.2, 0.5, 0.2] }] } },
        ],
      },
    ]);
    expect(fig.match(/<svg/g)).toHaveLength(3);
    expect(fig).toMatch(/>A</);
    expect(fig).toMatch(/class="density-curve"/);
  });
});
