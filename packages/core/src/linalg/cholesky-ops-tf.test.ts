import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/use-backend.js';
import { Random } from '../random/random.js';
import { choleskyOpsTf, logdetOpsTf } from './cholesky-ops-tf.js';
import { choleskyTf, logdetTf } from './cholesky-tf.js';

/** A random SPD matrix B Bᵀ + d·I (seeded). */
function spd(d: number, seed: number): tf.Tensor2D {
  const rng = new Random(seed);
  const b = tf.tensor2d(rng.fillNormal(new Float32Array(d * d)), [d, d]);
  return tf.tidy(() => tf.add(tf.matMul(b, b, false, true), tf.mul(tf.eye(d), d)) as tf.Tensor2D);
}

describe('choleskyOpsTf / logdetOpsTf (the device-backend path) against the float64 host versions', () => {
  it.each([1, 2, 5, 9])('d = %i: factor, log det and both gradients agree to float32 rounding', async (d) => {
    await useBackend('cpu');
    const a = spd(d, 40 + d);
    const w = tf.tensor2d(new Random(7).fillNormal(new Float32Array(d * d)), [d, d]);
    const ops = tf.tidy(() => tf.sub(choleskyOpsTf(a), choleskyTf(a)));
    const scale = tf.tidy(() => tf.max(tf.abs(choleskyTf(a))).dataSync()[0]);
    expect(tf.tidy(() => tf.max(tf.abs(ops)).dataSync()[0])).toBeLessThan(1e-5 * scale);
    expect(tf.tidy(() => logdetOpsTf(a).dataSync()[0])).toBeCloseTo(
      tf.tidy(() => logdetTf(a).dataSync()[0]),
      4,
    );
    // Gradients of ⟨W, chol(A)⟩ (lower triangle of W only matters) and of log det.
    const gChol = (f: (m: tf.Tensor2D) => tf.Tensor2D) =>
      tf.grad((m: tf.Tensor) => tf.sum(tf.mul(tf.linalg.bandPart(w, -1, 0), f(m as tf.Tensor2D))))(a);
    const gLog = (f: (m: tf.Tensor2D) => tf.Scalar) => tf.grad((m: tf.Tensor) => f(m as tf.Tensor2D))(a);
    for (const [x, y] of [
      [gChol(choleskyOpsTf), gChol(choleskyTf)],
      [gLog(logdetOpsTf), gLog(logdetTf)],
    ]) {
      const got = x.dataSync();
      const want = y.dataSync();
      const m = Math.max(...Array.from(want, Math.abs));
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * m);
      tf.dispose([x, y]);
    }
    tf.dispose([a, w, ops]);
  });
});
