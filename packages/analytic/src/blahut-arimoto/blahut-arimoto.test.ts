import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { paperMixtureSpec } from '../sources/paper-mixture.js';
import { mixtureRateDistortion } from '../mixture/mixture-rate-distortion.js';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import {
  blahutArimotoGrid,
  blahutArimotoGrid1d,
  blahutArimotoGrid2d,
  blahutArimotoRichardson1d,
  histogramSource1d,
  type GridSource2d,
} from './blahut-arimoto.js';

const fig8 = GaussianMixture.fromSpec(paperMixtureSpec());

describe('Blahut–Arimoto', () => {
  for (const eps of [0.005, 0.02, 0.035]) {
    it(`1-D grid agrees with the exact GMM RD point to 1e-4 nats (eps = ${eps}, inside the BHE range)`, () => {
      const exact = mixtureRateDistortion(fig8, eps);
      const r = blahutArimotoGrid1d({ density: (x) => fig8.density([x])[0], xMin: -2, xMax: 2, points: 200 }, eps, {
        maxIterations: 6000,
      });
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
    const below = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.2);
    const wb = reverseWaterFilling([1, 0.25], 0.2);
    expect(Math.abs(below.rate - wb.rate)).toBeLessThan(1e-5);
    expect(Math.abs(below.distortion - wb.distortion)).toBeLessThan(1e-6);
    // eps = 0.5 > 0.25: one direction uncoded, P1 singular; the grid error is O(h²), removed by Richardson.
    const wa = reverseWaterFilling([1, 0.25], 0.5);
    const coarse = blahutArimotoGrid2d({ density, x: [-6, 6, 24], y: [-3, 3, 24] }, 0.5);
    const fine = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.5);
    expect(Math.abs(fine.rate - wa.rate)).toBeLessThan(3e-3);
    const extrapolated = fine.rate + (fine.rate - coarse.rate) / 3;
    expect(Math.abs(extrapolated - wa.rate)).toBeLessThan(2e-4);
    expect(Math.abs(fine.distortion - wa.distortion)).toBeLessThan(2e-5);
  });
  it('blahutArimotoGrid dispatches on the grid shape: the results of the 1-D and 2-D solvers, a typed error otherwise', () => {
    const g1 = { density: (x: number) => Math.exp(-0.5 * x * x), xMin: -6, xMax: 6, points: 120 };
    const g2: GridSource2d = {
      density: (x, y) => Math.exp(-0.5 * (x * x + 4 * y * y)),
      x: [-6, 6, 24],
      y: [-3, 3, 24],
    };
    expect(blahutArimotoGrid(g1, 0.3)).toEqual(blahutArimotoGrid1d(g1, 0.3));
    expect(blahutArimotoGrid(g2, 0.3)).toEqual(blahutArimotoGrid2d(g2, 0.3));
    expect(() => blahutArimotoGrid(null as never, 0.3)).toThrow(InvalidParameterError);
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
    expect(() => blahutArimotoGrid1d({ probabilities: [1, -1], xMin: 0, xMax: 1, points: 2 }, 0.1)).toThrow(
      InvalidParameterError,
    );
  });
  it('bounds equal an independent dense evaluation (wgd-style dual bound in nats, ½‖x − y‖², β = 1/eps)', () => {
    const eps = 0.03;
    const n = 60;
    const [lo, hi] = [-1.5, 1.5];
    const r = blahutArimotoGrid1d({ density: (x) => fig8.density([x])[0], xMin: lo, xMax: hi, points: n }, eps, {
      maxIterations: 40,
    });
    expect(r.converged).toBe(false);
    const xs = Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
    const pRaw = xs.map((x) => fig8.density([x])[0]);
    const pSum = pRaw.reduce((a, b) => a + b, 0);
    const p = pRaw.map((v) => v / pSum);
    const q = r.reconstruction;
    const beta = 1 / eps;
    const d = (j: number, k: number): number => 0.5 * (xs[j] - xs[k]) ** 2;
    const Z = xs.map((_, j) => xs.reduce((s, _x, k) => s + q[k] * Math.exp(-beta * d(j, k)), 0));
    const L = -p.reduce((s, pj, j) => s + pj * Math.log(Z[j]), 0);
    const c = xs.map((_, k) => xs.reduce((s, _x, j) => s + (p[j] * Math.exp(-beta * d(j, k))) / Z[j], 0));
    // channel Q(k|j) = q_k e^{−βd}/Z_j, its output marginal, distortion and mutual information
    let D = 0;
    let I = 0;
    const out = xs.map((_, k) => q[k] * c[k]);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const Q = (q[k] * Math.exp(-beta * d(j, k))) / Z[j];
        D += p[j] * Q * d(j, k);
        if (Q > 0) I += p[j] * Q * Math.log(Q / out[k]);
      }
    }
    // Yang & Mandt's rdlb = L − log max_k c_k bounds min(R + βD); at the channel's D it gives R_L.
    const rdlb = L - Math.log(Math.max(...c));
    expect(Math.abs(r.lagrangian - L)).toBeLessThan(1e-12);
    expect(Math.abs(r.distortion - D)).toBeLessThan(1e-14);
    expect(Math.abs(r.rate - I)).toBeLessThan(1e-12);
    expect(Math.abs(r.lowerBound - (rdlb - beta * D))).toBeLessThan(1e-12);
    expect(r.gap).toBeCloseTo(r.rate - r.lowerBound, 15);
    expect(r.gap).toBeGreaterThan(0);
  });
  it('stopping rule: converged iff the stated criterion was met; SQUAREM reaches the same fixed point in fewer updates', () => {
    const source = { density: (x: number) => fig8.density([x])[0], xMin: -2, xMax: 2, points: 200 };
    const exact = mixtureRateDistortion(fig8, 0.02);
    const plain = blahutArimotoGrid1d(source, 0.02, { acceleration: 'none', tol: 1e-12 });
    const fast = blahutArimotoGrid1d(source, 0.02, { tol: 1e-12 });
    for (const r of [plain, fast]) {
      expect(r.converged).toBe(true);
      expect(r.stopReason).toBe('lagrangian');
      expect(r.lagrangianChange).toBeLessThanOrEqual(1e-12);
      // the BA functional bounds min(R + βD) from above; the dual bound from below
      expect(r.lagrangian).toBeGreaterThanOrEqual(exact.rate + exact.distortion / 0.02 - 1e-6);
      expect(r.lowerBound).toBeLessThanOrEqual(exact.rate + 1e-6);
    }
    expect(Math.abs(fast.rate - plain.rate)).toBeLessThan(2e-7);
    expect(Math.abs(fast.distortion - plain.distortion)).toBeLessThan(1e-8);
    expect(fast.iterations).toBeLessThan(plain.iterations / 2);
    const capped = blahutArimotoGrid1d(source, 0.02, { maxIterations: 7 });
    expect(capped.converged).toBe(false);
    expect(capped.stopReason).toBe('max-iterations');
    expect(capped.iterations).toBe(7);
    // Where the dual gap closes before L is stationary (here a near-zero rate, eps = 2 > σ² = 1), gapTol stops
    // the run with a certificate. (At eps < σ² the gap stalls near 1e-6 on this grid: it is set by grid points
    // at |x| ≈ 6 whose mass is below double precision relative to the bulk, invisible to L.)
    const g = (x: number): number => Math.exp(-0.5 * x * x);
    const cert = blahutArimotoGrid1d({ density: g, xMin: -6, xMax: 6, points: 40 }, 2, {
      acceleration: 'none',
      tol: 1e-300,
      gapTol: 1e-9,
      checkEvery: 5,
    });
    expect(cert.stopReason).toBe('gap');
    expect(cert.converged).toBe(true);
    expect(cert.gap).toBeLessThanOrEqual(1e-9);
    expect(cert.iterations % 5).toBe(0);
    expect(() => blahutArimotoGrid1d(source, 0.02, { acceleration: 'fast' as 'none' })).toThrow(InvalidParameterError);
    expect(() => blahutArimotoGrid1d(source, 0.02, { gapTol: 0 })).toThrow(InvalidParameterError);
  });
  describe('FFT kernel products agree with the dense ones', () => {
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.abs(b);
    for (const eps of [0.005, 0.02, 0.035]) {
      it(`GMM, eps = ${eps}: R and D to 1e-9 relative of dense; exact RD within the dense test's tolerances`, () => {
        const source = { density: (x: number) => fig8.density([x])[0], xMin: -2, xMax: 2, points: 200 };
        const dense = blahutArimotoGrid1d(source, eps, { maxIterations: 6000, product: 'dense' });
        const fft = blahutArimotoGrid1d(source, eps, { maxIterations: 6000, product: 'fft' });
        expect(close(fft.rate, dense.rate)).toBe(true);
        expect(close(fft.distortion, dense.distortion)).toBe(true);
        const exact = mixtureRateDistortion(fig8, eps);
        expect(Math.abs(fft.rate - exact.rate)).toBeLessThan(1e-4);
        expect(Math.abs(fft.distortion - exact.distortion)).toBeLessThan(1e-6);
      });
    }
    it('Gaussian on [−9, 9] (partition sums down to 1e−18 of the bulk): closed form, and R = 0 above σ²', () => {
      const g = (x: number): number => Math.exp(-0.5 * x * x);
      for (const [eps, maxIterations] of [
        [0.5, 4000],
        [1.5, 4000],
      ]) {
        const src = { density: g, xMin: -9, xMax: 9, points: 180 };
        const dense = blahutArimotoGrid1d(src, eps, { maxIterations, product: 'dense' });
        const fft = blahutArimotoGrid1d(src, eps, { maxIterations, product: 'fft' });
        expect(close(fft.distortion, dense.distortion)).toBe(true);
        expect(Math.abs(fft.rate - dense.rate)).toBeLessThanOrEqual(1e-9 * Math.max(dense.rate, 1e-3));
        if (eps === 0.5) expect(Math.abs(fft.rate - 0.5 * Math.log(2))).toBeLessThan(1e-6);
      }
    });
    it('benchmark grid (1000 points, eps = 0.02): the default (auto = FFT) equals dense to 1e-9 relative', () => {
      const source = { density: (x: number) => fig8.density([x])[0], xMin: -2, xMax: 2, points: 1000 };
      const auto = blahutArimotoGrid1d(source, 0.02, { tol: 1e-11 });
      const dense = blahutArimotoGrid1d(source, 0.02, { tol: 1e-11, product: 'dense' });
      expect(auto.iterations).toBe(dense.iterations);
      expect(close(auto.rate, dense.rate)).toBe(true);
      expect(close(auto.distortion, dense.distortion)).toBe(true);
      expect(Math.abs(auto.rate - mixtureRateDistortion(fig8, 0.02).rate)).toBeLessThan(1e-6);
    });
    it('2-D water-filling with the FFT row products', () => {
      const density = (x: number, y: number): number => Math.exp(-0.5 * (x * x + (y * y) / 0.25));
      const fft = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.2, { product: 'fft' });
      const dense = blahutArimotoGrid2d({ density, x: [-6, 6, 48], y: [-3, 3, 48] }, 0.2, { product: 'dense' });
      expect(close(fft.rate, dense.rate)).toBe(true);
      expect(close(fft.distortion, dense.distortion)).toBe(true);
      const wb = reverseWaterFilling([1, 0.25], 0.2);
      expect(Math.abs(fft.rate - wb.rate)).toBeLessThan(1e-5);
      expect(() =>
        blahutArimotoGrid1d({ density: (x: number) => x * x, xMin: 0, xMax: 1, points: 4 }, 0.1, {
          product: 'fast' as 'fft',
        }),
      ).toThrow(InvalidParameterError);
    });
  });
});
