// The noise-controlled Euler chain: Euler–Maruyama steps whose Gaussian noise is also scaled by the controller,
//   X_{i+1} = X_i + u(X_i, t_i) h + (g(X_i, t_i) ⊙ σ ΔW_i) Vᵀ,      g = exp(logGain), V an orthonormal basis.
// Why it exists: the TEC read-out (Eq. 24) of a plain Euler–Maruyama chain has a floor wherever the optimal
// reconstruction law P₁ is degenerate or nearly so — the directions of a Gaussian whose variance is below eps
// (inactive in reverse water-filling), or any direction once eps approaches its variance. The optimal drift
// there is a bridge gain that grows like 1/(1 − t); a chain whose every step adds noise of variance σ²h cannot
// collapse a direction before t = 1, and the bound it reads out stays above R(D) by an amount that decays only
// like √h (benchmarks/baselines/euler-floor.py). Letting the controller shrink the noise of a step removes the
// floor: for Gaussian sources the optimal chain then reproduces the optimal test channel exactly at any number
// of steps (the bridge transitions are Gaussian), and the rate bound stays valid because each step pays its
// exact Gaussian KL against the reference step N(x, σ²h I) (see noiseControlCostTf in tec/). With g ≡ 1 this is
// exactly the Euler–Maruyama chain of solveSdeTf, and as h → 0 any g ≠ 1 costs O(1) per step, so the chain
// tends to the paper's SDE; the control matters only near t = 1 where the drift is singular.
//
// Noise: increments come from the same seeded BrownianSource as solveSdeTf, drawn in basis coordinates (ΔW is
// isotropic, so rotating it by V does not change its law; with V = I and g ≡ 1 the two solvers give the same
// path for the same seed).
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { tf } from '../backend/tf.js';
import type { Random } from '../random/random.js';
import type { BrownianSource } from './brownian.js';
import { assertTimeGrid, type TimeGrid } from './grid.js';
import { resolveBrownian } from './internal.js';
import { noiseControlledStepTf, scaledStepNoise } from './steps-tf.js';
import { assertOrthonormalBasis, assertStateTensor, referenceSigma } from './tf-inputs.js';

/**
 * What a noise-controlled controller returns at (x, t): the drift u (shape [n, dim], original coordinates) and
 * the log noise gain log g (shape [n, dim], coordinates of the solver's `basis`). A type alias so that it can be
 * returned from `tf.tidy`.
 *
 * @example
 * ```ts
 * import { tf, type NoiseControl } from '@ratedistortion/core';
 * const c: NoiseControl = tf.tidy(() => ({ drift: tf.zeros([2, 1]) as tf.Tensor2D, logGain: tf.zeros([2, 1]) as tf.Tensor2D }));
 * tf.dispose([c.drift, c.logGain]);
 * ```
 */
export type NoiseControl = { drift: tf.Tensor2D; logGain: tf.Tensor2D };

/**
 * A controller of drift and noise gain on a batch `x` of shape [n, dim], built from tf ops (tensors it creates are
 * tidied by the solver).
 *
 * @example
 * ```ts
 * import { tf, type NoiseControlTf } from '@ratedistortion/core';
 * // Brownian bridge to 0 on the grid: gain −x/(1 − t) and a step noise shrunk like the bridge's.
 * const h = 0.25;
 * const bridge: NoiseControlTf = (x, t) => ({
 *   drift: tf.mul(x, -1 / (1 - t)) as tf.Tensor2D,
 *   logGain: tf.fill(x.shape, 0.5 * Math.log(Math.max(1 - (t + h), 1e-6) / (1 - t))) as tf.Tensor2D,
 * });
 * ```
 */
export type NoiseControlTf = (x: tf.Tensor2D, t: number) => NoiseControl;

/**
 * Options of {@link solveNoiseControlledTf}. Give exactly one of `rng` and `brownian`.
 *
 * @example
 * ```ts
 * import { Random, solveNoiseControlledTf, tf, uniformGrid, type SolveNoiseControlledTfOptions } from '@ratedistortion/core';
 * const x0 = tf.ones([8, 2]) as tf.Tensor2D;
 * const options: SolveNoiseControlledTfOptions = {
 *   control: (x) => ({ drift: tf.neg(x) as tf.Tensor2D, logGain: tf.zerosLike(x) as tf.Tensor2D }),
 *   x0, sigma: 0.5, grid: uniformGrid(10), rng: new Random(1),
 * };
 * const { x1, drifts, logGains } = solveNoiseControlledTf(options);
 * tf.dispose([x0, x1, ...drifts, ...logGains]);
 * ```
 */
export interface SolveNoiseControlledTfOptions {
  control: NoiseControlTf;
  /** Initial states, float32 tensor [n, dim]; not disposed by the solver. */
  x0: tf.Tensor2D;
  /** Reference noise amplitude σ > 0 (√eps for the TEC problem): the step noise is g·σ·ΔW. */
  sigma: number;
  grid: TimeGrid;
  /**
   * Orthonormal basis V, float32 [dim, dim] (columns are the directions the gains act on); default the
   * identity. Not disposed by the solver.
   */
  basis?: tf.Tensor2D;
  rng?: Random;
  brownian?: BrownianSource;
  /**
   * Read x0 (and the basis) back to check them (default true). Set false in a training loop whose inputs were
   * already validated, to avoid device read-backs per solve.
   */
  checkFinite?: boolean;
}

