// NERD's training objective (Lei et al. 2022, NERDlagr.py `training_step`), in the library's units:
//   L(Q) = −mean_i log mean_j exp(−β·ρ(x_i, y_j)),   ρ(x, y) = ½‖x − y‖²,  y_j = G(z_j) ~ Q,
// which is their `g_loss` times ln 2 (their λ·‖x−y‖² is −β·ρ with λ = −β/2).
//
// Why a custom gradient: with M = 40,000 generated y per step the n×M matrix of exponents is the largest object
// in the step. Plain autodiff over a chunked log-sum-exp would keep every chunk's intermediates on the tape, so
// memory would still grow with M. The gradient is known in closed form instead:
//   ∂L/∂y_j = (β/n) Σ_i w_ij (y_j − x_i),   ∂L/∂x_i = (β/n)(x_i − Σ_j w_ij y_j),
// with w_ij = exp(−β ρ_ij − lse_i) the tilted weights (rows sum to 1) and lse_i = log Σ_j exp(−β ρ_ij). The
// forward pass streams lse_i over chunks of y; the backward pass recomputes each chunk's weights from the saved
// lse_i. Peak memory is O(n·chunkSize) either way, and only x, y and lse are kept for the backward pass.
import { InvalidParameterError, DimensionMismatchError, assertInteger, assertPositive, tf } from '@ratedistortion/core';

/**
 * Options of {@link nerdDualLossTf}.
 *
 * @example
 * ```ts
 * import type { NerdDualLossOptions } from '@ratedistortion/estimators';
 * const opts: NerdDualLossOptions = { chunkSize: 4096 };
 * ```
 */
export interface NerdDualLossOptions {
  /** Number of generated reconstructions processed at once (default 4096); bounds memory at n·chunkSize floats. */
  chunkSize?: number;
}

// ρ_ij = ½(‖x_i‖² + ‖y_j‖² − 2 x_i·y_j) for one chunk of y. The expansion (also what torch.cdist uses for large
// inputs) can round to a tiny negative number when x_i ≈ y_j; a squared distance is ≥ 0, so those are set to 0.
function halfSquaredDistances(x: tf.Tensor2D, xSq: tf.Tensor2D, yChunk: tf.Tensor2D): tf.Tensor2D {
  const ySq = tf.reshape(tf.sum(tf.square(yChunk), 1), [1, -1]);
  const cross = tf.matMul(x, tf.transpose(yChunk));
  return tf.relu(tf.mul(tf.sub(tf.add(xSq, ySq), tf.mul(cross, 2)), 0.5)) as tf.Tensor2D;
}

function chunkBounds(m: number, chunkSize: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < m; s += chunkSize) out.push([s, Math.min(chunkSize, m - s)]);
  return out;
}

function checkInputs(x: tf.Tensor, y: tf.Tensor, beta: number, chunkSize: number): void {
  if (!(x instanceof tf.Tensor) || x.rank !== 2)
    throw new InvalidParameterError('x', 'a rank-2 tensor [n, d]', x instanceof tf.Tensor ? x.shape : x);
  if (!(y instanceof tf.Tensor) || y.rank !== 2)
    throw new InvalidParameterError('y', 'a rank-2 tensor [m, d]', y instanceof tf.Tensor ? y.shape : y);
  if (x.shape[1] !== y.shape[1])
    throw new DimensionMismatchError(
      'y',
      x.shape[1] as number,
      y.shape[1] as number,
      'x and y must have the same number of columns',
    );
  if (x.shape[0] < 1 || y.shape[0] < 1)
    throw new InvalidParameterError('x', 'at least one row in x and in y', `${x.shape[0]} and ${y.shape[0]} rows`);
  assertPositive('beta', beta);
  assertInteger('chunkSize', chunkSize, 1);
}

/**
 * NERD's dual objective `−mean_i log mean_j exp(−β·½‖x_i − y_j‖²)` in nats, for source samples `x` [n, d] and
 * generated reconstructions `y` [m, d], streamed over chunks of `y` with an exact closed-form gradient with
 * respect to both `x` and `y` (so generator weights get gradients through `y`). Minimising it over the
 * reconstruction distribution Q gives the rate–distortion dual: `R(D) = min_Q L(Q) − β·D` at `β = 1/eps`.
 *
 * @param beta - `1/eps`; NERD's `λ` is `−β/2`.
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { nerdDualLossTf } from '@ratedistortion/estimators';
 * const x = tf.tensor2d([[0], [1]]);
 * const y = tf.tidy(() => tf.variable(tf.tensor2d([[0.5], [0.2], [0.9]]))); // tidy frees the initial tensor
 * const { value, grads } = tf.variableGrads(() => nerdDualLossTf(x, y, 4, { chunkSize: 2 }), [y]);
 * console.log(value.dataSync()[0], grads[y.name].shape); // loss in nats, [3, 1]
 * tf.dispose([x, y, value, grads[y.name]]);
 * ```
 */
export function nerdDualLossTf(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  beta: number,
  options: NerdDualLossOptions = {},
): tf.Scalar {
  const chunkSize = options.chunkSize ?? 4096;
  checkInputs(x, y, beta, chunkSize);
  const n = x.shape[0];
  const m = y.shape[0];
  const chunks = chunkBounds(m, chunkSize);
  const loss = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xs = args[0] as tf.Tensor2D;
    const ys = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    const xSq = tf.reshape(tf.sum(tf.square(xs), 1), [-1, 1]) as tf.Tensor2D;
    const perChunk = chunks.map(([start, len]) =>
      tf.tidy(() => {
        const rho = halfSquaredDistances(xs, xSq, tf.slice(ys, [start, 0], [len, -1]));
        return tf.logSumExp(tf.mul(rho, -beta), 1);
      }),
    );
    const lse = chunks.length === 1 ? perChunk[0] : tf.logSumExp(tf.stack(perChunk, 1), 1);
    save([xs, ys, lse]);
    const value = tf.add(tf.neg(tf.mean(lse)), Math.log(m)) as tf.Scalar;
    return {
      value,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [xS, yS, lseS] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        return tf.tidy(() => {
          const xSqB = tf.reshape(tf.sum(tf.square(xS), 1), [-1, 1]) as tf.Tensor2D;
          const lseCol = tf.reshape(lseS, [-1, 1]);
          const scale = tf.mul(dy, beta / n);
          let wy: tf.Tensor2D = tf.zerosLike(xS);
          const gy: tf.Tensor[] = [];
          for (const [start, len] of chunks) {
            const [gyChunk, wyChunk] = tf.tidy(() => {
              const yc = tf.slice(yS, [start, 0], [len, -1]) as tf.Tensor2D;
              const w = tf.exp(tf.sub(tf.mul(halfSquaredDistances(xS, xSqB, yc), -beta), lseCol)) as tf.Tensor2D;
              const colSum = tf.reshape(tf.sum(w, 0), [-1, 1]);
              const wtx = tf.matMul(tf.transpose(w), xS);
              return [tf.mul(tf.sub(tf.mul(yc, colSum), wtx), scale), tf.matMul(w, yc)];
            });
            gy.push(gyChunk);
            const next = tf.add(wy, wyChunk) as tf.Tensor2D;
            tf.dispose([wy, wyChunk]);
            wy = next;
          }
          const gx = tf.mul(tf.sub(xS, wy), scale);
          return [gx, gy.length === 1 ? gy[0] : tf.concat(gy, 0)];
        });
      },
    };
  });
  return loss(x, y) as tf.Scalar;
}
