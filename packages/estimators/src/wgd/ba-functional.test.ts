import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, Random, convertDistortion } from '@ratedistortion/core';
import { baFunctional, baWeightUpdate, dualLowerBound, type ParticleMeasure } from './ba-functional.js';
import {
  epsToWgdLambda,
  resolveWgdConfig,
  wgdDistortionConvention,
  wgdLearningRate,
  wgdLambdaToEps,
} from './config.js';

function randomMeasure(rng: Random, n: number, dim: number, spread = 1): ParticleMeasure {
  const points = rng.fillNormal(new Float64Array(n * dim), 0, spread);
  const w = Array.from({ length: n }, () => 0.2 + rng.uniform());
  const s = w.reduce((a, b) => a + b, 0);
  return { n, dim, points, logWeights: Float64Array.from(w, (v) => Math.log(v / s)) };
}

// Brute force over the whole m × n coupling matrix, written independently of the streaming code.
function bruteForce(x: Float64Array, dim: number, nu: ParticleMeasure, beta: number) {
  const m = x.length / dim;
  const cost = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < dim; k++) s += (x[i * dim + k] - nu.points[j * dim + k]) ** 2;
    return 0.5 * s;
  };
  const w = Array.from(nu.logWeights, Math.exp);
  let loss = 0;
  let dist = 0;
  let kl = 0;
  const marginal = new Float64Array(nu.n);
  for (let i = 0; i < m; i++) {
    const k = w.map((wj, j) => wj * Math.exp(-beta * cost(i, j)));
    const z = k.reduce((a, b) => a + b, 0);
    loss += -Math.log(z) / m;
    for (let j = 0; j < nu.n; j++) {
      const pij = k[j] / z / m; // π_ij
      dist += pij * cost(i, j);
      kl += pij > 0 ? pij * Math.log(pij / ((1 / m) * w[j])) : 0;
      marginal[j] += pij;
    }
  }
  return { loss, dist, kl, marginal };
}

describe('BA functional of a particle measure', () => {
  it('matches a brute-force coupling: L, D, rate = KL(π‖μ⊗ν), and the ν-mean of g is 1', () => {
    const rng = new Random(11);
    const nu = randomMeasure(rng, 7, 2);
    const x = rng.fillNormal(new Float64Array(40 * 2));
    const beta = 3;
    const v = baFunctional(x, 2, nu, beta);
    const b = bruteForce(x, 2, nu, beta);
    expect(v.loss).toBeCloseTo(b.loss, 12);
    expect(v.distortion).toBeCloseTo(b.dist, 12);
    expect(v.rate).toBeCloseTo(b.kl, 12);
    let mean = 0;
    for (let j = 0; j < nu.n; j++) mean += Math.exp(nu.logWeights[j]) * v.g[j];
    expect(mean).toBeCloseTo(1, 13);
    // the hybrid's BA step returns the coupling's second marginal
    const upd = baWeightUpdate(nu.logWeights, v.g);
    for (let j = 0; j < nu.n; j++) expect(Math.exp(upd[j])).toBeCloseTo(b.marginal[j], 13);
  });

  it('its Wasserstein gradient is (1/ν_j)·∂L/∂y_j, checked by central differences', () => {
    const rng = new Random(5);
    const nu = randomMeasure(rng, 5, 3);
    const x = rng.fillNormal(new Float64Array(30 * 3));
    const beta = 2.5;
    const v = baFunctional(x, 3, nu, beta, true);
    const h = 1e-5;
    for (let j = 0; j < nu.n; j++) {
      for (let k = 0; k < 3; k++) {
        const plus = { ...nu, points: nu.points.slice() };
        const minus = { ...nu, points: nu.points.slice() };
        plus.points[j * 3 + k] += h;
        minus.points[j * 3 + k] -= h;
        const fd = (baFunctional(x, 3, plus, beta).loss - baFunctional(x, 3, minus, beta).loss) / (2 * h);
        // central differences: O(h²) truncation (~1e-10 here) plus ~1e-16/h round-off
        expect(Math.abs(v.gradient![j * 3 + k] * Math.exp(nu.logWeights[j]) - fd)).toBeLessThan(1e-8);
      }
    }
  });

  it('keeps particles whose weight underflowed in g exactly', () => {
    const nu: ParticleMeasure = {
      n: 2,
      dim: 1,
      points: new Float64Array([0, 0.5]),
      logWeights: new Float64Array([0, -800]),
    };
    const x = new Float64Array([0.1, 0.4, 0.6]);
    const v = baFunctional(x, 1, nu, 2, true);
    // with ν_2 ≈ 0, φ_i = β½x_i², so g(0.5) = mean_i e^{β(½x_i² − ½(x_i − 0.5)²)}
    const expected =
      [0.1, 0.4, 0.6].reduce((s, xi) => s + Math.exp(2 * (0.5 * xi * xi - 0.5 * (xi - 0.5) ** 2)), 0) / 3;
    expect(v.g[1]).toBeCloseTo(expected, 12);
    expect(Number.isFinite(v.gradient![1])).toBe(true);
  });

  it('dual bound: particle max reproduces L − log max_j g(y_j); mean-shift finds the sup of g on a fine grid', () => {
    const rng = new Random(3);
    const m = 300;
    const beta = 4;
    const x = rng.fillNormal(new Float64Array(m));
    // a poor ν (too narrow): tail points of the batch get large φ and g peaks far from every particle
    const nu = randomMeasure(rng, 12, 1, 0.6);
    const v = baFunctional(x, 1, nu, beta);
    const particleOnly = dualLowerBound(x, 1, nu, beta, 0);
    expect(particleOnly.logSupG).toBeCloseTo(Math.log(Math.max(...v.g)), 12);
    expect(particleOnly.lagrangian).toBeCloseTo(v.loss - Math.log(Math.max(...v.g)), 12);
    let gridSup = -Infinity;
    for (let y = -8; y <= 8; y += 1e-4) {
      let s = 0;
      for (let i = 0; i < m; i++) s += Math.exp(v.phi[i] - 0.5 * beta * (x[i] - y) ** 2) / m;
      gridSup = Math.max(gridSup, Math.log(s));
    }
    const refined = dualLowerBound(x, 1, nu, beta, 10);
    // the grid misses the true sup by at most O(β·(1e-4)²·e^{…}) ≈ 1e-7 relative; mean-shift overshoots nothing
    expect(refined.logSupG).toBeGreaterThan(gridSup - 1e-6);
    expect(refined.logSupG).toBeLessThan(gridSup + 1e-6);
    // here the particle max misses the sup by several nats: the authors' `rdlb` would not be a bound
    expect(refined.logSupG - particleOnly.logSupG).toBeGreaterThan(1);
  });

  it('bad input throws typed errors', () => {
    const nu: ParticleMeasure = {
      n: 2,
      dim: 1,
      points: new Float64Array([0, 1]),
      logWeights: new Float64Array([Math.log(0.5), Math.log(0.5)]),
    };
    expect(() => baFunctional(new Float64Array([0]), 1, nu, -1)).toThrow(InvalidParameterError);
    expect(() => baFunctional(new Float64Array([0, 1, 2]), 2, nu, 1)).toThrow(DimensionMismatchError);
    expect(() => baFunctional(new Float64Array(0), 1, nu, 1)).toThrow(InvalidParameterError);
    expect(() => baWeightUpdate(nu.logWeights, new Float64Array(3))).toThrow(DimensionMismatchError);
    expect(() => dualLowerBound(new Float64Array([0]), 1, nu, 1, -1)).toThrow(InvalidParameterError);
  });
});

