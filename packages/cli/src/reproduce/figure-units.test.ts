import { describe, expect, it } from 'vitest';
import { Conventions } from '../args/conventions.js';
import { figureTableInConventions } from './figure-units.js';

describe('figureTableInConventions', () => {
  it('converts the rate, rate-interval and distortion columns named as the figures name them; leaves the rest', () => {
    const table = {
      headers: [
        'method',
        'eps',
        'rate (nats)',
        'rate SE',
        'rate IQR',
        'distortion',
        'distortion SE',
        'R exact',
        'p₁(0)',
      ],
      rows: [['r2d2', 0.5, Math.LN2, '0.0069', '[0.7, 1.4]', 0.25, '0.0010', 2 * Math.LN2, 0.4]],
    };
    const t = figureTableInConventions(table, new Conventions('bits', 'mse', 2));
    expect(t.headers).toEqual([
      'method',
      'eps',
      'rate (bits)',
      'rate SE (bits)',
      'rate IQR (bits)',
      'distortion (mse)',
      'distortion SE (mse)',
      'R exact (bits)',
      'p₁(0)',
    ]);
    const [method, eps, rate, se, iqr, d, dse, exact, p1] = t.rows[0];
    expect([method, eps, p1]).toEqual(['r2d2', 0.5, 0.4]);
    expect(rate).toBeCloseTo(1, 14);
    expect(exact).toBeCloseTo(2, 14);
    expect(se).toBe((0.0069 / Math.LN2).toPrecision(2)); // 0.0100
    expect(iqr).toBe(`[${Number((0.7 / Math.LN2).toPrecision(6))}, ${Number((1.4 / Math.LN2).toPrecision(6))}]`);
    // mse = E‖X−X̂‖²/d = 2D/d with d = 2: the distortion itself.
    expect(d).toBeCloseTo(0.25, 14);
    expect(dse).toBe('0.0010');
  });

  it('keeps empty cells and is the identity in the library conventions', () => {
    const table = { headers: ['eps', 'rate (nats)', 'R exact', 'distortion'], rows: [[0.1, 1.2, '', 0.05]] };
    const t = figureTableInConventions(table, new Conventions('nats', 'half-sse', 1));
    expect(t.rows).toEqual(table.rows);
    expect(t.headers).toEqual(['eps', 'rate (nats)', 'R exact (nats)', 'distortion (half-sse)']);
  });
});
