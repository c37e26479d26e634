// Differentiable tfjs form of the SDE solvers, for training a neural drift (R2D2): the whole trajectory is
// built from tf ops, so gradients of any function of X_1 and of the drift values flow back to the variables
// used inside `drift`.
//
// Noise: the Brownian increments are drawn in JavaScript from the same seeded `Random` streams as the
// Float64 solver (BrownianIncrements), scaled by σ in float64 and uploaded once per step as float32. So for a
// given seed the tfjs and the Float64 forms see the same path on every backend, and the tfjs form is
// checked against the Float64 form number for number (to float32 rounding).
import { InvalidParameterError } from '../errors/errors.js';
import { tf } from '../backend/tf.js';
import { diagonalSigma } from './diffusion.js';
import { assertTimeGrid } from './grid.js';
import { resolveBrownian, resolveScheme } from './internal.js';
import { fixedNoiseStepTf, scaledStepNoise } from './steps-tf.js';
import { SDE_SCHEMES } from './schemes.js';
import type { SolveSdeCommonOptions } from './solve-options.js';
import { assertStateTensor } from './tf-inputs.js';

/**
 * A drift u(x, t) on a batch tensor `x` of shape [n, dim]; returns a tensor of the same shape, built from tf
 * ops on `x` (and on trainable variables). Tensors it creates are tidied by the solver.
 *
 * @example
 * ```ts
 * import { tf, type DriftTf } from '@ratedistortion/core';
 * const theta = tf.scalar(2);
 * const ou: DriftTf = (x) => tf.mul(x, tf.neg(theta)); // Ornstein–Uhlenbeck drift −θx
 * const u = tf.tidy(() => ou(tf.ones([3, 1]) as tf.Tensor2D, 0));
 * console.log(Array.from(u.dataSync())); // [-2, -2, -2]
 * tf.dispose([u, theta]);
 * ```
 */
export type DriftTf = (x: tf.Tensor2D, t: number) => tf.Tensor2D;

/**
 * Options of {@link solveSdeTf}. Give exactly one of `rng` and `brownian`.
 *
 * @example
 * ```ts
 * import { Random, solveSdeTf, tf, uniformGrid, type SolveSdeTfOptions } from '@ratedistortion/core';
 * const x0 = tf.zeros([16, 2]) as tf.Tensor2D;
 * const options: SolveSdeTfOptions = {
 *   drift: (x) => tf.neg(x),
 *   x0,
 *   sigma: [0.5, 1],
 *   grid: uniformGrid(20),
 *   scheme: 'sra1',
 *   rng: new Random(4),
 * };
 * const { x1, drifts } = solveSdeTf(options);
 * console.log(x1.shape); // [16, 2]
 * tf.dispose([x0, x1, ...drifts]);
 * ```
 */
export interface SolveSdeTfOptions extends SolveSdeCommonOptions {
  drift: DriftTf;
  /** Initial states, float32 tensor [n, dim]; not disposed by the solver. */
  x0: tf.Tensor2D;
  /**
   * Read x0 back to check it is finite (default true). Set false in a training loop whose x0 was uploaded
   * from already validated float64 samples, to avoid a device read-back per solve.
   */
  checkFinite?: boolean;
}

/**
 * Result of {@link solveSdeTf}. Every tensor is new and owned by the caller (dispose them, or call the
 * solver inside `tf.tidy`).
 *
 * @example
 * ```ts
 * import { Random, solveSdeTf, tf, uniformGrid, type SolveSdeTfResult } from '@ratedistortion/core';
 * const x1Values = tf.tidy(() => {
 *   const r: SolveSdeTfResult = solveSdeTf({
 *     drift: (x) => tf.neg(x), x0: tf.ones([4, 1]), sigma: 1, grid: uniformGrid(10), rng: new Random(2),
 *   });
 *   return r.x1.dataSync(); // tensors created in the tidy are released on return
 * });
 * ```
 */
export interface SolveSdeTfResult {
  /** X at the last grid time, [n, dim]. */
  x1: tf.Tensor2D;
  /** u(X_{t_i}, t_i) for i = 0..K−1 (left-point drifts, for the energy ½ Σ ‖u‖² Δt_i of Alg. 1). */
  drifts: tf.Tensor2D[];
  /** X at t_0..t_K when `savePath` was set (path[0] and path[K] are copies of x0 and x1). */
  path?: tf.Tensor2D[];
}