/**
 * Result of {@link solveNoiseControlledTf}; every tensor is new and owned by the caller.
 *
 * @example
 * ```ts
 * import { Random, solveNoiseControlledTf, tf, uniformGrid, type SolveNoiseControlledTfResult } from '@ratedistortion/core';
 * const shape = tf.tidy(() => {
 *   const r: SolveNoiseControlledTfResult = solveNoiseControlledTf({
 *     control: (x) => ({ drift: tf.neg(x) as tf.Tensor2D, logGain: tf.zerosLike(x) as tf.Tensor2D }),
 *     x0: tf.ones([4, 1]), sigma: 1, grid: uniformGrid(5), rng: new Random(2),
 *   });
 *   return r.x1.shape;
 * });
 * console.log(shape); // [4, 1]
 * ```
 */
export interface SolveNoiseControlledTfResult {
  /** X at the last grid time, [n, dim]. */
  x1: tf.Tensor2D;
  /** u(X_{t_i}, t_i) for i = 0..K−1 (for the control energy ½ Σ ‖u‖² Δt_i). */
  drifts: tf.Tensor2D[];
  /** log g(X_{t_i}, t_i) for i = 0..K−1 (for the noise-control cost, see `noiseControlCostTf`). */
  logGains: tf.Tensor2D[];
}

/**
 * Integrate the noise-controlled Euler chain `X_{i+1} = X_i + u h + (exp(logGain) ⊙ σ ΔW_i) Vᵀ` on `grid` with
 * tfjs, differentiably w.r.t. the variables inside `control` (the noise enters by reparametrisation). With
 * logGain ≡ 0 and V = I it is {@link eulerMaruyamaTf}, number for number for the same seed.
 *
 * Throws {@link InvalidParameterError} for an x0 that is not a finite float32 [n, dim] tensor, σ ≤ 0, a bad
 * grid, a basis that is not an orthonormal [dim, dim] matrix, and {@link DimensionMismatchError} when the
 * control returns tensors of another shape.
 *
 * @example
 * ```ts
 * import { Random, noiseControlCostTf, solveNoiseControlledTf, tf, uniformGrid } from '@ratedistortion/core';
 * const s = tf.tidy(() => tf.variable(tf.scalar(-0.5))); // one log gain for every step
 * const grid = uniformGrid(4);
 * const { value, grads } = tf.variableGrads(() => {
 *   const { x1, logGains } = solveNoiseControlledTf({
 *     control: (x) => ({ drift: tf.zerosLike(x) as tf.Tensor2D, logGain: tf.mul(tf.onesLike(x), s) as tf.Tensor2D }),
 *     x0: tf.zeros([256, 1]), sigma: 1, grid, rng: new Random(0),
 *   });
 *   // KL of the chain against plain Brownian steps plus the entropy of a Gaussian X1
 *   const h = tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x1).variance)));
 *   return tf.add(noiseControlCostTf(logGains, grid), h) as tf.Scalar;
 * });
 * console.log(grads[s.name].dataSync()[0]); // ≈ 4(e^{−1} − 1) + 1 < 0: this objective prefers less shrinking
 * tf.dispose([s, value, grads[s.name]]);
 * ```
 */
export function solveNoiseControlledTf(options: SolveNoiseControlledTfOptions): SolveNoiseControlledTfResult {
  const { control, x0, grid, checkFinite = true } = options;
  if (typeof control !== 'function')
    throw new InvalidParameterError('control', 'a function (x, t) => { drift, logGain }', control);
  assertTimeGrid('grid', grid);
  const [n, dim] = assertStateTensor(x0, checkFinite);
  const sigmas = referenceSigma(options.sigma, dim);
  const basis = options.basis;
  if (basis !== undefined) assertOrthonormalBasis(basis, dim, checkFinite);
  const brownian = resolveBrownian(options.rng, options.brownian, n, dim, grid);

  const times = grid.times;
  const steps = times.length - 1;
  const dW = new Float64Array(n * dim);
  const basisT = basis ? (tf.transpose(basis) as tf.Tensor2D) : null;
  const drifts: tf.Tensor2D[] = [];
  const logGains: tf.Tensor2D[] = [];
  let x = x0;
  try {
    for (let i = 0; i < steps; i++) {
      const t = times[i];
      const h = times[i + 1] - t;
      const { noise } = scaledStepNoise(brownian, i, sigmas, dW, undefined);
      const prev = x;
      const [next, u, s] = tf.tidy(() => noiseControlledStepTf(control, prev, t, h, noise, basisT, `step ${i}`));
      drifts.push(u);
      logGains.push(s);
      if (prev !== x0) prev.dispose();
      x = next;
    }
  } catch (err) {
    tf.dispose([...drifts, ...logGains]);
    if (x !== x0) x.dispose();
    throw err;
  } finally {
    basisT?.dispose();
  }
  return { x1: x === x0 ? tf.clone(x) : x, drifts, logGains };
}
