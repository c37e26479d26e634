import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { mixtureRateDistortion } from '../mixture/mixture-rate-distortion.js';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import { blahutArimotoGrid1d, blahutArimotoGrid2d, blahutArimotoRichardson1d, histogramSource1d } from './blahut-arimoto.js';

const fig8 = GaussianMixture.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });

describe('Blahut–Arimoto', () => {
  for (const eps of [0.005, 0.02, 0.035]) {
    it(`1-D grid agrees with the exact GMM RD point to 1e-4 nats (eps = ${eps}, inside the BHE range)`, () => {
      const exact = mixtureRateDistortion(fig8, eps);
      const r = blahutArimotoGrid1d({ density: (x) => fig8.density([x])[0], xMin: -2, xMax: 2, points: 200 }, eps, { maxIterations: 6000 });
      expect(Math.abs(r.rate - exact.rate)).toBeLessThan(1e-4);
      expect(Math.abs(r.distortion - exact.distortion)).toBeLessThan(1e-6);
      // the dual bound is a lower bound on the grid problem's R(D), hence (the grid error being far smaller) on the exact rate
      expect(r.lowerBound).toBeLessThanOrEqual(exact.rate + 1e-6);
      expect(r.rate).toBeGreaterThanOrEqual(r.lowerBound);
    });
  }
  it('1-D Gaussian outside any BHE range has R = 0 at eps ≥ σ² (singular P1) and the closed form below', () => {
    const g = (x: number): number => Math.exp(-0.5 * x * x);
    const r = blahutArimotoGrid1d({ density: g, xMin: -9, xMax: 9, points: 180 }, 0.5, { maxIterations: 4000 });
    expect(Math.abs(r.rate - 0.5 * Math.log(2))).toBeLessThan(1e-6);
    const z = blahutArimotoGrid1d({ density: g, xMin: -9, xMax: 9, points: 180 }, 1.5, { maxIterations: 4000 });
    expect(z.rate).toBeLessThan(1e-3);
    expect(Math.abs(z.distortion - 0.5)).toBeLessThan(2e-3);
  });
  it('2-D Gaussian with unequal variances matches reverse water-filling, below and above the smaller variance', () => {
    const density = (x: number, y: number): number => Math.exp(-0.5 * (x * x + (y * y) / 0.25));
    const below = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.2, { stallTol: 1e-10 });
    const wb = reverseWaterFilling([1, 0.25], 0.2);
    expect(Math.abs(below.rate - wb.rate)).toBeLessThan(1e-5);
    expect(Math.abs(below.distortion - wb.distortion)).toBeLessThan(1e-6);
    // eps = 0.5 > 0.25: one direction uncoded, P1 singular; the grid error is O(h²), removed by Richardson.
    const wa = reverseWaterFilling([1, 0.25], 0.5);
    const coarse = blahutArimotoGrid2d({ density, x: [-6, 6, 24], y: [-3, 3, 24] }, 0.5, { stallTol: 1e-10 });
    const fine = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.5, { stallTol: 1e-10 });
    expect(Math.abs(fine.rate - wa.rate)).toBeLessThan(3e-3);
    const extrapolated = fine.rate + (fine.rate - coarse.rate) / 3;
    expect(Math.abs(extrapolated - wa.rate)).toBeLessThan(2e-4);
    expect(Math.abs(fine.distortion - wa.distortion)).toBeLessThan(2e-5);
  });
  it('Richardson helper and histogram sources', () => {
    const g = (x: number): number => Math.exp(-0.5 * x * x);
    const r = blahutArimotoRichardson1d({ density: g, xMin: -9, xMax: 9, points: 60 }, 0.5, { maxIterations: 3000 });
    expect(Math.abs(r.rate - 0.5 * Math.log(2))).toBeLessThan(1e-4);
    const samples = fig8.sample(200_000, new Random(9)).data;
    const h = histogramSource1d(samples, -2, 2, 200);
    const rh = blahutArimotoGrid1d(h, 0.02, { maxIterations: 3000 });
    // histogram noise: rate differs from the exact value by O(bins/n) plug-in bias; 0.01 nats is generous but can fail
    expect(Math.abs(rh.rate - mixtureRateDistortion(fig8, 0.02).rate)).toBeLessThan(0.01);
    expect(() => histogramSource1d([3], -2, 2, 10)).toThrow(InvalidParameterError);
    expect(() => blahutArimotoGrid1d({ probabilities: [1, -1], xMin: 0, xMax: 1, points: 2 }, 0.1)).toThrow(InvalidParameterError);
  });
});
