// The runner of one or several methods: take the source (a built Source, or a SPEC built here once), pick the
// backend once, hand each method's job to its runner (`CURVE_METHODS`: r2d2-runner, per-eps-runner, ba-runner),
// attach the analytic answer the source knows (`Source.analyticSpec`), and keep one run checkpoint.
// `rd curve` → runCurves → CURVE_METHODS.r2d2.run → R2D2 (tecLossTf, the SDE solvers of core).
import {
  InvalidParameterError,
  assertFiniteArray,
  assertInteger,
  assertPositive,
  assertWritableFile,
  useBackend,
  wasmThreadCount,
  webGpuAdapter,
  type WebGpuAdapterDetails,
  writeFileAtomic,
  type BackendChoice,
} from '@ratedistortion/core';
import { rateAtDistortion, rdPoint } from '@ratedistortion/analytic';
import { sourceFromSpec, type Source, type SourceSpec } from '@ratedistortion/datasets';
import {
  batchSizeOf,
  isCurveMethod,
  withBatchSize,
  type CurveJob,
  type CurveJobSettings,
  type CurveMethod,
  type CurveMethodPoint,
  type R2D2Readout,
} from './curve-job.js';
import { CURVE_METHODS } from './methods.js';
import { R2D2_DEFAULT_HIDDEN } from '../r2d2/config.js';
import {
  RESUMABLE_CHANGES,
  firstDifference,
  makeRunCheckpoint,
  verifyRunCheckpoint,
  type RunConfiguration,
} from '../checkpoint/run-checkpoint.js';

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
export interface RunCurveOptions extends CurveJobSettings {
  /**
   * The source: a built {@link Source} (used as it is: the CLI builds it once from `--source`), or its SPEC (as
   * `rd sources` lists) as an object, built and validated here (`sourceFromSpec`).
   */
  source: Source | SourceSpec | Readonly<Record<string, unknown>>;
  /** Default `'r2d2'`; see `CURVE_METHODS` for what each method does with the settings. */
  method?: CurveMethod;
  /** The eps values to evaluate; the controller is trained on [min, max] of them unless epsMin/epsMax are given. */
  eps: number[];
  /** Training steps, per model (default 2000 when neither steps nor seconds is given; BA takes no steps). */
  steps?: number;
  /** tfjs backend (default 'wasm'). */
  backend?: CurveBackend;
  /**
   * Threads of the wasm backend's kernels (core's `useBackend` option `wasmThreads`): an integer in [1, 8] or
   * `'auto'` (the available cores, at most 8). Default: the environment variable RATEDISTORTION_WASM_THREADS, else
   * `'auto'` when the widest network of the run is at least 128 wide and 1 otherwise. Results are bit-identical for
   * every count; fixed by the process's first wasm initialisation.
   */
  wasmThreads?: number | 'auto';
  /**
   * File to write the checkpoint to (a RunCheckpoint: the run configuration, each method's state and a checksum),
   * written atomically after each finished model, at the end, on abort and, as the last good state, on a
   * numerical failure. Its folder is checked before any training.
   */
  checkpoint?: string;
  /**
   * Run checkpoint file to resume from. It must come from the same run: the source, methods, eps, backend and
   * every setting except those in RESUMABLE_CHANGES (steps, seconds, budget, progress, r2d2.memoryBudget)
   * must be equal, or the call is refused naming the first difference; settings left out are the checkpoint's.
   */
  resume?: string;
  /** Called with every run checkpoint as it is taken (whether or not `checkpoint` names a file). */
  onCheckpoint?: (checkpoint: unknown) => void | Promise<void>;
  /**
   * Periodic checkpoints during training, so that a killed or preempted run loses at most this much: every
   * `checkpointEvery` steps and/or `checkpointEverySeconds` seconds (per model). Default: every
   * {@link DEFAULT_CHECKPOINT_SECONDS} seconds when `checkpoint` names a file, else none (`onCheckpoint` alone
   * gets the end-of-model, abort and failure checkpoints). Not part of the run: a resumed run may change them.
   */
  checkpointEvery?: number;
  checkpointEverySeconds?: number;
}

