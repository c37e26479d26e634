import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { interQuartileRange, median, quantile } from './quantiles.js';

// Reference values from numpy 1.26: np.quantile(x, q) with the default 'linear' method (Hyndman–Fan type 7),
// computed by hand here: h = (n−1)q, result = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
describe('quantile', () => {
  it('matches the type-7 definition on unsorted input', () => {
    const x = [7, 1, 3, 10, 4];
    // sorted 1 3 4 7 10; q=.25 → h=1 → 3; q=.75 → h=3 → 7; q=.1 → h=.4 → 1 + .4·2 = 1.8
    expect(quantile(x, 0.25)).toBe(3);
    expect(quantile(x, 0.75)).toBe(7);
    expect(quantile(x, 0.1)).toBeCloseTo(1.8, 14);
    expect(median(x)).toBe(4);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(interQuartileRange([1, 2, 3, 4])).toEqual([1.75, 3.25]);
    expect(quantile([5], 0.3)).toBe(5);
  });
  it('rejects empty input, NaN and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(InvalidParameterError);
    expect(() => quantile([1, NaN], 0.5)).toThrow(InvalidParameterError);
    expect(() => quantile([1, 2], 1.5)).toThrow(InvalidParameterError);
  });
});
