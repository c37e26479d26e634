import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { blahutArimotoGrid1d } from '../blahut-arimoto/blahut-arimoto.js';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import { baGridProblems, gridDensitySource } from './ba-reference.js';
import { rdPoint } from './rd-point.js';

interface Fixture {
  points: { eps: number; rate: number; distortion: number; richardsonCorrection: number }[];
}
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../blahut-arimoto/fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;

// The fixture's R at the distortion BA reached, from its own point by the tangent of slope −1/eps (the two
// distortions differ by < 1e-3, so the curvature term is < 1e-6).
const fixtureRateAt = (p: Fixture['points'][number], distortion: number) =>
  p.rate + (p.distortion - distortion) / p.eps;

describe('BA references for any density', () => {
  it('Laplace(1): rate at the reached distortion within 2e-4 nats of the scipy fixture (exact cell masses, Richardson), eps 0.5 and 2', () => {
    // (eps 0.1 and 0.2 of the fixture are checked the same way by hand and by rd analytic's test: 0.2, 0.5)
    for (const p of fixture('laplace-ba.json').points.filter((q) => q.eps === 0.5 || q.eps === 2)) {
      const r = rdPoint({ kind: 'laplace', scale: 1 }, p.eps);
      expect(r.method).toBe('ba');
      expect(r.reference).toBe('ba');
      expect(Math.abs(r.distortion - p.distortion)).toBeLessThan(2e-3 * p.distortion);
      const err = r.rate - fixtureRateAt(p, r.distortion);
      expect(Math.abs(err)).toBeLessThan(2e-4);
    }
  });

  it('uniform[0, 1]: rate at the reached distortion within 2e-4 nats of the scipy fixture', () => {
    for (const p of fixture('uniform-ba.json').points) {
      const r = rdPoint({ kind: 'uniform', low: 0, high: 1 }, p.eps);
      expect(r.reference).toBe('ba');
      expect(Math.abs(r.rate - fixtureRateAt(p, r.distortion))).toBeLessThan(2e-4);
    }
  });

  it('independent coordinates add, and a Laplace scale b maps R(eps) to R_1(eps/b²), D to b²·D_1(eps/b²)', () => {
    const eps = 2;
    const one = rdPoint({ kind: 'laplace', scale: 1 }, eps);
    const half = rdPoint({ kind: 'laplace', scale: 1 }, eps / 4);
    const three = rdPoint({ kind: 'laplace', scale: [1, 2, 1], location: [0, 5, -1] }, eps);
    expect(baGridProblems({ kind: 'laplace', scale: [1, 2, 1] }, eps).map((p) => p.multiplicity)).toEqual([2, 1]);
    // scale 2 at eps is scale 1 at eps/4 (same grid in units of b): the sum is exact up to the grid error.
    expect(Math.abs(three.rate - (2 * one.rate + half.rate))).toBeLessThan(1e-6);
    expect(Math.abs(three.distortion - (2 * one.distortion + 4 * half.distortion))).toBeLessThan(1e-6);
    const u = rdPoint({ kind: 'uniform', low: [0, 0], high: [1, 1] }, 0.01);
    const u1 = rdPoint({ kind: 'uniform', low: 3, high: 4 }, 0.01);
    expect(u.rate).toBeCloseTo(2 * u1.rate, 12);
  });

  it('grid-density: BA on the given grid (1-D equals the grid solver; 2-D product Gaussian matches water-filling)', () => {
    const xs = Array.from({ length: 300 }, (_, i) => -8 + (i + 0.5) * (16 / 300));
    const values = xs.map((x) => Math.exp(-0.5 * x * x));
    const r = rdPoint({ kind: 'grid-density', x: [-8, 8, 300], values }, 0.5);
    const direct = blahutArimotoGrid1d({ probabilities: values, xMin: -8, xMax: 8, points: 300 }, 0.5, {
      tol: 1e-11,
      maxIterations: 100000,
    });
    expect(r.rate).toBe(direct.rate);
    const n = 60;
    const grid: number[] = [];
    const cx = (i: number) => -7 + (i + 0.5) * (14 / n);
    const cy = (j: number) => -3.5 + (j + 0.5) * (7 / n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) grid.push(Math.exp(-0.5 * (cx(i) ** 2 + cy(j) ** 2 / 0.25)));
    const r2 = rdPoint({ kind: 'grid-density', x: [-7, 7, n], y: [-3.5, 3.5, n], values: grid }, 0.1);
    const w = reverseWaterFilling([1, 0.25], 0.1);
    expect(Math.abs(r2.rate - w.rate)).toBeLessThan(5e-3);
    expect(Math.abs(r2.distortion - w.distortion)).toBeLessThan(5e-3);
  });

  it('typed errors for bad grids and sources', () => {
    expect(() => gridDensitySource({ kind: 'grid-density', x: [0, 1, 3], values: [1, 2] })).toThrow(/values/);
    expect(() => gridDensitySource({ kind: 'grid-density', x: [1, 0, 3], values: [1, 2, 3] })).toThrow(
      InvalidParameterError,
    );
    expect(() => rdPoint({ kind: 'grid-density', x: [0, 1, 2], values: [-1, 2] }, 0.1)).toThrow(InvalidParameterError);
    expect(() => rdPoint({ kind: 'laplace', scale: 1 }, 0.1, { method: 'bhe' })).toThrow(/'auto' or 'ba'/);
    expect(() =>
      baGridProblems(
        {
          kind: 'gmm',
          weights: [1],
          means: [[0, 0, 0]],
          covariances: [
            [
              [1, 0, 0],
              [0, 1, 0],
              [0, 0, 1],
            ],
          ],
        },
        0.1,
      ),
    ).toThrow(InvalidParameterError);
  });
});
