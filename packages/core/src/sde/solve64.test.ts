import { describe, expect, it } from 'vitest';
import {
  DimensionMismatchError,
  InvalidParameterError,
  NonFiniteValueError,
  NumericalError,
} from '../errors/errors.js';
import { Random } from '../random/random.js';
import { brownianFromIncrements, brownianIncrements } from './brownian.js';
import { customGrid, uniformGrid, type TimeGrid } from './grid.js';
import { eulerMaruyama64, solveSde64, type Drift64 } from './solve64.js';
import type { SdeScheme } from './schemes.js';

const SCHEMES: SdeScheme[] = ['euler-maruyama', 'sra1'];

/** Drift −θ_j x_j + κ cos(ω t) per coordinate j (θ per coordinate). */
function affineDrift(theta: number[], kappa = 0, omega = 0): Drift64 {
  return (x, t, out, n, dim) => {
    const b = kappa * Math.cos(omega * t);
    for (let s = 0; s < n; s++) for (let j = 0; j < dim; j++) out[s * dim + j] = -theta[j] * x[s * dim + j] + b;
  };
}

// Exact solution of dX = (−θX + κ cos ωt) dt + σ dW on [0, 1] from X_0 ~ N(m0, v0):
// E X_1 = e^{−θ} m0 + κ (θ cos ω + ω sin ω − θ e^{−θ}) / (θ² + ω²),  Var X_1 = e^{−2θ} v0 + σ² (1 − e^{−2θ}) / (2θ).
function exactMoments(theta: number, sigma: number, m0: number, v0: number, kappa = 0, omega = 0) {
  const forcing =
    (kappa * (theta * Math.cos(omega) + omega * Math.sin(omega) - theta * Math.exp(-theta))) /
    (theta ** 2 + omega ** 2);
  return {
    mean: Math.exp(-theta) * m0 + forcing,
    variance: Math.exp(-2 * theta) * v0 + (sigma ** 2 * (1 - Math.exp(-2 * theta))) / (2 * theta),
  };
}

// Mean and variance of the discrete schemes on this linear SDE, derived by hand from the step rules
// (independent of the solver code):
//   EM:   X' = (1−θh) X + h b(t) + σ ΔW
//   SRA1: X' = a X + h[b(t)/3 + (2/3)(b(t+3h/4) − (3/4)θh b(t))] + σ(1 − θh/2) ΔW − θhσ H,  a = 1 − θh + θ²h²/2,
//         with Var ΔW = h, Var H = h/12, independent.
function discreteMoments(
  scheme: SdeScheme,
  grid: TimeGrid,
  theta: number,
  sigma: number,
  m0: number,
  v0: number,
  kappa = 0,
  omega = 0,
) {
  let m = m0;
  let v = v0;
  const T = grid.times;
  for (let i = 0; i + 1 < T.length; i++) {
    const t = T[i];
    const h = T[i + 1] - t;
    const b1 = kappa * Math.cos(omega * t);
    if (scheme === 'euler-maruyama') {
      m = (1 - theta * h) * m + h * b1;
      v = (1 - theta * h) ** 2 * v + sigma ** 2 * h;
    } else {
      const b2 = kappa * Math.cos(omega * (t + 0.75 * h));
      const stageMean = m + 0.75 * h * (-theta * m + b1);
      m = m + h * ((-theta * m + b1) / 3 + (2 / 3) * (-theta * stageMean + b2));
      const a = 1 - theta * h + (theta * h) ** 2 / 2;
      v = a * a * v + sigma ** 2 * h * (1 - theta * h + (theta * h) ** 2 / 3);
    }
  }
  return { mean: m, variance: v };
}

function columnMoments(data: Float64Array, n: number, dim: number, j: number) {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) s += data[i * dim + j];
  const mean = s / n;
  for (let i = 0; i < n; i++) s2 += (data[i * dim + j] - mean) ** 2;
  return { mean, variance: s2 / (n - 1) };
}

