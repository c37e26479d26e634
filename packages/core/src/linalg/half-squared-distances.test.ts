import { describe, expect, it } from 'vitest';
import { Random } from '../random/random.js';
import { halfSquaredDistancesRow } from './half-squared-distances.js';

describe('halfSquaredDistancesRow', () => {
  it('is ½‖x_i − y_j‖² for every j (float64, against Math.hypot) and leaves entries past m alone', () => {
    const rng = new Random(8);
    const dim = 3;
    const x = rng.fillNormal(new Float64Array(4 * dim));
    const y = rng.fillNormal(new Float64Array(5 * dim));
    const out = new Float64Array(6).fill(-1);
    halfSquaredDistancesRow(x, 2 * dim, y, 5, dim, out);
    for (let j = 0; j < 5; j++) {
      const r = Math.hypot(...Array.from({ length: dim }, (_, k) => x[2 * dim + k] - y[j * dim + k]));
      expect(out[j]).toBeCloseTo(0.5 * r * r, 14);
    }
    expect(out[5]).toBe(-1);
  });
});
