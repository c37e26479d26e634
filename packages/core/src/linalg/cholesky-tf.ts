// Cholesky factorisation and log-determinant as differentiable tfjs ops. tfjs has neither (and no gradient
// for them), and its kernels are float32 only, so the forward value and the backward pass are both computed
// in float64 on the host from the tensor's data, and wrapped with tf.customGrad. The matrices involved are
// d×d covariances (d ≤ a few hundred), so the host round trip costs far less than the batch work around it.
// Trade-off: these ops are synchronous (dataSync) and have no second-order gradient.
import { tf } from '../backend/tf.js';
import { InvalidParameterError } from '../errors/errors.js';
import { cholesky64, inverseSpd64, logdetFromCholesky64, lowerTriangularInverse64 } from './cholesky.js';
import { onHostMemoryBackend } from '../backend/host-memory.js';
import { choleskyOpsTf, logdetOpsTf } from './cholesky-ops-tf.js';
import { assertSymmetric, symmetriseInPlace } from './dense-helpers.js';

function rowsOf(a: tf.Tensor2D, name: string): Float64Array[] {
  if (a.rank !== 2 || a.shape[0] !== a.shape[1]) {
    throw new InvalidParameterError(name, 'a square rank-2 tensor', a.shape.join('×'));
  }
  const d = a.shape[0];
  const flat = a.dataSync();
  return Array.from({ length: d }, (_, i) => Float64Array.from(flat.subarray(i * d, (i + 1) * d)));
}

// tfjs stores float32 data: symmetric input assembled in float32 (e.g. XᵀX/n) is symmetric to float32
// round-off only, so the float64 checks run on the exactly symmetrised matrix.
function symmetrised(rows: Float64Array[]): Float64Array[] {
  return symmetriseInPlace(rows.map((r) => Float64Array.from(r)));
}

// float32 round-off (2^-24 ≈ 6e-8) times a generous factor for accumulated sums.
const FLOAT32_SYMMETRY_RTOL = 1e-5;

function toTensor2D(rows: ReadonlyArray<ArrayLike<number>>): tf.Tensor2D {
  const d = rows.length;
  const flat = new Float32Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) flat[i * d + j] = rows[i][j];
  return tf.tensor2d(flat, [d, d]);
}

const logdetOp = tf.customGrad<tf.Scalar>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const a = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  const rows = rowsOf(a as tf.Tensor2D, 'matrix');
  assertSymmetric('matrix', rows, FLOAT32_SYMMETRY_RTOL);
  const sym = symmetrised(rows);
  const L = cholesky64(sym, 'matrix');
  const value = tf.scalar(logdetFromCholesky64(L));
  save([a]);
  return {
    value,
    // d log det A / dA = A^{-T}; for symmetric A that is A^{-1}, computed in float64.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const inv = toTensor2D(inverseSpd64(symmetrised(rowsOf(saved[0] as tf.Tensor2D, 'matrix')), 'matrix'));
      const g = tf.mul(inv, dy);
      inv.dispose();
      return [g as tf.Tensor];
    },
  };
});

/**
 * `log det A` of a symmetric positive-definite d×d tensor, differentiable (gradient `A⁻ᵀ = A⁻¹`).
 *
 * Value and gradient are computed in float64 from the tensor's data, so they are accurate even when the
 * float32 tensor ops around them are not. Throws `InvalidParameterError('matrix', …)` if `A` is not SPD. On a
 * device backend (webgpu) both come from float32 tfjs ops instead (a Cholesky factor column by column and autodiff;
 * no synchronous read mid-graph), and a matrix that is not SPD gives NaN.
 *
 * @example
 * ```ts
 * import { tf, logdetTf } from '@ratedistortion/core';
 * const a = tf.tensor2d([[2, 0.5], [0.5, 1]]);
 * const g = tf.grad((m: tf.Tensor) => logdetTf(m as tf.Tensor2D))(a); // = inv(a)
 * const value = tf.tidy(() => logdetTf(a).dataSync()[0]);
 * console.log(value, Array.from(g.dataSync())); // log 1.75; [0.571, −0.286, −0.286, 1.143]
 * tf.dispose([a, g]);
 * ```
 */