function logLogSlope(h: number[], err: number[]): number {
  const x = h.map(Math.log);
  const y = err.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * E[X_1²] of the solver's own discrete map, computed exactly. For an affine drift every scheme is affine in
 * (x0, ΔW_i, H_i), so X_1 = c + c0·x0 + Σ_i (a_i ξ_i + b_i η_i) with ξ_i = ΔW_i/√h_i, η_i = H_i/√(h_i/12) iid N(0,1).
 * The coefficients are read off by running the solver on probe increments (one unit impulse per sample),
 * which gives E X_1 = X_1(zero noise) and Var X_1 = Σ a_i² + b_i² without Monte Carlo noise.
 */
function probedMoments(scheme: SdeScheme, grid: TimeGrid, drift: Drift64, sigma: number, x0: number) {
  const K = grid.times.length - 1;
  const n = 2 + 2 * K;
  const dW: Float64Array[] = [];
  const levyArea: Float64Array[] = [];
  for (let i = 0; i < K; i++) {
    const h = grid.times[i + 1] - grid.times[i];
    const w = new Float64Array(n);
    const a = new Float64Array(n);
    w[2 + i] = Math.sqrt(h);
    a[2 + K + i] = Math.sqrt(h / 12);
    dW.push(w);
    levyArea.push(a);
  }
  const x0s = new Float64Array(n); // sample 0 starts at x0, all others at 0
  x0s[0] = x0;
  const { x1 } = solveSde64({
    drift,
    sigma,
    grid,
    scheme,
    x0: { n, dim: 1, data: x0s },
    brownian: brownianFromIncrements({ n, dim: 1, grid }, { dW, levyArea }),
  });
  const base = x1.data[1];
  let variance = 0;
  for (let k = 2; k < n; k++) variance += (x1.data[k] - base) ** 2;
  return { mean: x1.data[0], variance };
}

describe('solveSde64: Ornstein–Uhlenbeck moments', () => {
  for (const scheme of SCHEMES) {
    it(`${scheme}: terminal mean and variance from a fixed x0, diagonal σ, 2-D`, () => {
      const n = 20_000;
      const theta = [1.5, 0.5];
      const sigma = [0.8, 1.3];
      const x0 = [1, -2];
      const grid = uniformGrid(50);
      const data = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        data[2 * i] = x0[0];
        data[2 * i + 1] = x0[1];
      }
      const { x1 } = solveSde64({
        drift: affineDrift(theta),
        x0: { n, dim: 2, data },
        sigma,
        grid,
        scheme,
        rng: new Random(101),
      });
      for (let j = 0; j < 2; j++) {
        const got = columnMoments(x1.data, n, 2, j);
        const exact = exactMoments(theta[j], sigma[j], x0[j], 0);
        const disc = discreteMoments(scheme, grid, theta[j], sigma[j], x0[j], 0);
        // X_1 of the scheme is exactly Gaussian here: SE(mean) = √(v/n), SE(sample variance) = v √(2/(n−1)).
        // Tolerance: 4 SE plus the scheme's own (deterministic) bias |discrete − exact|.
        const seMean = Math.sqrt(disc.variance / n);
        const seVar = disc.variance * Math.sqrt(2 / (n - 1));
        expect(Math.abs(got.mean - exact.mean)).toBeLessThan(4 * seMean + Math.abs(disc.mean - exact.mean));
        expect(Math.abs(got.variance - exact.variance)).toBeLessThan(
          4 * seVar + Math.abs(disc.variance - exact.variance),
        );
        // the bias allowance itself is small: the step is fine enough for the exact values to be the reference
        expect(Math.abs(disc.variance - exact.variance)).toBeLessThan(0.02 * exact.variance);
      }
    });

    it(`${scheme}: X0 ~ N(m, s²), non-uniform grid`, () => {
      const n = 20_000;
      const theta = 0.9,
        sigma = 0.6,
        m0 = 0.7,
        s0 = 0.4;
      const rng = new Random(7);
      const x0 = new Float64Array(n);
      rng.fillNormal(x0, m0, s0);
      // denser near t = 0 and t = 1
      const times = Array.from({ length: 41 }, (_, i) => 0.5 - 0.5 * Math.cos((Math.PI * i) / 40));
      const grid = customGrid(times);
      const { x1 } = solveSde64({ drift: affineDrift([theta]), x0, sigma, grid, scheme, rng });
      const got = columnMoments(x1.data, n, 1, 0);
      const exact = exactMoments(theta, sigma, m0, s0 * s0);
      const disc = discreteMoments(scheme, grid, theta, sigma, m0, s0 * s0);
      // same derivation as above (X_1 Gaussian: X_0 Gaussian and the map is linear)
      const seMean = Math.sqrt(disc.variance / n);
      const seVar = disc.variance * Math.sqrt(2 / (n - 1));
      expect(Math.abs(got.mean - exact.mean)).toBeLessThan(4 * seMean + Math.abs(disc.mean - exact.mean));
      expect(Math.abs(got.variance - exact.variance)).toBeLessThan(
        4 * seVar + Math.abs(disc.variance - exact.variance),
      );
    });
  }
});

