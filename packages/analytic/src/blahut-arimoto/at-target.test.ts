import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { reverseWaterFilling } from '../gaussian/water-filling.js';
import { blahutArimotoAtDistortion, blahutArimotoAtRate, solveForMultiplier } from './at-target.js';

const gaussian = (eps: number) => ({ ...reverseWaterFilling([1, 0.25], eps), eps });

describe('solveForMultiplier', () => {
  it('finds the water level of a 2-D Gaussian for distortion and rate targets in a few evaluations', () => {
    for (const D of [0.01, 0.2, 0.5, 0.6]) {
      const { result, solves } = solveForMultiplier(gaussian, 'distortion', D, 0.3, { logEpsTol: 1e-12, dim: 2 });
      expect(result.distortion).toBeCloseTo(D, 11);
      expect(solves).toBeLessThanOrEqual(12);
    }
    for (const R of [0.05, 0.7, 3]) {
      const { result, solves } = solveForMultiplier(gaussian, 'rate', R, 0.3, { logEpsTol: 1e-12, dim: 2 });
      expect(result.rate).toBeCloseTo(R, 10);
      expect(solves).toBeLessThanOrEqual(14);
    }
  });
  it('rejects targets no eps reaches, and bad arguments, by name', () => {
    expect(() => solveForMultiplier(gaussian, 'distortion', 0.7, 0.3)).toThrow(/distortion/);
    expect(() => solveForMultiplier(gaussian, 'rate', -1, 0.3)).toThrow(InvalidParameterError);
    expect(() => solveForMultiplier(gaussian, 'rate', 1, 0)).toThrow(/epsGuess/);
  });
});

describe('blahutArimotoAtDistortion / AtRate', () => {
  const source = { density: (x: number) => Math.exp(-0.5 * x * x), xMin: -8, xMax: 8, points: 400 };
  it('a unit Gaussian on a grid: R(1/4) = ½log 2 and D(½log 2) = 1/4 to the grid error', () => {
    const r = blahutArimotoAtDistortion(source, 0.25);
    expect(Math.abs(r.distortion - 0.25)).toBeLessThan(5e-6); // log-eps tolerance 1e-5 (the default)
    expect(Math.abs(r.rate - 0.5 * Math.log(2))).toBeLessThan(1e-4);
    expect(r.target).toEqual({ distortion: 0.25 });
    const d = blahutArimotoAtRate(source, 0.5 * Math.log(2));
    expect(Math.abs(d.rate - 0.5 * Math.log(2))).toBeLessThan(5e-6);
    expect(Math.abs(d.distortion - 0.25)).toBeLessThan(1e-4);
  });
});
