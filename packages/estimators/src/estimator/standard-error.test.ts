import { InvalidParameterError } from '@ratedistortion/core';
import { describe, expect, it } from 'vitest';
import { meanAndStandardError } from './standard-error.js';

describe('meanAndStandardError', () => {
  it('is the sample mean and s/√B (hand-computed: [1, 2, 3, 4] → 2.5, √(5/3)/2)', () => {
    const r = meanAndStandardError([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 3) / 2, 15);
  });

  it('gives NaN, not 0, for a single value, and rejects empty or non-finite input', () => {
    expect(meanAndStandardError([3]).se).toBeNaN();
    expect(() => meanAndStandardError([])).toThrow(InvalidParameterError);
    expect(() => meanAndStandardError([1, Number.NaN])).toThrow(InvalidParameterError);
  });
});
