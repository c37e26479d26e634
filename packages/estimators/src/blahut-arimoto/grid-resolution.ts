// Grid BA answers the RD problem of the discretised source. That is close to the continuous one only while the
// cells are narrower than the test channel's spread √eps: on N(0, 1) (blahutArimotoGrid1d, exact density) the rate
// at D̂ is off by < 1e-8 nats at h = √eps, 1e-4–3e-4 at 1.5√eps, 0.004–0.017 at 2√eps and 0.14–0.52 at 3√eps
// (eps 0.01, 0.1, 0.5). Past that the grid points stop interacting, D̂ falls towards 0 and R̂ towards the
// histogram's entropy, which looks like an answer. A heavy-tailed sample source (sinc⁴) widens the default grid (the
// sample range) until that happens at every useful eps, so the estimator refuses instead of answering.
import { InvalidParameterError } from '@ratedistortion/core';

/** The largest cell width, in units of √eps, that the BA estimator accepts. */
const MAX_CELL_WIDTH_OVER_SQRT_EPS = 1;

/**
 * Throws an InvalidParameterError naming `points` when a grid axis `[lo, hi, points]` has cells wider than √eps
 * (see the file header for the measured error), with the number of points that would do.
 */
export function assertGridResolvesEps(axes: ReadonlyArray<readonly [number, number, number]>, eps: number): void {
  const limit = MAX_CELL_WIDTH_OVER_SQRT_EPS * Math.sqrt(eps);
  axes.forEach(([lo, hi, points], k) => {
    const h = (hi - lo) / points;
    if (h <= limit) return;
    const need = Math.ceil((hi - lo) / limit);
    const axis = axes.length > 1 ? ` on axis ${k}` : '';
    throw new InvalidParameterError(
      'points',
      `at least ${need} grid points${axis} for eps = ${eps} (cells no wider than √eps = ${limit.toPrecision(3)})`,
      points,
      `the grid spans [${lo.toPrecision(4)}, ${hi.toPrecision(4)}], so its cells are ${h.toPrecision(3)} wide; ` +
        'grid Blahut–Arimoto on cells wider than √eps answers a different, discrete problem (D̂ → 0). ' +
        'Raise points, give a narrower range (samples must lie inside it), or use a larger eps; a heavy-tailed ' +
        'source widens the default grid (the sample range) and may need a neural estimator instead',
    );
  });
}
