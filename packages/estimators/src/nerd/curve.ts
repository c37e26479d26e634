// NERD is trained at one eps per model, so an RD curve is one model per eps, trained in turn with the same
// settings and seed (only eps differs) and disposed after its evaluation.
import type { PerEpsCurvePoint, PerEpsCurveSettings } from '../estimator/per-eps-models.js';
import type { EvaluateOptions, RdPointEstimate } from '../estimator/types.js';
import type { NerdOptions } from './config.js';
import { NERD, type NerdSource } from './nerd.js';
import { perEpsMethodCurve } from '../curve/per-eps-workers.js';

/**
 * Options of {@link nerdCurve}: the NERD settings without `eps`, the training budget of each model (default
 * `{ steps: 5000 }`: the authors' 10 epochs of 50,000 samples in batches of 100), and the evaluation settings.
 *
 * @example
 * ```ts
 * import type { NerdCurveOptions } from '@ratedistortion/estimators';
 * const opts: NerdCurveOptions = { nerd: { ySamples: 5000, seed: 1 }, train: { steps: 300 }, evaluate: { batches: 4 } };
 * ```
 */
export interface NerdCurveOptions extends PerEpsCurveSettings<EvaluateOptions> {
  nerd?: Omit<NerdOptions, 'eps'>;
}

/**
 * One point of {@link nerdCurve}: the estimate and how its model was trained.
 *
 * @example
 * ```ts
 * import type { NerdCurvePoint } from '@ratedistortion/estimators';
 * const log = (p: NerdCurvePoint) => console.log(p.point.eps, p.point.rate, p.training.seconds);
 * ```
 */
export type NerdCurvePoint = PerEpsCurvePoint<RdPointEstimate>;

/**
 * Train one {@link NERD} model per eps and evaluate it at its own eps.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { nerdCurve } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const pts = await nerdCurve(source, [0.25, 0.5], {
 *   nerd: { ySamples: 300, evalYSamples: 600, hidden: [16, 16] }, train: { steps: 30 }, evaluate: { batches: 2, batchSize: 256 },
 * });
 * console.log(pts.map((p) => p.point.rate));
 * ```
 */
export async function nerdCurve(
  source: NerdSource,
  epsList: ArrayLike<number>,
  options: NerdCurveOptions = {},
): Promise<NerdCurvePoint[]> {
  return perEpsMethodCurve('nerd', source, epsList, (eps) => ({ ...options.nerd, eps }), options, { steps: 5000 });
}
