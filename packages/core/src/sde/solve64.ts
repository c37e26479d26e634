// Float64 SDE solver for closed-form drifts (BHE solutions, reference checks): everything is done in
// double precision on flat row-major arrays, with one drift call per stage for the whole batch.
import { InvalidParameterError, NumericalError } from '../errors/errors.js';
import { toSamples, type Samples, type SamplesInput } from '../samples/samples.js';
import { diagonalSigma } from './diffusion.js';
import { assertTimeGrid } from './grid.js';
import {
  resolveBrownian,
  resolveScheme,
  SRA1_STAGE_DRIFT,
  SRA1_STAGE_NOISE,
  SRA1_STAGE_TIME,
  SRA1_WEIGHT_1,
  SRA1_WEIGHT_2,
} from './internal.js';
import { SDE_SCHEMES } from './schemes.js';
import type { SolveSdeCommonOptions } from './solve-options.js';

/**
 * A drift u(x, t) evaluated for a whole batch: read the n × dim row-major states `x` (do not modify them)
 * and write u into every entry of `out` (same layout). Entries left unwritten are NaN, which the solver
 * reports as a {@link NumericalError}.
 *
 * @example
 * ```ts
 * import type { Drift64 } from '@ratedistortion/core';
 * // Ornstein–Uhlenbeck drift −θx with θ = 2
 * const ou: Drift64 = (x, _t, out) => { for (let k = 0; k < x.length; k++) out[k] = -2 * x[k]; };
 * ```
 */
export type Drift64 = (x: Float64Array, t: number, out: Float64Array, n: number, dim: number) => void;

/**
 * Options of {@link solveSde64}. Give exactly one of `rng` and `brownian`.
 *
 * @example
 * ```ts
 * import { Random, solveSde64, uniformGrid, type SolveSde64Options } from '@ratedistortion/core';
 * const options: SolveSde64Options = {
 *   drift: (_x, t, out) => out.fill(Math.cos(t)),
 *   x0: [0, 0, 0],
 *   sigma: Math.sqrt(0.1), // √eps
 *   grid: uniformGrid(50),
 *   rng: new Random(0),
 * };
 * const { x1 } = solveSde64(options);
 * ```
 */
export interface SolveSde64Options extends SolveSdeCommonOptions {
  /** The drift u(x, t). */
  drift: Drift64;
  /** Initial states X_{t_0} (validated: finite, non-empty). */
  x0: SamplesInput;
}

/**
 * Result of {@link solveSde64}.
 *
 * @example
 * ```ts
 * import { Random, solveSde64, uniformGrid, type SolveSde64Result } from '@ratedistortion/core';
 * const r: SolveSde64Result = solveSde64({
 *   drift: (x, _t, out) => { for (let k = 0; k < x.length; k++) out[k] = -x[k]; },
 *   x0: [1, 2], sigma: 1, grid: uniformGrid(10), rng: new Random(1), savePath: true,
 * });
 * const meanEnergy = r.energy.reduce((a, b) => a + b) / r.energy.length; // Alg. 1, line 6
 * console.log(r.path?.length); // 11
 * ```
 */
export interface SolveSde64Result {
  /** X at the last grid time. */
  x1: Samples;
  /**
   * Control energy per sample, ½ Σ_i ‖u(X_{t_i}, t_i)‖² Δt_i with the left-point drift of every step
   * (Alg. 1, line 6, before averaging over the batch); SRA1's intermediate-stage drift does not enter it.
   */
  energy: Float64Array;
  /** X at t_0, ..., t_K when `savePath` was set (path[0] is a copy of x0, path[K] equals x1). */
  path?: Samples[];
}

/**
 * Integrate `dX = u(X,t) dt + σ dW` on `grid` for a batch of initial states, in float64.
 *
 * Throws {@link InvalidParameterError} (or a subclass) for non-finite x0, σ ≤ 0, a σ array of the wrong
 * length, a bad grid or scheme, and {@link NumericalError} naming the step when the state becomes NaN or
 * infinite (e.g. an unstable step size or a drift that left entries unwritten).
 *
 * @example
 * ```ts
 * import { Random, solveSde64, uniformGrid } from '@ratedistortion/core';
 * const { x1, energy } = solveSde64({
 *   drift: (x, _t, out) => { for (let k = 0; k < x.length; k++) out[k] = -x[k]; },
 *   x0: new Float64Array(1000).fill(1),
 *   sigma: 0.5,
 *   grid: uniformGrid(100),
 *   scheme: 'sra1',
 *   rng: new Random(42),
 * });
 * console.log(x1.n, energy.length); // 1000 1000
 * ```
 */
