import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { sampleMoments, type Samples } from '../samples/samples.js';
import { uniformGrid } from '../sde/grid.js';
import { solveSde64 } from '../sde/solve64.js';
import { tecReadout } from './readout.js';

// Gaussian source N(0, diag(s2)) and its exact TEC controller u = −eps·x/(s2 − eps·t) (paper § 3.3).
const s2 = [1, 2.5];
const dim = s2.length;
const eps = 0.3;
const M = 20_000;
const K = 400;
const grid = uniformGrid(K);

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}
function standardError(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / (v.length - 1) / v.length);
}

/**
 * Exact expectations of the Euler–Maruyama estimator for this linear SDE, per coordinate (independent):
 * with f_i = 1 − a_i Δ, a_i = eps/(s2 − eps t_i): Var X_{i+1} = f_i² Var X_i + eps Δ, Cov(X_{i+1}, X_0) =
 * f_i Cov(X_i, X_0), E energy = ½ Σ a_i² Var X_i Δ, E ½(X_K − X_0)² = ½(Var X_K − 2 Cov + s2).
 * The difference to the continuous-time values is the (deterministic) discretisation bias of the test.
 */
function eulerMaruyamaExpectations() {
  let energy = 0,
    distortion = 0;
  const terminalVariance: number[] = [];
  const t = grid.times;
  for (const s of s2) {
    let v = s,
      c = s;
    for (let i = 0; i < K; i++) {
      const dt = t[i + 1] - t[i];
      const a = eps / (s - eps * t[i]);
      energy += 0.5 * a * a * v * dt;
      const f = 1 - a * dt;
      v = f * f * v + eps * dt;
      c *= f;
    }
    distortion += 0.5 * (v - 2 * c + s);
    terminalVariance.push(v);
  }
  return { energy, distortion, terminalVariance };
}

function simulate(seed: number) {
  const rng = new Random(seed);
  const data = new Float64Array(M * dim);
  for (let m = 0; m < M; m++) for (let j = 0; j < dim; j++) data[m * dim + j] = Math.sqrt(s2[j]) * rng.normal();
  const x0: Samples = { n: M, dim, data };
  const { x1, energy } = solveSde64({
    drift: (x, time, out, n, d) => {
      for (let m = 0; m < n; m++)
        for (let j = 0; j < d; j++) out[m * d + j] = (-eps * x[m * d + j]) / (s2[j] - eps * time);
    },
    x0,
    sigma: Math.sqrt(eps),
    grid,
    rng,
  });
  // Per-sample distortion ½‖X1 − X0‖² and per-sample rate contribution (e_m − d_m)/eps: the read-out is
  // their batch mean plus constants, so their sample standard deviations give the standard errors.
  const perD = new Float64Array(M);
  const perR = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += (x1.data[m * dim + j] - data[m * dim + j]) ** 2;
    perD[m] = 0.5 * sq;
    perR[m] = (energy[m] - perD[m]) / eps;
  }
  return { x0, x1, energy, perD, perR };
}

const exactRate = s2.reduce((r, s) => r + 0.5 * Math.log(s / eps), 0);
const exactDistortion = (dim * eps) / 2;
const exactEntropyX1 = s2.reduce((h, s) => h + 0.5 * Math.log(2 * Math.PI * Math.E * (s - eps)), 0);

