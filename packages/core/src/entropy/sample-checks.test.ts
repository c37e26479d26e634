// The sample checks every estimator that needs a non-singular sample covariance shares (entropySamples with
// fullRank): too few rows for the dimension, an empty sample and a non-finite entry are typed errors naming `samples`.
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import type { SamplesInput } from '../samples/samples.js';
import { dvEntropy } from './dv.js';
import { gaussianEntropy } from './gaussian.js';
import { kdeEntropy } from './kde.js';
import { knifeEntropy } from './knife.js';
import type { EntropyEstimate } from './types.js';

const estimators: [string, (s: SamplesInput) => EntropyEstimate][] = [
  ['dvEntropy', (s) => dvEntropy(s, { steps: 1 })],
  ['knifeEntropy', (s) => knifeEntropy(s, { steps: 1 })],
  ['kdeEntropy', kdeEntropy],
  ['gaussianEntropy', gaussianEntropy],
];

describe('entropy estimators that need a non-singular sample covariance', () => {
  it.each(estimators)('%s rejects n < dim + 1, an empty sample and a non-finite entry', (_, estimate) => {
    const twoIn2d = [
      [0, 1],
      [1, 0],
    ];
    expect(() => estimate(twoIn2d)).toThrow(InvalidParameterError);
    expect(() => estimate(twoIn2d)).toThrow(/samples.*at least dim \+ 1 = 3 samples.*singular/);
    expect(() => estimate([])).toThrow(/samples.*empty sample/);
    expect(() => estimate([1, NaN, 3])).toThrow(NonFiniteValueError);
  });
});
