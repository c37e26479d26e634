import { expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { customGrid, uniformGrid, type TimeGrid } from './grid.js';
import { solveSde64, type Drift64 } from './solve64.js';
import { eulerMaruyamaTf, solveSdeTf, type DriftTf } from './solve-tf.js';
import type { SdeScheme } from './schemes.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

const SCHEMES: SdeScheme[] = ['euler-maruyama', 'sra1'];

/** u(x, t) = −θ sin(x) + κ t, in float64 and in tfjs. */
const drift64 =
  (theta: number, kappa: number): Drift64 =>
  (x, t, out) => {
    for (let k = 0; k < x.length; k++) out[k] = -theta * Math.sin(x[k]) + kappa * t;
  };
const driftTf =
  (theta: tf.Tensor, kappa: tf.Tensor): DriftTf =>
  (x, t) =>
    tf.add(tf.mul(tf.neg(theta), tf.sin(x)), tf.mul(kappa, t)) as tf.Tensor2D;

/** Normal starting points, rounded to float32 so that both forms start from identical values. */
/** A trainable scalar; the initial-value tensor is released (the variable holds its own reference). */
function scalarVariable(v: number): tf.Variable {
  const init = tf.scalar(v);
  const variable = tf.variable(init);
  init.dispose();
  return variable;
}

function startingPoints(n: number, dim: number, seed: number): Float64Array {
  return new Random(seed).fillNormal(new Float64Array(n * dim), 0.3, 1).map(Math.fround);
}

/** ½ Σ_i ‖u_i‖² Δt_i per sample, summed in float64 from the downloaded drifts. */
function energyFromDrifts(drifts: tf.Tensor2D[], grid: TimeGrid, n: number, dim: number): Float64Array {
  const e = new Float64Array(n);
  drifts.forEach((u, i) => {
    const h = grid.times[i + 1] - grid.times[i];
    const v = u.dataSync();
    for (let s = 0; s < n; s++) for (let j = 0; j < dim; j++) e[s] += 0.5 * h * v[s * dim + j] ** 2;
  });
  return e;
}

describeOnEachBackend('solveSdeTf', () => {
  it('matches the Float64 solver on the same increments (X1, drifts/energy, path), both schemes', () => {
    const n = 64,
      dim = 2;
    const grid = customGrid([0, 0.02, 0.1, 0.25, 0.5, 0.7, 0.85, 1]);
    const x0 = startingPoints(n, dim, 1);
    const sigma = [0.4, 0.9];
    for (const scheme of SCHEMES) {
      const ref = solveSde64({
        drift: drift64(1.3, 0.7),
        x0: { n, dim, data: x0 },
        sigma,
        grid,
        scheme,
        rng: new Random(21),
        savePath: true,
      });
      const before = tf.memory().numTensors;
      const x0t = tf.tensor2d(Float32Array.from(x0), [n, dim]);
      const theta = tf.scalar(1.3);
      const kappa = tf.scalar(0.7);
      const { x1, drifts, path } = solveSdeTf({
        drift: driftTf(theta, kappa),
        x0: x0t,
        sigma,
        grid,
        scheme,
        rng: new Random(21),
        savePath: true,
      });
      const got = x1.dataSync();
      // float32 state: ~7 steps of a few ops on O(1) values, rounding ~1e-7 each; 2e-5 leaves a wide margin
      // while an O(h) scheme mismatch (≥ 1e-3 here) would fail.
      for (let k = 0; k < n * dim; k++) expect(Math.abs(got[k] - ref.x1.data[k])).toBeLessThan(2e-5);
      expect(drifts.length).toBe(7);
      const e = energyFromDrifts(drifts, grid, n, dim);
      for (let s = 0; s < n; s++) expect(Math.abs(e[s] - ref.energy[s])).toBeLessThan(1e-5 * (1 + ref.energy[s]));
      expect(path!.length).toBe(8);
      path!.forEach((p, i) => {
        const v = p.dataSync();
        for (let k = 0; k < n * dim; k++) expect(Math.abs(v[k] - ref.path![i].data[k])).toBeLessThan(2e-5);
      });
      x1.dispose();
      drifts.forEach((u) => u.dispose());
      path!.forEach((p) => p.dispose());
      // x0 belongs to the caller and is still usable
      expect(x0t.isDisposed).toBe(false);
      tf.dispose([x0t, theta, kappa]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('Ornstein–Uhlenbeck terminal mean and variance within Monte Carlo tolerance, both schemes', () => {
    const n = 20_000,
      theta = 1.5,
      sigma = 0.8,
      x0 = 1;
    const grid = uniformGrid(50);
    const exactMean = Math.exp(-theta) * x0;
    const exactVar = (sigma ** 2 * (1 - Math.exp(-2 * theta))) / (2 * theta);
    for (const scheme of SCHEMES) {
      const x1 = tf.tidy(() => {
        const th = tf.scalar(theta);
        return solveSdeTf({
          drift: (x) => tf.mul(x, tf.neg(th)) as tf.Tensor2D,
          x0: tf.fill([n, 1], x0) as tf.Tensor2D,
          sigma,
          grid,
          scheme,
          rng: new Random(77),
        }).x1;
      });
      const v = x1.dataSync();
      x1.dispose();
      let s = 0,
        s2 = 0;
      for (let i = 0; i < n; i++) s += v[i];
      const mean = s / n;
      for (let i = 0; i < n; i++) s2 += (v[i] - mean) ** 2;
      const variance = s2 / (n - 1);
      // X_1 is Gaussian: SE(mean) = √(v/n), SE(variance) = v√(2/(n−1)); 4 SE plus a discretisation-bias
      // allowance: EM with h = 0.02 has relative variance bias θh/2 = 1.5% (stationary variance σ²/(2θ − θ²h)),
      // mean bias |(1−θh)^50 − e^{−θ}| < 0.006 here; SRA1's are O(h²), far smaller.
      const seMean = Math.sqrt(exactVar / n);
      const seVar = exactVar * Math.sqrt(2 / (n - 1));
      const biasMean = scheme === 'sra1' ? 1e-4 : Math.abs((1 - theta * 0.02) ** 50 - Math.exp(-theta)) * x0;
      const biasVar = scheme === 'sra1' ? 1e-4 : 0.016 * exactVar;
      expect(Math.abs(mean - exactMean)).toBeLessThan(4 * seMean + biasMean);
      expect(Math.abs(variance - exactVar)).toBeLessThan(4 * seVar + biasVar);
    }
  });

  it('gradients of mean‖X1‖² + energy w.r.t. drift parameters match float64 finite differences', () => {
    const n = 128,
      dim = 2;
    const grid = uniformGrid(16);
    const x0 = startingPoints(n, dim, 4);
    const sigma = 0.6;
    for (const scheme of SCHEMES) {
      // F(θ, κ) = (1/n) Σ_s ‖X1_s‖² + (1/n) Σ_s energy_s, the same functional in both forms
      const F64 = (theta: number, kappa: number) => {
        const { x1, energy } = solveSde64({
          drift: drift64(theta, kappa),
          x0: { n, dim, data: x0 },
          sigma,
          grid,
          scheme,
          rng: new Random(9),
        });
        let f = 0;
        for (const v of x1.data) f += v * v;
        for (const e of energy) f += e;
        return f / n;
      };
      const theta0 = 0.8,
        kappa0 = -0.5,
        d = 1e-5;
      // central differences in float64: truncation O(d²) and rounding O(1e-16/d), both < 1e-9
      const fdTheta = (F64(theta0 + d, kappa0) - F64(theta0 - d, kappa0)) / (2 * d);
      const fdKappa = (F64(theta0, kappa0 + d) - F64(theta0, kappa0 - d)) / (2 * d);

      const before = tf.memory().numTensors;
      const theta = scalarVariable(theta0);
      const kappa = scalarVariable(kappa0);
      const x0t = tf.tensor2d(Float32Array.from(x0), [n, dim]);
      const { value, grads } = tf.variableGrads(() => {
        const { x1, drifts } = solveSdeTf({
          drift: driftTf(theta, kappa),
          x0: x0t,
          sigma,
          grid,
          scheme,
          rng: new Random(9),
        });
        const h = 1 / 16;
        const energy = tf.mul(tf.addN(drifts.map((u) => tf.sum(tf.square(u)))), (0.5 * h) / n);
        return tf.add(tf.div(tf.sum(tf.square(x1)), n), energy) as tf.Scalar;
      }, [theta, kappa]);
      expect(Math.abs(value.dataSync()[0] - F64(theta0, kappa0))).toBeLessThan(1e-4);
      const gTheta = grads[theta.name].dataSync()[0];
      const gKappa = grads[kappa.name].dataSync()[0];
      // float32 back-propagation through 16 steps × 128 samples: relative accuracy ~1e-5; 1e-3 bound.
      expect(Math.abs(gTheta - fdTheta)).toBeLessThan(1e-3 * (1 + Math.abs(fdTheta)));
      expect(Math.abs(gKappa - fdKappa)).toBeLessThan(1e-3 * (1 + Math.abs(fdKappa)));
      // the derivatives are far from zero, so the comparison is informative
      expect(Math.abs(fdTheta)).toBeGreaterThan(0.05);
      expect(Math.abs(fdKappa)).toBeGreaterThan(0.05);
      tf.dispose([value, theta, kappa, x0t]);
      tf.dispose(Object.values(grads));
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('does not leak tensors over repeated solves inside tf.tidy, under gradients, or when a drift throws', () => {
    const grid = uniformGrid(10);
    const x0 = tf.tensor2d(Float32Array.from(startingPoints(32, 3, 5)), [32, 3]);
    const theta = scalarVariable(0.5);
    const drift: DriftTf = (x) => tf.mul(tf.tanh(x), tf.neg(theta)) as tf.Tensor2D;
    // warm-up: backends allocate some tensors on first use of a kernel
    tf.tidy(() => {
      solveSdeTf({ drift, x0, sigma: 1, grid, scheme: 'sra1', rng: new Random(0) });
    });
    const before = tf.memory().numTensors;
    for (let r = 0; r < 3; r++) {
      for (const scheme of SCHEMES) {
        tf.tidy(() => {
          solveSdeTf({ drift, x0, sigma: 1, grid, scheme, rng: new Random(r), savePath: r === 1 });
        });
        const { value, grads } = tf.variableGrads(
          () =>
            tf.mean(tf.square(solveSdeTf({ drift, x0, sigma: 1, grid, scheme, rng: new Random(r) }).x1)) as tf.Scalar,
          [theta],
        );
        tf.dispose([value, ...Object.values(grads)]);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    const bad: DriftTf = (x, t) => (t > 0.35 ? tf.zeros([32, 2]) : tf.neg(x)) as tf.Tensor2D;
    expect(() => solveSdeTf({ drift: bad, x0, sigma: 1, grid, rng: new Random(0) })).toThrow(DimensionMismatchError);
    expect(() => solveSdeTf({ drift: bad, x0, sigma: 1, grid, rng: new Random(0), savePath: true })).toThrow(/step 4/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, theta]);
  });

  it('same seed ⇒ identical X1, different seeds differ; identity drift and eulerMaruyamaTf work', () => {
    const grid = uniformGrid(5);
    const run = (seed: number) =>
      tf.tidy(() =>
        Array.from(
          eulerMaruyamaTf({
            drift: (x) => x,
            x0: tf.ones([4, 2]) as tf.Tensor2D,
            sigma: 0.3,
            grid,
            rng: new Random(seed),
          }).x1.dataSync(),
        ),
      );
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    // dX = X dt + σ dW from 1: E X_1 ≈ e; with σ = 0.3 every sample stays far from 0
    for (const v of a) expect(v).toBeGreaterThan(1);
  });

  it('rejects bad inputs with typed errors', () => {
    const grid = uniformGrid(3);
    const drift: DriftTf = (x) => tf.neg(x);
    const before = tf.memory().numTensors;
    const x0 = tf.zeros([3, 2]) as tf.Tensor2D;
    const ok = { drift, x0, sigma: 1, grid, rng: new Random(1) };
    const nan = tf.tensor2d([[0, NaN]]);
    expect(() => solveSdeTf({ ...ok, x0: nan })).toThrow(NonFiniteValueError);
    const flat = tf.zeros([3]);
    expect(() => solveSdeTf({ ...ok, x0: flat as unknown as tf.Tensor2D })).toThrow(InvalidParameterError);
    const ints = tf.zeros([3, 2], 'int32') as tf.Tensor2D;
    expect(() => solveSdeTf({ ...ok, x0: ints })).toThrow(/float32/);
    expect(() => solveSdeTf({ ...ok, x0: [[0]] as unknown as tf.Tensor2D })).toThrow(InvalidParameterError);
    expect(() => solveSdeTf({ ...ok, sigma: 0 })).toThrow(InvalidParameterError);
    expect(() => solveSdeTf({ ...ok, sigma: [1, -1] })).toThrow(/sigma\[1\]/);
    expect(() => solveSdeTf({ ...ok, sigma: [1] })).toThrow(DimensionMismatchError);
    expect(() => solveSdeTf({ ...ok, grid: { times: new Float64Array([0, 2, 1]) } })).toThrow(InvalidParameterError);
    expect(() => solveSdeTf({ ...ok, scheme: 'heun' as SdeScheme })).toThrow(/scheme/);
    expect(() => solveSdeTf({ ...ok, rng: undefined })).toThrow(/rng/);
    expect(() => solveSdeTf({ ...ok, drift: 3 as unknown as DriftTf })).toThrow(InvalidParameterError);
    tf.dispose([x0, nan, flat, ints]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
