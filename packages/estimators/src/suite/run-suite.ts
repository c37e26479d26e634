// Scoring an estimator on the RD benchmark suite: runCurve on every catalogue source (or a chosen subset) at the
// catalogue's eps with a time budget, then each estimated point (D̂, R̂) against the reference at the distortion
// it reached, R(D̂). The error bar combines the point's rate and distortion standard errors through the slope of the
// true curve there (−1/eps*): SE(R̂ − R(D̂)) = √(SE_R² + (SE_D/eps*)²).
import { InvalidParameterError, assertPositive } from '@ratedistortion/core';
import { runCurve, type CurveBackend, type RunCurveOptions } from '../curve/run-curve.js';
import { isCurveMethod, type CurveMethod } from '../curve/curve-job.js';
import { SUITE_SOURCES, SUITE_VERSION, type SuiteSource } from './suite-catalogue.js';
import { suiteReferenceAtDistortion, type SuiteReferencePoint } from './suite-reference.js';

/**
 * Options of {@link runSuite}.
 *
 * @example
 * ```ts
 * import type { RunSuiteOptions } from '@ratedistortion/estimators';
 * const o: RunSuiteOptions = { method: 'wgd', seconds: 10, sources: ['gaussian-1d', 'laplace-1d'] };
 * ```
 */
export interface RunSuiteOptions {
  method: CurveMethod;
  /**
   * Training budget per source, seconds, on one thread unless `curve.workers` says otherwise: scores of different
   * methods are then at equal time and equal threads (runCurve's own default would give NERD, WGD and EBRD one
   * thread per eps model, several times R2D2's training).
   */
  seconds: number;
  /** Catalogue ids to run (default: all). */
  sources?: readonly string[];
  seed?: number;
  backend?: CurveBackend;
  /** Passed on to runCurve (e.g. `ba`, `evalBatches`). */
  curve?: Omit<RunCurveOptions, 'source' | 'method' | 'eps' | 'seconds' | 'seed' | 'backend' | 'steps'>;
  /** Called after each source with its rows. */
  onSource?: (id: string, rows: SuiteRow[]) => void;
}

/**
 * One scored point: the estimate, the reference at the distortion it reached, the error there with its standard
 * error, and the run's time and steps (per source).
 *
 * @example
 * ```ts
 * import type { SuiteRow } from '@ratedistortion/estimators';
 * const ok = (r: SuiteRow) => r.errorAtDistortion !== undefined && Math.abs(r.errorAtDistortion) < 2 * (r.errorSe ?? 0);
 * ```
 */
export interface SuiteRow {
  source: string;
  dim: number;
  eps: number;
  rate: number;
  distortion: number;
  rateSe: number;
  distortionSe: number;
  /** R(D̂) and how it was obtained; absent where the source has no certified reference at D̂. */
  reference?: SuiteReferencePoint;
  /** R̂ − R(D̂), nats. */
  errorAtDistortion?: number;
  /** √(SE_R² + (SE_D/eps*)²), eps* the slope parameter of the true curve at D̂. */
  errorSe?: number;
  /** Why there is no reference (e.g. D̂ beyond a deconvolution source's certified range). */
  note?: string;
  seconds: number;
  steps: number;
  /** Threads that trained this source (1 unless `curve.workers` asked for more). */
  workers?: number;
}

/**
 * What {@link runSuite} returns: the suite version, the method and budget, and one row per (source, eps).
 *
 * @example
 * ```ts
 * import type { SuiteResult } from '@ratedistortion/estimators';
 * const meanAbs = (r: SuiteResult) => r.rows.reduce((a, x) => a + Math.abs(x.errorAtDistortion ?? 0), 0) / r.rows.length;
 * ```
 */
export interface SuiteResult {
  suite: { version: number };
  method: CurveMethod;
  seconds: number;
  seed: number;
  rows: SuiteRow[];
}

/**
 * Run `method` on the suite's sources and score every point at the distortion it reached.
 *
 * @example
 * ```ts
 * import { runSuite } from '@ratedistortion/estimators';
 * const r = await runSuite({ method: 'ba', seconds: 1, sources: ['gaussian-1d'], backend: 'cpu', curve: { ba: { samples: 20000, points: 100 } } });
 * for (const row of r.rows) console.log(row.eps, row.errorAtDistortion, row.errorSe);
 * ```
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteResult> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  if (!isCurveMethod(options.method))
    throw new InvalidParameterError('method', 'a curve method (r2d2, nerd, wgd, ebrd, ba)', options.method);
  assertPositive('seconds', options.seconds);
  const ids = options.sources ?? SUITE_SOURCES.map((s) => s.id);
  const chosen: SuiteSource[] = ids.map((id, i) => {
    const s = SUITE_SOURCES.find((x) => x.id === id);
    if (!s) throw new InvalidParameterError(`sources[${i}]`, `one of ${SUITE_SOURCES.map((x) => x.id).join(', ')}`, id);
    return s;
  });
  const seed = options.seed ?? 0;
  const rows: SuiteRow[] = [];
  for (const s of chosen) {
    const run = await runCurve({
      ...options.curve,
      workers: options.curve?.workers ?? 1,
      source: s.spec,
      method: options.method,
      eps: s.eps,
      seconds: options.seconds,
      seed,
      backend: options.backend,
    });
    const sourceRows = run.points.map((p): SuiteRow => {
      const row: SuiteRow = {
        source: s.id,
        dim: s.dim,
        eps: p.eps,
        rate: p.rate,
        distortion: p.distortion,
        rateSe: p.rateSe,
        distortionSe: p.distortionSe,
        seconds: run.train.seconds,
        steps: run.train.steps,
        ...(run.train.workers !== undefined ? { workers: run.train.workers } : {}),
      };
      try {
        const ref = suiteReferenceAtDistortion(s, p.distortion);
        row.reference = ref;
        row.errorAtDistortion = p.rate - ref.rate;
        // No standard error when the estimator reports none (e.g. one Blahut–Arimoto replicate).
        if (Number.isFinite(p.rateSe) || Number.isFinite(p.distortionSe)) {
          const seD = Number.isFinite(p.distortionSe) ? p.distortionSe / ref.eps : 0;
          row.errorSe = Math.sqrt((Number.isFinite(p.rateSe) ? p.rateSe ** 2 : 0) + seD ** 2);
        }
      } catch (e) {
        row.note = e instanceof Error ? e.message : String(e);
      }
      return row;
    });
    options.onSource?.(s.id, sourceRows);
    rows.push(...sourceRows);
  }
  return { suite: { version: SUITE_VERSION }, method: options.method, seconds: options.seconds, seed, rows };
}
