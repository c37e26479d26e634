import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { integrate, integrate2d } from './gauss-kronrod.js';

describe('integrate (adaptive Gauss–Kronrod)', () => {
  it('integrates a Gaussian over the real line to 1e-12 (closed form √(2π))', () => {
    const r = integrate((x) => Math.exp(-0.5 * x * x), -Infinity, Infinity, { absTol: 1e-13, relTol: 0 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value - Math.sqrt(2 * Math.PI))).toBeLessThan(1e-12);
  });
  it('handles an endpoint singularity ∫₀¹ x^{-1/2} = 2 and half-infinite ∫₁^∞ x⁻² = 1', () => {
    expect(
      integrate((x) => 1 / Math.sqrt(x), 0, 1, { absTol: 1e-10, relTol: 0, maxIntervals: 5000 }).value,
    ).toBeCloseTo(2, 8);
    expect(integrate((x) => 1 / (x * x), 1, Infinity, { absTol: 1e-12 }).value).toBeCloseTo(1, 11);
    expect(integrate((x) => Math.exp(x), -Infinity, 0, { absTol: 1e-12 }).value).toBeCloseTo(1, 11);
  });
  it('uses breakpoints for kinks: ∫_{-1}^{2} |x| = 2.5 exactly', () => {
    const r = integrate(Math.abs, -1, 2, { breakpoints: [0] });
    expect(r.evaluations).toBe(30);
    expect(Math.abs(r.value - 2.5)).toBeLessThan(1e-15);
  });
  it('reports non-convergence instead of pretending', () => {
    const r = integrate((x) => Math.sin(1 / x), 1e-6, 1, { absTol: 1e-14, relTol: 0, maxIntervals: 20 });
    expect(r.converged).toBe(false);
  });
  it('nested 2-D: ∫∫ exp(−(x²+y²)/2) = 2π and a polynomial over a box', () => {
    const r = integrate2d((x, y) => Math.exp(-0.5 * (x * x + y * y)), [-Infinity, Infinity], [-Infinity, Infinity], {
      absTol: 1e-10,
    });
    expect(Math.abs(r.value - 2 * Math.PI)).toBeLessThan(1e-9);
    expect(integrate2d((x, y) => x * x * y, [0, 1], [0, 2]).value).toBeCloseTo(2 / 3, 13);
  });
  it('rejects bad limits', () => {
    expect(() => integrate((x) => x, 1, 0)).toThrow(InvalidParameterError);
    expect(() => integrate((x) => x, NaN, 1)).toThrow(InvalidParameterError);
  });
});

describe('gaussKronrod (fixed panels)', () => {
  it('integrates the standard normal density on [−10, 10] to 1e-14 and x⁴ on [0, 1] exactly', async () => {
    const { gaussKronrod } = await import('./gauss-kronrod.js');
    const r = gaussKronrod((x) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI), -10, 10, 20);
    expect(Math.abs(r.value - 1)).toBeLessThan(1e-14);
    expect(r.evaluations).toBe(300);
    expect(gaussKronrod((x) => x ** 4, 0, 1).value).toBeCloseTo(0.2, 15);
    expect(() => gaussKronrod(Math.exp, 1, 0)).toThrow(InvalidParameterError);
    expect(() => gaussKronrod(Math.exp, 0, 1, 0)).toThrow(/panels/);
  });
});
