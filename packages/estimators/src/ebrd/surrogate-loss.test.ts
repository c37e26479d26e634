import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, tf, useBackend } from '@ratedistortion/core';
import { ebrdSurrogateLoss } from './surrogate-loss.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// A case where Eq. (4) is known exactly. X ~ N(0, 1); the quadratic energy E_θ(y) = ½a y² − aμ y (θ = (a, μ))
// has Q_θ = N(μ, 1/a). With s = eps + 1/a, E_Q e^{−½(x−Y)²/eps} = √(eps/s)·e^{−½(x−μ)²/s}, so
//   L(θ) = ½ log(s/eps) + (1 + μ²)/(2s),
//   ∂L/∂a = (1/(2s) − (1 + μ²)/(2s²))·(−1/a²),   ∂L/∂μ = μ/s.
// P_{Y|X}^θ is Gaussian (precision a + 1/eps, mean (aμ + x/eps)/(a + 1/eps)), so both laws of Eq. (4) can be
// sampled exactly; the surrogate's autodiff gradient must then match ∇L within Monte Carlo error.
function exactGradient(a: number, mu: number, eps: number) {
  const s = eps + 1 / a;
  return { a: (1 / (2 * s) - (1 + mu * mu) / (2 * s * s)) * (-1 / (a * a)), mu: mu / s };
}

function check(a0: number, mu0: number, eps: number, seed: number) {
  const n = 100_000;
  const rng = new Random(seed);
  const yc = new Float64Array(n);
  const ym = new Float64Array(n);
  const prec = a0 + 1 / eps;
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    yc[i] = (a0 * mu0 + x / eps) / prec + rng.normal() / Math.sqrt(prec);
    ym[i] = mu0 + rng.normal() / Math.sqrt(a0);
  }
  const a = tf.variable(tf.scalar(a0));
  const mu = tf.variable(tf.scalar(mu0));
  const energy = (y: tf.Tensor2D) =>
    tf.tidy(() => {
      const v = tf.reshape(y, [-1]);
      return tf.sub(tf.mul(tf.mul(tf.square(v), a), 0.5), tf.mul(tf.mul(v, a), mu)) as tf.Tensor1D;
    });
  const tc = tf.tensor2d(Float32Array.from(yc), [n, 1]);
  const tm = tf.tensor2d(Float32Array.from(ym), [n, 1]);
  const { value, grads } = tf.variableGrads(() => ebrdSurrogateLoss(energy, tc, tm), [a, mu]);
  const got = { a: grads[a.name].dataSync()[0], mu: grads[mu.name].dataSync()[0] };
  tf.dispose([value, grads[a.name], grads[mu.name], a, mu, tc, tm]);
  // Standard error of (1/n)Σg(y_c) − (1/n)Σg(y_m) for the per-sample gradients g_a = ½y² − μy, g_μ = −a·y,
  // from the same float64 draws; the float32 sums add ~1e-6 relative error, far below it.
  const se = (g: (y: number) => number) => {
    const v = (arr: Float64Array) => {
      let m = 0;
      for (const y of arr) m += g(y);
      m /= n;
      let s = 0;
      for (const y of arr) s += (g(y) - m) ** 2;
      return s / (n - 1);
    };
    return Math.sqrt((v(yc) + v(ym)) / n);
  };
  return {
    got,
    ref: exactGradient(a0, mu0, eps),
    se: { a: se((y) => 0.5 * y * y - mu0 * y), mu: se((y) => -a0 * y) },
  };
}

describe('ebrdSurrogateLoss', () => {
  it('has the exact gradient of the dual objective L(θ) (quadratic energy, exact samples)', () => {
    for (const [a0, mu0, eps, seed] of [
      [0.7, 0.4, 0.25, 1],
      [3, -0.3, 0.5, 2],
    ] as const) {
      const { got, ref, se } = check(a0, mu0, eps, seed);
      // 5 standard errors: a false alarm has probability < 1e-6 per component.
      expect(Math.abs(got.a - ref.a)).toBeLessThan(5 * se.a);
      expect(Math.abs(got.mu - ref.mu)).toBeLessThan(5 * se.mu);
      // The reference gradient is far from zero here, so a sign or factor error would be caught.
      expect(Math.abs(ref.a)).toBeGreaterThan(10 * se.a);
    }
  });

  it('vanishes at the optimum Q = N(0, 1 − eps) (a = 1/(1 − eps), μ = 0)', () => {
    const eps = 0.25;
    const { got, ref, se } = check(1 / (1 - eps), 0, eps, 3);
    expect(Math.abs(ref.a)).toBeLessThan(1e-12);
    expect(Math.abs(got.a)).toBeLessThan(5 * se.a);
    expect(Math.abs(got.mu)).toBeLessThan(5 * se.mu);
  });

  it('rejects bad input', () => {
    const e = (y: tf.Tensor2D) => tf.sum(y, 1) as tf.Tensor1D;
    const a = tf.tensor2d([[1]]);
    const b = tf.tensor2d([[1, 2]]);
    expect(() => ebrdSurrogateLoss(e, a, b)).toThrow(InvalidParameterError);
    expect(() => ebrdSurrogateLoss(e, a, tf.tensor1d([1]) as unknown as tf.Tensor2D)).toThrow(/marginal/);
    expect(() => ebrdSurrogateLoss(null as unknown as typeof e, a, a)).toThrow(/energy/);
    tf.dispose([a, b]);
  });
});
