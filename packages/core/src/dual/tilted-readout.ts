// The rate–distortion dual read-out of a reconstruction sample: given source draws x and draws y of a
// reconstruction law Q, the optimal channel for Q tilts Q by exp(−β ρ). NERD (NERDlagr.py `training_step`,
// plotRDcurves_release.ipynb `calc_RDlagr`) and EBRD (its App. A) read rate and distortion off it the same way;
// here in float64 and in the library's units. For each source sample x_i the generated points y_j carry the tilted
// weights w_ij = exp(−β ρ_ij) / Σ_k exp(−β ρ_ik) (the optimal channel for the reconstruction law Q); then
//   D̂ = mean_i Σ_j w_ij ρ_ij                              (their `distortion`, divided by 2: ρ = ½‖x−y‖²)
//   L̂ = −mean_i log mean_j exp(−β ρ_ij)                   (their `g_loss`, times ln 2)
//   R̂ = L̂ − β·D̂                                          (their `rate = λ·distortion/ln 2 + g_loss`, times ln 2)
// Since R̂_i = log m − H(w_i·), the read-out can never exceed log m (m = number of y): the saturation of
// Remark 4.1 of Freirich & Weinberger.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { assertPositive } from '../errors/validate.js';
import { halfSquaredDistancesRow } from '../linalg/half-squared-distances.js';
import { toSamples, type SamplesInput } from '../samples/samples.js';

/**
 * Dual read-outs of one batch (library units: nats, `D = ½E‖X−X̂‖²`).
 *
 * @example
 * ```ts
 * import type { TiltedDualReadout } from '@ratedistortion/core';
 * const r: TiltedDualReadout = { eps: 0.5, rate: 0.3, distortion: 0.25, dualValue: 0.8, maxRate: Math.log(1000) };
 * ```
 */
export interface TiltedDualReadout {
  eps: number;
  /** `R̂ = L̂ − D̂/eps`, nats. */
  rate: number;
  /** `D̂ = mean_i Σ_j w_ij ½‖x_i − y_j‖²` under the tilted conditional. */
  distortion: number;
  /** The dual objective `L̂ = −mean_i log mean_j exp(−½‖x_i − y_j‖²/eps)`, nats. */
  dualValue: number;
  /** `log m` for m generated points: no read-out can exceed it. */
  maxRate: number;
}

/**
 * Rate and distortion of source samples `x` against generated reconstructions `y` (draws of Q) at `eps`,
 * computed exactly as NERD and EBRD do (tilted-conditional distortion, `rate = g − β·D`) but in float64 with a
 * streaming (max-shifted) log-sum-exp and converted to nats and half squared error.
 *
 * @example
 * ```ts
 * import { Random, tiltedDualReadout } from '@ratedistortion/core';
 * const rng = new Random(1);
 * const eps = 0.25;
 * // Q = N(0, 1 − eps) is optimal for X ~ N(0, 1): R̂ ≈ ½ log(1/eps) ≈ 0.69, D̂ ≈ eps/2.
 * const x = { n: 500, dim: 1, data: rng.fillNormal(new Float64Array(500)) };
 * const y = { n: 5000, dim: 1, data: rng.fillNormal(new Float64Array(5000), 0, Math.sqrt(1 - eps)) };
 * console.log(tiltedDualReadout(x, y, eps));
 * ```
 */
export function tiltedDualReadout(x: SamplesInput, y: SamplesInput, eps: number): TiltedDualReadout {
  const xs = toSamples(x, 'x');
  const ys = toSamples(y, 'y');
  assertPositive('eps', eps);
  if (xs.dim !== ys.dim) throw new DimensionMismatchError('y', xs.dim, ys.dim, 'x and y must have the same dimension');
  if (xs.n < 1 || ys.n < 1)
    throw new InvalidParameterError('x', 'at least one row in x and in y', `${xs.n} and ${ys.n} rows`);
  const { n, dim: d } = xs;
  const m = ys.n;
  const beta = 1 / eps;
  const X = xs.data;
  const Y = ys.data;
  const rho = new Float64Array(m);
  let sumLse = 0;
  let sumD = 0;
  for (let i = 0; i < n; i++) {
    halfSquaredDistancesRow(X, i * d, Y, m, d, rho);
    let minRho = Infinity;
    for (let j = 0; j < m; j++) if (rho[j] < minRho) minRho = rho[j];
    // Shift by the largest exponent −β·min ρ: every term is then in (0, 1] and at least one equals 1.
    let z = 0;
    let t = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(-beta * (rho[j] - minRho));
      z += e;
      t += e * rho[j];
    }
    sumLse += -beta * minRho + Math.log(z);
    sumD += t / z;
  }
  const dualValue = Math.log(m) - sumLse / n;
  const distortion = sumD / n;
  return { eps, rate: dualValue - beta * distortion, distortion, dualValue, maxRate: Math.log(m) };
}