/**
 * One point of {@link RunCurveResult}: the method's point and, when the source has an analytic answer, the
 * reference beside it.
 *
 * @example
 * ```ts
 * import type { CurvePoint } from '@ratedistortion/estimators';
 * const p: CurvePoint = {
 *   eps: 0.5, rate: 0.35, distortion: 0.25, rateSe: 0.004, distortionSe: 0.002, rateIqr: [0.34, 0.36], distortionIqr: [0.24, 0.26],
 * };
 * ```
 */
export interface CurvePoint extends CurveMethodPoint {
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
 *   train: { steps: 0, totalSteps: 0, seconds: 0, backend: 'cpu', aborted: false, workers: 1 } };
 * ```
 */
export interface RunCurveResult {
  method: CurveMethod;
  /** The source's SPEC (`Source.toSpec()`). */
  source: SourceSpec;
  points: CurvePoint[];
  train: {
    steps: number;
    totalSteps: number;
    seconds: number;
    backend: string;
    aborted: boolean;
    checkpoint?: string;
    models?: number;
    /**
     * Threads that trained in this call (see {@link CurveJobSettings.workers}): NERD, WGD and EBRD models at once
     * (default: the available cores, at most 8 and one per model), R2D2's data-parallel workers (default 1); 1 for
     * Blahut–Arimoto. Absent in results written before it was reported, and where `rd merge` sums several units run
     * apart (each unit's count is in its shard file).
     */
    workers?: number;
    /**
     * Threads of each wasm backend's kernels that trained (core's `wasmThreadCount()` on this thread; 1 on worker
     * threads, which run one each). Absent on the other backends and in results written before it was reported.
     */
    kernelThreads?: number;
    /** R2D2's rollout chain, `'auto'` resolved (see R2D2.chain); absent for the other methods. */
    chain?: 'fixed' | 'controlled';
    /** How R2D2 read its points out (entropy estimator, control variate, batch sampling); absent for the other methods. */
    readout?: R2D2Readout;
    /** With backend 'webgpu': the adapter trained on (core's `webGpuAdapter()`). */
    adapter?: WebGpuAdapterDetails;
  };
}

/**
 * Estimate an RD curve end to end.
 *
 * @example
 * ```ts
 * import { runCurve } from '@ratedistortion/estimators';
 * // A budget of seconds, so far from converged; the defaults (2000 steps, dt 0.01, hidden [64, 64]) get close.
 * const result = await runCurve({
 *   source: { kind: 'gaussian', variance: 1 }, eps: [0.3, 0.6], steps: 40, batchSize: 128, dt: 0.05, hidden: [16],
 *   entropy: 'gaussian', backend: 'cpu', evalBatches: 2, evalBatchSize: 256,
 * });
 * for (const p of result.points) console.log(p.eps, p.rate, p.reference?.rate); // reference: ½ log(1/eps)
 * ```
 */
export async function runCurve(options: RunCurveOptions): Promise<RunCurveResult> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  const method = options.method ?? 'r2d2';
  if (!isCurveMethod(method)) throw new InvalidParameterError('method', CURVE_METHODS_EXPECTED, method);
  return (await runJob(options, [method]))[0];
}

/**
 * The job's Source: a built one as it is, a SPEC built once (`sourceFromSpec`, which validates it).
 *
 * @internal
 */
export function curveSource(source: RunCurveOptions['source']): Source {
  const s = source as Partial<Source> | null;
  if (s != null && typeof s === 'object' && typeof s.sample === 'function' && typeof s.toSpec === 'function')
    return source as Source;
  return sourceFromSpec(source);
}

/** @internal */
export const CURVE_METHODS_EXPECTED = `one of ${Object.keys(CURVE_METHODS)
  .map((m) => `'${m}'`)
  .join(', ')}`;

/** @internal */
export function validateEps(eps: unknown): asserts eps is number[] {
  if (!Array.isArray(eps) || eps.length === 0)
    throw new InvalidParameterError('eps', 'a non-empty list of eps values', eps);
  assertFiniteArray('eps', eps);
  eps.forEach((e, i) => assertPositive(`eps[${i}]`, e));
}

/** @internal */
export async function readCheckpointFile(file: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new InvalidParameterError('resume', 'a readable checkpoint file', file, why);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidParameterError(
      'resume',
      'a JSON checkpoint file',
      file,
      text.length === 0 ? 'the file is empty' : 'the file is not valid JSON (truncated or damaged)',
    );
  }
}

// The options recorded in a run checkpoint and compared on resume (see RESUMABLE_CHANGES for those that may change).
const RUN_OPTION_KEYS = [
  'epsMin',
  'epsMax',
  'steps',
  'seconds',
  'budget',
  'batchSize',
  'dt',
  'hidden',
  'entropy',
  'evalEntropy',
  'learningRate',
  'scheme',
  'seed',
  'evalBatches',
  'evalBatchSize',
  'evalSampling',
  'r2d2',
  'nerd',
  'wgd',
  'ebrd',
  'ba',
] as const satisfies readonly (keyof RunCurveOptions)[];

function runConfiguration(
  options: Omit<RunCurveOptions, 'method'>,
  methods: readonly CurveMethod[],
  source: Source,
  backend: string,
): RunConfiguration {
  const recorded: Record<string, unknown> = {};
  for (const k of RUN_OPTION_KEYS) if (options[k] !== undefined) recorded[k] = options[k];
  // A JSON copy: what the file will hold (functions and undefined fields dropped).
  return JSON.parse(
    JSON.stringify({
      source: source.toSpec(),
      methods: [...methods],
      eps: [...options.eps],
      backend,
      options: recorded,
    }),
  ) as RunConfiguration;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Options under today's names: the deprecated `batch` (shared, and in the r2d2/wgd overrides) becomes `batchSize`,
// for the options given and for those a run checkpoint written before the rename recorded.
function withTodaysNames<T extends Partial<Record<(typeof RUN_OPTION_KEYS)[number], unknown>>>(options: T): T {
  const { batch, ...rest } = options as T & { batch?: number; batchSize?: number };
  const out: Record<string, unknown> = { ...rest };
  const size = batchSizeOf({ batch, batchSize: rest.batchSize as number | undefined });
  if (size !== undefined) out.batchSize = size;
  for (const m of ['r2d2', 'wgd'] as const) {
    const o = rest[m] as { batch?: number; batchSize?: number } | undefined;
    if (isPlain(o)) out[m] = withBatchSize(o);
  }
  return out as T;
}

// Options the resuming call leaves out are those of the checkpoint (deeply, for the per-method objects).
function fillAbsent(given: Record<string, unknown>, saved: Record<string, unknown>, path: string): void {
  for (const [k, v] of Object.entries(saved)) {
    const where = path === '' ? k : `${path}.${k}`;
    if (RESUMABLE_CHANGES.includes(where)) continue;
    if (given[k] === undefined) given[k] = v;
    else if (isPlain(given[k]) && isPlain(v)) fillAbsent(given[k] as Record<string, unknown>, v, where);
  }
}

// A checkpoint resumes only the run that wrote it: refused, naming the first difference, unless everything that
// decides the numbers is the same. Options left out are taken from the checkpoint.
function resumeConfiguration(saved: RunConfiguration, given: RunConfiguration): RunConfiguration {
  saved = { ...saved, options: withTodaysNames(saved.options) };
  fillAbsent(given.options, saved.options, '');
  const diff = firstDifference(
    saved,
    given,
    RESUMABLE_CHANGES.map((k) => `options.${k}`),
  );
  if (diff !== undefined) {
    throw new InvalidParameterError(
      'resume',
      'a checkpoint of the same run (same source, methods, eps, backend and options)',
      diff.split(':')[0],
      `${diff}; rerun with the checkpoint's settings or start a new run without --resume`,
    );
  }
  return given;
}

