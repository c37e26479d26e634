// The noise-controlled chain against independent references: the plain Euler–Maruyama solver (gains ≡ 1),
// the exact Gaussian moment recursion of a linear chain (covariance of X1 within its standard error), and the
// exact gradient of a one-step chain computed from the same increments.
import { expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { BrownianIncrements } from './brownian.js';
import { customGrid, uniformGrid } from './grid.js';
import { solveNoiseControlledTf, type NoiseControlTf } from './noise-controlled.js';
import { solveSdeTf } from './solve-tf.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

/** A rotation by `angle` as a float32 [2, 2] tensor (columns are the basis vectors). */
const rotation = (angle: number): Float64Array =>
  Float64Array.from([Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)].map(Math.fround));

describeOnEachBackend('solveNoiseControlledTf', () => {
  it('with every gain 1 and no basis it is the Euler–Maruyama solver, number for number', () => {
    const n = 32,
      dim = 2;
    const grid = customGrid([0, 0.1, 0.3, 0.6, 1]);
    const x0 = tf.tensor2d(new Random(3).fillNormal(new Float32Array(n * dim)), [n, dim]);
    const drift = (x: tf.Tensor2D, t: number) => tf.add(tf.mul(tf.sin(x), -1.2), t) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const a = solveSdeTf({ drift, x0, sigma: 0.7, grid, rng: new Random(9) });
    const b = solveNoiseControlledTf({
      control: (x, t) => ({ drift: drift(x, t), logGain: tf.zerosLike(x) as tf.Tensor2D }),
      x0,
      sigma: 0.7,
      grid,
      rng: new Random(9),
    });
    expect(Array.from(b.x1.dataSync())).toEqual(Array.from(a.x1.dataSync()));
    b.drifts.forEach((u, i) => expect(Array.from(u.dataSync())).toEqual(Array.from(a.drifts[i].dataSync())));
    expect(b.logGains.length).toBe(4);
    tf.dispose([a.x1, ...a.drifts, b.x1, ...b.drifts, ...b.logGains]);
    expect(tf.memory().numTensors).toBe(before);
    x0.dispose();
  });

  it('a linear chain in a rotated basis has the covariance of the exact moment recursion (within 4 standard errors)', () => {
    // u = −A x with A = V diag(a) Vᵀ and per-step constant gains g in the basis V: X_{k+1} = F X_k + noise with
    // F = I − hA and noise covariance σ²h V diag(g²) Vᵀ, so Cov_{k+1} = F Cov_k Fᵀ + σ²h V diag(g²) Vᵀ exactly.
    const n = 20000,
      dim = 2,
      sigma = 0.8,
      steps = 5;
    const grid = uniformGrid(steps);
    const h = 1 / steps;
    const v = rotation(0.6);
    const a = [1.5, -0.4];
    const logG = [
      [-0.3, 0.2],
      [0.1, -1.0],
      [0, 0],
      [-2, 0.4],
      [0.5, -0.5],
    ];
    const A = [0, 0, 0, 0];
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) A[r * 2 + c] = v[r * 2] * a[0] * v[c * 2] + v[r * 2 + 1] * a[1] * v[c * 2 + 1];
    const x0Var = [1, 0.3, 0.3, 0.5]; // x0 = L z with L Lᵀ = x0Var
    const l00 = 1,
      l10 = 0.3,
      l11 = Math.sqrt(0.5 - 0.09);
    const z = new Random(5).fillNormal(new Float64Array(n * dim));
    const x0Data = new Float32Array(n * dim);
    for (let m = 0; m < n; m++) {
      x0Data[2 * m] = l00 * z[2 * m];
      x0Data[2 * m + 1] = l10 * z[2 * m] + l11 * z[2 * m + 1];
    }
    let cov = [...x0Var];
    for (let k = 0; k < steps; k++) {
      const F = [1 - h * A[0], -h * A[1], -h * A[2], 1 - h * A[3]];
      const fc = [
        F[0] * cov[0] + F[1] * cov[2],
        F[0] * cov[1] + F[1] * cov[3],
        F[2] * cov[0] + F[3] * cov[2],
        F[2] * cov[1] + F[3] * cov[3],
      ];
      const next = [
        fc[0] * F[0] + fc[1] * F[1],
        fc[0] * F[2] + fc[1] * F[3],
        fc[2] * F[0] + fc[3] * F[1],
        fc[2] * F[2] + fc[3] * F[3],
      ];
      for (let r = 0; r < 2; r++)
        for (let c = 0; c < 2; c++) {
          let q = 0;
          for (let j = 0; j < 2; j++) q += v[r * 2 + j] * Math.exp(2 * logG[k][j]) * v[c * 2 + j];
          next[r * 2 + c] += sigma * sigma * h * q;
        }
      cov = next;
    }
    const x0 = tf.tensor2d(x0Data, [n, dim]);
    const basis = tf.tensor2d(Float32Array.from(v), [2, 2]);
    const At = tf.tensor2d(Float32Array.from([A[0], A[2], A[1], A[3]]), [2, 2]); // x·Aᵀ = (A x)ᵀ
    const control: NoiseControlTf = (x, t) => {
      const k = Math.round(t * steps);
      return {
        drift: tf.neg(tf.matMul(x, At)) as tf.Tensor2D,
        logGain: tf.mul(tf.onesLike(x), tf.tensor1d(logG[k])) as tf.Tensor2D,
      };
    };
    const { x1, drifts, logGains } = solveNoiseControlledTf({ control, x0, sigma, grid, basis, rng: new Random(17) });
    const d = x1.dataSync();
    const mean = [0, 0];
    for (let m = 0; m < n; m++) {
      mean[0] += d[2 * m] / n;
      mean[1] += d[2 * m + 1] / n;
    }
    const emp = [0, 0, 0, 0];
    for (let m = 0; m < n; m++)
      for (let r = 0; r < 2; r++)
        for (let c = 0; c < 2; c++) emp[r * 2 + c] += ((d[2 * m + r] - mean[r]) * (d[2 * m + c] - mean[c])) / (n - 1);
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) {
        // Var of a Gaussian sample covariance entry: (Σ_rr Σ_cc + Σ_rc²)/n.
        const se = Math.sqrt((cov[r * 3] * cov[c * 3] + cov[r * 2 + c] ** 2) / n);
        expect(Math.abs(emp[r * 2 + c] - cov[r * 2 + c])).toBeLessThan(4 * se);
      }
    tf.dispose([x0, basis, At, x1, ...drifts, ...logGains]);
  });

  it('the gradient w.r.t. a log gain is exact: d/ds mean(X1²) = 2 e^{2s} σ² h mean(Z²) on a one-step chain', () => {
    const n = 64,
      sigma = 0.9,
      s0 = -0.7;
    const grid = uniformGrid(1);
    const dW = new Float64Array(n);
    new BrownianIncrements(new Random(4), { n, dim: 1, grid }).increment(0, dW);
    let sumSq = 0;
    for (const w of dW) sumSq += Math.fround(sigma * w) ** 2;
    const want = (2 * Math.exp(2 * s0) * sumSq) / n;
    const s = tf.variable(tf.scalar(s0));
    const x0 = tf.zeros([n, 1]) as tf.Tensor2D;
    const { value, grads } = tf.variableGrads(() => {
      const r = solveNoiseControlledTf({
        control: (x) => ({
          drift: tf.zerosLike(x) as tf.Tensor2D,
          logGain: tf.mul(tf.onesLike(x), s) as tf.Tensor2D,
        }),
        x0,
        sigma,
        grid,
        rng: new Random(4),
      });
      return tf.mean(tf.square(r.x1)) as tf.Scalar;
    }, [s]);
    expect(value.dataSync()[0]).toBeCloseTo((Math.exp(2 * s0) * sumSq) / n, 5);
    expect(Math.abs(grads[s.name].dataSync()[0] - want)).toBeLessThan(1e-5 * want);
    tf.dispose([s, x0, value, grads[s.name]]);
  });

  it('rejects bad input with typed errors naming the parameter', () => {
    const x0 = tf.zeros([4, 2]) as tf.Tensor2D;
    const ok: NoiseControlTf = (x) => ({
      drift: tf.zerosLike(x) as tf.Tensor2D,
      logGain: tf.zerosLike(x) as tf.Tensor2D,
    });
    const base = { control: ok, x0, sigma: 1, grid: uniformGrid(3), rng: new Random(0) };
    const before = tf.memory().numTensors;
    expect(() => solveNoiseControlledTf({ ...base, sigma: 0 })).toThrow(/sigma/);
    expect(() => solveNoiseControlledTf({ ...base, sigma: [1, 1] as unknown as number })).toThrow(
      InvalidParameterError,
    );
    const skew = tf.tensor2d([1, 0.1, 0, 1], [2, 2]);
    expect(() => solveNoiseControlledTf({ ...base, basis: skew })).toThrow(/orthonormal/);
    const small = tf.eye(3) as tf.Tensor2D;
    expect(() => solveNoiseControlledTf({ ...base, basis: small })).toThrow(/basis/);
    expect(() =>
      solveNoiseControlledTf({
        ...base,
        control: (x) => ({ drift: tf.zerosLike(x) as tf.Tensor2D, logGain: tf.zeros([4, 1]) as tf.Tensor2D }),
      }),
    ).toThrow(DimensionMismatchError);
    expect(() => solveNoiseControlledTf({ ...base, control: 3 as unknown as NoiseControlTf })).toThrow(/control/);
    tf.dispose([skew, small]);
    expect(tf.memory().numTensors).toBe(before);
    x0.dispose();
  });
});