describe('solveSde64: weak convergence order', () => {
  const theta = 1.2,
    sigma = 0.7,
    x0 = 1,
    kappa = 0.8,
    omega = 3;
  const drift = affineDrift([theta], kappa, omega);
  const exact = exactMoments(theta, sigma, x0, 0, kappa, omega);
  const exactSecond = exact.mean ** 2 + exact.variance;
  const steps = [4, 8, 16, 32, 64];

  for (const [scheme, order] of [
    ['euler-maruyama', 1],
    ['sra1', 2],
  ] as const) {
    it(`${scheme}: weak error of E[X_1²] shrinks as h^${order} (exact, noise-free)`, () => {
      const hs: number[] = [];
      const errs: number[] = [];
      for (const K of steps) {
        const grid = uniformGrid(K);
        const probed = probedMoments(scheme, grid, drift, sigma, x0);
        // the solver's discrete map equals the hand-derived recursion (to rounding)
        const disc = discreteMoments(scheme, grid, theta, sigma, x0, 0, kappa, omega);
        expect(probed.mean).toBeCloseTo(disc.mean, 12);
        expect(probed.variance).toBeCloseTo(disc.variance, 12);
        hs.push(1 / K);
        errs.push(Math.abs(probed.mean ** 2 + probed.variance - exactSecond));
      }
      const slope = logLogSlope(hs, errs);
      expect(slope).toBeGreaterThan(order - 0.3);
      expect(slope).toBeLessThan(order + 0.3);
      // each halving of h divides the error by about 2^order
      for (let i = 1; i < errs.length; i++) {
        const ratio = errs[i - 1] / errs[i];
        expect(ratio).toBeGreaterThan(2 ** order * 0.75);
        expect(ratio).toBeLessThan(2 ** order * 1.35);
      }
    });
  }

  it('Monte Carlo E[X_1²] on a coarse grid matches the discrete scheme and resolves the EM bias', () => {
    const n = 200_000;
    const grid = uniformGrid(4);
    for (const scheme of SCHEMES) {
      const { x1 } = solveSde64({ drift, x0: new Float64Array(n).fill(x0), sigma, grid, scheme, rng: new Random(5) });
      let s = 0;
      for (let i = 0; i < n; i++) s += x1.data[i] ** 2;
      const mc = s / n;
      const disc = discreteMoments(scheme, grid, theta, sigma, x0, 0, kappa, omega);
      // X_1 ~ N(m, v) for the scheme, so Var(X_1²) = 2v² + 4m²v and SE = √((2v² + 4m²v)/n).
      const se = Math.sqrt((2 * disc.variance ** 2 + 4 * disc.mean ** 2 * disc.variance) / n);
      expect(Math.abs(mc - (disc.mean ** 2 + disc.variance))).toBeLessThan(4 * se);
      if (scheme === 'euler-maruyama') expect(Math.abs(mc - exactSecond)).toBeGreaterThan(4 * se);
    }
  });

  it('deterministic limit (zero noise path): EM is first order, SRA1 is second order on a nonlinear ODE', () => {
    // dx/dt = x² cos t, x(0) = x0  ⇒  x(1) = 1 / (1/x0 − sin 1)
    const drift: Drift64 = (x, t, out) => {
      for (let k = 0; k < x.length; k++) out[k] = x[k] * x[k] * Math.cos(t);
    };
    const x0s = [0.5, 0.3, -0.8];
    for (const [scheme, order] of [
      ['euler-maruyama', 1],
      ['sra1', 2],
    ] as const) {
      const hs: number[] = [];
      const errs: number[] = [];
      for (const K of [8, 16, 32, 64, 128]) {
        const grid = uniformGrid(K);
        const zeros = Array.from({ length: K }, () => new Float64Array(3));
        const { x1 } = solveSde64({
          drift,
          x0: x0s,
          sigma: 1,
          grid,
          scheme,
          brownian: brownianFromIncrements({ n: 3, dim: 1, grid }, { dW: zeros, levyArea: zeros }),
        });
        let err = 0;
        x0s.forEach((a, k) => {
          err = Math.max(err, Math.abs(x1.data[k] - 1 / (1 / a - Math.sin(1))));
        });
        hs.push(1 / K);
        errs.push(err);
      }
      const slope = logLogSlope(hs, errs);
      expect(slope).toBeGreaterThan(order - 0.3);
      expect(slope).toBeLessThan(order + 0.3);
    }
  });
});

