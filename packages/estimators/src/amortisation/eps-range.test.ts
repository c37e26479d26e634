import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { epsFeature, epsInRange, epsRange, sampleEps } from './eps-range.js';
import { diagonalScaling, inputScalingFor, validateInputScaling } from './input-scaling.js';

describe('eps range', () => {
  it('rejects epsMin >= epsMax, non-positive and non-finite bounds, unknown sampling', () => {
    expect(() => epsRange(0.5, 0.5)).toThrow(InvalidParameterError);
    expect(() => epsRange(0.9, 0.1)).toThrow(/epsMin/);
    expect(() => epsRange(0, 1)).toThrow(/epsMin/);
    expect(() => epsRange(0.1, Infinity)).toThrow(/epsMax/);
    expect(() => epsRange(0.1, 1, 'gaussian' as never)).toThrow(/epsSampling/);
  });

  it('draws uniform and log-uniform eps with the right laws (KS distance at a fixed seed)', () => {
    const n = 4000;
    // The KS statistic of n i.i.d. draws exceeds 1.63/√n with probability 1% (Kolmogorov distribution);
    // a wrong law (e.g. uniform instead of log-uniform on [0.01, 1]) gives a distance near 0.4.
    const bound = 1.63 / Math.sqrt(n);
    const check = (sampling: 'uniform' | 'log-uniform', cdf: (x: number) => number) => {
      const r = epsRange(0.01, 1, sampling);
      const rng = new Random(5);
      const xs = Float64Array.from({ length: n }, () => sampleEps(r, rng)).sort();
      let ks = 0;
      xs.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(0.01);
        expect(x).toBeLessThanOrEqual(1);
        ks = Math.max(ks, Math.abs(cdf(x) - i / n), Math.abs(cdf(x) - (i + 1) / n));
      });
      return ks;
    };
    expect(check('uniform', (x) => (x - 0.01) / 0.99)).toBeLessThan(bound);
    expect(check('log-uniform', (x) => Math.log(x / 0.01) / Math.log(100))).toBeLessThan(bound);
    expect(check('uniform', (x) => Math.log(x / 0.01) / Math.log(100))).toBeGreaterThan(0.2);
  });

  it('maps log eps onto [-1, 1] and tests membership', () => {
    const r = epsRange(0.01, 1);
    expect(epsFeature(r, 0.01)).toBeCloseTo(-1, 14);
    expect(epsFeature(r, 1)).toBeCloseTo(1, 14);
    expect(epsFeature(r, 0.1)).toBeCloseTo(0, 14);
    expect(epsInRange(r, 1)).toBe(true);
    expect(epsInRange(r, 1.01)).toBe(false);
    expect(epsInRange(r, 0.009)).toBe(false);
  });
});

describe('input scaling', () => {
  it('uses exact moments when the source has them, samples otherwise', () => {
    const sampler = (n: number, rng: Random) => {
      const data = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        data[2 * i] = 3 + 2 * rng.normal();
        data[2 * i + 1] = -1 + 0.5 * rng.normal();
      }
      return { n, dim: 2, data };
    };
    const exact = inputScalingFor(
      {
        dim: 2,
        sample: sampler,
        mean: () => new Float64Array([3, -1]),
        covariance: () => [new Float64Array([4, 0]), new Float64Array([0, 0.25])],
      },
      new Random(0),
    );
    expect(Array.from(exact.mean)).toEqual([3, -1]);
    expect(Array.from(exact.scale)).toEqual([2, 0.5]);
    // From 4096 samples: SE of the mean is σ/64, of the std ≈ σ/√(2·4096) ≈ σ/90; 5 SE bounds.
    const est = inputScalingFor({ dim: 2, sample: sampler }, new Random(1));
    expect(Math.abs(est.mean[0] - 3)).toBeLessThan((5 * 2) / 64);
    expect(Math.abs(est.mean[1] + 1)).toBeLessThan((5 * 0.5) / 64);
    expect(Math.abs(est.scale[0] - 2)).toBeLessThan((5 * 2) / 90);
    expect(Math.abs(est.scale[1] - 0.5)).toBeLessThan((5 * 0.5) / 90);
  });
  it('whitens with the exact covariance: orthogonal V with V diag(s²) Vᵀ = Σ; a diagonal view for the DV critic', () => {
    const cov = [new Float64Array([2, 0.8, 0]), new Float64Array([0.8, 1, 0.3]), new Float64Array([0, 0.3, 0.5])];
    const sampler = (n: number) => ({ n, dim: 3, data: new Float64Array(3 * n) });
    const w = inputScalingFor(
      { dim: 3, sample: sampler, mean: () => new Float64Array([1, 2, 3]), covariance: () => cov },
      new Random(0),
      4096,
      'whiten',
    );
    expect(w.basis).toBeDefined();
    validateInputScaling(w, 3); // checks VᵀV = I
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += w.basis![i * 3 + k] * w.scale[k] ** 2 * w.basis![j * 3 + k];
        expect(s).toBeCloseTo(cov[i][j], 12);
      }
    }
    expect(w.scale[0]).toBeGreaterThanOrEqual(w.scale[1]);
    expect(Array.from(diagonalScaling(w).scale).map((v) => v * v)).toEqual(
      [0, 1, 2].map((j) => expect.closeTo(cov[j][j], 12)),
    );
    // d = 1 and 'diagonal' give no basis (identical to the per-coordinate scaling).
    expect(
      inputScalingFor(
        { dim: 3, sample: sampler, mean: () => new Float64Array(3), covariance: () => cov },
        new Random(0),
      ).basis,
    ).toBeUndefined();
    expect(() => inputScalingFor({ dim: 3, sample: sampler }, new Random(0), 16, 'pca' as never)).toThrow(
      /inputScaling/,
    );
  });

  it('whitens from samples when the source has no moments (eigenvalues within their SE)', () => {
    // Σ = diag(4, 1/4) rotated by 30°; eigenvalue estimates from n = 4096 draws have relative SE √(2/n) ≈ 2.2 %.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const sampler = (n: number, rng: Random) => {
      const data = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const a = 2 * rng.normal();
        const b = 0.5 * rng.normal();
        data[2 * i] = c * a - s * b;
        data[2 * i + 1] = s * a + c * b;
      }
      return { n, dim: 2, data };
    };
    const w = inputScalingFor({ dim: 2, sample: sampler }, new Random(4), 4096, 'whiten');
    expect(Math.abs(w.scale[0] ** 2 / 4 - 1)).toBeLessThan(5 * Math.sqrt(2 / 4096));
    expect(Math.abs(w.scale[1] ** 2 / 0.25 - 1)).toBeLessThan(5 * Math.sqrt(2 / 4096));
    // Leading direction (cos 30°, sin 30°) up to sign; its angle error is O(√(λ1 λ2/n)/(λ1 − λ2)) ≈ 0.002.
    expect(Math.abs(Math.abs(w.basis![0] * c + w.basis![2] * s) - 1)).toBeLessThan(1e-3);
  });

  it('validates scalings', () => {
    expect(() => validateInputScaling({ mean: new Float64Array(1), scale: new Float64Array([1]) }, 2)).toThrow(
      InvalidParameterError,
    );
    expect(() => validateInputScaling({ mean: new Float64Array(1), scale: new Float64Array([0]) }, 1)).toThrow(/scale/);
  });
});
