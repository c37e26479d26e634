import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { integrate } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import { LaplaceLaw } from './laplace-law.js';
import { UniformLaw } from './uniform-law.js';

const q = (f: (x: number) => number, a: number, b: number, brk: number[] = []) =>
  integrate(f, a, b, { absTol: 1e-13, relTol: 0, breakpoints: brk }).value;

describe('LaplaceLaw and UniformLaw', () => {
  it('Laplace: closed-form entropy and characteristic function equal quadrature; fromSpec broadcasts', () => {
    const l = LaplaceLaw.fromSpec({ kind: 'laplace', location: 0.3, scale: 0.7 });
    const p = (x: number) => Math.exp(l.logDensityAt([x]));
    expect(q(p, -Infinity, Infinity, [0.3])).toBeCloseTo(1, 12);
    expect(l.entropy().value).toBeCloseTo(
      q((x) => -p(x) * Math.log(p(x)), -60, 60, [0.3]),
      11,
    );
    expect(l.characteristicFunction([1.9]).re).toBeCloseTo(
      q((x) => p(x) * Math.cos(1.9 * x), -60, 60, [0.3]),
      11,
    );
    expect(LaplaceLaw.fromSpec({ kind: 'laplace', scale: 1, dim: 3 }).dim).toBe(3);
    expect(() => LaplaceLaw.fromSpec({ kind: 'laplace', scale: [1, 2], dim: 3 })).toThrow(DimensionMismatchError);
    expect(() => LaplaceLaw.fromSpec({ kind: 'laplace', scale: -1 })).toThrow(InvalidParameterError);
  });

  it('uniform: entropy, support and sample mean (5 standard errors)', () => {
    const u = UniformLaw.fromSpec({ kind: 'uniform', low: [0, -1], high: [2, 3] });
    expect(u.entropy().value).toBeCloseTo(Math.log(8), 15);
    expect(u.logDensityAt([1, 4])).toBe(-Infinity);
    const n = 20_000;
    const x = new Float64Array(2 * n);
    u.fill(n, new Random(2), x);
    let m1 = 0;
    for (let i = 0; i < n; i++) m1 += x[2 * i + 1];
    expect(Math.abs(m1 / n - 1)).toBeLessThan(5 * Math.sqrt(16 / 12 / n));
    expect(() => UniformLaw.fromSpec({ kind: 'uniform', low: 1, high: 1 })).toThrow(/high/);
  });
});
