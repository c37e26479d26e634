import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { findRoot } from './find-root.js';

describe('findRoot (Brent)', () => {
  it('finds closed-form roots to 1e-12 in few evaluations', () => {
    const r = findRoot((x) => x * x * x - 2 * x - 5, 2, 3);
    expect(Math.abs(r.root - 2.0945514815423265)).toBeLessThan(1e-12); // Wallis' cubic
    expect(r.evaluations).toBeLessThan(15);
    expect(Math.abs(findRoot(Math.cos, 0, 3).root - Math.PI / 2)).toBeLessThan(1e-12);
    expect(Math.abs(findRoot((x) => Math.exp(x) - 10, -5, 5, { xtol: 1e-15 }).root - Math.log(10))).toBeLessThan(1e-14);
  });
  it('converges on a flat-then-steep function and on a discontinuous sign change (bisection fallback)', () => {
    expect(Math.abs(findRoot((x) => (x - 1) ** 9, 0, 3, { xtol: 1e-10 }).root - 1)).toBeLessThan(1e-2);
    const r = findRoot((x) => (x < 0.3 ? -1 : 1), 0, 1, { xtol: 1e-12 });
    expect(r.bracket[0]).toBeLessThanOrEqual(0.3);
    expect(r.bracket[1]).toBeGreaterThanOrEqual(0.3);
    expect(r.bracket[1] - r.bracket[0]).toBeLessThan(1e-11);
  });
  it('rejects a bracket without a sign change, returns an exact zero at an end', () => {
    expect(() => findRoot((x) => x * x + 1, -1, 1)).toThrow(InvalidParameterError);
    expect(findRoot((x) => x, 0, 1).root).toBe(0);
  });
});
