// EBRD is not amortised: a curve is one independently trained model per eps, all with the same settings and
// seeds derived from one base seed (seed + index), evaluated at its own eps.
import { InvalidParameterError, assertInteger } from '@ratedistortion/core';
import { trainPerEpsModels } from '../estimator/per-eps-models.js';
import type { EvaluateOptions, RdPointEstimate, TrainOptions, TrainResult } from '../estimator/types.js';
import type { EbrdOptions } from './config.js';
import { EBRD, type EbrdSource } from './ebrd.js';
import { perEpsWorkerCount, trainPerEpsModelsOnWorkers } from '../curve/per-eps-workers.js';

/**
 * One point of {@link trainEbrdCurve}: the estimate at eps and what its model's training did.
 *
 * @example
 * ```ts
 * import type { EbrdCurvePoint } from '@ratedistortion/estimators';
 * const show = (p: EbrdCurvePoint) => console.log(p.eps, p.point.rate, p.train.seconds);
 * ```
 */
export interface EbrdCurvePoint {
  eps: number;
  point: RdPointEstimate;
  train: TrainResult;
}

/**
 * How many worker threads {@link trainEbrdCurve} trains its models on (see `PerEpsCurveSettings.workers`).
 *
 * @example
 * ```ts
 * import type { EbrdCurveThreads } from '@ratedistortion/estimators';
 * const t: EbrdCurveThreads = { workers: 'auto' };
 * ```
 */
export interface EbrdCurveThreads {
  /** Default 1; `'auto'`: the available cores, at most 8; the points are bit-identical for any count. */
  workers?: number | 'auto';
}

/**
 * Train one EBRD model per eps of `epsList` (settings `options` without eps; model i gets seed
 * `(options.seed ?? 0) + i`), each for the same `train` budget, evaluate it at its eps and dispose it; with
 * `threads.workers` > 1, that many models at once on worker threads (the same points, bit for bit).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { trainEbrdCurve } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const pts = await trainEbrdCurve(source, [0.1, 0.5], { hidden: [8], batchSize: 64 }, { steps: 5 }, { batches: 2, batchSize: 128 });
 * console.log(pts.map((p) => [p.eps, p.point.rate]));
 * ```
 */
export async function trainEbrdCurve(
  source: EbrdSource,
  epsList: ArrayLike<number>,
  options: Omit<EbrdOptions, 'eps'> = {},
  train: TrainOptions = { steps: 1000 },
  evaluate: EvaluateOptions = {},
  threads: EbrdCurveThreads = {},
): Promise<EbrdCurvePoint[]> {
  if (epsList == null || typeof epsList.length !== 'number' || epsList.length === 0) {
    throw new InvalidParameterError('epsList', 'a non-empty list of eps values', epsList);
  }
  const baseSeed = options.seed ?? 0;
  assertInteger('seed', baseSeed, 0, 2 ** 32 - 1 - epsList.length);
  const optionsOf = (eps: number, i: number) => ({ ...options, eps, seed: baseSeed + i });
  const read = { ...evaluate, extrapolate: false };
  const workers = perEpsWorkerCount(threads.workers);
  const runs =
    workers > 1
      ? await trainPerEpsModelsOnWorkers('ebrd', source, epsList, optionsOf, train, read, workers)
      : await trainPerEpsModels(
          epsList,
          (eps, i) => new EBRD(source, optionsOf(eps, i)),
          train,
          (est, eps) => est.evaluate(eps, read),
        );
  return runs.map(({ eps, point, training }) => ({ eps, point, train: training }));
}
