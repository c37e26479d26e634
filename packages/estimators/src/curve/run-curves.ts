// Several methods on one source: the source built once, the backend chosen once, each method run in turn by
// `runMethod` (run-curve.ts), with one checkpoint file holding every method's checkpoint.
import { InvalidParameterError, useBackend } from '@ratedistortion/core';
import { isCurveMethod, type CurveMethod } from './curve-job.js';
import {
  CURVE_METHODS_EXPECTED, curveSource, readCheckpointFile, runCurve, runMethod, validateEps, writeCheckpointFile, type RunCurveOptions, type RunCurveResult,
} from './run-curve.js';

/**
 * Options of {@link runCurves}: those of {@link runCurve} with a list of methods. With two or more methods,
 * `checkpoint`/`resume` name one file holding every method's checkpoint ({@link CurvesCheckpoint}).
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
 * The checkpoint file of a {@link runCurves} job with several methods: each method's own checkpoint, under its name.
 *
 * @example
 * ```ts
 * import type { CurvesCheckpoint } from '@ratedistortion/estimators';
 * const started = (c: CurvesCheckpoint) => Object.keys(c.methods);
 * ```
 */
export interface CurvesCheckpoint {
  format: 'ratedistortion/curves-checkpoint';
  version: 1;
  methods: Partial<Record<CurveMethod, unknown>>;
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
  if (methods.length === 1) return [await runCurve({ ...options, method: methods[0] })];
  validateEps(options.eps);
  const source = curveSource(options.source);
  const backend = await useBackend(options.backend ?? 'wasm');
  const state: CurvesCheckpoint = { format: CURVES_FORMAT, version: 1, methods: {} };
  if (options.resume) {
    const c = (await readCheckpointFile(options.resume)) as Partial<CurvesCheckpoint> | null;
    if (c == null || c.format !== CURVES_FORMAT || c.version !== 1 || c.methods == null || typeof c.methods !== 'object') {
      throw new InvalidParameterError('resume', `a ${CURVES_FORMAT} version 1 file (written by a run with several methods)`, c === null ? null : c.format ?? typeof c);
    }
    state.methods = { ...c.methods };
  }
  const results: RunCurveResult[] = [];
  for (const method of methods as readonly CurveMethod[]) {
    const save = async (value: unknown) => {
      state.methods[method] = value;
      const snapshot: CurvesCheckpoint = { ...state, methods: { ...state.methods } };
      await options.onCheckpoint?.(snapshot);
      if (options.checkpoint) await writeCheckpointFile(options.checkpoint, snapshot);
    };
    const result = await runMethod(options, method, source, backend, state.methods[method], save);
    results.push(result);
    if (result.train.aborted) break;
  }
  return results;
}

const CURVES_FORMAT = 'ratedistortion/curves-checkpoint';

