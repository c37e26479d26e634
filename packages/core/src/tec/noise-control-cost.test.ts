// The noise-control cost against the general KL divergence of two multivariate Gaussians, evaluated in float64
// from its textbook formula ½[tr(Σ₀⁻¹Σ₁) − d + (μ₀ − μ₁)ᵀΣ₀⁻¹(μ₀ − μ₁) + log det Σ₀ − log det Σ₁] with explicit
// matrices (an independent route: no per-coordinate shortcut, the rotation is applied as a matrix).
import { afterAll, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/use-backend.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { uniformGrid } from '../sde/grid.js';
import { controlEnergyTf } from './energy.js';
import { tecLossTf } from './loss.js';
import { noiseControlCostPerSampleTf, noiseControlCostTf } from './noise-control-cost.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

/** KL(N(μ1, Σ1) ‖ N(μ0, σ0² I)) for 2-D Gaussians, from the general formula with 2×2 matrices. */
function gaussianKl2(mu1: number[], s1: number[], mu0: number[], var0: number): number {
  const det1 = s1[0] * s1[3] - s1[1] * s1[2];
  const tr = (s1[0] + s1[3]) / var0;
  const dm = [mu0[0] - mu1[0], mu0[1] - mu1[1]];
  const quad = (dm[0] ** 2 + dm[1] ** 2) / var0;
  return 0.5 * (tr - 2 + quad + 2 * Math.log(var0) - Math.log(det1));
}

afterAll(async () => {
  await useBackend('cpu');
});

describeOnEachBackend('noise-control cost', () => {
  it('eps·(‖u‖²h/(2eps) + cost) of one step is eps × the Gaussian KL of the controlled step against N(x, eps·h I)', async () => {
    const eps = 0.3,
      h = 0.25,
      angle = 0.9;
    const v = [Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)];
    const rng = new Random(8);
    const n = 5;
    const s = rng.fillNormal(new Float64Array(n * 2)).map((x) => Math.fround(0.7 * x));
    const u = rng.fillNormal(new Float64Array(n * 2)).map(Math.fround);
    const grid = uniformGrid(4);
    const zeros = new Float32Array(n * 2);
    // Four steps, only the second one controlled: the per-sample cost is that step's.
    const logGains = [0, 1, 2, 3].map((k) => tf.tensor2d(k === 1 ? Float32Array.from(s) : zeros, [n, 2]));
    const drifts = [0, 1, 2, 3].map((k) => tf.tensor2d(k === 1 ? Float32Array.from(u) : zeros, [n, 2]));
    const cost = noiseControlCostPerSampleTf(logGains, grid).dataSync();
    const energy = controlEnergyTf(drifts, grid);
    let meanKl = 0;
    for (let m = 0; m < n; m++) {
      const g2 = [Math.exp(2 * s[2 * m]), Math.exp(2 * s[2 * m + 1])];
      const cov = [0, 0, 0, 0];
      for (let r = 0; r < 2; r++)
        for (let c = 0; c < 2; c++)
          cov[r * 2 + c] = eps * h * (v[r * 2] * g2[0] * v[c * 2] + v[r * 2 + 1] * g2[1] * v[c * 2 + 1]);
      const kl = gaussianKl2([u[2 * m] * h, u[2 * m + 1] * h], cov, [0, 0], eps * h);
      const meanPart = (h * (u[2 * m] ** 2 + u[2 * m + 1] ** 2)) / (2 * eps);
      expect(Math.abs(cost[m] - (kl - meanPart))).toBeLessThan(2e-6 * (1 + kl));
      meanKl += kl / n;
    }
    const c = noiseControlCostTf(logGains, grid);
    expect(Math.abs(energy.dataSync()[0] + eps * c.dataSync()[0] - eps * meanKl)).toBeLessThan(
      2e-6 * (1 + eps * meanKl),
    );
    tf.dispose([c, energy, ...logGains, ...drifts]);
  });

  it('tecLossTf adds eps·cost, is zero-cost without gains, and validates the gains', async () => {
    const grid = uniformGrid(2);
    const drifts = [tf.ones([3, 1]) as tf.Tensor2D, tf.ones([3, 1]) as tf.Tensor2D];
    const logNoiseGains = [tf.fill([3, 1], Math.log(2)) as tf.Tensor2D, tf.zeros([3, 1]) as tf.Tensor2D];
    const x1 = tf.tensor2d([[0], [1], [2]]);
    const entropy = { entropyTf: () => tf.scalar(0.5) };
    const before = tf.memory().numTensors;
    const out = tecLossTf({ drifts, grid, x1, eps: 0.2, entropy, logNoiseGains });
    const cost = 0.5 * (4 - 1 - 2 * Math.log(2));
    expect(out.noiseCost.dataSync()[0]).toBeCloseTo(cost, 6);
    expect(out.loss.dataSync()[0]).toBeCloseTo(0.5 + 0.2 * (0.5 + cost), 6);
    tf.dispose([out.loss, out.energy, out.entropy, out.noiseCost]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tecLossTf({ drifts, grid, x1, eps: 0.2, entropy, logNoiseGains: logNoiseGains.slice(1) })).toThrow(
      /logNoiseGains/,
    );
    const wide = [tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([3, 2]) as tf.Tensor2D];
    expect(() => tecLossTf({ drifts, grid, x1, eps: 0.2, entropy, logNoiseGains: wide })).toThrow(
      DimensionMismatchError,
    );
    expect(() => noiseControlCostTf([logNoiseGains[0]], grid)).toThrow(InvalidParameterError);
    tf.dispose([...drifts, ...logNoiseGains, x1, ...wide]);
  });
});
