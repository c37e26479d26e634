import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { sourceFromSpec } from '../registry/source-from-spec.js';
import { GridDensitySource } from './grid-density.js';

describe('GridDensitySource', () => {
  it('exact mean, variance (cell centres + h²/12) and entropy; draws match them within 4 SE', () => {
    const s = sourceFromSpec({ kind: 'grid-density', x: [0, 2, 2], values: [1, 3] });
    expect(s).toBeInstanceOf(GridDensitySource);
    // mass ¼ on [0, 1), ¾ on [1, 2): mean ¼·½ + ¾·1.5 = 1.25; E[X²] = ¼·(1/3) + ¾·(7/3) = 11/6
    expect(s.mean()[0]).toBeCloseTo(1.25, 15);
    expect(s.covariance()[0][0]).toBeCloseTo(11 / 6 - 1.25 ** 2, 14);
    expect(s.entropy().value).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 15);
    const n = 100_000;
    const x = s.sample(n, new Random(5)).data;
    let m = 0;
    for (const v of x) m += v;
    m /= n;
    expect(Math.abs(m - 1.25)).toBeLessThan(4 * Math.sqrt(s.covariance()[0][0] / n));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(2);
    expect(s.analyticSpec()).toEqual({ kind: 'grid-density', x: [0, 2, 2], values: [1, 3] });
  });
  it('2-D grids are row-major with x slowest; bad grids are typed errors naming the field', () => {
    const s = sourceFromSpec({ kind: 'grid-density', x: [0, 1, 2], y: [0, 1, 1], values: [0, 1] }) as GridDensitySource;
    expect(Array.from(s.mean())).toEqual([0.75, 0.5]);
    expect(s.logPdf({ n: 2, dim: 2, data: Float64Array.from([0.25, 0.5, 0.75, 0.5]) })[1]).toBeCloseTo(Math.log(2), 15);
    expect(() => sourceFromSpec({ kind: 'grid-density', x: [0, 1, 3], values: [1, 2] })).toThrow(/values/);
    expect(() => sourceFromSpec({ kind: 'grid-density', x: [1, 0, 2], values: [1, 2] })).toThrow(InvalidParameterError);
    expect(() => sourceFromSpec({ kind: 'grid-density', x: [0, 1, 2], values: [1, -2] })).toThrow(/values\[1\]/);
  });
});
