import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import fixtures from './fixtures/entropy-fixtures.json';
import { kdeBandwidth, kdeEntropy } from './kde.js';
import { gaussianSource, laplaceSource, uniformBoxSource } from './test-sources.test-util.js';

const N = 1000;

/** Leading smoothing bias of the LOO KDE entropy on a Gaussian source: (d/2)[log(1+h²) + 1/(1+h²) − 1]. */
function smoothingBias(d: number, h: number): number {
  return (d / 2) * (Math.log(1 + h * h) + 1 / (1 + h * h) - 1);
}

describe('kdeEntropy', () => {
  it('reproduces the scipy gaussian_kde leave-one-out reference (Scott, Silverman, fixed h)', () => {
    for (const c of fixtures.cases) {
      const s = { n: c.n, dim: c.dim, data: Float64Array.from(c.data) };
      for (const [rule, ref] of Object.entries(c.kde as Record<string, { bandwidth: number; entropy: number }>)) {
        const bw = rule === 'scott' || rule === 'silverman' ? rule : Number(rule);
        const e = kdeEntropy(s, { bandwidth: bw });
        expect(e.details?.bandwidth as number).toBeCloseTo(ref.bandwidth, 12);
        expect(e.entropy).toBeCloseTo(ref.entropy, 9);
      }
    }
  });

  // Gaussian source: E Ĥ ≈ H + smoothingBias(d, h) + J, J > 0 the Jensen term from the variance of p̂, of order
  // 1/(n h^d (4π)^{d/2}) relative — negligible in d = 1, growing quickly with d (h = n^{-1/(d+4)} barely shrinks).
  // Tests: d = 1 two-sided (4 sd + 0.02 around H + smoothing bias); d = 5, 10: Ĥ ≥ H + smoothing bias − 4 sd
  // (both bias terms are positive) and Ĥ − H ≤ 0.1 nat per dimension.
  it('d = 1 Gaussian: matches H plus the closed-form smoothing bias', () => {
    const src = gaussianSource(N, 1, 21);
    const e = kdeEntropy(src.samples);
    const h = kdeBandwidth('scott', N, 1);
    expect(Math.abs(e.entropy - src.entropy - smoothingBias(1, h))).toBeLessThanOrEqual(4 * e.stdError! + 0.02);
  });

  it.each([5, 10])(
    'd = %i Gaussian: positive bias bounded below by the smoothing term and by 0.1 nat/dim above',
    (d) => {
      const src = gaussianSource(N, d, 22 + d);
      const e = kdeEntropy(src.samples);
      const h = kdeBandwidth('scott', N, d);
      expect(e.entropy - src.entropy).toBeGreaterThan(smoothingBias(d, h) - 4 * e.stdError!);
      expect(e.entropy - src.entropy).toBeLessThan(0.1 * d);
    },
  );

  // Box: kernel mass leaks past the faces, a positive O(h) bias per coordinate (h ≈ 0.37 at d = 3); measured
  // ≈ 0.1 nat/dim. Laplace: the cusp at 0 is smoothed, positive bias ≈ 0.05 nat/dim at this n.
  it.each([
    ['uniform box d=3', uniformBoxSource(N, 3, 31), 0.15],
    ['laplace d=2', laplaceSource(N, 2, 32), 0.1],
  ])('%s: positive bias, at most %f nat per dimension', (_, src, perDim) => {
    const e = kdeEntropy(src.samples);
    expect(e.entropy - src.entropy).toBeGreaterThan(-4 * e.stdError!);
    expect(e.entropy - src.entropy).toBeLessThan(perDim * src.samples.dim);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => kdeEntropy([1, 2, 3], { bandwidth: -1 })).toThrow(/Invalid bandwidth/);
    expect(() => kdeEntropy([1, 2, 3], { bandwidth: 'wide' as never })).toThrow(InvalidParameterError);
  });
});
