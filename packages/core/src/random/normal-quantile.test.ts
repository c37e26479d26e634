import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InvalidParameterError } from '../errors/errors.js';
import { normalQuantile } from './normal-quantile.js';

// scipy.special.ndtri values (fixtures/generate_normal_quantile.py).
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/normal-quantile.json', import.meta.url), 'utf8')) as {
  cases: { p: number; x: number }[];
};

describe('normalQuantile', () => {
  it('matches scipy.special.ndtri to the stated 1.15e-9 relative error, tails down to p = 1e-300 included', () => {
    expect(fixtures.cases.length).toBeGreaterThan(50);
    for (const { p, x } of fixtures.cases) {
      const got = normalQuantile(p);
      // At p = ½ the quantile is 0 and a relative bound is meaningless: there the absolute error must vanish.
      if (x === 0) expect(got).toBe(0);
      else expect(Math.abs(got - x) / Math.abs(x), `p = ${p}`).toBeLessThan(1.15e-9);
    }
  });

  it('is odd about ½ and increasing', () => {
    let prev = -Infinity;
    for (let k = 1; k < 2000; k++) {
      const p = k / 2000;
      const x = normalQuantile(p);
      expect(x).toBeGreaterThan(prev);
      prev = x;
      expect(Math.abs(x + normalQuantile(1 - p))).toBeLessThan(1e-9 * Math.max(1, Math.abs(x)));
    }
  });

  it('rejects p outside (0, 1) with a typed error naming p', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => normalQuantile(p)).toThrow(InvalidParameterError);
      expect(() => normalQuantile(p)).toThrow(/p/);
    }
  });
});