describe('WGD settings', () => {
  it("λ ↔ eps: the authors' λ·cost equals the library's distortion/eps in every convention", () => {
    for (const conv of ['half_sse', 'sse', 'mse'] as const) {
      for (const dim of [1, 3, 33]) {
        const lambda = 7.5;
        const eps = wgdLambdaToEps(lambda, conv, dim);
        expect(epsToWgdLambda(eps, conv, dim)).toBeCloseTo(lambda, 12);
        const dLib = 0.37;
        const dPeer = convertDistortion(dLib, 'half-sse', wgdDistortionConvention(conv), dim);
        expect(lambda * dPeer).toBeCloseTo(dLib / eps, 12);
      }
    }
    expect(resolveWgdConfig({ rdLambda: 10, distortion: 'half_sse' }, 2).eps).toBeCloseTo(0.1, 15);
    expect(() => resolveWgdConfig({ eps: 0.1, rdLambda: 10 }, 1)).toThrow(InvalidParameterError);
    expect(() => resolveWgdConfig({}, 1)).toThrow(InvalidParameterError);
    expect(() => resolveWgdConfig({ eps: 0.1, distortion: 'l1' as never }, 1)).toThrow(InvalidParameterError);
    expect(() => resolveWgdConfig({ eps: 0.1, decayFactor: 2 }, 1)).toThrow(InvalidParameterError);
  });

  it("inverse-square-root schedule as in the authors' get_lr_schedule", () => {
    const c = resolveWgdConfig({ eps: 0.1, learningRate: 0.01, scheduleSteps: 1000 }, 1);
    // r = (0.1⁻² − 1)/1000 = 0.099: lr_t = 0.01/√(1 + 0.099 t)
    expect(wgdLearningRate(c, 0)).toBe(0.01);
    expect(wgdLearningRate(c, 500)).toBeCloseTo(0.01 / Math.sqrt(1 + 0.099 * 500), 15);
    expect(wgdLearningRate(c, 1000)).toBeCloseTo(0.001, 15);
    expect(wgdLearningRate(c, 4000)).toBeCloseTo(0.01 / Math.sqrt(1 + 0.099 * 4000), 15);
    const late = { ...c, decayLastStepsRatio: 0.5 };
    expect(wgdLearningRate(late, 499)).toBe(0.01);
    expect(wgdLearningRate(late, 1000)).toBeCloseTo(0.001, 15);
    expect(wgdLearningRate({ ...c, lrDecay: false }, 5000)).toBe(0.01);
  });
});
