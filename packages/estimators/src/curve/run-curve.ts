// `rd curve` in one function: build the source from its SPEC, pick the backend, train (or resume) an
// estimator over the eps range, evaluate every requested eps, attach the analytic answer where one exists,
// and optionally write a checkpoint. The CLI command is a thin wrapper that prints the returned JSON.
import { InvalidParameterError, NumericalError, assertFiniteArray, assertPositive, useBackend, type SdeScheme } from '@ratedistortion/core';
import { rdPoint } from '@ratedistortion/analytic';
import { sourceFromSpec, toAnalyticSpec } from '@ratedistortion/datasets';
import type { TrainProgress } from '../estimator/types.js';
import type { EvalEntropy, TrainEntropy } from '../r2d2/config.js';
import { R2D2 } from '../r2d2/r2d2.js';

/**
 * Estimation methods `runCurve` can run.
 *
 * @example
 * ```ts
 * import type { CurveMethod } from '@ratedistortion/estimators';
 * const m: CurveMethod = 'r2d2';
 * ```
 */
export type CurveMethod = 'r2d2';

/**
 * Backends `runCurve` can select (see core's `useBackend`).
 *
 * @example
 * ```ts
 * import type { CurveBackend } from '@ratedistortion/estimators';
 * const b: CurveBackend = 'wasm';
 * ```
 */
export type CurveBackend = 'cpu' | 'wasm' | 'node' | 'node-gpu' | 'auto';

/**
 * Options of {@link runCurve}.
 *
 * @example
 * ```ts
 * import type { RunCurveOptions } from '@ratedistortion/estimators';
 * const opts: RunCurveOptions = { source: { kind: 'gaussian', variance: 1 }, method: 'r2d2', eps: [0.25, 0.5, 0.75], steps: 200 };
 * ```
 */
