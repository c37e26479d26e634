import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NonFiniteValueError, NumericalError } from '../errors/errors.js';
import fixtures from './fixtures/entropy-fixtures.json';
import { knnEntropy, kthNeighbourSquaredDistances } from './knn.js';
import { Random } from '../random/random.js';
import { gaussianSource, laplaceSource, uniformBoxSource } from './test-sources.test-util.js';

const N = 2000;

describe('knnEntropy', () => {
  it('reproduces scipy (cKDTree + digamma) on the fixture data for k = 1, 3, 5', () => {
    for (const c of fixtures.cases) {
      for (const k of [1, 3, 5]) {
        const e = knnEntropy({ n: c.n, dim: c.dim, data: Float64Array.from(c.data) }, { k });
        expect(e.entropy).toBeCloseTo((c.knn as Record<string, number>)[String(k)], 10);
      }
    }
  });

  it('finds exact k-th neighbour distances (brute-force check)', () => {
    const src = laplaceSource(60, 2, 3);
    const d2 = kthNeighbourSquaredDistances(src.samples, 4);
    const x = src.samples.data;
    for (let i = 0; i < 60; i++) {
      const all: number[] = [];
      for (let j = 0; j < 60; j++)
        if (j !== i) all.push((x[2 * i] - x[2 * j]) ** 2 + (x[2 * i + 1] - x[2 * j + 1]) ** 2);
      all.sort((a, b) => a - b);
      expect(d2[i]).toBe(all[3]);
    }
  });

  // Low dimension, smooth density: the KL bias is O(n^{-2/d}) times the density's curvature, ~1e-3 here, so the
  // error is dominated by sampling noise: tolerance 4 × stdError (the plug-in sd(d log ε)/√n, which for k = 3
  // is within ~20 % of the true sd) plus a 0.02 bias allowance.
  it.each([
    ['gaussian d=1', gaussianSource(N, 1, 11)],
    ['laplace d=2', laplaceSource(N, 2, 12)],
  ])('is accurate on %s', (_, src) => {
    const e = knnEntropy(src.samples, { k: 3 });
    expect(Math.abs(e.entropy - src.entropy)).toBeLessThanOrEqual(4 * e.stdError! + 0.02);
  });

  // d = 5: the bias (k/n)^{2/5} ≈ 0.07 times a curvature factor; allow 0.1·(d/5) on top of 4 sd.
  it('is accurate on N(0, Σ), d = 5', () => {
    const src = gaussianSource(N, 5, 13);
    const e = knnEntropy(src.samples, { k: 3 });
    expect(Math.abs(e.entropy - src.entropy)).toBeLessThanOrEqual(4 * e.stdError! + 0.1);
  });

  // d = 10: (k/n)^{2/10} ≈ 0.27 — the bias is of order 0.1 nat per dimension, positive for a Gaussian (the
  // density falls off inside the k-NN balls), and must shrink as n grows.
  it('has the expected positive, shrinking bias on N(0, Σ), d = 10', () => {
    const small = knnEntropy(gaussianSource(500, 10, 14).samples, { k: 3 });
    const large = knnEntropy(gaussianSource(N, 10, 14).samples, { k: 3 });
    const H = gaussianSource(1, 10, 0).entropy;
    expect(large.entropy - H).toBeGreaterThan(0);
    expect(large.entropy - H).toBeLessThan(0.15 * 10);
    expect(small.entropy - H).toBeGreaterThan(large.entropy - H);
  });

  // Uniform box: a density with faces; k-NN balls near a face are truncated, biasing the estimate upward by
  // O(n^{-1/d}) ≈ 0.08 for d = 3 times a constant; allow 0.25 above and 4 sd below.
  it('has a small positive boundary bias on a uniform box, d = 3', () => {
    const src = uniformBoxSource(N, 3, 15);
    const e = knnEntropy(src.samples, { k: 3 });
    expect(e.entropy - src.entropy).toBeGreaterThan(-4 * e.stdError!);
    expect(e.entropy - src.entropy).toBeLessThan(0.25);
  });

  it('rejects bad input with typed errors naming the parameter', () => {
    const ok = [
      [0, 1],
      [1, 0],
      [2, 2],
    ];
    expect(() => knnEntropy(ok, { k: 3 })).toThrow(/Invalid k: expected an integer in \[1, n−1\] = \[1, 2\]/);
    expect(() => knnEntropy(ok, { k: 1.5 })).toThrow(InvalidParameterError);
    expect(() => knnEntropy(ok, { k: 0 })).toThrow(/Invalid k/);
    expect(() => knnEntropy([])).toThrow(/empty sample/);
    expect(() =>
      knnEntropy(
        [
          [0, Infinity],
          [1, 1],
        ],
        { k: 1 },
      ),
    ).toThrow(NonFiniteValueError);
    expect(() => knnEntropy([[0, 1], [1]], { k: 1 })).toThrow(/samples\[1\]/);
    expect(() =>
      knnEntropy(
        [
          [1, 1],
          [1, 1],
          [2, 3],
        ],
        { k: 1 },
      ),
    ).toThrow(NumericalError);
  });

  it('refuses samples on a lower-dimensional subspace (entropy −∞ in ℝ^d), though no distance is 0', () => {
    const rng = new Random(4);
    const line = Array.from({ length: 400 }, () => {
      const t = rng.normal();
      return [t, 2 * t + 1];
    });
    expect(() => knnEntropy(line)).toThrow(NumericalError);
    expect(() => knnEntropy(line)).toThrow(/affine subspace of dimension 1 < 2/);
    // A plane in ℝ³, and a point cloud with one coordinate constant.
    const plane = Array.from({ length: 400 }, () => {
      const [a, b] = [rng.normal(), rng.normal()];
      return [a, b, a - 3 * b];
    });
    expect(() => knnEntropy(plane)).toThrow(/dimension 2 < 3/);
    const flat = Array.from({ length: 400 }, () => [rng.normal(), 5]);
    expect(() => knnEntropy(flat)).toThrow(/dimension 1 < 2/);
    // Thin but full-dimensional data (sd ratio 1e-3, eigenvalue ratio 1e-6) is estimated, not refused. (Its value
    // carries Kozachenko–Leonenko's known bias on strongly anisotropic data, +0.38 nats here at n = 2000, so only
    // its sign relative to the isotropic case is checked.)
    const thin = Array.from({ length: 2000 }, () => [rng.normal(), 1e-3 * rng.normal()]);
    const e = knnEntropy(thin);
    expect(Number.isFinite(e.entropy)).toBe(true);
    expect(e.entropy).toBeLessThan(Math.log(2 * Math.PI * Math.E) + Math.log(1e-3) + 1);
  });
});
