// Reference drifts for the drift plot: u*(x, t) = eps·∇log p_t(x) of Thm. 3.2 on a grid, for the 1-D sources
// with a closed form (Gaussian, Gaussian mixture inside the BHE range). The analytic package is loaded on
// demand so that commands which never draw a drift do not pay for it.
import { InvalidParameterError, assertFiniteArray, assertInRange } from '@ratedistortion/core';
import type { DriftSlice } from './drift-plot.js';

/**
 * The optimal drift u*(x, t) at each t of `times` on the grid `x`, as {@link DriftSlice}s with `reference` set
 * (pass a learned `drift` alongside to compare). `spec` is a 1-D `gaussian` or `gmm` SPEC; eps must lie in the
 * BHE range (below the smallest component variance), else the analytic package's ValidityRangeError.
 *
 * @example
 * ```ts
 * import { optimalDriftSlices } from '@ratedistortion/cli/plot';
 * const slices = await optimalDriftSlices({ kind: 'gaussian', variance: 1 }, 0.5, [0, 1], [-1, 0, 1]);
 * console.log(slices[1].reference); // [1, 0, -1] = −eps·x/(σ² − eps·t)
 * ```
 */
export async function optimalDriftSlices(
  spec: unknown,
  eps: number,
  times: readonly number[],
  x: readonly number[],
): Promise<DriftSlice[]> {
  assertFiniteArray('x', x);
  if (times.length === 0) throw new InvalidParameterError('times', 'at least one time in [0, 1]', times);
  times.forEach((t, i) => assertInRange(`times[${i}]`, t, 0, 1));
  const kind = (spec as { kind?: unknown } | null)?.kind;
  if (kind !== 'gaussian' && kind !== 'gmm')
    throw new InvalidParameterError(
      'source',
      "a 1-D 'gaussian' or 'gmm' SPEC (u* has a closed form only for these)",
      kind,
    );
  const { mixtureOptimalDrift } = await import('@ratedistortion/analytic');
  const u = mixtureOptimalDrift(spec as Parameters<typeof mixtureOptimalDrift>[0], eps);
  const xs = Float64Array.from(x);
  return times.map((t) => {
    const out = new Float64Array(xs.length);
    u(xs, t, out, xs.length, 1);
    return { t, x: Array.from(xs), reference: Array.from(out) };
  });
}
