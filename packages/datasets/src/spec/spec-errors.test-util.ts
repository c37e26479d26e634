// Test helpers for bad SPECs: the typed error and the field it names, and the 2-D two-component mixture whose
// second covariance the tests vary.
import { expect } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';

/** `fn` throws an error of class `type` (default `InvalidParameterError`) whose `parameter` is `field`. */
export function expectFieldError(
  fn: () => unknown,
  field: string,
  type: typeof InvalidParameterError = InvalidParameterError,
): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    expect((e as InvalidParameterError).parameter).toBe(field);
    return;
  }
  throw new Error(`no error for ${field}`);
}

/** A gmm SPEC: weights ½, ½, means (0, 0) and (1, 1), covariances I and `second`. */
export function gmm2dWithSecondCovariance(second: unknown): Record<string, unknown> {
  return {
    kind: 'gmm',
    weights: [0.5, 0.5],
    means: [
      [0, 0],
      [1, 1],
    ],
    covariances: [
      [
        [1, 0],
        [0, 1],
      ],
      second,
    ],
  };
}
