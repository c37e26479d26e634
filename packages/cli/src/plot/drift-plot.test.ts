// The drift plot and its reference u*: u* against the score of p_t = Σ wᵢ N(μᵢ, vᵢ − eps·t) written out here
// (Thm. 3.2: u* = eps·∂ₓ log p_t), and the SVG read back through its axes.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '@ratedistortion/core';
import { driftSvg } from './drift-plot.js';
import { optimalDriftSlices } from './optimal-drift-slices.js';
import { axisMap, findAll, hasClass, parseXml, pathPoints } from './svg-reader.test-util.js';

function mixtureScoreDrift(x: number, t: number, eps: number, w: number[], mu: number[], v: number[]): number {
  let num = 0;
  let den = 0;
  w.forEach((wi, i) => {
    const s2 = v[i] - eps * t;
    const g = (wi * Math.exp(-((x - mu[i]) ** 2) / (2 * s2))) / Math.sqrt(2 * Math.PI * s2);
    num += (g * -(x - mu[i])) / s2;
    den += g;
  });
  return (eps * num) / den;
}

describe('optimalDriftSlices', () => {
  it('Gaussian N(0, 2): u*(x, t) = −eps·x/(σ² − eps·t)', async () => {
    const eps = 0.8;
    const x = [-2, -0.5, 0, 1, 3];
    const slices = await optimalDriftSlices({ kind: 'gaussian', variance: 2 }, eps, [0, 0.5, 1], x);
    expect(slices.map((s) => s.t)).toEqual([0, 0.5, 1]);
    for (const s of slices) {
      expect(s.x).toEqual(x);
      x.forEach((xi, i) => expect(s.reference![i]).toBeCloseTo((-eps * xi) / (2 - eps * s.t), 12));
    }
  });

  it('two-component GMM: u* = eps·∂ₓ log p_t of the shrunk mixture', async () => {
    const w = [0.3, 0.7];
    const mu = [-1, 1.5];
    const v = [0.4, 0.25];
    const eps = 0.2;
    const x = Array.from({ length: 13 }, (_, i) => -3 + 0.5 * i);
    const slices = await optimalDriftSlices({ kind: 'gmm', weights: w, means: mu, variances: v }, eps, [0, 0.3, 1], x);
    for (const s of slices)
      x.forEach((xi, i) => expect(s.reference![i]).toBeCloseTo(mixtureScoreDrift(xi, s.t, eps, w, mu, v), 10));
  });

  it('refuses sources without a closed form, eps outside the BHE range and times outside [0, 1]', async () => {
    await expect(optimalDriftSlices({ kind: 'laplace', scale: 1 }, 0.1, [0], [0])).rejects.toThrow(
      InvalidParameterError,
    );
    await expect(optimalDriftSlices({ kind: 'gaussian', variance: 1 }, 1.5, [0], [0])).rejects.toThrow(
      ValidityRangeError,
    );
    await expect(optimalDriftSlices({ kind: 'gaussian', variance: 1 }, 0.5, [1.2], [0])).rejects.toThrow(
      InvalidParameterError,
    );
  });
});

describe('driftSvg', () => {
  const eps = 0.5;
  const x = Array.from({ length: 41 }, (_, i) => -2 + 0.1 * i);
  const ts = [0, 0.5, 1];
  const ref = (xi: number, t: number) => (-eps * xi) / (1 - eps * t);
  // A "learned" drift that is off by a known amount, to see both curves separately.
  const learned = (xi: number, t: number) => 0.9 * ref(xi, t) + 0.05;
  const svg = parseXml(
    driftSvg({
      eps,
      slices: ts.map((t) => ({ t, x, drift: x.map((v) => learned(v, t)), reference: x.map((v) => ref(v, t)) })),
    }),
  );
  const X = axisMap(svg, 'x');
  const Y = axisMap(svg, 'y');

  it('one solid learned curve and one dashed reference per t, passing through the given values', () => {
    const drifts = findAll(svg, hasClass('drift'));
    const refs = findAll(svg, hasClass('reference-drift'));
    expect(drifts.map((d) => Number(d.attrs['data-t']))).toEqual(ts);
    expect(refs.map((d) => Number(d.attrs['data-t']))).toEqual(ts);
    refs.forEach((r) => expect(r.attrs['stroke-dasharray']).toBeDefined());
    drifts.forEach((d) => expect(d.attrs['stroke-dasharray']).toBeUndefined());
    // Same colour for the two curves of one t, different colours across t.
    ts.forEach((_, i) => expect(drifts[i].attrs.stroke).toBe(refs[i].attrs.stroke));
    expect(new Set(drifts.map((d) => d.attrs.stroke)).size).toBe(ts.length);
    ts.forEach((t, k) => {
      const a = pathPoints(drifts[k].attrs.d);
      const b = pathPoints(refs[k].attrs.d);
      expect(a).toHaveLength(x.length);
      x.forEach((xi, i) => {
        expect(X.toData(a[i][0])).toBeCloseTo(xi, 4);
        expect(Math.abs(Y.toData(a[i][1]) - learned(xi, t))).toBeLessThan(1e-4);
        expect(Math.abs(Y.toData(b[i][1]) - ref(xi, t))).toBeLessThan(1e-4);
      });
    });
    expect(findAll(svg, hasClass('title'))[0].text).toBe('drift u(x, t) at eps = 0.5');
  });

  it('refuses empty slices, t outside [0, 1], a slice with nothing to draw and length mismatches', () => {
    expect(() => driftSvg({ slices: [] })).toThrow(InvalidParameterError);
    expect(() => driftSvg({ slices: [{ t: 2, x: [0], reference: [0] }] })).toThrow(InvalidParameterError);
    expect(() => driftSvg({ slices: [{ t: 0, x: [0] }] })).toThrow(InvalidParameterError);
    expect(() => driftSvg({ slices: [{ t: 0, x: [0, 1], drift: [0] }] })).toThrow(InvalidParameterError);
  });
});
