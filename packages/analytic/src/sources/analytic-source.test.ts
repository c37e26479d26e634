import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { gaussianComponents } from './analytic-source.js';
import { rdPoint } from '../rd-point/index.js';

describe('gaussianComponents', () => {
  it('reads isotropic and full-covariance Gaussians', () => {
    expect(gaussianComponents({ kind: 'gaussian', variance: 2, dim: 3 })[0].eigenvalues).toEqual(
      Float64Array.of(2, 2, 2),
    );
    const [c] = gaussianComponents({
      kind: 'gaussian',
      covariance: [
        [2, 1],
        [1, 2],
      ],
    });
    expect(Array.from(c.eigenvalues).sort()).toEqual([1, 3].map((v) => expect.closeTo(v, 12)));
  });

  it('refuses fields it does not read instead of answering for another source', () => {
    // The datasets package's rotated family {dim, decay} has eigenvalues 4e^{-2ri}; ignoring `decay` would
    // silently compute the RD function of N(0, I).
    const spec = { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 } as never;
    expect(() => gaussianComponents(spec)).toThrow(InvalidParameterError);
    expect(() => rdPoint(spec, 0.05)).toThrow(/source\.decay/);
    expect(() =>
      gaussianComponents({ kind: 'gmm', weights: [1], means: [0], variances: [1], varainces: [2] } as never),
    ).toThrow(/source\.varainces/);
  });
});