/**
 * The methods in turn on one source and backend, with one run checkpoint ({@link RunCheckpoint}) holding every
 * started method's state: the output path is checked and the resumed checkpoint verified before any training.
 *
 * @internal
 */
export async function runJob(
  options: Omit<RunCurveOptions, 'method'>,
  methods: readonly CurveMethod[],
): Promise<RunCurveResult[]> {
  validateEps(options.eps);
  options = withTodaysNames(options);
  // Read-out settings are checked before training, so that a bad one cannot throw a trained model away.
  if (options.evalBatches !== undefined) assertInteger('evalBatches', options.evalBatches, 1);
  if (options.evalBatchSize !== undefined) assertInteger('evalBatchSize', options.evalBatchSize, 2);
  if (options.checkpointEvery !== undefined) assertInteger('checkpointEvery', options.checkpointEvery, 1);
  const ckSeconds = options.checkpointEverySeconds;
  if (ckSeconds !== undefined && !(typeof ckSeconds === 'number' && Number.isFinite(ckSeconds) && ckSeconds > 0))
    throw new InvalidParameterError('checkpointEverySeconds', 'a finite number of seconds > 0', ckSeconds);
  const source = curveSource(options.source);
  if (options.checkpoint !== undefined) assertWritableFile('checkpoint', options.checkpoint);
  const resumed = options.resume ? verifyRunCheckpoint(await readCheckpointFile(options.resume), 'resume') : undefined;
  const backend = await useBackend(options.backend ?? 'wasm', {
    wasmThreads: options.wasmThreads,
    networkWidth: widestNetwork(options, methods),
  });
  let run = runConfiguration(options, methods, source, backend);
  const state: Record<string, unknown> = {};
  if (resumed) {
    run = resumeConfiguration(resumed.run, run);
    Object.assign(state, resumed.methods);
    options = { ...options, ...(run.options as Partial<RunCurveOptions>) };
  }
  const results: RunCurveResult[] = [];
  for (const method of methods) {
    const save = async (value: unknown) => {
      state[method] = value;
      const snapshot = makeRunCheckpoint(run, { ...state });
      await options.onCheckpoint?.(snapshot);
      if (options.checkpoint) writeFileAtomic(options.checkpoint, JSON.stringify(snapshot));
    };
    const result = await runMethod(options, method, source, backend, state[method], save);
    results.push(result);
    if (result.train.aborted) break;
  }
  return results;
}