export function logdetTf(a: tf.Tensor2D): tf.Scalar {
  if (!onHostMemoryBackend()) return logdetOpsTf(a);
  return logdetOp(a) as tf.Scalar;
}

function lowerMask(d: number, strictDiag: 'lower' | 'upper-with-half-diag'): Float64Array[] {
  return Array.from({ length: d }, (_, i) => {
    const r = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      if (strictDiag === 'lower') r[j] = j <= i ? 1 : 0;
      else r[j] = j < i ? 1 : j === i ? 0.5 : 0;
    }
    return r;
  });
}

function matmul(
  a: ReadonlyArray<ArrayLike<number>>,
  b: ReadonlyArray<ArrayLike<number>>,
  transA = false,
  transB = false,
): Float64Array[] {
  const d = a.length;
  const out = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (transA ? a[k][i] : a[i][k]) * (transB ? b[j][k] : b[k][j]);
      out[i][j] = s;
    }
  }
  return out;
}

const choleskyOp = tf.customGrad<tf.Tensor2D>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const a = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  const rows = rowsOf(a as tf.Tensor2D, 'matrix');
  assertSymmetric('matrix', rows, FLOAT32_SYMMETRY_RTOL);
  const L = cholesky64(symmetrised(rows), 'matrix');
  const value = toTensor2D(L);
  save([value]);
  return {
    value,
    // Reverse-mode Cholesky (Murray 2016, "Differentiation of the Cholesky decomposition", Eq. 10):
    //   S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ with Φ = lower triangle with the diagonal halved, Ā = ½(S + Sᵀ).
    // ⟨S, δA⟩ = ⟨L̄, δL⟩ for every symmetric δA; Ā is its symmetric part, which is also the entry-wise
    // gradient of A ↦ chol(½(A + Aᵀ)), the function actually evaluated here.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const Lr = rowsOf(saved[0] as tf.Tensor2D, 'L');
      const d = Lr.length;
      const Lbar = rowsOf(dy as tf.Tensor2D, 'dy');
      const mask = lowerMask(d, 'lower');
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) Lbar[i][j] *= mask[i][j];
      const P = matmul(Lr, Lbar, true, false); // Lᵀ L̄
      const half = lowerMask(d, 'upper-with-half-diag');
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) P[i][j] *= half[i][j];
      const Linv = lowerTriangularInverse64(Lr);
      const S = matmul(matmul(Linv, P, true, false), Linv); // L⁻ᵀ Φ L⁻¹
      const G = Array.from({ length: d }, () => new Float64Array(d));
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G[i][j] = 0.5 * (S[i][j] + S[j][i]);
      return [toTensor2D(G) as tf.Tensor];
    },
  };
});

/**
 * Lower Cholesky factor `L` (`A = L Lᵀ`) of a symmetric positive-definite d×d tensor, differentiable.
 *
 * Computed in float64 on the host and returned as float32 (on a device backend, webgpu, from float32 tfjs ops
 * with autodiff; a matrix that is not SPD gives NaN there). The gradient is the symmetric reverse-mode rule
 * of Murray (2016); only the lower triangle of the incoming gradient is used (the upper triangle of `L` is 0).
 * Throws `InvalidParameterError('matrix', …)` if `A` is not SPD.
 *
 * @example
 * ```ts
 * import { tf, choleskyTf } from '@ratedistortion/core';
 * const a = tf.tensor2d([[4, 2], [2, 3]]);
 * const L = choleskyTf(a);
 * L.print(); // [[2, 0], [1, 1.4142]]
 * tf.dispose([a, L]);
 * ```
 */
export function choleskyTf(a: tf.Tensor2D): tf.Tensor2D {
  if (!onHostMemoryBackend()) return choleskyOpsTf(a);
  return choleskyOp(a) as tf.Tensor2D;
}