describe('solveSde64: reproducibility, energy and path', () => {
  const drift: Drift64 = (x, t, out) => {
    for (let k = 0; k < x.length; k++) out[k] = -Math.sin(x[k]) + t;
  };
  const base = {
    drift,
    x0: [
      [0.1, 0.2],
      [0.3, -0.4],
      [1, 2],
    ],
    sigma: 0.5,
    grid: uniformGrid(10),
  };

  it('same seed ⇒ identical X1; different seeds differ; both schemes', () => {
    for (const scheme of SCHEMES) {
      const a = solveSde64({ ...base, scheme, rng: new Random(3) });
      const b = solveSde64({ ...base, scheme, rng: new Random(3) });
      const c = solveSde64({ ...base, scheme, rng: new Random(4) });
      expect(Array.from(b.x1.data)).toEqual(Array.from(a.x1.data));
      expect(Array.from(b.energy)).toEqual(Array.from(a.energy));
      for (let k = 0; k < 6; k++) expect(c.x1.data[k]).not.toBe(a.x1.data[k]);
    }
    // an explicit Brownian source from the same seed reproduces the rng form
    const viaSource = solveSde64({
      ...base,
      brownian: brownianIncrements(new Random(3), { n: 3, dim: 2, grid: base.grid }),
    });
    expect(Array.from(viaSource.x1.data)).toEqual(Array.from(solveSde64({ ...base, rng: new Random(3) }).x1.data));
    expect(Array.from(eulerMaruyama64({ ...base, rng: new Random(3) }).x1.data)).toEqual(Array.from(viaSource.x1.data));
  });

  it('energy is ½ Σ ‖u(X_{t_i}, t_i)‖² Δt_i along the saved path; path ends at x1 and starts at x0', () => {
    const grid = customGrid([0, 0.05, 0.2, 0.6, 1]);
    for (const scheme of SCHEMES) {
      const { x1, energy, path } = solveSde64({ ...base, grid, scheme, rng: new Random(8), savePath: true });
      expect(path).toBeDefined();
      expect(path!.length).toBe(5);
      expect(Array.from(path![0].data)).toEqual([0.1, 0.2, 0.3, -0.4, 1, 2]);
      expect(Array.from(path![4].data)).toEqual(Array.from(x1.data));
      for (let s = 0; s < 3; s++) {
        let e = 0;
        for (let i = 0; i < 4; i++) {
          const t = grid.times[i];
          const h = grid.times[i + 1] - t;
          for (let j = 0; j < 2; j++) e += 0.5 * h * (-Math.sin(path![i].data[s * 2 + j]) + t) ** 2;
        }
        expect(energy[s]).toBeCloseTo(e, 13);
      }
    }
    // a constant drift c has energy ½ c² (t_K − t_0) exactly
    const { energy } = solveSde64({
      drift: (_x, _t, out) => out.fill(3),
      x0: [0, 1],
      sigma: 1,
      grid,
      rng: new Random(1),
    });
    expect(energy[0]).toBeCloseTo(4.5, 14);
    expect(energy[1]).toBeCloseTo(4.5, 14);
  });

  it('EM and SRA1 driven by one seed see the same Brownian path (strong closeness on a fine grid)', () => {
    const grid = uniformGrid(400);
    const a = solveSde64({ ...base, grid, scheme: 'euler-maruyama', rng: new Random(12) });
    const b = solveSde64({ ...base, grid, scheme: 'sra1', rng: new Random(12) });
    const c = solveSde64({ ...base, grid, scheme: 'sra1', rng: new Random(13) });
    let dSame = 0,
      dOther = 0;
    for (let k = 0; k < 6; k++) {
      dSame = Math.max(dSame, Math.abs(a.x1.data[k] - b.x1.data[k]));
      dOther = Math.max(dOther, Math.abs(a.x1.data[k] - c.x1.data[k]));
    }
    // strong error of EM for additive noise is O(h) = O(1/400); other paths differ by O(σ)
    expect(dSame).toBeLessThan(0.02);
    expect(dOther).toBeGreaterThan(0.05);
  });
});