/**
 * The widest layer of the networks the run trains, as far as its settings say (the shared `hidden`, the per-method
 * overrides, R2D2's default): the default kernel thread count follows it (core's resolveWasmThreads).
 */
function widestNetwork(options: Omit<RunCurveOptions, 'method'>, methods: readonly CurveMethod[]): number | undefined {
  const widths: number[] = [];
  for (const m of methods) {
    const override = m === 'ba' ? undefined : (options[m] as { hidden?: readonly number[] } | undefined);
    const hidden = override?.hidden ?? options.hidden ?? (m === 'r2d2' ? R2D2_DEFAULT_HIDDEN : undefined);
    if (hidden) widths.push(...hidden);
  }
  return widths.length > 0 ? Math.max(...widths) : undefined;
}

/** @internal One method on a built source: the runner, then the analytic answers beside its points. */
export async function runMethod(
  options: Omit<RunCurveOptions, 'method'>,
  method: CurveMethod,
  source: Source,
  backend: string,
  resume: unknown,
  save: (c: unknown) => Promise<void>,
): Promise<RunCurveResult> {
  const spec = CURVE_METHODS[method];
  const steps = options.steps ?? (options.seconds === undefined && spec.trains ? 2000 : undefined);
  // The shared settings go to the method as they are; the run's own (its source form, backend, files) do not.
  const {
    source: _given,
    backend: _backend,
    wasmThreads: _threads,
    checkpoint: _file,
    resume: _path,
    onCheckpoint: _on,
    ...settings
  } = options;
  const run = await spec.run({
    ...settings,
    source,
    steps,
    resume,
    saveCheckpoint: save,
    ...checkpointInterval(options),
  });
  // Gaussians in any form (variance, covariance, the rotated decay family) come back as an explicit mean/covariance.
  const analyticSpec = source.analyticSpec();
  const points: CurvePoint[] = run.points.map((p) => {
    const point: CurvePoint = {
      eps: p.eps,
      rate: p.rate,
      distortion: p.distortion,
      rateSe: p.rateSe,
      distortionSe: p.distortionSe,
      rateIqr: p.rateIqr,
      distortionIqr: p.distortionIqr,
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
      steps: run.train.steps,
      totalSteps: run.train.totalSteps,
      seconds: run.train.seconds,
      backend,
      aborted: run.train.aborted,
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      ...(spec.amortised ? {} : { models: run.train.models }),
      workers: run.train.workers,
      ...(backend === 'wasm' ? { kernelThreads: run.train.workers > 1 ? 1 : (wasmThreadCount() ?? 1) } : {}),
      ...(run.chain ? { chain: run.chain } : {}),
      ...(run.readout ? { readout: run.readout } : {}),
      ...(backend === 'webgpu' && webGpuAdapter() !== undefined ? { adapter: webGpuAdapter() } : {}),
    },
  };
}

/**
 * Seconds between periodic checkpoints when `runCurve` writes a checkpoint file and no interval is given.
 *
 * @example
 * ```ts
 * import { DEFAULT_CHECKPOINT_SECONDS } from '@ratedistortion/estimators';
 * console.log(DEFAULT_CHECKPOINT_SECONDS); // 300
 * ```
 */
export const DEFAULT_CHECKPOINT_SECONDS = 300;

function checkpointInterval(
  options: Pick<RunCurveOptions, 'checkpoint' | 'checkpointEvery' | 'checkpointEverySeconds'>,
): Pick<CurveJob, 'checkpointEvery' | 'checkpointEverySeconds'> {
  const { checkpointEvery, checkpointEverySeconds } = options;
  if (checkpointEvery === undefined && checkpointEverySeconds === undefined)
    return options.checkpoint !== undefined ? { checkpointEverySeconds: DEFAULT_CHECKPOINT_SECONDS } : {};
  return {
    ...(checkpointEvery !== undefined ? { checkpointEvery } : {}),
    ...(checkpointEverySeconds !== undefined ? { checkpointEverySeconds } : {}),
  };
}

function analyticReferenceAtDistortion(
  spec: Parameters<typeof rdPoint>[0],
  distortion: number,
): CurvePoint['referenceAtDistortion'] | undefined {
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
 *   source: { kind: 'gaussian', variance: 1 }, methods: ['r2d2', 'ba'], eps: [0.3, 0.6], steps: 40, batchSize: 128, dt: 0.05, hidden: [16],
 *   entropy: 'gaussian', backend: 'cpu', evalBatches: 2, evalBatchSize: 256, ba: { samples: 20000, points: 100 },
 * });
 * for (const r of results) console.log(r.method, r.points.map((p) => p.rate));
 * ```
 */
export async function runCurves(options: RunCurvesOptions): Promise<RunCurveResult[]> {
  if (options == null || typeof options !== 'object') throw new InvalidParameterError('options', 'an object', options);
  const methods = options.methods;
  if (!Array.isArray(methods) || methods.length === 0)
    throw new InvalidParameterError('methods', 'a non-empty list of methods', methods);
  methods.forEach((m, i) => {
    if (!isCurveMethod(m)) throw new InvalidParameterError(`methods[${i}]`, CURVE_METHODS_EXPECTED, m);
  });
  if (new Set(methods).size !== methods.length)
    throw new InvalidParameterError('methods', 'a list without repeats', methods.join(','));
  return runJob(options, methods);
}
