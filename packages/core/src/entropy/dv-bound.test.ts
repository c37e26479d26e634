import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/index.js';
import { Random } from '../random/random.js';
import { dvBoundTf, momentMatchedGaussianTf } from './dv-bound.js';

describe('dvBoundTf', () => {
  it('is mean f(x) − log mean e^{f(z)}, computed here in float64 by hand', async () => {
    await useBackend('cpu');
    const fxv = [0.3, -1.2, 2.5, 0.1];
    const fzv = [1.5, -0.5, 0.25];
    const want =
      fxv.reduce((a, b) => a + b) / fxv.length - Math.log(fzv.reduce((a, b) => a + Math.exp(b), 0) / fzv.length);
    const [fx, fz] = [tf.tensor1d(fxv), tf.tensor1d(fzv)];
    const b = dvBoundTf(fx, fz);
    expect(b.dataSync()[0]).toBeCloseTo(want, 6);
    tf.dispose([fx, fz, b]);
  });

  it('is 0 for a constant critic (its own baseline) and does not leak tensors', async () => {
    await useBackend('cpu');
    const [fx, fz] = [tf.fill([5], 0.7), tf.fill([9], 0.7)];
    const before = tf.memory().numTensors;
    const b = dvBoundTf(fx, fz);
    expect(Math.abs(b.dataSync()[0])).toBeLessThan(1e-6);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([fx, fz]);
  });
});

describe('momentMatchedGaussianTf', () => {
  it('with the normals replaced by the whitened sample itself it gives the sample back (mean + ε Lᵀ inverts)', async () => {
    await useBackend('cpu');
    // x = m + ε₀ Lᵀ row-wise with ε₀ whitened to have exactly mean 0 and covariance I: then cov(x) = L Lᵀ and the
    // function maps ε₀ back to x (up to float32 round-off).
    const rng = new Random(11);
    const n = 64;
    const raw = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
    const eps0 = whiten(raw);
    const L = [
      [2, 0],
      [-0.6, 0.5],
    ];
    const m = [1, -3];
    const xRows = eps0.map(([a, b]) => [m[0] + a * L[0][0] + b * L[0][1], m[1] + a * L[1][0] + b * L[1][1]]);
    const x = tf.tensor2d(xRows);
    const normals = tf.tensor2d(eps0);
    const z = momentMatchedGaussianTf(x, normals);
    const zv = z.arraySync();
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) expect(zv[i][j]).toBeCloseTo(xRows[i][j], 4);
    tf.dispose([x, normals, z]);
  });

  it('passes gradients to x through the mean and the Cholesky factor', async () => {
    await useBackend('cpu');
    const rng = new Random(12);
    const x = tf.tensor2d(rng.fillNormal(new Float32Array(40)), [20, 2]);
    const normals = tf.tensor2d(rng.fillNormal(new Float32Array(60)), [30, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(momentMatchedGaussianTf(t as tf.Tensor2D, normals))))(x);
    const gv = g.dataSync();
    expect(gv.every((v) => Number.isFinite(v))).toBe(true);
    expect(gv.some((v) => v !== 0)).toBe(true);
    tf.dispose([x, normals, g]);
  });
});

/** Rows shifted and linearly mapped to sample mean exactly 0 and unbiased sample covariance exactly I (float64). */
function whiten(rows: number[][]): number[][] {
  const n = rows.length;
  const mean = [0, 1].map((j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const c = rows.map((r) => [r[0] - mean[0], r[1] - mean[1]]);
  const cov = (a: number, b: number) => c.reduce((s, r) => s + r[a] * r[b], 0) / (n - 1);
  // Cholesky of the 2×2 covariance, then solve L y = c for every row.
  const l00 = Math.sqrt(cov(0, 0));
  const l10 = cov(1, 0) / l00;
  const l11 = Math.sqrt(cov(1, 1) - l10 * l10);
  return c.map(([a, b]) => {
    const y0 = a / l00;
    return [y0, (b - l10 * y0) / l11];
  });
}