describe('solveSde64: input validation', () => {
  const drift: Drift64 = (_x, _t, out) => out.fill(0);
  const ok = { drift, x0: [[0, 0]], sigma: 1, grid: uniformGrid(2), rng: new Random(1) };

  it('rejects bad x0, sigma, grid, scheme and rng with typed errors', () => {
    expect(() => solveSde64({ ...ok, x0: [[0, NaN]] })).toThrow(NonFiniteValueError);
    expect(() => solveSde64({ ...ok, x0: [] })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, sigma: 0 })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, sigma: -1 })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, sigma: NaN })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, sigma: [1, 0] })).toThrow(/sigma\[1\]/);
    expect(() => solveSde64({ ...ok, sigma: [1, 1, 1] })).toThrow(DimensionMismatchError);
    expect(() => solveSde64({ ...ok, grid: { times: new Float64Array([0, 1, 1]) } })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, grid: { times: new Float64Array([0]) } })).toThrow(InvalidParameterError);
    expect(() => solveSde64({ ...ok, scheme: 'rk4' as SdeScheme })).toThrow(/scheme/);
    expect(() => solveSde64({ ...ok, rng: undefined })).toThrow(/rng/);
    expect(() => solveSde64({ ...ok, drift: undefined as unknown as Drift64 })).toThrow(/drift/);
  });

  it('rejects a Brownian source of the wrong shape or grid', () => {
    const grid = uniformGrid(2);
    const source = (n: number, dim: number, g = grid) => brownianIncrements(new Random(1), { n, dim, grid: g });
    expect(() => solveSde64({ ...ok, rng: undefined, brownian: source(2, 2) })).toThrow(DimensionMismatchError);
    expect(() => solveSde64({ ...ok, rng: undefined, brownian: source(1, 1) })).toThrow(DimensionMismatchError);
    expect(() => solveSde64({ ...ok, rng: undefined, brownian: source(1, 2, uniformGrid(3)) })).toThrow(
      /brownian\.grid/,
    );
    expect(() => solveSde64({ ...ok, brownian: source(1, 2) })).toThrow(/rng/);
  });

  it('reports a drift that produces NaN or leaves entries unwritten as a NumericalError naming the step', () => {
    const nanLater: Drift64 = (_x, t, out) => out.fill(t > 0.4 ? NaN : 1);
    expect(() => solveSde64({ ...ok, drift: nanLater })).toThrow(/step 1/);
    expect(() => solveSde64({ ...ok, drift: nanLater })).toThrow(NumericalError);
    const lazy: Drift64 = (_x, _t, out) => {
      out[0] = 0;
    };
    expect(() => solveSde64({ ...ok, drift: lazy })).toThrow(NumericalError);
    const stiff: Drift64 = (x, _t, out) => {
      for (let k = 0; k < x.length; k++) out[k] = -1e6 * x[k] ** 3;
    };
    expect(() => solveSde64({ ...ok, drift: stiff, x0: [[1, 1]], grid: uniformGrid(8) })).toThrow(NumericalError);
  });
});
