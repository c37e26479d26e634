import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { estimateEntropy } from './estimate.js';
import { gaussianEntropy } from './gaussian.js';
import { kdeEntropy } from './kde.js';
import { knnEntropy } from './knn.js';
import { gaussianSource } from './test-sources.test-util.js';

describe('estimateEntropy', () => {
  const src = gaussianSource(300, 2, 61);
  it('dispatches to each estimator with its options', () => {
    expect(estimateEntropy(src.samples, { estimator: 'gaussian', biasCorrected: true }).entropy).toBe(
      gaussianEntropy(src.samples, { biasCorrected: true }).entropy,
    );
    expect(estimateEntropy(src.samples, { estimator: 'knn', k: 5 }).entropy).toBe(
      knnEntropy(src.samples, { k: 5 }).entropy,
    );
    expect(estimateEntropy(src.samples, { estimator: 'kde', bandwidth: 0.5 }).entropy).toBe(
      kdeEntropy(src.samples, { bandwidth: 0.5 }).entropy,
    );
    const knife = estimateEntropy(src.samples, { estimator: 'knife', components: 2, steps: 5, seed: 1 });
    expect(knife.estimator).toBe('knife');
    expect(knife.details?.steps).toBe(5);
    const dv = estimateEntropy(src.samples, { estimator: 'dv', steps: 3, hidden: [4], seed: 1 });
    expect(dv.estimator).toBe('dv');
    expect(dv.details?.steps).toBe(3);
  });
  it('rejects an unknown estimator and bad options', () => {
    expect(() => estimateEntropy(src.samples, { estimator: 'mle' as never })).toThrow(/Invalid estimator/);
    expect(() => estimateEntropy(src.samples, null as never)).toThrow(InvalidParameterError);
    expect(() => estimateEntropy(src.samples, { estimator: 'knn', k: 300 })).toThrow(/Invalid k/);
    expect(() => estimateEntropy({ data: [1, 2, 3], dim: 2 }, { estimator: 'knn' })).toThrow(/samples.data/);
  });
});
