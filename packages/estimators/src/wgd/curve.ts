// WGD is trained at one eps per model, so an RD curve is one model per eps, trained in turn with the same
// settings and seed (only eps differs) and released after its evaluation.
import { assertPositive } from '@ratedistortion/core';
import type { PerEpsCurvePoint, PerEpsCurveSettings } from '../estimator/per-eps-models.js';
import type { WgdOptions } from './config.js';
import { WGD, type WgdEvaluateOptions, type WgdPointEstimate, type WgdSource } from './wgd.js';
import { perEpsMethodCurve } from '../curve/per-eps-workers.js';

/**
 * Options of {@link wgdCurve}: the WGD settings without the slope, an optional per-eps step size, the training
 * budget of each model (default `{ steps: 2000 }`) and the evaluation settings.
 *
 * @example
 * ```ts
 * import type { WgdCurveOptions } from '@ratedistortion/estimators';
 * const opts: WgdCurveOptions = { wgd: { particles: 500, seed: 1 }, learningRate: (eps) => 0.2 * eps, train: { steps: 500 } };
 * ```
 */
export interface WgdCurveOptions extends PerEpsCurveSettings<WgdEvaluateOptions> {
  wgd?: Omit<WgdOptions, 'eps' | 'rdLambda' | 'learningRate'>;
  /** Step size of each model: a number, or a function of its eps (default: the WGD default 1e-2). */
  learningRate?: number | ((eps: number) => number);
}

/**
 * One point of {@link wgdCurve}: the estimate and how its model was trained.
 *
 * @example
 * ```ts
 * import type { WgdCurvePoint } from '@ratedistortion/estimators';
 * const log = (p: WgdCurvePoint) => console.log(p.point.eps, p.point.rate, p.training.seconds);
 * ```
 */
export type WgdCurvePoint = PerEpsCurvePoint<WgdPointEstimate>;

/**
 * Train one {@link WGD} model per eps (same settings and seed) and evaluate each at its own eps.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { wgdCurve } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const pts = await wgdCurve(source, [0.25, 0.5], { wgd: { particles: 100, batchSize: 256 }, learningRate: (e) => 0.2 * e, train: { steps: 100 } });
 * console.log(pts.map((p) => [p.point.eps, p.point.rate]));
 * ```
 */
export async function wgdCurve(
  source: WgdSource,
  epsList: ArrayLike<number>,
  options: WgdCurveOptions = {},
): Promise<WgdCurvePoint[]> {
  const lr = options.learningRate;
  if (lr !== undefined && typeof lr !== 'function') assertPositive('learningRate', lr);
  const optionsOf = (eps: number) => {
    const learningRate = lr === undefined ? undefined : typeof lr === 'function' ? lr(eps) : lr;
    return { ...options.wgd, eps, ...(learningRate !== undefined ? { learningRate } : {}) };
  };
  return perEpsMethodCurve('wgd', source, epsList, optionsOf, options, { steps: 2000 });
}
