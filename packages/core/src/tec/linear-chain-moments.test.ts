import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { gaussianChainReadout, gaussianChainStep } from './gaussian-chain.js';
import { linearChainMoments, type LinearChainStep } from './linear-chain-moments.js';

const steps = (variances: number[], eps: number, times: number[], noise: 'fixed' | 'controlled'): LinearChainStep[] =>
  times.slice(1).map((t1, k) => {
    const s = variances.map((v) => gaussianChainStep(v, eps, times[k], t1));
    return {
      h: t1 - times[k],
      contraction: s.map((x) => x.contraction),
      gainSquared: s.map((x) => (noise === 'controlled' ? x.gainSquared : 1)),
    };
  });

const rateOf = (
  m: { energy: number; noiseCost: number; entropy: number; distortion: number },
  eps: number,
  d: number,
) => (m.energy + eps * m.noiseCost + eps * m.entropy - m.distortion) / eps - (d / 2) * Math.log(2 * Math.PI * eps);

describe('linearChainMoments', () => {
  it('controlled optimal chain of a Gaussian: R = Σ ½ log(λ/eps), D = eps/2 per direction, X1 ~ N(μ, λ − eps) (closed form, 1e-10)', () => {
    for (const times of [Array.from({ length: 21 }, (_, i) => i / 20), [0, 0.1, 0.45, 0.5, 0.9, 1]]) {
      for (const [lambdas, eps] of [
        [[1], 0.5],
        [[2, 0.7], 0.3],
        [[4, 1.5, 0.6], 0.05],
      ] as [number[], number][]) {
        // Chain coordinates are centred at the source's mean (y = x − μ).
        const mean = lambdas.map(() => 0);
        const covariance = lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)));
        const m = linearChainMoments({ mean, covariance, eps, steps: steps(lambdas, eps, times, 'controlled') });
        const exactRate = lambdas.reduce((s, l) => s + 0.5 * Math.log(l / eps), 0);
        expect(rateOf(m, eps, lambdas.length)).toBeCloseTo(exactRate, 10);
        expect(m.distortion).toBeCloseTo((lambdas.length * eps) / 2, 10);
        lambdas.forEach((l, j) => {
          expect(m.covariance[j][j]).toBeCloseTo(l - eps, 10);
          expect(m.mean[j]).toBe(0);
        });
      }
    }
  });

  it('fixed chain: the Euler read-out of gaussianChainReadout (the floor near eps = λ)', () => {
    for (const eps of [0.3, 0.9]) {
      const times = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i / 100));
      const m = linearChainMoments({ mean: [0], covariance: [[1]], eps, steps: steps([1], eps, times, 'fixed') });
      const ref = gaussianChainReadout(1, eps, 100, 'fixed');
      expect(rateOf(m, eps, 1)).toBeCloseTo(ref.rate, 10);
      expect(m.distortion).toBeCloseTo(ref.distortion, 10);
    }
  });

  it('the mean contracts by Π a_k and the cross-covariance stays P Σ P (a non-diagonal start)', () => {
    const eps = 0.4;
    const st = steps([1, 2], eps, [0, 0.5, 1], 'fixed');
    const p = [0, 1].map((j) => st[0].contraction[j] * st[1].contraction[j]);
    const m = linearChainMoments({
      mean: [1, -2],
      covariance: [
        [1, 0.3],
        [0.3, 2],
      ],
      eps,
      steps: st,
    });
    expect(m.mean[0]).toBeCloseTo(p[0], 14);
    expect(m.mean[1]).toBeCloseTo(-2 * p[1], 14);
    expect(m.covariance[0][1]).toBeCloseTo(0.3 * p[0] * p[1], 14);
  });

  it('matches a Monte Carlo run of the chain from a non-Gaussian start with a mean and correlations, within 4 SE', () => {
    // X0 = μ + L·U, U with independent standardised uniform coordinates (mean 0, variance 1): Cov X0 = L Lᵀ.
    const rng = new Random(20261204);
    const eps = 0.6;
    const times = Array.from({ length: 11 }, (_, i) => i / 10);
    const mu = [0.5, -1];
    const L = [
      [1.2, 0],
      [0.5, 0.4],
    ];
    const cov = [0, 1].map((i) => [0, 1].map((j) => L[i][0] * L[j][0] + L[i][1] * L[j][1]));
    for (const noise of ['fixed', 'controlled'] as const) {
      // Per-direction variances for the steps need not be the start's: any linear chain qualifies.
      const st = steps([1.5, 0.3], eps, times, noise);
      const exact = linearChainMoments({ mean: mu, covariance: cov, eps, steps: st });
      const n = 100_000;
      const energy = new Float64Array(n);
      const dist = new Float64Array(n);
      const y1 = [new Float64Array(n), new Float64Array(n)];
      const s3 = Math.sqrt(3);
      for (let i = 0; i < n; i++) {
        const u = [s3 * (2 * rng.uniform() - 1), s3 * (2 * rng.uniform() - 1)];
        const y0 = [0, 1].map((r) => mu[r] + L[r][0] * u[0] + L[r][1] * u[1]);
        const y = [...y0];
        let e = 0;
        for (const s of st) {
          for (let j = 0; j < 2; j++) {
            e += (0.5 * ((s.contraction[j] - 1) * y[j]) ** 2) / s.h;
            y[j] = s.contraction[j] * y[j] + Math.sqrt(s.gainSquared[j] * eps * s.h) * rng.normal();
          }
        }
        energy[i] = e;
        dist[i] = 0.5 * ((y[0] - y0[0]) ** 2 + (y[1] - y0[1]) ** 2);
        y1[0][i] = y[0];
        y1[1][i] = y[1];
      }
      const check = (values: Float64Array, expected: number) => {
        let s = 0;
        let s2 = 0;
        for (const v of values) {
          s += v;
          s2 += v * v;
        }
        const mean = s / n;
        const se = Math.sqrt((s2 / n - mean * mean) / (n - 1));
        expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
      };
      check(energy, exact.energy);
      check(dist, exact.distortion);
      check(y1[0], exact.mean[0]);
      check(y1[1], exact.mean[1]);
      // Second moments: E[(Y_i − m_i)(Y_j − m_j)] with the exact means.
      for (const [i, j] of [
        [0, 0],
        [0, 1],
        [1, 1],
      ]) {
        check(
          Float64Array.from({ length: n }, (_, k) => (y1[i][k] - exact.mean[i]) * (y1[j][k] - exact.mean[j])),
          exact.covariance[i][j],
        );
      }
      expect(exact.noiseCost === 0).toBe(noise === 'fixed');
    }
  });

  it('refuses bad input, naming the parameter', () => {
    const ok = { mean: [0], covariance: [[1]], eps: 0.5, steps: [{ h: 1, contraction: [0.5], gainSquared: [1] }] };
    expect(() => linearChainMoments({ ...ok, eps: 0 })).toThrow(InvalidParameterError);
    expect(() => linearChainMoments({ ...ok, steps: [] })).toThrow(/steps/);
    expect(() => linearChainMoments({ ...ok, covariance: [[1, 0]] })).toThrow(DimensionMismatchError);
    expect(() => linearChainMoments({ ...ok, steps: [{ h: 1, contraction: [0.5, 1], gainSquared: [1] }] })).toThrow(
      /steps\[0\]\.contraction/,
    );
    expect(() => linearChainMoments({ ...ok, steps: [{ h: 1, contraction: [0.5], gainSquared: [0] }] })).toThrow(
      /steps\[0\]\.gainSquared\[0\]/,
    );
    expect(() => linearChainMoments({ ...ok, steps: [{ h: -1, contraction: [0.5], gainSquared: [1] }] })).toThrow(
      /steps\[0\]\.h/,
    );
    expect(() => linearChainMoments({ ...ok, mean: [NaN] })).toThrow(/mean/);
  });
});
