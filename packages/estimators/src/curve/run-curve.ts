// One method's curve, end to end: take the source (a built Source, or a SPEC built here once), pick the
// backend, hand the job to the method's runner (`CURVE_METHODS`), and attach the analytic answer the source
// knows (`Source.analyticSpec`). `runCurves` (run-curves.ts) runs several methods on one source.
import { InvalidParameterError, assertFiniteArray, assertPositive, useBackend, writeFileAtomic, type BackendChoice, type SdeScheme } from '@ratedistortion/core';
import { rateAtDistortion, rdPoint } from '@ratedistortion/analytic';
import { sourceFromSpec, type Source, type SourceSpec } from '@ratedistortion/datasets';
import type { EvalEntropy, TrainEntropy } from '../r2d2/config.js';
import { isCurveMethod, type CurveJob, type CurveMethod, type CurveProgress } from './curve-job.js';
import { CURVE_METHODS } from './methods.js';

/**
 * Backends `runCurve` can select (see core's `useBackend`).
 *
 * @example
 * ```ts
 * import type { CurveBackend } from '@ratedistortion/estimators';
 * const b: CurveBackend = 'wasm';
 * ```
 */
export type CurveBackend = BackendChoice;

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
  /**
   * The source: a built {@link Source} (used as it is: the CLI builds it once from `--source`), or its SPEC (as
   * `rd sources` lists) as an object, built and validated here (`sourceFromSpec`).
   */
  source: Source | SourceSpec | Readonly<Record<string, unknown>>;
  /** Default `'r2d2'`; see `CURVE_METHODS` for what each method does with the options below. */
  method?: CurveMethod;
  /** The eps values to evaluate; the controller is trained on [min, max] of them unless epsMin/epsMax are given. */
  eps: number[];
  /** Trained range (defaults: the smallest and largest eps; a single eps trains on [0.9·eps, 1.1·eps]). */
  epsMin?: number;
  epsMax?: number;
  /** Training steps, per model (default 2000 when neither steps nor seconds is given; BA takes no steps). */
  steps?: number;
  /** Training time budget in seconds (per-eps methods split it over their models). */
  seconds?: number;
  /** How `steps` applies to a resumed model: `'additional'` (default) steps more, or up to `'total'` steps. */
  budget?: 'additional' | 'total';
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
  /** Evaluation draws (default `'stratified'`; see `CurveJob.evalSampling`). */
  evalSampling?: 'stratified' | 'iid';
  /** File to write the final checkpoint to (also written on abort and, as the last good state, on a numerical failure). */
  checkpoint?: string;
  /** Checkpoint file to resume from (its config wins over the options above). */
  resume?: string;
  /** Called with every checkpoint as it is taken (whether or not `checkpoint` names a file). */
  onCheckpoint?: (checkpoint: unknown) => void | Promise<void>;
  /** Evaluate a model whose training was aborted (default true; per-eps methods return only finished models' points). */
  evaluateOnAbort?: boolean;
  /** Report progress every this many steps, or per method (default: each estimator's own). */
  progressEvery?: CurveJob['progressEvery'];
  onProgress?: (p: CurveProgress) => void;
  signal?: AbortSignal;
  /** Per-method settings, applied over the shared ones (see `CurveJob`). */
  r2d2?: CurveJob['r2d2'];
  nerd?: CurveJob['nerd'];
  wgd?: CurveJob['wgd'];
  ebrd?: CurveJob['ebrd'];
  ba?: CurveJob['ba'];
}

/**
 * One point of {@link RunCurveResult}.
 *
 * @example
 * ```ts
 * import type { CurvePoint } from '@ratedistortion/estimators';
 * const p: CurvePoint = {
 *   eps: 0.5, rate: 0.35, distortion: 0.25, rateSe: 0.004, distortionSe: 0.002, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26],
 * };
 * ```
 */
export interface CurvePoint {
  eps: number;
  rate: number;
  distortion: number;
  /** Standard errors of `rate` and `distortion`: mean ± s/√B over the B independent evaluation batches. */
  rateSe: number;
  distortionSe: number;
  rateIqr: [number, number];
  distortionIqr: [number, number];
  /** The analytic answer at the same eps (`rdPoint`), when the source has one. */
  reference?: { rate: number; distortion: number; method: string };
  /** `rate − reference.rate`. */
  rateError?: number;
  /**
   * The analytic answer at the distortion the estimator reached, D̂ = `distortion` (`rateAtDistortion`): R(D̂) and
   * the eps where the exact curve has that distortion, with the kind of reference (`'exact'`, `'ba'`, …).
   */
  referenceAtDistortion?: { rate: number; distortion: number; eps: number; method: string; reference: string };
  /** `rate − R(D̂)`: how far above (> 0) or below the true curve the estimated point lies. */
  rateErrorAtDistortion?: number;
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
  /** The source's SPEC (`Source.toSpec()`). */
  source: SourceSpec;
  points: CurvePoint[];
  train: {
    steps: number; totalSteps: number; seconds: number; backend: string; aborted: boolean; checkpoint?: string; models?: number;
    /** R2D2's rollout chain, `'auto'` resolved (see R2D2.chain); absent for the other methods. */
    chain?: 'fixed' | 'controlled';
  };
}