/**
 * Integrate `dX = u(X,t) dt + σ dW` on `grid` with tfjs, differentiably w.r.t. the variables inside `drift`.
 * Same schemes, same arithmetic and (for the same generator state) the same Brownian increments as
 * {@link solveSde64}. Does not read results back from the device; check the finiteness of your loss.
 *
 * Throws {@link InvalidParameterError} (or a subclass) for an x0 that is not a finite float32 [n, dim]
 * tensor, σ ≤ 0 or of the wrong length, a bad grid or scheme, and {@link DimensionMismatchError} when the
 * drift returns a tensor of another shape.
 *
 * @example
 * ```ts
 * import { Random, solveSdeTf, tf, uniformGrid } from '@ratedistortion/core';
 * const theta = tf.tidy(() => tf.variable(tf.scalar(1))); // tidy frees the initial tensor
 * const grid = uniformGrid(20);
 * const { value, grads } = tf.variableGrads(() => {
 *   const { x1, drifts } = solveSdeTf({
 *     drift: (x) => tf.mul(x, tf.neg(theta)),
 *     x0: tf.ones([64, 1]),
 *     sigma: 0.5,
 *     grid,
 *     rng: new Random(3),
 *   });
 *   const energy = tf.addN(drifts.map((u) => tf.mul(tf.sum(tf.square(u)), 0.5 * 0.05 / 64)));
 *   return tf.add(energy, tf.mean(tf.square(x1))) as tf.Scalar;
 * });
 * console.log(grads[theta.name].dataSync()[0]); // d(energy + E[X₁²])/dθ
 * tf.dispose([theta, value, grads[theta.name]]);
 * ```
 */
export function solveSdeTf(options: SolveSdeTfOptions): SolveSdeTfResult {
  const { drift, x0, grid, savePath = false, checkFinite = true } = options;
  if (typeof drift !== 'function') throw new InvalidParameterError('drift', 'a function (x, t) => tf.Tensor2D', drift);
  const scheme = resolveScheme(options.scheme);
  assertTimeGrid('grid', grid);
  const [n, dim] = assertStateTensor(x0, checkFinite);
  const sigma = diagonalSigma(options.sigma, dim);
  const brownian = resolveBrownian(options.rng, options.brownian, n, dim, grid);
  const sra1 = SDE_SCHEMES[scheme].needsLevyArea;

  const times = grid.times;
  const steps = times.length - 1;
  const dW = new Float64Array(n * dim);
  const levy = sra1 ? new Float64Array(n * dim) : undefined;

  const drifts: tf.Tensor2D[] = [];
  const path: tf.Tensor2D[] | undefined = savePath ? [tf.clone(x0)] : undefined;
  let x = x0;
  try {
    for (let i = 0; i < steps; i++) {
      const t = times[i];
      const h = times[i + 1] - t;
      const noise = scaledStepNoise(brownian, i, sigma, dW, levy);
      const prev = x;
      const [next, u] = tf.tidy(() => fixedNoiseStepTf(drift, prev, t, h, noise, `step ${i}`));
      drifts.push(u);
      if (path) path.push(next);
      else if (prev !== x0) prev.dispose();
      x = next;
    }
  } catch (err) {
    for (const u of drifts) u.dispose();
    if (path) for (const p of path) p.dispose();
    else if (x !== x0) x.dispose();
    throw err;
  }
  if (path) {
    const x1 = tf.clone(x);
    return { x1, drifts, path };
  }
  return { x1: x, drifts };
}

/**
 * {@link solveSdeTf} with the Euler–Maruyama scheme (the paper's Alg. 2).
 *
 * @example
 * ```ts
 * import { Random, eulerMaruyamaTf, tf, uniformGrid } from '@ratedistortion/core';
 * const x0 = tf.zeros([8, 2]) as tf.Tensor2D;
 * const { x1, drifts } = eulerMaruyamaTf({
 *   drift: (x) => tf.neg(x),
 *   x0,
 *   sigma: 1,
 *   grid: uniformGrid(10),
 *   rng: new Random(1),
 * });
 * console.log(x1.shape, drifts.length); // [8, 2] 10
 * x0.dispose();
 * x1.dispose();
 * drifts.forEach((u) => u.dispose());
 * ```
 */
export function eulerMaruyamaTf(options: Omit<SolveSdeTfOptions, 'scheme'>): SolveSdeTfResult {
  return solveSdeTf({ ...options, scheme: 'euler-maruyama' });
}
