import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import * as backendModule from '../backend/index.js';
import { InvalidParameterError } from '../errors/errors.js';
import { cholesky64, inverseSpd64, logdet64 } from './cholesky.js';
import { choleskyTf, logdetTf } from './cholesky-tf.js';
import { logMeanExp, logSumExp64, logSumExpStable } from './logsumexp.js';

// Loop over the backends the backend module lists for tests (cpu and wasm) once it provides them; cpu otherwise.
const backendApi = backendModule as unknown as {
  backendsForTests?: () => string[];
  useBackend?: (name: string) => unknown;
};
const backends = backendApi.backendsForTests?.() ?? ['cpu'];

const A = [
  [2.0, 0.6, -0.3],
  [0.6, 1.5, 0.2],
  [-0.3, 0.2, 0.8],
];
const d = A.length;

/** Central finite difference in float64 of f at A along the single entry (i, j). */
function fd(f: (m: number[][]) => number, i: number, j: number, h = 1e-6): number {
  const plus = A.map((r) => r.slice());
  const minus = A.map((r) => r.slice());
  plus[i][j] += h;
  minus[i][j] -= h;
  return (f(plus) - f(minus)) / (2 * h);
}
// The tf ops evaluate f(½(A + Aᵀ)); entry-wise FDs of the float64 reference use the same symmetrisation.
const sym = (m: number[][]) => m.map((r, i) => r.map((v, j) => 0.5 * (v + m[j][i])));

for (const backend of backends) {
  describe(`tfjs linear algebra on ${backend}`, () => {
    beforeAll(async () => {
      if (backendApi.useBackend) await backendApi.useBackend(backend);
      else await tf.setBackend(backend);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    it('logdetTf value matches float64 and its gradient equals inv(A)ᵀ and finite differences', () => {
      const before = tf.memory().numTensors;
      const a = tf.tensor2d(A);
      const value = logdetTf(a);
      // float32 storage of A perturbs log det by ~cond(A)·2⁻²⁴; 1e-5 is ample for cond ≈ 5.
      expect(value.dataSync()[0]).toBeCloseTo(logdet64(A), 5);
      const g = tf.grad((m: tf.Tensor) => logdetTf(m as tf.Tensor2D))(a);
      const gv = g.arraySync() as number[][];
      const inv = inverseSpd64(A);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          expect(gv[i][j]).toBeCloseTo(inv[j][i], 5);
          expect(gv[i][j]).toBeCloseTo(
            fd((m) => logdet64(sym(m)), i, j),
            5,
          );
        }
      }
      tf.dispose([a, value, g]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('choleskyTf value and gradient match float64 finite differences of a scalar of L', () => {
      const before = tf.memory().numTensors;
      // A weighting W of all entries of L (upper entries must not matter: L is lower triangular).
      const W = [
        [0.3, 9, 9],
        [-1.2, 0.7, 9],
        [0.5, 2.0, -0.4],
      ];
      const scalarOfL = (m: number[][]) => {
        const L = cholesky64(m);
        let s = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += W[i][j] * L[i][j] + 0.1 * L[i][j] ** 2;
        return s;
      };
      const a = tf.tensor2d(A);
      const L = choleskyTf(a);
      const ref = cholesky64(A);
      const Lv = L.arraySync();
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(Lv[i][j]).toBeCloseTo(ref[i][j], 6);
      const w = tf.tensor2d(W);
      const g = tf.grad((m: tf.Tensor) => {
        const l = choleskyTf(m as tf.Tensor2D);
        return tf.add(tf.sum(tf.mul(w, l)), tf.mul(0.1, tf.sum(tf.square(l))));
      })(a);
      const gv = g.arraySync() as number[][];
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++)
          expect(gv[i][j]).toBeCloseTo(
            fd((m) => scalarOfL(sym(m)), i, j),
            4,
          );
      tf.dispose([a, L, w, g]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('rejects a non-SPD or non-square tensor with InvalidParameterError', () => {
      const before = tf.memory().numTensors;
      const bad = tf.tensor2d([
        [1, 2],
        [2, 1],
      ]);
      const rect = tf.zeros([2, 3]) as tf.Tensor2D;
      expect(() => logdetTf(bad)).toThrow(InvalidParameterError);
      expect(() => choleskyTf(bad)).toThrow(/symmetric positive-definite/);
      expect(() => logdetTf(rect)).toThrow(/square/);
      tf.dispose([bad, rect]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('logSumExpStable / logMeanExp: no overflow, −∞ slices, axis handling, softmax gradient', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const big = tf.tensor1d([1000, 1000, 999]);
        expect(logSumExpStable(big).dataSync()[0]).toBeCloseTo(logSumExp64([1000, 1000, 999]), 3);
        expect(logSumExp64([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
        const m = tf.tensor2d([
          [1, 2, 3],
          [-Infinity, -Infinity, -Infinity],
        ]);
        const rows = logSumExpStable(m, 1).dataSync();
        expect(rows[0]).toBeCloseTo(logSumExp64([1, 2, 3]), 5);
        expect(rows[1]).toBe(-Infinity);
        const lme = logMeanExp(
          tf.tensor2d([
            [0, Math.log(3)],
            [0, 0],
          ]),
          0,
          true,
        );
        expect(lme.shape).toEqual([1, 2]);
        expect(Array.from(lme.dataSync())[1]).toBeCloseTo(Math.log(2), 6);
        const x = tf.tensor1d([0.5, -1, 2]);
        const g = tf
          .grad((t: tf.Tensor) => logSumExpStable(t) as tf.Scalar)(x)
          .dataSync();
        const z = logSumExp64([0.5, -1, 2]);
        [0.5, -1, 2].forEach((v, i) => expect(g[i]).toBeCloseTo(Math.exp(v - z), 6));
        expect(() => logSumExpStable(x, 3)).toThrow(/axis/);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
