import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { assertTimeGrid, customGrid, stepSizes, uniformGrid } from './grid.js';

describe('time grids', () => {
  it('uniformGrid has K+1 equally spaced points ending exactly at t1', () => {
    const g = uniformGrid(3, 0.2, 1.1);
    expect(g.times.length).toBe(4);
    expect(g.times[0]).toBe(0.2);
    expect(g.times[3]).toBe(1.1);
    const dt = stepSizes(g);
    for (const d of dt) expect(d).toBeCloseTo(0.3, 14);
    // 0.1 is not representable: a running sum would miss 1 after 10 steps; the grid must not.
    expect(uniformGrid(10).times[10]).toBe(1);
  });

  it('customGrid copies and keeps the given points', () => {
    const src = [0, 0.1, 0.5, 1];
    const g = customGrid(src);
    src[1] = 0.9;
    expect(Array.from(g.times)).toEqual([0, 0.1, 0.5, 1]);
    expect(Array.from(stepSizes(g))).toEqual([0.1, 0.4, 0.5]);
  });

  it('rejects bad grids with typed errors', () => {
    expect(() => uniformGrid(0)).toThrow(InvalidParameterError);
    expect(() => uniformGrid(2.5)).toThrow(InvalidParameterError);
    expect(() => uniformGrid(4, 1, 1)).toThrow(InvalidParameterError);
    expect(() => uniformGrid(4, 0, Infinity)).toThrow(InvalidParameterError);
    expect(() => customGrid([0])).toThrow(/at least 2 time points/);
    expect(() => customGrid([0, 0.5, 0.5, 1])).toThrow(InvalidParameterError);
    expect(() => customGrid([0, 0.7, 0.5, 1])).toThrow(/times\[2\]/);
    expect(() => customGrid([0, NaN, 1])).toThrow(InvalidParameterError);
    expect(() => customGrid(null as unknown as number[])).toThrow(InvalidParameterError);
    expect(() => assertTimeGrid('grid', { times: new Float64Array([1, 0]) })).toThrow(/grid\.times\[1\]/);
    expect(() => assertTimeGrid('grid', { times: [0, 1] as unknown as Float64Array })).toThrow(InvalidParameterError);
  });
});
