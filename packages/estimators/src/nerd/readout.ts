// NERD's rate and distortion read-outs are the tilted dual read-out shared with EBRD, which lives in core:
// NERDlagr.py `training_step` and plotRDcurves_release.ipynb `calc_RDlagr` compute exactly this, in bits and SSE.
import { tiltedDualReadout, type TiltedDualReadout } from '@ratedistortion/core';

/**
 * NERD's read-outs of one batch (library units: nats, `D = ½E‖X−X̂‖²`): {@link TiltedDualReadout}.
 *
 * @example
 * ```ts
 * import type { NerdReadout } from '@ratedistortion/estimators';
 * const r: NerdReadout = { eps: 0.5, rate: 0.3, distortion: 0.25, dualValue: 0.8, maxRate: Math.log(1000) };
 * ```
 */
export type NerdReadout = TiltedDualReadout;

/**
 * NERD's rate and distortion of source samples `x` against generated reconstructions `y` at `eps`: the core
 * `tiltedDualReadout` (tilted-conditional distortion, `rate = L̂ − D̂/eps`), in nats and half squared error.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { nerdReadout } from '@ratedistortion/estimators';
 * const rng = new Random(1);
 * const eps = 0.25;
 * const x = { n: 500, dim: 1, data: rng.fillNormal(new Float64Array(500)) };
 * const y = { n: 5000, dim: 1, data: rng.fillNormal(new Float64Array(5000), 0, Math.sqrt(1 - eps)) };
 * console.log(nerdReadout(x, y, eps)); // R̂ ≈ ½ log(1/eps), D̂ ≈ eps/2
 * ```
 */
export const nerdReadout: typeof tiltedDualReadout = tiltedDualReadout;
