import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import type { AnalyticSourceSpec } from '../spec/spec.js';
import { GaussianMixtureLaw } from './gaussian-mixture-law.js';
import { GridDensityLaw } from './grid-density-law.js';
import { LaplaceLaw } from './laplace-law.js';
import { lawFromSpec } from './law-from-spec.js';
import { Sinc4MixtureLaw } from './sinc4-mixture-law.js';
import { UniformLaw } from './uniform-law.js';

describe('lawFromSpec', () => {
  it.each([
    [{ kind: 'gaussian', variance: 2, dim: 3 }, GaussianMixtureLaw, 3, 6],
    [{ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [1, 1] }, GaussianMixtureLaw, 1, 2],
    [{ kind: 'sinc4-mixture', weights: [1], scales: [2] }, Sinc4MixtureLaw, 1, 3],
    [{ kind: 'laplace', scale: [1, 0.5] }, LaplaceLaw, 2, 2.5],
    [{ kind: 'uniform', low: 0, high: 3 }, UniformLaw, 1, 0.75],
    [{ kind: 'grid-density', x: [0, 2, 2], values: [1, 1] }, GridDensityLaw, 1, 1 / 3],
  ] as [AnalyticSourceSpec, new (...a: never[]) => unknown, number, number][])(
    '%j: the law class, its dimension and tr Cov',
    (spec, cls, dim, trace) => {
      const law = lawFromSpec(spec);
      expect(law).toBeInstanceOf(cls);
      expect(law.dim).toBe(dim);
      expect(law.covariance().reduce((s, row, i) => s + row[i], 0)).toBeCloseTo(trace, 12);
    },
  );

  it('an unknown kind or a non-object: InvalidParameterError naming the field', () => {
    expect(() => lawFromSpec({ kind: 'cauchy' } as unknown as AnalyticSourceSpec)).toThrow(/source\.kind/);
    expect(() => lawFromSpec(null as unknown as AnalyticSourceSpec)).toThrow(InvalidParameterError);
  });
});
