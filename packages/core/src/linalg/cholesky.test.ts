import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Random } from '../random/random.js';
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import {
  assertSymmetricPositiveDefinite,
  cholesky64,
  choleskySolve64,
  inverseSpd64,
  logdet64,
  lowerTriangularInverse64,
} from './cholesky.js';
import { symmetricEigen64 } from './eigen.js';

/** A random SPD matrix B Bᵀ + δI with a wide spread of eigenvalues (seeded). */
/** A·B is the identity, entry by entry to `digits` decimals. */
function expectIdentityProduct(A: ArrayLike<number>[], B: ArrayLike<number>[], digits: number): void {
  const d = A.length;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += A[i][k] * B[k][j];
      expect(s).toBeCloseTo(i === j ? 1 : 0, digits);
    }
  }
}

function randomSpd(d: number, seed: number, ridge = 0.1): number[][] {
  const rng = new Random(seed);
  const B = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
  return B.map((_, i) =>
    B.map((__, j) => {
      let s = i === j ? ridge : 0;
      for (let k = 0; k < d; k++) s += B[i][k] * B[j][k];
      return s;
    }),
  );
}

describe('cholesky64', () => {
  it('factors a hand-checked 3×3 matrix exactly', () => {
    // A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]] (worked by hand): A = [[4,12,-16],[12,37,-43],[-16,-43,98]].
    const L = cholesky64([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expect(L.map((r) => Array.from(r))).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
    expect(
      logdet64([
        [4, 12, -16],
        [12, 37, -43],
        [-16, -43, 98],
      ]),
    ).toBeCloseTo(2 * Math.log(2 * 1 * 3), 13);
  });

  it('agrees with ml-matrix on random SPD matrices (d = 1, 4, 12)', () => {
    for (const [d, seed] of [
      [1, 1],
      [4, 2],
      [12, 3],
    ]) {
      const A = randomSpd(d, seed);
      const L = cholesky64(A);
      const ref = new CholeskyDecomposition(new Matrix(A)).lowerTriangularMatrix;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(L[i][j]).toBeCloseTo(ref.get(i, j), 10);
      let refLogdet = 0;
      for (let i = 0; i < d; i++) refLogdet += 2 * Math.log(ref.get(i, i));
      expect(logdet64(A)).toBeCloseTo(refLogdet, 10);
    }
  });

  it('accepts a flat row-major Float64Array', () => {
    const L = cholesky64(new Float64Array([4, 2, 2, 3]));
    expect(L[1][0]).toBe(1);
    expect(L[1][1]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('solves A x = b and inverts (residuals ~ machine precision)', () => {
    const A = randomSpd(8, 7);
    const L = cholesky64(A);
    const b = new Float64Array([1, -2, 3, 0.5, 0, 7, -1, 2]);
    const x = choleskySolve64(L, b);
    for (let i = 0; i < 8; i++) {
      let s = 0;
      for (let j = 0; j < 8; j++) s += A[i][j] * x[j];
      expect(s).toBeCloseTo(b[i], 9);
    }
    const inv = inverseSpd64(A);
    expectIdentityProduct(A, inv, 9);
    const Linv = lowerTriangularInverse64(L);
    expectIdentityProduct(L, Linv, 10);
  });

  it('rejects non-SPD, asymmetric, non-square and non-finite input with typed errors naming the parameter', () => {
    const indefinite = () =>
      cholesky64(
        [
          [1, 2],
          [2, 1],
        ],
        'covariance',
      );
    expect(indefinite).toThrow(InvalidParameterError);
    expect(indefinite).toThrow(/covariance.*symmetric positive-definite/);
    expect(() =>
      cholesky64([
        [1, 0],
        [0, 0],
      ]),
    ).toThrow(/symmetric positive-definite/);
    expect(() =>
      cholesky64(
        [
          [2, 1],
          [0, 2],
        ],
        'sigma',
      ),
    ).toThrow(/Invalid sigma/);
    expect(() => cholesky64([[1, 0], [0]] as number[][])).toThrow(DimensionMismatchError);
    expect(() =>
      cholesky64([
        [1, NaN],
        [NaN, 1],
      ]),
    ).toThrow(NonFiniteValueError);
    expect(() => cholesky64(new Float64Array(3))).toThrow(InvalidParameterError);
    expect(() => cholesky64([])).toThrow(InvalidParameterError);
    expect(() =>
      assertSymmetricPositiveDefinite('covariance', [
        [1, 0.5],
        [0.5, 1],
      ]),
    ).not.toThrow();
    try {
      assertSymmetricPositiveDefinite('covariance', [[-1]]);
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidParameterError).parameter).toBe('covariance');
    }
  });
});

describe('symmetricEigen64', () => {
  it('matches a hand-checked 2×2 case', () => {
    const { values, vectors } = symmetricEigen64([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[1][0] * vectors[1][1]).toBeGreaterThan(0);
    expect(vectors[0][0] * vectors[0][1]).toBeLessThan(0);
  });

  it('agrees with ml-matrix eigenvalues and satisfies A v = λ v, VᵀV = I (d = 10)', () => {
    const d = 10;
    const A = randomSpd(d, 11, 0.01);
    A[0][1] -= 3;
    A[1][0] -= 3; // make it indefinite too: Jacobi must not assume SPD
    const { values, vectors } = symmetricEigen64(A);
    const ref = Float64Array.from(
      new EigenvalueDecomposition(new Matrix(A), { assumeSymmetric: true }).realEigenvalues,
    ).sort();
    for (let k = 0; k < d; k++) expect(values[k]).toBeCloseTo(ref[k], 9);
    for (let k = 1; k < d; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += A[i][j] * vectors[k][j];
        expect(s).toBeCloseTo(values[k] * vectors[k][i], 9);
      }
      for (let l = 0; l < d; l++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += vectors[k][i] * vectors[l][i];
        expect(dot).toBeCloseTo(k === l ? 1 : 0, 12);
      }
    }
  });

  it('handles diagonal, 1×1 and zero matrices, and rejects asymmetric input', () => {
    expect(
      Array.from(
        symmetricEigen64([
          [3, 0],
          [0, -1],
        ]).values,
      ),
    ).toEqual([-1, 3]);
    expect(Array.from(symmetricEigen64([[5]]).values)).toEqual([5]);
    expect(
      Array.from(
        symmetricEigen64([
          [0, 0],
          [0, 0],
        ]).values,
      ),
    ).toEqual([0, 0]);
    expect(() =>
      symmetricEigen64(
        [
          [1, 2],
          [0, 1],
        ],
        'covariance',
      ),
    ).toThrow(/Invalid covariance/);
  });
});
