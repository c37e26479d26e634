// Several methods on one source: the source built once, the backend chosen once, each method run in turn by
// `runJob` (run-curve.ts), with one run checkpoint holding every method's state.
import { InvalidParameterError } from '@ratedistortion/core';
import { isCurveMethod, type CurveMethod } from './curve-job.js';
import { CURVE_METHODS_EXPECTED, runJob, type RunCurveOptions, type RunCurveResult } from './run-curve.js';

/**
 * Options of {@link runCurves}: those of {@link runCurve} with a list of methods. With two or more methods,
 * `checkpoint`/`resume` name one run checkpoint (RunCheckpoint) holding every started method's state.
 *
 * @example
 * ```ts
 * import type { RunCurvesOptions } from '@ratedistortion/estimators';
 * const o: RunCurvesOptions = { source: { kind: 'gaussian', variance: 1 }, methods: ['r2d2', 'ba'], eps: [0.25, 0.5], steps: 200 };
 * ```
 */
export interface RunCurvesOptions extends Omit<RunCurveOptions, 'method'> {
  methods: readonly CurveMethod[];
}

/**
 * {@link runCurve} for each method in turn, on one source and backend; one result per method, in order. A run
 * that is aborted stops the job: methods after it are not started (their results are absent). One method is
 * exactly {@link runCurve}.
 *
 * @example
 * ```ts
 * import { runCurves } from '@ratedistortion/estimators';
 * const results = await runCurves({
 *   source: { kind: 'gaussian', variance: 1 }, methods: ['r2d2', 'ba'], eps: [0.3, 0.6], steps: 40, batch: 128, dt: 0.05, hidden: [16],
 *   entropy: 'gaussian', backend: 'cpu', evalBatches: 2, evalBatchSize: 256, ba: { samples: 20000, points: 100 },
 * });
 * for (const r of results) console.log(r.method, r.points.map((p) => p.rate));
 * ```
 */
export async function runCurves(options: RunCurvesOptions): Promise<RunCurveResult[]> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  const methods = options.methods;
  if (!Array.isArray(methods) || methods.length === 0) throw new InvalidParameterError('methods', 'a non-empty list of methods', methods);
  methods.forEach((m, i) => {
    if (!isCurveMethod(m)) throw new InvalidParameterError(`methods[${i}]`, CURVE_METHODS_EXPECTED, m);
  });
  if (new Set(methods).size !== methods.length) throw new InvalidParameterError('methods', 'a list without repeats', methods.join(','));
  return runJob(options, methods);
}

