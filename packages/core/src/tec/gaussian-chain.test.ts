import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { GAUSSIAN_CHAIN_GAIN_FLOOR, gaussianChainReadout, gaussianChainStep } from './gaussian-chain.js';

// Independent reference: the TEC read-out of a linear Gaussian chain X_{k+1} − μ = a_k (X_k − μ) + g_k √(eps h) Z in
// one direction, by exact variance recursion (energy ½ E[u²] h with u h = (a − 1)(X − μ); noise cost
// ½(g² − 1 − log g²) per step; H(X1) = ½ log 2πe Var X1; D = ½ E(X1 − X0)²), then Eq. (24).
function chainReadout(lambda: number, eps: number, times: number[], step: (k: number) => { a: number; g2: number }) {
  let v = lambda;
  let energy = 0;
  let cost = 0;
  let prodA = 1;
  for (let k = 0; k < times.length - 1; k++) {
    const h = times[k + 1] - times[k];
    const { a, g2 } = step(k);
    energy += (0.5 * (a - 1) ** 2 * v) / h;
    cost += 0.5 * (g2 - 1 - Math.log(g2));
    v = a * a * v + g2 * eps * h;
    prodA *= a;
  }
  const entropy = 0.5 * Math.log(2 * Math.PI * Math.E * v);
  const distortion = 0.5 * (v + lambda - 2 * prodA * lambda);
  return {
    rate: (energy + eps * cost + eps * entropy - distortion) / eps - 0.5 * Math.log(2 * Math.PI * eps),
    distortion,
  };
}

/** {@link chainReadout} of the chain whose steps are gaussianChainStep's. */
function optimalChainReadout(lambda: number, eps: number, times: number[]) {
  return chainReadout(lambda, eps, times, (k) => {
    const s = gaussianChainStep(lambda, eps, times[k], times[k + 1]);
    return { a: s.contraction, g2: s.gainSquared };
  });
}

describe('gaussianChainStep', () => {
  const grids = [Array.from({ length: 11 }, (_, i) => i / 10), [0, 0.05, 0.3, 0.31, 0.7, 1]];
  it('reproduces the optimal test channel on any grid for λ > eps: R = ½ log(λ/eps), D = eps/2 (to 1e-12)', () => {
    for (const times of grids) {
      for (const [lambda, eps] of [
        [1, 0.5],
        [2, 0.05],
        [1, 0.999],
        [0.3, 0.1],
      ]) {
        const r = optimalChainReadout(lambda, eps, times);
        expect(r.rate).toBeCloseTo(0.5 * Math.log(lambda / eps), 10);
        expect(r.distortion).toBeCloseTo(eps / 2, 10);
      }
    }
  });

  it('collapses an inactive direction (λ ≤ eps) to the mean: R = (floor/2)(1 − h_K), D = λ/2 + floor·eps·h_K/2', () => {
    for (const times of grids) {
      const hLast = times[times.length - 1] - times[times.length - 2];
      for (const [lambda, eps] of [
        [1, 1],
        [0.2, 0.5],
        [1, 3],
      ]) {
        const r = optimalChainReadout(lambda, eps, times);
        expect(Math.abs(r.rate - (GAUSSIAN_CHAIN_GAIN_FLOOR / 2) * (1 - hLast))).toBeLessThan(1e-9);
        expect(r.distortion).toBeCloseTo(lambda / 2 + (GAUSSIAN_CHAIN_GAIN_FLOOR * eps * hLast) / 2, 10);
      }
    }
  });

  it('rejects bad times and non-positive variance or eps', () => {
    expect(() => gaussianChainStep(1, 0.5, 0.5, 0.5)).toThrow(InvalidParameterError);
    expect(() => gaussianChainStep(1, 0.5, 0.5, 1.5)).toThrow(InvalidParameterError);
    expect(() => gaussianChainStep(0, 0.5, 0, 0.5)).toThrow(InvalidParameterError);
    expect(() => gaussianChainStep(1, -1, 0, 0.5)).toThrow(InvalidParameterError);
  });
});

describe('gaussianChainReadout', () => {
  it('is the closed form for the controlled chain (λ > eps: ½ log(λ/eps), eps/2; λ ≤ eps: ≈ 0, λ/2)', () => {
    const a = gaussianChainReadout(2, 0.5, 37, 'controlled');
    expect(a.rate).toBeCloseTo(0.5 * Math.log(4), 10);
    expect(a.distortion).toBeCloseTo(0.25, 10);
    const b = gaussianChainReadout(0.5, 2, 20, 'controlled');
    expect(b.rate).toBeLessThan(GAUSSIAN_CHAIN_GAIN_FLOOR);
    expect(b.distortion).toBeCloseTo(0.25, 4);
  });

  it('matches a float64 Monte Carlo of the fixed-noise Euler chain (λ = 1, eps = 0.9, 10 steps; within 4 standard errors)', () => {
    // Independent check of the recursion: simulate X_{k+1} = X_k + (a_k − 1)X_k + √(eps h) Z, a_k from the continuous
    // drift −eps x/(λ − eps t), and read out with the Gaussian entropy of the batch variance (200 batches of 2,000;
    // the spread of the batch read-outs gives the SE; the log of a sample variance is biased by ≈ −1/n, far below it).
    const [lambda, eps, steps] = [1, 0.9, 10];
    const h = 1 / steps;
    const rng = new Random(3);
    const n = 2000;
    const rates: number[] = [];
    for (let r = 0; r < 200; r++) {
      const x0 = rng.fillNormal(new Float64Array(n), 0, Math.sqrt(lambda));
      const x = Float64Array.from(x0);
      const z = new Float64Array(n);
      let energy = 0;
      for (let k = 0; k < steps; k++) {
        const a = 1 - (eps * h) / (lambda - eps * k * h);
        rng.fillNormal(z, 0, Math.sqrt(eps * h));
        for (let m = 0; m < n; m++) {
          const u = ((a - 1) * x[m]) / h;
          energy += (0.5 * u * u * h) / n;
          x[m] += u * h + z[m];
        }
      }
      let v = 0;
      let d = 0;
      for (let m = 0; m < n; m++) {
        v += (x[m] * x[m]) / n;
        d += (0.5 * (x[m] - x0[m]) ** 2) / n;
      }
      rates.push(
        (energy + eps * 0.5 * Math.log(2 * Math.PI * Math.E * v) - d) / eps - 0.5 * Math.log(2 * Math.PI * eps),
      );
    }
    const mean = rates.reduce((s, x) => s + x, 0) / rates.length;
    const se = Math.sqrt(rates.reduce((s, x) => s + (x - mean) ** 2, 0) / (rates.length - 1) / rates.length);
    const exact = gaussianChainReadout(lambda, eps, steps, 'fixed').rate;
    expect(exact - 0.5 * Math.log(lambda / eps)).toBeGreaterThan(0.05);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
  });
});
