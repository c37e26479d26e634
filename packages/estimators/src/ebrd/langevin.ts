// Unadjusted Langevin MCMC as EBRD writes it (their Sec. II-A and Alg. 1):
//   y_k = y_{k−1} − (ε²/2)·∇_y E(y_{k−1}) + ε·z_k,   z_k ~ N(0, I),
// i.e. an Euler step of dY = −∇E dt + √2 dW with time step ε²/2. Every z_k comes from the library's seeded
// Random (float64 draws rounded to float32), so a seed fixes the whole chain on any backend.
import { InvalidParameterError, NumericalError, Random, assertInteger, assertPositive, tf } from '@ratedistortion/core';

/**
 * An energy on reconstruction space: maps a batch `[n, d]` to the `n` energies `E(y_i)` (shape `[n]`). Must be
 * differentiable in `y` (tfjs ops) for Langevin sampling, and in its parameters for training.
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import type { EnergyFunction } from '@ratedistortion/estimators';
 * // E(y) = ½‖y‖²/σ²: the energy of N(0, σ² I) with σ² = 0.75.
 * const quadratic: EnergyFunction = (y) => tf.div(tf.sum(tf.square(y), 1), 2 * 0.75) as tf.Tensor1D;
 * ```
 */
export type EnergyFunction = (y: tf.Tensor2D) => tf.Tensor1D;

/**
 * Settings of {@link langevinSample}: `steps` (their K) Langevin updates of step size `stepSize` (their ε:
 * drift coefficient ε²/2, noise scale ε), noise drawn from `rng`.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { LangevinOptions } from '@ratedistortion/estimators';
 * // The paper's Gaussian setting (Sec. IV-A): K = 50, ε = 1.2e-2.
 * const opts: LangevinOptions = { steps: 50, stepSize: 1.2e-2, rng: new Random(0) };
 * ```
 */
export interface LangevinOptions {
  /** Number of updates K (integer ≥ 0; 0 returns a copy of the initial points). */
  steps: number;
  /** EBRD's ε > 0: each update moves by −(ε²/2)∇E plus N(0, ε² I) noise. */
  stepSize: number;
  /** Source of the Gaussian noise (advanced by `steps·n·d` normal draws). */
  rng: Random;
  /** Throw a {@link NumericalError} if a chain ends non-finite (default true; costs one device read). */
  checkFinite?: boolean;
}

/**
 * Run `steps` Langevin updates on the energy `energy` from the rows of `init` (which stays the caller's);
 * returns the final points as a new `[n, d]` tensor the caller disposes.
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { langevinSample } from '@ratedistortion/estimators';
 * const rng = new Random(3);
 * const init = tf.tensor2d(rng.fillNormal(new Float32Array(1000)), [1000, 1]);
 * // Target N(2, 0.5): E(y) = (y − 2)²/(2·0.5).
 * const energy = (v: tf.Tensor2D) => tf.mul(tf.sum(tf.square(tf.sub(v, 2)), 1), 1 / (2 * 0.5)) as tf.Tensor1D;
 * const y = langevinSample(energy, init, { steps: 500, stepSize: 0.1, rng });
 * console.log(tf.tidy(() => tf.mean(y).dataSync()[0])); // ≈ 2
 * init.dispose();
 * y.dispose();
 * ```
 */
export function langevinSample(energy: EnergyFunction, init: tf.Tensor2D, options: LangevinOptions): tf.Tensor2D {
  if (typeof energy !== 'function')
    throw new InvalidParameterError('energy', 'a function y ↦ E(y) of shape [n]', energy);
  if (!(init instanceof tf.Tensor) || init.rank !== 2)
    throw new InvalidParameterError('init', 'a rank-2 tensor [n, d]', init);
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'LangevinOptions { steps, stepSize, rng }', options);
  const { steps, stepSize, rng } = options;
  assertInteger('steps', steps, 0);
  assertPositive('stepSize', stepSize);
  if (!Number.isFinite(stepSize)) throw new InvalidParameterError('stepSize', 'a finite number > 0', stepSize);
  if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
  const [n, d] = init.shape;
  const drift = tf.scalar(-0.5 * stepSize * stepSize);
  const noiseScale = tf.scalar(stepSize);
  const gradE = tf.grad((y: tf.Tensor) => tf.sum(energy(y as tf.Tensor2D)));
  const noise = new Float32Array(n * d);
  let y: tf.Tensor2D = tf.clone(init);
  try {
    for (let k = 0; k < steps; k++) {
      rng.fillNormal(noise);
      const prev = y;
      y = tf.tidy(() => {
        const g = gradE(prev);
        return tf.add(tf.add(prev, tf.mul(g, drift)), tf.mul(tf.tensor2d(noise, [n, d]), noiseScale)) as tf.Tensor2D;
      });
      prev.dispose();
    }
    if (options.checkFinite ?? true) {
      const ok = tf.tidy(() => tf.all(tf.isFinite(y)).dataSync()[0]);
      if (!ok) {
        throw new NumericalError(
          'Langevin sampling',
          `a chain became non-finite within ${steps} steps of size ${stepSize}; the energy is too steep for this step size (need (ε²/2)·curvature < 2)`,
        );
      }
    }
    return y;
  } catch (err) {
    y.dispose();
    throw err;
  } finally {
    drift.dispose();
    noiseScale.dispose();
  }
}

/**
 * EBRD's conditional energy `E'(x, y) = E(y) + β‖x − y‖²` (their Lemma 1), written in the library's
 * convention as `E(y) + ½‖x − y‖²/eps` (β = 1/(2·eps)); row i of `y` is paired with row i of `x`. Its Boltzmann
 * law is the tilted channel p(y|x) ∝ q(y)·exp(−½‖x−y‖²/eps) of Eq. (3).
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { conditionalEnergy } from '@ratedistortion/estimators';
 * const x = tf.tensor2d([[0], [1]]);
 * const e = conditionalEnergy((y) => tf.sum(tf.square(y), 1) as tf.Tensor1D, x, 0.5);
 * console.log(tf.tidy(() => Array.from(e(tf.tensor2d([[0], [0]])).dataSync()))); // [0, 1]
 * x.dispose();
 * ```
 */
export function conditionalEnergy(energy: EnergyFunction, x: tf.Tensor2D, eps: number): EnergyFunction {
  if (typeof energy !== 'function')
    throw new InvalidParameterError('energy', 'a function y ↦ E(y) of shape [n]', energy);
  if (!(x instanceof tf.Tensor) || x.rank !== 2) throw new InvalidParameterError('x', 'a rank-2 tensor [n, d]', x);
  assertPositive('eps', eps);
  const inv2Eps = 1 / (2 * eps);
  return (y) => {
    if (y.rank !== 2 || y.shape[0] !== x.shape[0] || y.shape[1] !== x.shape[1]) {
      throw new InvalidParameterError(
        'y',
        `a tensor of the shape of x [${x.shape.join(', ')}]`,
        `[${y.shape.join(', ')}]`,
      );
    }
    return tf.tidy(() => tf.add(energy(y), tf.mul(tf.sum(tf.square(tf.sub(y, x)), 1), inv2Eps)) as tf.Tensor1D);
  };
}
