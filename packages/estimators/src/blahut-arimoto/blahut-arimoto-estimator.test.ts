import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, type Random, type Samples } from '@ratedistortion/core';
import { rateAtDistortion, reverseWaterFilling } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { BlahutArimotoEstimator, type BlahutArimotoSource } from './blahut-arimoto-estimator.js';
import { gridDensity1d, gridDensity2d, silvermanBandwidth } from './grid-density.js';

const normal: BlahutArimotoSource = {
  dim: 1,
  sample: (n: number, rng: Random): Samples => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
};
// X ~ N(0, diag(1, 0.25))
const normal2: BlahutArimotoSource = {
  dim: 2,
  sample: (n: number, rng: Random): Samples => {
    const data = rng.fillNormal(new Float64Array(2 * n));
    for (let i = 0; i < n; i++) data[2 * i + 1] *= 0.5;
    return { n, dim: 2, data };
  },
};

describe('Blahut–Arimoto estimator', () => {
  // Error budget, N = 10⁵ samples: the rate of a Gaussian sample source follows ½ log of its sample variance, sd
  // ½·√(2/N) = 0.0022 nats per coordinate (4 sd = 0.009); the histogram (200 cells over the sample range, width
  // ≈ 0.045) adds h²/12 ≈ 2e-4 to the variance (1e-4 nats); BA's stopping rule ~1e-5 nats. Tolerance 0.01 nats.
  it('histogram density of N(0, 1) samples: rate within 0.01 nats of ½ log(1/eps) at eps = 0.1 and 0.5', async () => {
    const est = new BlahutArimotoEstimator(normal, { eps: [0.1, 0.5], samples: 100_000, seed: 1 });
    const r = await est.train({ steps: 10 });
    expect(r.steps).toBe(2);
    for (const eps of [0.1, 0.5]) {
      const p = est.evaluate(eps);
      expect(Math.abs(p.rate - 0.5 * Math.log(1 / eps))).toBeLessThan(0.01);
      // D = eps/2 exactly below the variance; the sample variance enters only through the rate
      expect(Math.abs(p.distortion - eps / 2)).toBeLessThan(1e-3);
      expect(p.rateLowerBound).toBeLessThanOrEqual(p.rate);
      expect(p.converged).toBe(true);
    }
  });

  it('KDE on the same samples raises the rate by ½ log(1 + bw²) (its variance inflation), Silverman bandwidth', async () => {
    const hist = new BlahutArimotoEstimator(normal, { samples: 100_000, seed: 1 });
    const kde = new BlahutArimotoEstimator(normal, { samples: 100_000, seed: 1, density: 'kde' });
    await hist.train({ steps: 1 });
    await kde.train({ steps: 1 });
    const [[bw]] = kde.bandwidths;
    expect(bw).toBeGreaterThan(0.07);
    expect(bw).toBeLessThan(0.11); // 0.9·1·(10⁵)^(−1/5) ≈ 0.09
    const eps = 0.2;
    const diff = kde.evaluate(eps).rate - hist.evaluate(eps).rate;
    // same samples, so the sampling noise cancels; what remains is the histogram's own ~1e-4 nats and BA's 1e-5
    expect(Math.abs(diff - 0.5 * Math.log(1 + bw * bw))).toBeLessThan(1e-3);
  });

  it('2-D Gaussian diag(1, 0.25) from samples matches reverse water-filling (both coordinates coded, and one)', async () => {
    // 2-D budget: sampling sd 0.0022·√2 = 0.003 (4 sd 0.013) plus the 48² grid's O(h²) error (≤ 3e-3): 0.02 nats
    const est = new BlahutArimotoEstimator(normal2, { eps: [0.1, 0.5], samples: 100_000, seed: 2 });
    await est.train({ steps: 10 });
    for (const eps of [0.1, 0.5]) {
      const exact = reverseWaterFilling([1, 0.25], eps);
      const p = est.evaluate(eps);
      expect(Math.abs(p.rate - exact.rate)).toBeLessThan(0.02);
      expect(Math.abs(p.distortion - exact.distortion)).toBeLessThan(0.01);
    }
  });

  it('reconstructions at eps = 0.3 have variance ≈ 1 − eps; replicates give an IQR; checkpoints round-trip', async () => {
    const est = new BlahutArimotoEstimator(normal, { samples: 20_000, points: 120, replicates: 3, seed: 4 });
    await est.train({ steps: 1 });
    const y = est.sampleReconstruction(0.3, 4000).data;
    let s = 0;
    let s2 = 0;
    for (const v of y) {
      s += v;
      s2 += v * v;
    }
    // sd of a sample variance of 4000 draws ≈ 0.7·√(2/4000) = 0.016; the 20,000-sample density adds 0.01
    expect(Math.abs(s2 / y.length - (s / y.length) ** 2 - 0.7)).toBeLessThan(0.08);
    const p = est.evaluate(0.3);
    expect(p.batches.rate).toHaveLength(3);
    expect(p.rateIqr[0]).toBeLessThanOrEqual(p.rate);
    expect(p.rateIqr[1]).toBeGreaterThanOrEqual(p.rate);
    const back = BlahutArimotoEstimator.fromJSON(JSON.stringify(est.toJSON()), normal);
    expect(back.evaluate(0.3).batches.rate).toEqual(p.batches.rate);
    expect(back.curve([0.3, 0.6]).map((q) => q.eps)).toEqual([0.3, 0.6]);
  });

  it('grid densities: histogram frequencies and KDE sums by hand; Silverman rule', () => {
    const s: Samples = { n: 4, dim: 1, data: new Float64Array([0.1, 0.2, 0.9, 0.95]) };
    const h = gridDensity1d(s, { range: [[0, 1]], points: 2 });
    expect(Array.from(h.source.probabilities)).toEqual([0.5, 0.5]);
    const k = gridDensity1d(s, { method: 'kde', range: [[0, 1]], points: 2, bandwidth: 0.5 });
    const kern = (c: number) => [0.1, 0.2, 0.9, 0.95].reduce((a, x) => a + Math.exp(-0.5 * ((c - x) / 0.5) ** 2), 0);
    expect(k.source.probabilities[0]).toBeCloseTo(kern(0.25), 14);
    expect(k.source.probabilities[1]).toBeCloseTo(kern(0.75), 14);
    const s2: Samples = { n: 2, dim: 2, data: new Float64Array([0.1, 0.6, 0.7, 0.2]) };
    const h2 = gridDensity2d(s2, {
      range: [
        [0, 1],
        [0, 1],
      ],
      points: 2,
    });
    expect(Array.from(h2.source.probabilities)).toEqual([0, 0.5, 0.5, 0]); // (x low, y high) and (x high, y low)
    // values 1..100: sd = 29.01, IQR (type 7) = 49.5 → 0.9·min(29.01, 36.94)·100^(−1/5)
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(silvermanBandwidth(v)).toBeCloseTo(0.9 * Math.sqrt(841.6666666666666) * 100 ** -0.2, 12);
  });

  it('rejects bad input with typed errors', async () => {
    const three: BlahutArimotoSource = {
      dim: 3,
      sample: (n, rng) => ({ n, dim: 3, data: rng.fillNormal(new Float64Array(3 * n)) }),
    };
    expect(() => new BlahutArimotoEstimator(three)).toThrow(DimensionMismatchError);
    expect(() => new BlahutArimotoEstimator(normal, { eps: [-1] })).toThrow(InvalidParameterError);
    expect(() => new BlahutArimotoEstimator(normal, { density: 'fft' as never })).toThrow(InvalidParameterError);
    expect(() => new BlahutArimotoEstimator(normal, { samples: 1 })).toThrow(InvalidParameterError);
    const est = new BlahutArimotoEstimator(normal, { samples: 1000, points: 40 });
    expect(() => est.evaluate(0.5)).toThrow(InvalidParameterError); // untrained
    await expect(est.train({})).rejects.toThrow(InvalidParameterError);
    await est.train({ steps: 1 });
    expect(() => est.evaluate(0)).toThrow(InvalidParameterError);
    expect(() => est.curve([])).toThrow(InvalidParameterError);
    // a histogram box that leaves samples out throws instead of dropping them
    const boxed = new BlahutArimotoEstimator(normal, { samples: 1000, range: [[-1, 1]] });
    await expect(boxed.train({ steps: 1 })).rejects.toThrow(InvalidParameterError);
    expect(() =>
      gridDensity2d({ n: 3, dim: 2, data: new Float64Array(6).fill(1) }, { method: 'kde', bandwidth: 'silverman' }),
    ).toThrow(InvalidParameterError);
    est.dispose();
    expect(() => est.evaluate(0.5)).toThrow(InvalidParameterError);
  });

  it('heavy tails: Laplace samples at eps 0.1 converge (the partition sum of a tail cell used to underflow) onto BA of the exact density', async () => {
    const source = sourceFromSpec({ kind: 'laplace', scale: 1 });
    const est = new BlahutArimotoEstimator(source, { eps: [0.1], seed: 0 });
    await est.train({ steps: 10 });
    const p = est.evaluate(0.1);
    est.dispose();
    const exact = rateAtDistortion({ kind: 'laplace', scale: 1 }, p.distortion);
    // Sampling noise of a 100,000-sample histogram: sd of the sample entropy √(Var log p / N) = 1/√N ≈ 0.0032
    // (Var |X| = 1 for Laplace(0, 1)); 4 sd plus the grid's 1e-3.
    expect(Math.abs(p.rate - exact.rate)).toBeLessThan(4 / Math.sqrt(100_000) + 1e-3);
  });

  it('refuses a grid whose cells are wider than √eps (heavy-tailed sinc⁴ samples) instead of answering the discrete problem', async () => {
    // The sinc⁴ mixture's x⁻⁴ tails stretch the default grid (the sample range of 10⁵ draws) to hundreds of units:
    // with 200 cells, D̂ came out 2e-11 at eps 0.01 (a Gaussian-like source would give ≈ eps/2).
    const source = sourceFromSpec({
      kind: 'sinc4-mixture',
      weights: [0.25, 0.25, 0.25, 0.25],
      scales: [1, Math.SQRT2, Math.PI, Math.E],
    });
    const est = new BlahutArimotoEstimator(source, { eps: [0.01], seed: 0 });
    const err = await est.train({ steps: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as InvalidParameterError).parameter).toBe('points');
    expect((err as Error).message).toMatch(/at least \d+ grid points for eps = 0.01/);
    est.dispose();
    // The same check on a 2-D grid names the axis; a grid with cells of exactly √eps is accepted.
    const g = new BlahutArimotoEstimator(
      {
        dim: 2,
        sample: (n: number, rng: Random): Samples => ({ n, dim: 2, data: rng.fillNormal(new Float64Array(2 * n)) }),
      },
      {
        samples: 2000,
        points: 16,
        range: [
          [-4, 4],
          [-8, 8],
        ],
        seed: 0,
      },
    );
    await g.train({ steps: 1 });
    expect(() => g.evaluate(0.25)).toThrow(/on axis 1/);
    expect(g.evaluate(1).rate).toBeGreaterThan(0);
    g.dispose();
  });
});