/**
 * Estimate an RD curve end to end.
 *
 * @example
 * ```ts
 * import { runCurve } from '@ratedistortion/estimators';
 * // A budget of seconds, so far from converged; the defaults (2000 steps, dt 0.01, hidden [128]) get close.
 * const result = await runCurve({
 *   source: { kind: 'gaussian', variance: 1 }, eps: [0.3, 0.6], steps: 40, batch: 128, dt: 0.05, hidden: [16],
 *   entropy: 'gaussian', backend: 'cpu', evalBatches: 2, evalBatchSize: 256,
 * });
 * for (const p of result.points) console.log(p.eps, p.rate, p.reference?.rate); // reference: ½ log(1/eps)
 * ```
 */
export async function runCurve(options: RunCurveOptions): Promise<RunCurveResult> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  const method = options.method ?? 'r2d2';
  if (!isCurveMethod(method)) throw new InvalidParameterError('method', CURVE_METHODS_EXPECTED, method);
  validateEps(options.eps);
  const source = curveSource(options.source);
  const backend = await useBackend(options.backend ?? 'wasm');
  const resume = options.resume ? await readCheckpointFile(options.resume) : undefined;
  const write = async (value: unknown) => {
    await options.onCheckpoint?.(value);
    if (options.checkpoint) await writeCheckpointFile(options.checkpoint, value);
  };
  return runMethod(options, method, source, backend, resume, write);
}

/**
 * The job's Source: a built one as it is, a SPEC built once (`sourceFromSpec`, which validates it).
 *
 * @internal
 */
export function curveSource(source: RunCurveOptions['source']): Source {
  const s = source as Partial<Source> | null;
  if (s != null && typeof s === 'object' && typeof s.sample === 'function' && typeof s.toSpec === 'function') return source as Source;
  return sourceFromSpec(source);
}

/** @internal */
export const CURVE_METHODS_EXPECTED = `one of ${Object.keys(CURVE_METHODS).map((m) => `'${m}'`).join(', ')}`;

/** @internal */
export function validateEps(eps: unknown): asserts eps is number[] {
  if (!Array.isArray(eps) || eps.length === 0) throw new InvalidParameterError('eps', 'a non-empty list of eps values', eps);
  assertFiniteArray('eps', eps);
  eps.forEach((e, i) => assertPositive(`eps[${i}]`, e));
}

/** @internal */
export async function readCheckpointFile(file: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidParameterError('resume', 'a JSON checkpoint file', file, 'the file is not valid JSON');
  }
}

/** @internal Write a checkpoint object to a JSON file (atomically: the previous file survives a failed write). */
export async function writeCheckpointFile(file: string, value: unknown): Promise<void> {
  writeFileAtomic(file, JSON.stringify(value));
}

/** @internal One method on a built source: the runner, then the analytic answers beside its points. */
export async function runMethod(
  options: Omit<RunCurveOptions, 'method'>, method: CurveMethod, source: Source, backend: string, resume: unknown, save: (c: unknown) => Promise<void>,
): Promise<RunCurveResult> {
  const spec = CURVE_METHODS[method];
  const steps = options.steps ?? (options.seconds === undefined && spec.trains ? 2000 : undefined);
  const run = await spec.run({
    source, eps: options.eps, epsMin: options.epsMin, epsMax: options.epsMax, steps, seconds: options.seconds, budget: options.budget,
    batch: options.batch, hidden: options.hidden, learningRate: options.learningRate, dt: options.dt, entropy: options.entropy,
    evalEntropy: options.evalEntropy, scheme: options.scheme, seed: options.seed, evalBatches: options.evalBatches,
    evalBatchSize: options.evalBatchSize, evalSampling: options.evalSampling, evaluateOnAbort: options.evaluateOnAbort, resume, saveCheckpoint: save,
    onProgress: options.onProgress, progressEvery: options.progressEvery, signal: options.signal,
    r2d2: options.r2d2, nerd: options.nerd, wgd: options.wgd, ebrd: options.ebrd, ba: options.ba,
  });
  // Gaussians in any form (variance, covariance, the rotated decay family) come back as an explicit mean/covariance.
  const analyticSpec = source.analyticSpec();
  const points: CurvePoint[] = run.points.map((p) => {
    const point: CurvePoint = {
      eps: p.eps, rate: p.rate, distortion: p.distortion, rateSe: p.rateSe, distortionSe: p.distortionSe, rateIqr: p.rateIqr, distortionIqr: p.distortionIqr,
    };
    const ref = analyticSpec ? analyticReference(analyticSpec, p.eps) : undefined;
    if (ref) {
      point.reference = ref;
      point.rateError = p.rate - ref.rate;
    }
    const atD = analyticSpec ? analyticReferenceAtDistortion(analyticSpec, p.distortion) : undefined;
    if (atD) {
      point.referenceAtDistortion = atD;
      point.rateErrorAtDistortion = p.rate - atD.rate;
    }
    return point;
  });
  return {
    method,
    source: source.toSpec(),
    points,
    train: {
      steps: run.train.steps, totalSteps: run.train.totalSteps, seconds: run.train.seconds, backend, aborted: run.train.aborted,
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      ...(spec.amortised ? {} : { models: run.train.models }),
      ...(run.chain ? { chain: run.chain } : {}),
    },
  };
}

function analyticReferenceAtDistortion(spec: Parameters<typeof rdPoint>[0], distortion: number): CurvePoint['referenceAtDistortion'] | undefined {
  try {
    const r = rateAtDistortion(spec, distortion);
    if (!Number.isFinite(r.rate)) return undefined;
    return { rate: r.rate, distortion: r.distortion, eps: r.eps, method: r.method, reference: r.reference };
  } catch {
    // D̂ at or above ½·tr Cov (R = 0 there, no eps), or outside every method's range: no reference.
    return undefined;
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
