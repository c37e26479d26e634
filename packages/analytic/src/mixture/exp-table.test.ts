import { describe, expect, it } from 'vitest';
import { EXP_TABLE_MIN, expNonPositive } from './exp-table.js';

describe('expNonPositive', () => {
  it('agrees with Math.exp to a few ulps on [−700, 0], exactly 1 at 0', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    let worst = 0;
    const n = 400_000;
    for (let i = 0; i <= n; i++) {
      // a deterministic sweep plus points near the table's knots (multiples of ln2/64 and halfway between)
      const d = i < n / 2 ? (EXP_TABLE_MIN * i) / (n / 2) : -((i - n / 2) * Math.LN2) / 128;
      if (d < EXP_TABLE_MIN) continue;
      const ref = Math.exp(d);
      worst = Math.max(worst, Math.abs(expNonPositive(d) - ref) / ref);
    }
    // Math.exp is itself correctly rounded to < 1 ulp (fdlibm); 8 ulps = 8·2⁻⁵³ bounds the sum of both errors.
    expect(worst).toBeLessThan(8 * 2 ** -53);
    expect(expNonPositive(EXP_TABLE_MIN) / Math.exp(EXP_TABLE_MIN) - 1).toBeCloseTo(0, 14);
  });
});
