// The options every constant-noise SDE solve takes, whatever holds the states (Float64 arrays in solveSde64, tfjs
// tensors in solveSdeTf): the noise amplitude, the time grid, the scheme and where the Brownian increments come from.
import type { Random } from '../random/random.js';
import type { BrownianSource } from './brownian.js';
import type { NoiseAmplitude } from './diffusion.js';
import type { TimeGrid } from './grid.js';
import type { SdeScheme } from './schemes.js';

/**
 * The options {@link SolveSde64Options} and {@link SolveSdeTfOptions} share: σ, the grid, the scheme, the noise
 * (exactly one of `rng` and `brownian`) and whether to keep the path.
 *
 * @example
 * ```ts
 * import { Random, solveSde64, uniformGrid, type SolveSdeCommonOptions } from '@ratedistortion/core';
 * const common: SolveSdeCommonOptions = { sigma: 0.5, grid: uniformGrid(20), scheme: 'sra1', rng: new Random(1) };
 * const { x1 } = solveSde64({ ...common, drift: (x, _t, out) => { for (let k = 0; k < x.length; k++) out[k] = -x[k]; }, x0: [1, 2] });
 * console.log(x1.n); // 2
 * ```
 */
export interface SolveSdeCommonOptions {
  /** Constant noise amplitude σ (> 0), scalar or one per coordinate; `√eps` for the TEC problem. */
  sigma: NoiseAmplitude;
  grid: TimeGrid;
  /** Default `'euler-maruyama'`. */
  scheme?: SdeScheme;
  /** Generator the Brownian increments are drawn from (see {@link BrownianIncrements} for the order). */
  rng?: Random;
  /** Alternatively, an explicit Brownian source on `grid` with the solve's n and dim. */
  brownian?: BrownianSource;
  /** Keep X at every grid time as well (memory (K+1)·n·dim). */
  savePath?: boolean;
}
