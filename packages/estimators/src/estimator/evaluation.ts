// What every estimator's `evaluate` and `curve` share: the batch options and their checks, the batch read-outs
// taken in order and summarised as means with standard errors and inter-quartile ranges, the per-eps loop of
// `curve`, and the guard of methods trained at a single eps (NERD, WGD, EBRD).
import { InvalidParameterError, ValidityRangeError, assertInteger, assertPositive } from '@ratedistortion/core';
import { interQuartileRange } from './quantiles.js';
import { meanAndStandardError } from './standard-error.js';
import type { EvaluateOptions, RdPointEstimate } from './types.js';

/**
 * `batches` (default 8) and `batchSize` (default 1024) of {@link EvaluateOptions}, validated.
 *
 * @example
 * ```ts
 * import { evaluationBatches } from '@ratedistortion/estimators';
 * console.log(evaluationBatches({ batches: 4 })); // { batches: 4, batchSize: 1024 }
 * ```
 */
export function evaluationBatches(options: EvaluateOptions, minBatchSize = 1): { batches: number; batchSize: number } {
  const batches = options.batches ?? 8;
  const batchSize = options.batchSize ?? 1024;
  assertInteger('batches', batches, 1);
  assertInteger('batchSize', batchSize, minBatchSize);
  return { batches, batchSize };
}

/**
 * An RD point from independent per-batch rates and distortions: means, their standard errors (s/√B) and the
 * 25–75 % quantiles.
 *
 * @example
 * ```ts
 * import { summariseBatches } from '@ratedistortion/estimators';
 * const p = summariseBatches(0.5, [0.34, 0.35, 0.36], [0.25, 0.24, 0.26]);
 * console.log(p.rate.toFixed(3), p.rateSe.toFixed(4), p.rateIqr); // 0.350 0.0058 [0.345, 0.355]
 * ```
 */
export function summariseBatches(eps: number, rates: number[], distortions: number[]): RdPointEstimate {
  const r = meanAndStandardError(rates);
  const d = meanAndStandardError(distortions);
  return {
    eps,
    rate: r.mean,
    distortion: d.mean,
    rateSe: r.se,
    distortionSe: d.se,
    rateIqr: interQuartileRange(rates),
    distortionIqr: interQuartileRange(distortions),
    batches: { rate: rates, distortion: distortions },
  };
}

/**
 * One batch's read-out: its rate (nats) and distortion (½ mean‖X − X̂‖²). An estimator may add fields that its
 * summary uses (WGD: the dual lower bound).
 *
 * @example
 * ```ts
 * import type { BatchReadout } from '@ratedistortion/estimators';
 * const r: BatchReadout = { rate: 0.35, distortion: 0.25 };
 * ```
 */
export interface BatchReadout {
  rate: number;
  distortion: number;
}

/**
 * `batches` batch read-outs `read(0)`, `read(1)`, ... taken in order.
 *
 * @example
 * ```ts
 * import { readBatches } from '@ratedistortion/estimators';
 * console.log(readBatches(3, (b) => ({ rate: b, distortion: 0 })).map((r) => r.rate)); // [0, 1, 2]
 * ```
 */
export function readBatches<R extends BatchReadout>(batches: number, read: (batch: number) => R): R[] {
  const reads: R[] = [];
  for (let b = 0; b < batches; b++) reads.push(read(b));
  return reads;
}

/**
 * {@link readBatches} summarised by {@link summariseBatches}: the read-out every estimator's `evaluate` shares.
 *
 * @example
 * ```ts
 * import { evaluateBatches } from '@ratedistortion/estimators';
 * const p = evaluateBatches(0.5, 4, (b) => ({ rate: 0.3 + 0.01 * b, distortion: 0.25 }));
 * console.log(p.rate.toFixed(3), p.batches.rate.length); // 0.315 4
 * ```
 */
export function evaluateBatches(eps: number, batches: number, read: (batch: number) => BatchReadout): RdPointEstimate {
  return summariseReadouts(eps, readBatches(batches, read));
}

/**
 * {@link summariseBatches} of the rates and distortions of batch read-outs.
 *
 * @example
 * ```ts
 * import { summariseReadouts } from '@ratedistortion/estimators';
 * const p = summariseReadouts(0.5, [{ rate: 0.34, distortion: 0.25 }, { rate: 0.36, distortion: 0.25 }]);
 * console.log(p.rate.toFixed(2)); // 0.35
 * ```
 */
export function summariseReadouts(eps: number, reads: readonly BatchReadout[]): RdPointEstimate {
  return summariseBatches(
    eps,
    reads.map((r) => r.rate),
    reads.map((r) => r.distortion),
  );
}

/**
 * `curve(epsList)` for any estimator: check every eps first (so a bad list fails before any work), then
 * evaluate each.
 *
 * @example
 * ```ts
 * import { evaluateEach } from '@ratedistortion/estimators';
 * const points = evaluateEach([0.1, 0.2], () => {}, (eps) => ({ eps }));
 * console.log(points.length); // 2
 * ```
 */
export function evaluateEach<T>(
  epsList: ArrayLike<number>,
  checkEps: (eps: number, name: string) => void,
  evaluate: (eps: number) => T,
): T[] {
  if (epsList == null || typeof epsList.length !== 'number' || epsList.length === 0) {
    throw new InvalidParameterError('epsList', 'a non-empty list of eps values', epsList);
  }
  for (let i = 0; i < epsList.length; i++) checkEps(epsList[i], `epsList[${i}]`);
  return Array.from(epsList, (eps) => evaluate(eps));
}

/**
 * Guard of a model trained at one eps: `eps` must be the trained value (to 1e-12 relative) unless `extrapolate`.
 *
 * @param what - the model and how to get another eps, for the error message.
 * @example
 * ```ts
 * import { assertTrainedEps } from '@ratedistortion/estimators';
 * assertTrainedEps('eps', 0.5, 0.5, false, 'a NERD model, trained at one eps');
 * ```
 */
export function assertTrainedEps(
  name: string,
  eps: number,
  trainedEps: number,
  extrapolate: boolean,
  what: string,
): void {
  assertPositive(name, eps);
  if (!extrapolate && Math.abs(eps - trainedEps) > 1e-12 * trainedEps) {
    throw new ValidityRangeError(name, `the trained eps ${trainedEps} (or { extrapolate: true })`, eps, what);
  }
}
