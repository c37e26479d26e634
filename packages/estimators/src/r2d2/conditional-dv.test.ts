import { describe, expect, it } from 'vitest';
import { Random, tf } from '@ratedistortion/core';
import { ConditionalDvEntropy } from './conditional-dv.js';

describe('ConditionalDvEntropy', () => {
  it('learns eps-dependent laws: uniform at one eps feature, Gaussian at another (exact entropies 0 and ½ log 2πe·σ²)', () => {
    const rng = new Random(21);
    const n = 256;
    const dv = new ConditionalDvEntropy({
      dim: 1,
      hidden: [16, 16],
      learningRate: 1e-2,
      initRng: new Random(1),
      rng: new Random(2),
      scaling: { mean: new Float64Array([0.5]), scale: new Float64Array([0.29]) },
    });
    // Same variance 1/12 for both, so the Gaussian plug-in alone cannot tell them apart: ½ log(2πe/12) = 0.1765.
    const sd = Math.sqrt(1 / 12);
    const uniform = () => tf.tensor2d(rng.fillUniform(new Float32Array(n)), [n, 1]);
    const gaussian = () => tf.tensor2d(rng.fillNormal(new Float32Array(n), 0.5, sd), [n, 1]);
    for (let i = 0; i < 250; i++) {
      const u = uniform();
      const g = gaussian();
      dv.update(u, 0.1, -1);
      dv.update(g, 0.9, 1);
      tf.dispose([u, g]);
    }
    const hGauss = 0.5 * Math.log((2 * Math.PI * Math.E) / 12);
    const estimate = (make: () => tf.Tensor2D, e: number) => {
      let s = 0;
      for (let k = 0; k < 8; k++) {
        const x = make();
        s += tf.tidy(() => dv.entropyTf(x, e).dataSync()[0]);
        x.dispose();
      }
      return s / 8;
    };
    const hU = estimate(uniform, -1);
    const hG = estimate(gaussian, 1);
    // The uniform's negentropy (0.1765 nats) must be largely found by the conditioned critic: the estimate drops
    // from the Gaussian value toward 0 (measured 0.055 at this seed; a critic blind to eps would have to fit the
    // 50/50 mixture of both laws and lose about half of it); at the other eps it stays near 0 negentropy
    // (measured 0.178 vs 0.1765).
    expect(hU).toBeLessThan(0.1);
    expect(hU).toBeGreaterThan(-0.05);
    expect(Math.abs(hG - hGauss)).toBeLessThan(0.05);
    dv.dispose();
  });

  it('is differentiable w.r.t. x and round-trips its state exactly', () => {
    const mk = () =>
      new ConditionalDvEntropy({
        dim: 2,
        hidden: [8],
        learningRate: 1e-3,
        initRng: new Random(4),
        rng: new Random(5),
        scaling: { mean: new Float64Array(2), scale: new Float64Array([1, 1]) },
      });
    const a = mk();
    const x = tf.tensor2d(new Random(6).fillNormal(new Float32Array(64 * 2)), [64, 2]);
    a.update(x, 0.3, 0.2);
    a.update(x, 0.3, 0.2);
    const g = tf.grad((v: tf.Tensor) => a.entropyTf(v as tf.Tensor2D, 0.2))(x);
    expect(g.shape).toEqual([64, 2]);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    const b = mk();
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.getState()).toEqual(a.getState());
    const before = tf.memory().numTensors;
    a.update(x, 0.3, 0.2);
    b.update(x, 0.3, 0.2);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => a.setState({ kind: 'knife' })).toThrow(/entropyModel/);
    tf.dispose([x, g]);
    a.dispose();
    b.dispose();
  });

  it('with the source whitening: the same estimate on a well-conditioned sample, and a collapsed direction no longer breaks Cholesky', () => {
    // A rotated 3-D Gaussian whose third principal variance is 5·10⁻¹⁰ of the first (what a noise-controlled rollout
    // leaves of an inactive direction). Exact entropy ½ Σ log(2πe λⱼ); the plug-in part is what matters here.
    const lambda = [2, 0.5, 1e-9];
    // Columns of a rotation in the (1, 2) plane times one in the (1, 3) plane: every axis mixes every direction.
    const [c, s, c2, s2] = [Math.cos(0.7), Math.sin(0.7), Math.cos(0.5), Math.sin(0.5)];
    const basis = new Float64Array([c * c2, -s, -c * s2, s * c2, c, -s * s2, s2, 0, c2]);
    const source = (lam: number[]) => {
      const rng = new Random(5);
      const z = rng.fillNormal(new Float64Array(512 * 3));
      const data = new Float32Array(512 * 3);
      for (let i = 0; i < 512; i++)
        for (let r = 0; r < 3; r++) {
          let v = 0;
          for (let j = 0; j < 3; j++) v += basis[r * 3 + j] * Math.sqrt(lam[j]) * z[i * 3 + j];
          data[i * 3 + r] = v;
        }
      return tf.tensor2d(data, [512, 3]);
    };
    const whitening = { mean: new Float64Array(3), scale: Float64Array.from([2, 0.5, 1e-6], Math.sqrt), basis };
    const make = (w: boolean) =>
      new ConditionalDvEntropy({
        dim: 3,
        hidden: [8],
        learningRate: 1e-2,
        initRng: new Random(1),
        rng: new Random(2),
        scaling: { mean: new Float64Array(3), scale: new Float64Array([1, 1, 1]) },
        ...(w ? { whitening } : {}),
      });
    const good = source([2, 0.5, 0.3]);
    const [plain, white] = [make(false), make(true)];
    const [hp, hw] = [plain, white].map((dv) => tf.tidy(() => dv.entropyTf(good, 0).dataSync()[0]));
    // Same critic and ξ draws, but the reference is ξ times a different square root of the same covariance (Cholesky
    // in whitened coordinates), so the DV term differs by its Monte Carlo noise (measured 0.026); the plug-in parts
    // agree to rounding (a wrong whitening log-determinant would be off by Σ log sⱼ = −6.9).
    expect(Math.abs(hp - hw)).toBeLessThan(0.1);
    const bad = source(lambda);
    const exact = lambda.reduce((a, l) => a + 0.5 * Math.log(2 * Math.PI * Math.E * l), 0);
    // Without whitening, float32 rounding of the raw covariance (≈ 10⁻⁷ of its largest entry) swamps the 10⁻⁹
    // variance: the factorisation fails or the log-determinant is far off.
    let hPlain = NaN;
    try {
      hPlain = tf.tidy(() => plain.entropyTf(bad, 0).dataSync()[0]);
    } catch (err) {
      expect(String(err)).toMatch(/positive-definite/);
    }
    if (Number.isFinite(hPlain)) expect(Math.abs(hPlain - exact)).toBeGreaterThan(1);
    // Trained on the law (Gaussian, so the DV term goes to ≈ 0; untrained it is −0.49 here), the estimate is the
    // plug-in of 512 draws, within ≈ 0.05 nats of the exact value.
    for (let k = 0; k < 100; k++) white.update(bad, 0.5, 0);
    const h = tf.tidy(() => white.entropyTf(bad, 0).dataSync()[0]);
    expect(Math.abs(h - exact)).toBeLessThan(0.15);
    tf.dispose([good, bad]);
    plain.dispose();
    white.dispose();
  });
});
