import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '@ratedistortion/core';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import { distortionAtRate, rateAtDistortion } from './rd-at-target.js';
import { rdPoint } from './rd-point.js';
import { paperMixtureSpec } from '../sources/paper-mixture.js';

const fig8 = paperMixtureSpec();
const laplaceFixture = JSON.parse(
  readFileSync(new URL('../blahut-arimoto/fixtures/laplace-ba.json', import.meta.url), 'utf8'),
) as {
  points: { eps: number; rate: number; distortion: number }[];
};

describe('rateAtDistortion / distortionAtRate', () => {
  it('Gaussian: the water level in closed form, in every piece of the piecewise map', () => {
    const eigenvalues = [1, 0.25];
    const covariance = eigenvalues.map((v, i) => eigenvalues.map((_, j) => (i === j ? v : 0)));
    const spec = { kind: 'gaussian' as const, covariance };
    for (const eps of [0.1, 0.25, 0.5, 0.99]) {
      const w = reverseWaterFilling(eigenvalues, eps);
      const r = rateAtDistortion(spec, w.distortion);
      expect(r.eps).toBeCloseTo(eps, 14);
      expect(r.rate).toBeCloseTo(w.rate, 14);
      expect(r.reference).toBe('exact');
      expect(r.solves).toBe(0);
      const d = distortionAtRate(spec, w.rate);
      expect(d.eps).toBeCloseTo(eps, 13);
      expect(d.distortion).toBeCloseTo(w.distortion, 14);
    }
  });

  it('GMM: BHE/SLB inside the range (D = eps/2), Blahut–Arimoto outside it, each the inverse of the other', () => {
    const inside = rateAtDistortion(fig8, 0.01);
    expect(inside.method).toBe('bhe');
    expect(inside.eps).toBeCloseTo(0.02, 15);
    expect(inside.rate).toBeCloseTo(rdPoint(fig8, 0.02).rate, 12);
    expect(distortionAtRate(fig8, inside.rate).distortion).toBeCloseTo(0.01, 12);
    const opts = { ba: { points: 120 } };
    const outside = rateAtDistortion(fig8, 0.025, opts);
    expect(outside.method).toBe('ba');
    expect(outside.bheValid).toBe(false);
    expect(Math.abs(outside.distortion - 0.025)).toBeLessThan(1e-6);
    // the same eps at a fixed slope gives the same point
    const direct = rdPoint(fig8, outside.eps, { method: 'ba', ...opts });
    expect(direct.rate).toBeCloseTo(outside.rate, 12);
    const back = distortionAtRate(fig8, outside.rate, opts);
    expect(Math.abs(back.distortion - 0.025)).toBeLessThan(1e-6);
  });

  it('Laplace: R at a scipy fixture distortion within 2e-4 nats (BA search), and back on a coarse grid', () => {
    const p = laplaceFixture.points.find((q) => q.eps === 2) as (typeof laplaceFixture.points)[number];
    const r = rateAtDistortion({ kind: 'laplace', scale: 1 }, p.distortion);
    expect(r.reference).toBe('ba');
    expect(Math.abs(r.distortion - p.distortion)).toBeLessThan(2e-5 * p.distortion);
    // the fixture's R at the distortion reached, by its tangent (slope −1/eps)
    expect(Math.abs(r.rate - (p.rate + (p.distortion - r.distortion) / p.eps))).toBeLessThan(2e-4);
    expect(r.solves).toBeLessThanOrEqual(8);
    // the inverse search on one fixed coarse grid lands on the forward search's point on that grid
    const coarse = { ba: { points: 160 } };
    const there = rateAtDistortion({ kind: 'laplace', scale: 1 }, p.distortion, coarse);
    const back = distortionAtRate({ kind: 'laplace', scale: 1 }, there.rate, coarse);
    expect(Math.abs(back.distortion - there.distortion)).toBeLessThan(1e-4 * there.distortion);
  });

  it('grid-density: the search runs on the cell centres, whose ½·Var bounds D (no within-cell h²/12)', () => {
    // centres 0.5 and 1.5 with masses ¼ and ¾: Var = ¼·¾·1² = 3/16, so D < 3/32 (the law's ½·Var is 3/32 + 1/24)
    const grid = { kind: 'grid-density' as const, x: [0, 2, 2] as [number, number, number], values: [1, 3] };
    expect(() => rateAtDistortion(grid, 0.1)).toThrow(/distortion.*\(0, 0\.09375\)/);
    const r = rateAtDistortion(grid, 0.05);
    expect(r.reference).toBe('ba');
    expect(Math.abs(r.distortion - 0.05)).toBeLessThan(1e-6);
    expect(rdPoint(grid, r.eps).rate).toBeCloseTo(r.rate, 10);
    expect(Math.abs(distortionAtRate(grid, r.rate).distortion - 0.05)).toBeLessThan(1e-5);
  });

  it('typed errors: D at or above ½·tr Cov, methods a source has no answer for, BHE outside its range', () => {
    expect(() => rateAtDistortion({ kind: 'gaussian', variance: 1 }, 0.5)).toThrow(/distortion/);
    expect(() => rateAtDistortion({ kind: 'laplace', scale: 1 }, 1)).toThrow(InvalidParameterError);
    expect(() => rateAtDistortion({ kind: 'laplace', scale: 1 }, 0.2, { method: 'bhe' })).toThrow(/method/);
    expect(() => rateAtDistortion(fig8, 0.01, { method: 'closed-form' })).toThrow(/method/);
    expect(() => rateAtDistortion(fig8, 0.025, { method: 'bhe' })).toThrow(ValidityRangeError);
    expect(() => distortionAtRate({ kind: 'gaussian', variance: 1 }, 0)).toThrow(/rate/);
  });
});
