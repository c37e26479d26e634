import { describe, expect, it } from 'vitest';
import { sourceFromSpec } from './source-from-spec.js';

describe('Source.analyticSpec', () => {
  it('expands every Gaussian form to an explicit covariance with the source’s exact eigenvalues', () => {
    const spec = sourceFromSpec({ kind: 'gaussian', dim: 3, decay: 0.25, rotationSeed: 0 }).analyticSpec();
    expect(spec?.kind).toBe('gaussian');
    const cov = (spec as { covariance: number[][] }).covariance;
    // trace and determinant are rotation invariant: Σ 4e^{-2ri} and Π 4e^{-2ri}, r = 0.25, i = 0, 1, 2
    const eig = [0, 1, 2].map((i) => 4 * Math.exp(-0.5 * i));
    expect(cov[0][0] + cov[1][1] + cov[2][2]).toBeCloseTo(
      eig.reduce((a, b) => a + b),
      10,
    );
    const det =
      cov[0][0] * (cov[1][1] * cov[2][2] - cov[1][2] * cov[2][1]) -
      cov[0][1] * (cov[1][0] * cov[2][2] - cov[1][2] * cov[2][0]) +
      cov[0][2] * (cov[1][0] * cov[2][1] - cov[1][1] * cov[2][0]);
    expect(det).toBeCloseTo(
      eig.reduce((a, b) => a * b),
      9,
    );
    expect(sourceFromSpec({ kind: 'gaussian', variance: 2 }).analyticSpec()).toEqual({
      kind: 'gaussian',
      mean: [0],
      covariance: [[2]],
    });
  });

  it('passes mixtures, Laplace and uniform sources through and has no answer for sample files', () => {
    const gmm = { kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.2] };
    expect(sourceFromSpec(gmm).analyticSpec()).toMatchObject(gmm);
    expect(sourceFromSpec({ kind: 'laplace', scale: 1 }).analyticSpec()).toMatchObject({ kind: 'laplace', scale: 1 });
    expect(sourceFromSpec({ kind: 'uniform', low: 0, high: [1, 2] }).analyticSpec()).toMatchObject({
      kind: 'uniform',
      low: 0,
      high: [1, 2],
    });
    expect(sourceFromSpec({ kind: 'samples', rows: [1, 2, 3] }).analyticSpec()).toBeUndefined();
  });
});
