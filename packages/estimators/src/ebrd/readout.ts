// EBRD's App. A read-out: draw y_1..y_M from Q_θ ∝ e^{−E_θ} by Langevin from N(0, I), then, with the source
// draws x_1..x_N, L̂ = −(1/N)Σ_i log (1/M)Σ_j e^{−βρ_ij} (Eq. 5), D̂ = tilted-weighted mean of ρ, R̂ = L̂ − βD̂.
// These are NERD's formulas (the paper says "similar to [7]"), so the float64 arithmetic is NERD's
// `tiltedDualReadout` (core), which already works in the library's units (ρ = ½‖x−y‖², β = 1/eps, nats).
import {
  DimensionMismatchError,
  InvalidParameterError,
  Random,
  assertInteger,
  tf,
  toSamples,
  type Samples,
  type SamplesInput,
  tiltedDualReadout,
} from '@ratedistortion/core';
import { langevinSample, type EnergyFunction } from './langevin.js';

/**
 * One App. A read-out in library units.
 *
 * @example
 * ```ts
 * import type { EbrdReadout } from '@ratedistortion/estimators';
 * const r: EbrdReadout = { eps: 0.25, rate: 0.69, distortion: 0.125, dualValue: 1.19, maxRate: Math.log(1024) };
 * ```
 */
export interface EbrdReadout {
  eps: number;
  /** `R̂ = L̂ − D̂/eps`, nats. */
  rate: number;
  /** `D̂ = mean_i Σ_j w_ij ½‖x_i − y_j‖²` with the tilted weights `w_ij ∝ e^{−½‖x_i−y_j‖²/eps}`. */
  distortion: number;
  /** Eq. (5): `L̂ = −mean_i log mean_j e^{−½‖x_i−y_j‖²/eps}`, nats (EBRD's objective L(θ) estimated). */
  dualValue: number;
  /** `log M` for M marginal draws: R̂ can never exceed it. */
  maxRate: number;
}

/**
 * Options of {@link ebrdReadout}.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import type { EbrdReadoutOptions } from '@ratedistortion/estimators';
 * const o: EbrdReadoutOptions = { steps: 50, stepSize: 1.2e-2, rng: new Random(0) };
 * ```
 */
export interface EbrdReadoutOptions {
  /** Langevin steps K of the marginal chains. */
  steps: number;
  /** Langevin step size ε. */
  stepSize: number;
  /** Draws for the chain starts N(0, I) and the Langevin noise. */
  rng: Random;
  /** Number M of marginal draws (default: as many as source rows, as in App. A). */
  ySamples?: number;
}

/**
 * The App. A read-out of the energy `energy` at `eps` for source draws `x`: samples Q ∝ e^{−E} by Langevin
 * from N(0, I) and evaluates (R̂, D̂, L̂) in float64. Also returns the marginal draws used.
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { ebrdReadout } from '@ratedistortion/estimators';
 * const rng = new Random(2);
 * const eps = 0.25;
 * // The optimal energy for X ~ N(0, 1): Q = N(0, 1 − eps), E(y) = y²/(2(1 − eps)).
 * const energy = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(y), 1), 1 / (2 * (1 - eps))) as tf.Tensor1D;
 * const x = { n: 1000, dim: 1, data: rng.fillNormal(new Float64Array(1000)) };
 * const { readout } = ebrdReadout(x, energy, eps, { steps: 1000, stepSize: 0.1, rng });
 * console.log(readout.rate, readout.distortion); // ≈ ½ log 4 ≈ 0.69 and ≈ 0.125
 * ```
 */
export function ebrdReadout(
  x: SamplesInput,
  energy: EnergyFunction,
  eps: number,
  options: EbrdReadoutOptions,
): { readout: EbrdReadout; y: Samples } {
  const xs = toSamples(x, 'x');
  if (typeof energy !== 'function')
    throw new InvalidParameterError('energy', 'a function y ↦ E(y) of shape [n]', energy);
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'EbrdReadoutOptions { steps, stepSize, rng }', options);
  const m = options.ySamples ?? xs.n;
  assertInteger('ySamples', m, 1);
  if (!(options.rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', options.rng);
  const y = sampleMarginal(energy, m, xs.dim, options);
  return { readout: tiltedDualReadout(xs, y, eps), y };
}

/**
 * `m` draws of Q ∝ e^{−E} in float64: Langevin chains started from N(0, I) as in Alg. 1.
 *
 * @example
 * ```ts
 * import { Random, tf } from '@ratedistortion/core';
 * import { sampleMarginal } from '@ratedistortion/estimators';
 * const y = sampleMarginal((v) => tf.mul(tf.sum(tf.square(v), 1), 0.5) as tf.Tensor1D, 500, 2, { steps: 200, stepSize: 0.2, rng: new Random(1) });
 * console.log(y.n, y.dim); // 500 2
 * ```
 */
export function sampleMarginal(
  energy: EnergyFunction,
  m: number,
  dim: number,
  options: { steps: number; stepSize: number; rng: Random },
): Samples {
  assertInteger('m', m, 1);
  assertInteger('dim', dim, 1);
  const init = tf.tensor2d(options.rng.fillNormal(new Float32Array(m * dim)), [m, dim]);
  try {
    const y = langevinSample(energy, init, { steps: options.steps, stepSize: options.stepSize, rng: options.rng });
    const data = Float64Array.from(y.dataSync());
    y.dispose();
    if (data.length !== m * dim) throw new DimensionMismatchError('energy', m * dim, data.length);
    return { n: m, dim, data };
  } finally {
    init.dispose();
  }
}
