import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { integrate } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import { Sinc4MixtureLaw, sinc4Transform } from './sinc4-mixture-law.js';

describe('Sinc4MixtureLaw', () => {
  const s = Sinc4MixtureLaw.paperExample();

  it('sinc4Transform is 2π times the B-spline density of four uniforms (hand values) and φ(0) = 1', () => {
    // f(1.5) = (5.5³ − 4·3.5³ + 6·1.5³)/96 = 15.125/96.
    expect(sinc4Transform(1.5) / (2 * Math.PI)).toBeCloseTo(15.125 / 96, 15);
    expect(s.characteristicFunction(0).re).toBeCloseTo(1, 15);
    expect(s.characteristicFunction([4.0001]).re).toBe(0);
  });

  it('entropy: error estimate below 1e-9 and −E log p(X) of exact draws within 5 standard errors', () => {
    const h = s.entropy();
    expect(h.error!).toBeLessThan(1e-9);
    const n = 50_000;
    const x = s.sample(n, new Random(11)).data;
    let m = 0;
    let m2 = 0;
    for (const v of x) {
      const l = Math.log(s.densityAt(v));
      m += l;
      m2 += l * l;
    }
    m /= n;
    const sd = Math.sqrt(m2 / n - m * m);
    expect(Math.abs(-m - h.value)).toBeLessThan((5 * sd) / Math.sqrt(n));
  });

  it('density integrates to 1 on [−2000, 2000] up to the bounded x⁻⁴ tail', () => {
    let mass = 0;
    for (let a = 0; a < 2000; a += 10)
      mass += 2 * integrate((x) => s.densityAt(x), a, a + 10, { absTol: 1e-13, relTol: 0 }).value;
    expect(Math.abs(mass - 1)).toBeLessThan(1e-8);
    expect(() => new Sinc4MixtureLaw([0.5, 0.5], [1, -2])).toThrow(InvalidParameterError);
  });
});
