import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '@ratedistortion/core';
import {
  gaussianDistortionRate,
  gaussianEigenvalues,
  gaussianRateDistortion,
  reverseWaterFilling,
} from './water-filling.js';
import { gaussianBheSolution, gaussianBheValidityLimit } from './gaussian-bhe.js';
import { gaussianOptimalDrift } from '../mixture/optimal-drift.js';

describe('reverse water-filling (D = ½E‖X−X̂‖², nats)', () => {
  it('matches hand-computed values', () => {
    // λ = (1, 4): eps = 0.5 → D = (0.5 + 0.5)/2 = 0.5, R = ½log 2 + ½log 8 = 2 log 2.
    const a = reverseWaterFilling([1, 4], 0.5);
    expect(a.distortion).toBeCloseTo(0.5, 15);
    expect(a.rate).toBeCloseTo(2 * Math.LN2, 15);
    // eps = 2 above λ₁ = 1: D = (1 + 2)/2 = 1.5, R = ½log 2.
    const b = reverseWaterFilling([1, 4], 2);
    expect(b.distortion).toBeCloseTo(1.5, 15);
    expect(b.rate).toBeCloseTo(0.5 * Math.LN2, 15);
    expect(Array.from(b.componentRates)).toEqual([0, 0.5 * Math.LN2]);
    // scalar: R(D) = ½log(σ²/2D) (paper Eq. 20)
    expect(gaussianRateDistortion([2], 0.25).rate).toBeCloseTo(0.5 * Math.log(2 / 0.5), 15);
    // D ≥ ½Σλ: zero rate
    expect(gaussianRateDistortion([1, 4], 3).rate).toBe(0);
    expect(gaussianDistortionRate([1, 4], 0).distortion).toBe(2.5);
  });
  it('R(D) and D(R) are inverses across both regimes', () => {
    const lam = [0.3, 1, 4, 9];
    for (const D of [0.01, 0.2, 0.6, 1.5, 3, 6.9]) {
      const r = gaussianRateDistortion(lam, D);
      expect(r.distortion).toBeCloseTo(D, 12);
      expect(gaussianDistortionRate(lam, r.rate).distortion).toBeCloseTo(D, 12);
    }
    for (const R of [0.05, 0.5, 1, 3, 8]) {
      const d = gaussianDistortionRate(lam, R);
      expect(d.rate).toBeCloseTo(R, 12);
      expect(gaussianRateDistortion(lam, d.distortion).rate).toBeCloseTo(R, 12);
    }
  });
  it('slope dR/dD = −1/eps (finite difference)', () => {
    const lam = [0.5, 2];
    const eps = 1;
    const h = 1e-6;
    const r1 = gaussianRateDistortion(lam, reverseWaterFilling(lam, eps).distortion - h).rate;
    const r2 = gaussianRateDistortion(lam, reverseWaterFilling(lam, eps).distortion + h).rate;
    expect((r2 - r1) / (2 * h)).toBeCloseTo(-1 / eps, 6);
  });
  it('eigenvalues of a full covariance', () => {
    // 2I + 11ᵀ: eigenvalue 1 along (1, −1), 3 along (1, 1)
    const covariance = [
      [2, 1],
      [1, 2],
    ];
    const e = gaussianEigenvalues({ kind: 'gaussian', covariance });
    expect(e[0]).toBeCloseTo(1, 14);
    expect(e[1]).toBeCloseTo(3, 14);
  });
  it('rejects bad input', () => {
    expect(() => reverseWaterFilling([1, -1], 0.5)).toThrow(InvalidParameterError);
    expect(() => reverseWaterFilling([1], 0)).toThrow(InvalidParameterError);
    expect(() => gaussianDistortionRate([1], -1)).toThrow(InvalidParameterError);
    expect(() =>
      gaussianEigenvalues({
        kind: 'gaussian',
        covariance: [
          [1, 2],
          [2, 1],
        ],
      }),
    ).toThrow(InvalidParameterError);
    expect(() =>
      gaussianEigenvalues({
        kind: 'gaussian',
        covariance: [
          [1, 0.1],
          [0.2, 1],
        ],
      }),
    ).toThrow(InvalidParameterError);
  });
});

describe('Gaussian BHE solution and optimal drift', () => {
  const spec = {
    kind: 'gaussian' as const,
    covariance: [
      [2, 0.5],
      [0.5, 1],
    ],
    mean: [1, -1],
  };
  it('p_t = N(μ, Σ − eps·t·I), valid below the smallest eigenvalue', () => {
    const lim = gaussianBheValidityLimit(spec);
    expect(lim).toBeCloseTo(1.5 - Math.sqrt(0.5), 12);
    const s = gaussianBheSolution(spec, 0.4, 0.5);
    expect(s.covariance).toEqual([
      [1.8, 0.5],
      [0.5, 0.8],
    ]);
    expect(s.mean).toEqual([1, -1]);
    expect(() => gaussianBheSolution(spec, lim, 1)).toThrow(ValidityRangeError);
  });
  it('u*(x,t) = −eps (Σ − eps t I)⁻¹ (x − μ)', () => {
    const eps = 0.4;
    const t = 0.7;
    const u = gaussianOptimalDrift(spec, eps);
    const out = new Float64Array(2);
    u(Float64Array.of(2, 0.5), t, out, 1, 2);
    const a = 2 - eps * t,
      b = 0.5,
      d = 1 - eps * t;
    const det = a * d - b * b;
    const y = [1, 1.5];
    const expected = [(-eps * (d * y[0] - b * y[1])) / det, (-eps * (-b * y[0] + a * y[1])) / det];
    expect(out[0]).toBeCloseTo(expected[0], 13);
    expect(out[1]).toBeCloseTo(expected[1], 13);
  });
  it('drift throws outside the validity range and for t outside [0, 1]', () => {
    expect(() => gaussianOptimalDrift({ kind: 'gaussian', variance: 1 }, 1)).toThrow(ValidityRangeError);
    const u = gaussianOptimalDrift({ kind: 'gaussian', variance: 1 }, 0.5);
    expect(() => u(Float64Array.of(0), 1.5, new Float64Array(1), 1, 1)).toThrow(ValidityRangeError);
  });
});