export interface RunCurveOptions {
  /** Source SPEC (as `rd sources` lists), already parsed. */
  source: unknown;
  /** Default `'r2d2'`. */
  method?: CurveMethod;
  /** The eps values to evaluate; the controller is trained on [min, max] of them unless epsMin/epsMax are given. */
  eps: number[];
  /** Trained range (defaults: the smallest and largest eps; a single eps trains on [0.9·eps, 1.1·eps]). */
  epsMin?: number;
  epsMax?: number;
  /** Training steps (default 2000 when neither steps nor seconds is given). */
  steps?: number;
  /** Training time budget in seconds. */
  seconds?: number;
  /** Training batch size (default 512). */
  batch?: number;
  /** Time step (default 0.01). */
  dt?: number;
  /** Controller hidden widths (default [128]). */
  hidden?: readonly number[];
  /** Entropy estimator of the loss (default: 'dv' for d ≤ 4, else 'knife'). */
  entropy?: TrainEntropy;
  /** Entropy estimator of the read-out (default 'train'). */
  evalEntropy?: EvalEntropy;
  /** Learning rate (default 1e-3). */
  learningRate?: number;
  /** SDE scheme (default 'euler-maruyama'). */
  scheme?: SdeScheme;
  /** tfjs backend (default 'wasm'). */
  backend?: CurveBackend;
  /** Seed (default 0). */
  seed?: number;
  /** Evaluation batches per eps (default 8) and their size (default 1024). */
  evalBatches?: number;
  evalBatchSize?: number;
  /** File to write the final checkpoint to (also written on abort and, as the last good state, on a numerical failure). */
  checkpoint?: string;
  /** Checkpoint file to resume from (its config wins over the options above). */
  resume?: string;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

/**
 * One point of {@link RunCurveResult}.
 *
 * @example
 * ```ts
 * import type { CurvePoint } from '@ratedistortion/estimators';
 * const p: CurvePoint = { eps: 0.5, rate: 0.35, distortion: 0.25, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26] };
 * ```
 */
export interface CurvePoint {
  eps: number;
  rate: number;
  distortion: number;
  rateIqr: [number, number];
  distortionIqr: [number, number];
  /** The analytic answer at the same eps (`rdPoint`), when the source has one. */
  reference?: { rate: number; distortion: number; method: string };
  /** `rate − reference.rate`. */
  rateError?: number;
}

/**
 * What {@link runCurve} returns (and `rd curve --json` prints).
 *
 * @example
 * ```ts
 * import type { RunCurveResult } from '@ratedistortion/estimators';
 * const r: RunCurveResult = { method: 'r2d2', source: { kind: 'gaussian', variance: 1 }, points: [],
 *   train: { steps: 0, totalSteps: 0, seconds: 0, backend: 'cpu', aborted: false } };
 * ```
 */
export interface RunCurveResult {
  method: CurveMethod;
  source: unknown;
  points: CurvePoint[];
  train: { steps: number; totalSteps: number; seconds: number; backend: string; aborted: boolean; checkpoint?: string };
}

/**
 * Estimate an RD curve end to end.
 *
 * @example
 * ```ts
 * import { runCurve } from '@ratedistortion/estimators';
 * const result = await runCurve({
 *   source: { kind: 'gaussian', variance: 1 }, eps: [0.3, 0.6], steps: 100, batch: 128, hidden: [32],
 *   entropy: 'gaussian', backend: 'cpu', evalBatches: 2, evalBatchSize: 256,
 * });
 * for (const p of result.points) console.log(p.eps, p.rate, p.reference?.rate);
 * ```
 */
export async function runCurve(options: RunCurveOptions): Promise<RunCurveResult> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  const method = options.method ?? 'r2d2';
  if (method !== 'r2d2') throw new InvalidParameterError('method', "'r2d2'", method);
  if (!Array.isArray(options.eps) || options.eps.length === 0) throw new InvalidParameterError('eps', 'a non-empty list of eps values', options.eps);
  assertFiniteArray('eps', options.eps);
  options.eps.forEach((e, i) => assertPositive(`eps[${i}]`, e));
  const source = sourceFromSpec(options.source);
  const backend = await useBackend(options.backend ?? 'wasm');
  let est: R2D2;
  if (options.resume) {
    const { readFile } = await import('node:fs/promises');
    est = R2D2.fromJSON(await readFile(options.resume, 'utf8'), source);
  } else {
    const lo = Math.min(...options.eps);
    const hi = Math.max(...options.eps);
    const epsMin = options.epsMin ?? (lo === hi ? 0.9 * lo : lo);
    const epsMax = options.epsMax ?? (lo === hi ? 1.1 * hi : hi);
    est = new R2D2(source, {
      epsMin, epsMax, batch: options.batch, dt: options.dt, hidden: options.hidden, entropy: options.entropy,
      evalEntropy: options.evalEntropy, learningRate: options.learningRate, scheme: options.scheme, seed: options.seed,
    });
  }
  const write = async (value: unknown) => {
    if (!options.checkpoint) return;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(options.checkpoint, JSON.stringify(value));
  };
  try {
    const steps = options.steps ?? (options.seconds === undefined ? 2000 : undefined);
    let trained;
    try {
      trained = await est.train({ steps, seconds: options.seconds, onProgress: options.onProgress, signal: options.signal });
    } catch (err) {
      if (err instanceof NumericalError && est.lastGoodCheckpoint) await write(est.lastGoodCheckpoint);
      throw err;
    }
    await write(est.toJSON());
    const evalOpts = { batches: options.evalBatches ?? 8, batchSize: options.evalBatchSize ?? 1024 };
    const spec = source.toSpec();
    // Gaussians in any form (variance, covariance, the rotated decay family) become an explicit mean/covariance.
    const analyticSpec = toAnalyticSpec(source);
    const points: CurvePoint[] = options.eps.map((eps) => {
      const p = est.evaluate(eps, evalOpts);
      const point: CurvePoint = { eps, rate: p.rate, distortion: p.distortion, rateIqr: p.rateIqr, distortionIqr: p.distortionIqr };
      const ref = analyticSpec ? analyticReference(analyticSpec, eps) : undefined;
      if (ref) {
        point.reference = ref;
        point.rateError = p.rate - ref.rate;
      }
      return point;
    });
    return {
      method,
      source: spec,
      points,
      train: {
        steps: trained.steps, totalSteps: trained.totalSteps, seconds: trained.seconds, backend, aborted: trained.aborted,
        ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      },
    };
  } finally {
    est.dispose();
  }
}

function analyticReference(spec: Parameters<typeof rdPoint>[0], eps: number): CurvePoint['reference'] | undefined {
  try {
    const r = rdPoint(spec, eps);
    if (!Number.isFinite(r.rate) || !Number.isFinite(r.distortion)) return undefined;
    return { rate: r.rate, distortion: r.distortion, method: r.method };
  } catch {
    // Sources the analytic package cannot answer for (e.g. outside every method's range) get no reference.
    return undefined;
  }
}
