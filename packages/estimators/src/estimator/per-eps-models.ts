// The loop behind the per-eps curve functions (nerdCurve, wgdCurve, trainEbrdCurve): one model per eps, each
// created, trained, read out at its eps and disposed in turn, so only one model's tensors are alive at a time.
import { assertPositive, InvalidParameterError } from '@ratedistortion/core';
import type { EvaluateOptions, RdEstimator, TrainOptions, TrainResult } from './types.js';

/**
 * One point of a per-eps curve function ({@link nerdCurve}, {@link wgdCurve}): the estimate at the model's eps and
 * what its training did.
 *
 * @example
 * ```ts
 * import type { PerEpsCurvePoint, RdPointEstimate } from '@ratedistortion/estimators';
 * const log = (p: PerEpsCurvePoint<RdPointEstimate>) => console.log(p.point.eps, p.point.rate, p.training.seconds);
 * ```
 */
export interface PerEpsCurvePoint<P> {
  point: P;
  training: TrainResult;
}

/**
 * Check the eps list of a per-eps curve function: a non-empty list of finite eps > 0, else an
 * `InvalidParameterError` naming `epsList` or the bad `epsList[i]`.
 *
 * @example
 * ```ts
 * import { assertEpsList } from '@ratedistortion/estimators';
 * assertEpsList([0.1, 0.5]);
 * try { assertEpsList([0.1, -1]); } catch (e) { console.log((e as Error).message); } // names epsList[1]
 * ```
 */
export function assertEpsList(epsList: ArrayLike<number>): void {
  if (epsList == null || typeof epsList.length !== 'number' || epsList.length === 0) {
    throw new InvalidParameterError('epsList', 'a non-empty list of eps values', epsList);
  }
  for (let i = 0; i < epsList.length; i++) assertPositive(`epsList[${i}]`, epsList[i]);
}

/**
 * One model per eps of `epsList` (each eps finite and > 0): `create(eps, index)`, train under `train`, read out
 * with `read(model, eps)`, dispose (also when training or the read-out throws). Results in eps order.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { NERD, trainPerEpsModels } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const out = await trainPerEpsModels([0.5], (eps) => new NERD(source, { eps, ySamples: 200, batchSize: 50 }), { steps: 2 },
 *   (est, eps) => est.evaluate(eps, { batches: 2, batchSize: 64 }));
 * console.log(out[0].eps, out[0].training.steps); // 0.5 2
 * ```
 */
export async function trainPerEpsModels<E extends Pick<RdEstimator, 'train' | 'dispose'>, P>(
  epsList: ArrayLike<number>,
  create: (eps: number, index: number) => E,
  train: TrainOptions,
  read: (model: E, eps: number) => P,
): Promise<{ eps: number; point: P; training: TrainResult }[]> {
  assertEpsList(epsList);
  const out: { eps: number; point: P; training: TrainResult }[] = [];
  for (let i = 0; i < epsList.length; i++) {
    const eps = epsList[i];
    const model = create(eps, i);
    try {
      const training = await model.train(train);
      out.push({ eps, point: read(model, eps), training });
    } finally {
      model.dispose();
    }
  }
  return out;
}

/**
 * The budget and read-out settings a per-eps curve function ({@link nerdCurve}, {@link wgdCurve}) applies to each
 * model, next to its method's own settings.
 *
 * @example
 * ```ts
 * import type { EvaluateOptions, PerEpsCurveSettings } from '@ratedistortion/estimators';
 * const s: PerEpsCurveSettings<EvaluateOptions> = { train: { steps: 300 }, evaluate: { batches: 4 } };
 * ```
 */
export interface PerEpsCurveSettings<O extends EvaluateOptions> {
  /** Budget of each model (default: the curve function's). */
  train?: TrainOptions;
  /** Read-out settings of each model at its own eps. */
  evaluate?: Omit<O, 'extrapolate'>;
  /**
   * Worker threads training models at once (default 1; `'auto'`: the available cores, at most 8, and 1 on the
   * webgpu backend; at most one per eps). Each model is trained exactly as on one thread, so the points are
   * bit-identical for any count. Needs a source that `sourceFromSpec(source.toSpec())` rebuilds (each thread
   * rebuilds it); `train.onProgress` and `train.onCheckpoint` then get the events of the models training at once,
   * interleaved (each checkpoint names its eps), and `train.signal` stops them all.
   */
  workers?: number | 'auto';
}

/**
 * {@link trainPerEpsModels} with each model read out by its own `evaluate` at its eps: the body of the per-eps curve
 * functions. `defaultTrain` is the budget when `settings.train` is not given.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { NERD, perEpsCurve } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const pts = await perEpsCurve([0.5], (eps) => new NERD(source, { eps, ySamples: 200, batchSize: 50 }),
 *   { evaluate: { batches: 2, batchSize: 64 } }, { steps: 2 });
 * console.log(pts[0].point.eps, pts[0].training.steps); // 0.5 2
 * ```
 */
export async function perEpsCurve<O extends EvaluateOptions, P>(
  epsList: ArrayLike<number>,
  create: (
    eps: number,
    index: number,
  ) => Pick<RdEstimator, 'train' | 'dispose'> & { evaluate(eps: number, options?: O): P },
  settings: PerEpsCurveSettings<O>,
  defaultTrain: TrainOptions,
): Promise<PerEpsCurvePoint<P>[]> {
  const runs = await trainPerEpsModels(epsList, create, settings.train ?? defaultTrain, (model, eps) =>
    model.evaluate(eps, settings.evaluate as O | undefined),
  );
  return runs.map(({ point, training }) => ({ point, training }));
}