describe('tecReadout (Eq. 24)', () => {
  it('matches the closed form on a hand-made example', () => {
    const { rate, distortion } = tecReadout({
      loss: 1.2,
      x0: new Float64Array([0, 1]),
      x1: new Float64Array([0.5, 0.5]),
      eps: 0.5,
      dim: 1,
    });
    expect(distortion).toBeCloseTo(0.125, 15);
    expect(rate).toBeCloseTo((1.2 - 0.125) / 0.5 - 0.5 * Math.log(Math.PI), 14);
    // Samples input and a 2-D layout give the same distortion as the flat form.
    const r2 = tecReadout({
      loss: 0,
      eps: 1,
      dim: 2,
      x0: { n: 2, dim: 2, data: new Float64Array([0, 0, 1, 1]) },
      x1: { n: 2, dim: 2, data: new Float64Array([1, 0, 1, 3]) },
    });
    expect(r2.distortion).toBeCloseTo((1 + 4) / 4, 15);
    expect(r2.rate).toBeCloseTo(-1.25 - Math.log(2 * Math.PI), 14);
  });

  describe('on the exact Gaussian controller simulated with solveSde64 (d = 2, eps = 0.3)', () => {
    const sim = simulate(2026);
    const em = eulerMaruyamaExpectations();
    const seD = standardError(sim.perD);
    const seR = standardError(sim.perR);
    const biasD = em.distortion - exactDistortion;
    const biasR =
      (em.energy - em.distortion) / eps - (exactRate - exactEntropyX1 + (dim / 2) * Math.log(2 * Math.PI * eps));

    it('the grid is fine enough that discretisation bias is below one standard error', () => {
      // Deterministic check of the test's own premise (K = 400 steps).
      expect(Math.abs(biasD)).toBeLessThan(seD);
      expect(Math.abs(biasR)).toBeLessThan(seR);
    });

    it('with the exact entropy of X1 ~ N(0, s2 − eps): R = ½ Σ log(s2/eps), D = d·eps/2', () => {
      const loss = mean(sim.energy) + eps * exactEntropyX1;
      const { rate, distortion } = tecReadout({ loss, x0: sim.x0, x1: sim.x1, eps, dim });
      // Tolerance: 4 standard errors of the batch mean (two-sided 6e-5 chance for an exact method) plus
      // the exact Euler–Maruyama bias computed above.
      expect(Math.abs(distortion - exactDistortion)).toBeLessThan(4 * seD + Math.abs(biasD));
      expect(Math.abs(rate - exactRate)).toBeLessThan(4 * seR + Math.abs(biasR));
      // Sanity of the scale: SE ≈ 0.01 nats here, so the check resolves ~2.5% of the 1.66-nat rate.
      expect(seR).toBeLessThan(0.015);
    });

    it('with the Gaussian plug-in entropy ½ log((2πe)^d det Σ̂(X1))', () => {
      const { covariance } = sampleMoments(sim.x1);
      const det = covariance[0][0] * covariance[1][1] - covariance[0][1] * covariance[1][0];
      const plugIn = 0.5 * Math.log((2 * Math.PI * Math.E) ** dim * det);
      const loss = mean(sim.energy) + eps * plugIn;
      const { rate } = tecReadout({ loss, x0: sim.x0, x1: sim.x1, eps, dim });
      // The plug-in adds its own error: Var(log det Σ̂) ≈ 2d/M for Gaussian data (delta method), so its
      // SE is √(d/(2M)); errors are combined by the triangle inequality. Its biases: the EM terminal
      // variance differs from s2 − eps, and E log det Σ̂ − log det Σ ≈ −d(d+1)/(2M).
      const seH = Math.sqrt(dim / (2 * M));
      const biasH =
        em.terminalVariance.reduce((b, v, j) => b + 0.5 * Math.log(v / (s2[j] - eps)), 0) - (dim * (dim + 1)) / (4 * M);
      expect(Math.abs(rate - exactRate)).toBeLessThan(4 * (seR + seH) + Math.abs(biasR) + Math.abs(biasH));
    });

    it('a wrong eps in the read-out is detected (the check has power)', () => {
      const loss = mean(sim.energy) + eps * exactEntropyX1;
      const { rate } = tecReadout({ loss, x0: sim.x0, x1: sim.x1, eps: eps * 1.1, dim });
      expect(Math.abs(rate - exactRate)).toBeGreaterThan(4 * seR + Math.abs(biasR));
    });
  });

  it('rejects bad input with typed errors', () => {
    const x = new Float64Array([0, 1, 2, 3]);
    const ok = { loss: 1, x0: x, x1: x, eps: 0.1, dim: 2 };
    expect(() => tecReadout({ ...ok, eps: 0 })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, eps: -1 })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, eps: NaN })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, loss: NaN })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, dim: 0 })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, dim: 3 })).toThrow(InvalidParameterError);
    expect(() => tecReadout({ ...ok, x1: new Float64Array([0, 1]) })).toThrow(DimensionMismatchError);
    expect(() => tecReadout({ ...ok, x1: { n: 2, dim: 1, data: new Float64Array([0, 1]) } })).toThrow(
      DimensionMismatchError,
    );
    expect(() => tecReadout({ ...ok, x1: new Float64Array([0, NaN, 2, 3]) })).toThrow(NonFiniteValueError);
    expect(() => tecReadout({ ...ok, x0: new Float64Array([0, 1, Infinity, 3]) })).toThrow(NonFiniteValueError);
  });
});