export function solveSde64(options: SolveSde64Options): SolveSde64Result {
  const { drift, grid, savePath = false } = options;
  if (typeof drift !== 'function')
    throw new InvalidParameterError('drift', 'a function (x, t, out, n, dim) => void', drift);
  const scheme = resolveScheme(options.scheme);
  assertTimeGrid('grid', grid);
  const x0 = toSamples(options.x0, 'x0');
  const { n, dim } = x0;
  const sigma = diagonalSigma(options.sigma, dim);
  const brownian = resolveBrownian(options.rng, options.brownian, n, dim, grid);
  const sra1 = SDE_SCHEMES[scheme].needsLevyArea;

  const size = n * dim;
  const times = grid.times;
  const steps = times.length - 1;
  const x = Float64Array.from(x0.data);
  const u = new Float64Array(size);
  const dW = new Float64Array(size);
  const levy = sra1 ? new Float64Array(size) : undefined;
  const stage = sra1 ? new Float64Array(size) : undefined;
  const u2 = sra1 ? new Float64Array(size) : undefined;
  const energy = new Float64Array(n);
  const path: Samples[] | undefined = savePath ? [{ n, dim, data: Float64Array.from(x) }] : undefined;

  // One pass per step over the batch for the energy, the update and the finiteness test (no per-step
  // allocation); `bad` accumulates x − x, which is 0 for finite x and NaN once any entry is NaN or ±∞.
  for (let i = 0; i < steps; i++) {
    const t = times[i];
    const h = times[i + 1] - t;
    brownian.increment(i, dW, levy);
    u.fill(NaN);
    drift(x, t, u, n, dim);
    let bad = 0;
    if (stage && u2 && levy) {
      for (let s = 0, k = 0; s < n; s++) {
        let e = 0;
        for (let j = 0; j < dim; j++, k++) {
          e += u[k] * u[k];
          stage[k] = x[k] + SRA1_STAGE_DRIFT * h * u[k] + SRA1_STAGE_NOISE * sigma[j] * (0.5 * dW[k] + levy[k]);
        }
        energy[s] += 0.5 * e * h;
      }
      u2.fill(NaN);
      drift(stage, t + SRA1_STAGE_TIME * h, u2, n, dim);
      for (let s = 0, k = 0; s < n; s++) {
        for (let j = 0; j < dim; j++, k++) {
          const xk = x[k] + (h * (SRA1_WEIGHT_1 * u[k] + SRA1_WEIGHT_2 * u2[k]) + sigma[j] * dW[k]);
          x[k] = xk;
          bad += xk - xk;
        }
      }
    } else if (dim === 1) {
      const sg = sigma[0];
      for (let k = 0; k < size; k++) {
        const uk = u[k];
        energy[k] += 0.5 * (uk * uk) * h;
        const xk = x[k] + (h * uk + sg * dW[k]);
        x[k] = xk;
        bad += xk - xk;
      }
    } else {
      for (let s = 0, k = 0; s < n; s++) {
        let e = 0;
        for (let j = 0; j < dim; j++, k++) {
          const uk = u[k];
          e += uk * uk;
          const xk = x[k] + (h * uk + sigma[j] * dW[k]);
          x[k] = xk;
          bad += xk - xk;
        }
        energy[s] += 0.5 * e * h;
      }
    }
    if (bad !== 0) {
      let k = 0;
      while (Number.isFinite(x[k])) k++;
      throw new NumericalError(
        `solveSde64 (${scheme}) step ${i} at t = ${t}, sample ${Math.floor(k / dim)}`,
        'the state became NaN or infinite: the drift returned non-finite values (or left entries unwritten), or the step is too large for a stiff drift',
      );
    }
    if (path) path.push({ n, dim, data: Float64Array.from(x) });
  }
  const result: SolveSde64Result = { x1: { n, dim, data: x }, energy };
  if (path) result.path = path;
  return result;
}

/**
 * {@link solveSde64} with the Euler–Maruyama scheme (the paper's Alg. 2).
 *
 * @example
 * ```ts
 * import { Random, eulerMaruyama64, uniformGrid } from '@ratedistortion/core';
 * const { x1 } = eulerMaruyama64({
 *   drift: (_x, _t, out) => out.fill(0), // pure Brownian motion
 *   x0: [[0, 0]],
 *   sigma: 1,
 *   grid: uniformGrid(10),
 *   rng: new Random(1),
 * });
 * ```
 */
export function eulerMaruyama64(options: Omit<SolveSde64Options, 'scheme'>): SolveSde64Result {
  return solveSde64({ ...options, scheme: 'euler-maruyama' });
}
