import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { integrate } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import { GridDensityLaw } from './grid-density-law.js';

// Quadrature over [a, b] with a breakpoint at every cell boundary, so each panel integrand is smooth.
const q = (f: (x: number) => number, a: number, b: number, cells: number) =>
  integrate(f, a, b, {
    absTol: 1e-14,
    relTol: 0,
    breakpoints: Array.from({ length: cells - 1 }, (_, i) => a + ((i + 1) * (b - a)) / cells),
  }).value;

describe('GridDensityLaw', () => {
  const law = new GridDensityLaw({ kind: 'grid-density', x: [-1, 2, 3], values: [1, 4, 2] });
  const p = (x: number) => Math.exp(law.logDensityAt([x]));

  it('1-D: density integrates to 1; entropy, mean, variance and characteristic function equal quadrature', () => {
    expect(q(p, -1, 2, 3)).toBeCloseTo(1, 14);
    expect(law.entropy().value).toBeCloseTo(
      q((x) => -p(x) * Math.log(p(x)), -1, 2, 3),
      13,
    );
    const m = q((x) => x * p(x), -1, 2, 3);
    expect(law.mean()[0]).toBeCloseTo(m, 14);
    expect(law.covariance()[0][0]).toBeCloseTo(
      q((x) => (x - m) ** 2 * p(x), -1, 2, 3),
      13,
    );
    for (const w of [0.7, 3.1]) {
      const cf = law.characteristicFunction([w]);
      expect(cf.re).toBeCloseTo(
        q((x) => p(x) * Math.cos(w * x), -1, 2, 3),
        13,
      );
      expect(cf.im).toBeCloseTo(
        q((x) => p(x) * Math.sin(w * x), -1, 2, 3),
        13,
      );
    }
    expect(law.logDensityAt([2])).toBe(-Infinity);
    expect(law.logDensityAt([-1.5])).toBe(-Infinity);
  });

  it('2-D (x slowest): the characteristic function equals the cell-by-cell double integral', () => {
    const g = new GridDensityLaw({ kind: 'grid-density', x: [0, 1, 2], y: [-1, 1, 2], values: [1, 2, 3, 0] });
    const w = [1.3, -0.8];
    let re = 0;
    let im = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const d = Math.exp(g.logDensityAt([0.25 + 0.5 * i, -0.5 + j]));
        if (d === 0) continue;
        const cx = q((x) => Math.cos(w[0] * x), 0.5 * i, 0.5 * (i + 1), 1);
        const sx = q((x) => Math.sin(w[0] * x), 0.5 * i, 0.5 * (i + 1), 1);
        const cy = q((y) => Math.cos(w[1] * y), -1 + j, j, 1);
        const sy = q((y) => Math.sin(w[1] * y), -1 + j, j, 1);
        re += d * (cx * cy - sx * sy);
        im += d * (sx * cy + cx * sy);
      }
    }
    const cf = g.characteristicFunction(w);
    expect(cf.re).toBeCloseTo(re, 14);
    expect(cf.im).toBeCloseTo(im, 14);
    expect(Array.from(g.mass)).toEqual([1 / 6, 2 / 6, 3 / 6, 0]);
    expect(g.toSpec()).toEqual({ kind: 'grid-density', x: [0, 1, 2], y: [-1, 1, 2], values: [1, 2, 3, 0] });
  });

  it('draws: sample mean within 5 standard errors, all inside the grid', () => {
    const n = 40_000;
    const x = new Float64Array(n);
    law.fill(n, new Random(7), x);
    let m = 0;
    for (const v of x) m += v;
    m /= n;
    expect(Math.abs(m - law.mean()[0])).toBeLessThan(5 * Math.sqrt(law.covariance()[0][0] / n));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...x)).toBeLessThan(2);
  });

  it.each([
    [{ x: [0, 1, 3], values: [1, 2] }, /values/],
    [{ x: [1, 0, 2], values: [1, 2] }, /x/],
    [{ x: [0, 1, 1.5], values: [1] }, /x/],
    [{ x: [0, 1, 2], values: [1, Number.NaN] }, /values\[1\]/],
    [{ x: [0, 1, 2], values: [0, 0] }, /positive mass/],
  ])('bad spec %j: InvalidParameterError naming the field', (spec, field) => {
    const make = () => new GridDensityLaw({ kind: 'grid-density', ...spec } as never);
    expect(make).toThrow(InvalidParameterError);
    expect(make).toThrow(field);
  });
});
