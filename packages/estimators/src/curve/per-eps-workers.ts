// Per-eps models (NERD, WGD, EBRD) trained on worker threads, several at once. Each worker rebuilds the source from
// its spec and runs on its own copy of the caller's tfjs backend; of the models to train, in eps order, the k-th
// goes to worker k mod N, and each worker trains its models in turn with trainPerEpsModelUnit, exactly as one
// thread does (the same constructor options, seed, budget and read-out), so the curve is the same for any worker
// count. The main thread keeps the state: it forwards progress and periodic checkpoints, records each finished
// model in the order the messages arrive, and stops every worker on abort, error or return.
// Two callers: the curve runner (runPerEpsOnWorkers: the job's checkpoints, budget split and progress events) and
// the standalone curve functions nerdCurve, wgdCurve and trainEbrdCurve (trainPerEpsModelsOnWorkers).
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  InvalidParameterError,
  NumericalError,
  currentBackend,
  ensureDefaultBackend,
  onHostMemoryBackend,
  useBackend,
  type BackendChoice,
  type SampleSource,
} from '@ratedistortion/core';
import { SOURCE_KIND_NAMES, sourceFromSpec, type SourceSpec } from '@ratedistortion/datasets';
import type { EvaluateOptions, RdPointEstimate, TrainOptions, TrainProgress, TrainResult } from '../estimator/types.js';
import {
  assertEpsList,
  perEpsCurve,
  type PerEpsCurvePoint,
  type PerEpsCurveSettings,
} from '../estimator/per-eps-models.js';
import { MAX_AUTO_WORKERS, resolveWorkerCount } from '../parallel/worker-count.js';
import { WorkerPool, type WorkerFailure } from '../parallel/worker-pool.js';
import { reviveError, serializeError, type SerializedError } from '../parallel/worker-errors.js';
import { evalOptions, evalSampling, modelProgress, progressEvery, type CurveJob } from './curve-job.js';
import {
  PER_EPS_CONSTRUCTORS,
  trainPerEpsModelUnit,
  type PerEpsMethod,
  type PerEpsModelMake,
  type PerEpsModelOutcome,
} from './per-eps-model.js';
import {
  finishedModel,
  perEpsCheckpoint,
  perEpsSeconds,
  perEpsTask,
  type PerEpsModels,
  type PerEpsState,
} from './per-eps-runner.js';
import { stratifiedEvaluation } from './stratified-evaluation.js';

const MARK = 'ratedistortion-per-eps-worker';

/** This module's file (the built bundle or the .ts source), which the workers run. */
function ownFile(): string {
  const cjs = typeof __filename === 'string' ? __filename : undefined;
  return cjs ?? fileURLToPath(import.meta.url);
}

interface WorkerSetup {
  mark: typeof MARK;
  backend: BackendChoice;
  method: PerEpsMethod;
  source: SourceSpec;
  /** Read out on the source's stratified draws (the curve runner's default). */
  stratified: boolean;
  /** Whether to send progress events and periodic checkpoints. */
  progress: boolean;
  periodic: boolean;
}

/** The plain-data part of a model's training options (the callbacks stay on the main thread). */
type TrainBudget = Pick<
  TrainOptions,
  'steps' | 'seconds' | 'progressEvery' | 'checkpointEvery' | 'checkpointEverySeconds'
>;

interface ModelTask {
  index: number;
  eps: number;
  make: PerEpsModelMake;
  train: TrainBudget;
  evaluate: EvaluateOptions;
}

type ToWorker = ({ type: 'train' } & ModelTask) | { type: 'abort' };
type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; index: number; progress: TrainProgress }
  | { type: 'checkpoint'; index: number; checkpoint: unknown }
  | ({ type: 'done'; index: number } & PerEpsModelOutcome)
  | { type: 'failed'; index: number; error: SerializedError };

/**
 * @internal The worker threads of a standalone per-eps curve function (nerdCurve, wgdCurve, trainEbrdCurve): the
 * given count (`'auto'`: the available cores, at most {@link MAX_AUTO_WORKERS}, and 1 on a device backend), default 1.
 */
export function perEpsWorkerCount(workers: number | 'auto' | undefined): number {
  const w = workers ?? 1;
  if (w === 'auto') return onHostMemoryBackend() ? resolveWorkerCount('auto', MAX_AUTO_WORKERS) : 1;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 1)
    throw new InvalidParameterError('workers', "'auto' or an integer ≥ 1", w);
  if (w > 1 && !onHostMemoryBackend())
    throw new InvalidParameterError('workers', `1 on the '${currentBackend()}' backend (one GPU trains alone)`, w);
  return w;
}

/**
 * @internal The threads a per-eps curve job (runCurve's NERD, WGD and EBRD) trains its `models` models left on, at
 * most one per model. An explicit `workers` is taken as given ({@link perEpsWorkerCount}; a source the workers cannot
 * rebuild is then refused with a typed error when they start). Unset, the default is `'auto'`: the available cores,
 * at most {@link MAX_AUTO_WORKERS}, 1 on a device backend, and 1 where the worker threads would not train on this
 * very source (see {@link rebuildsAsItIs}). Bit-identical curves for any count make a machine-dependent default
 * safe here; R2D2's data-parallel result depends on its worker count, so its default stays 1 (`R2D2TrainOptions`).
 */
export function perEpsJobThreads(workers: number | 'auto' | undefined, source: SampleSource, models: number): number {
  if (workers !== undefined) return Math.min(perEpsWorkerCount(workers), models);
  const threads = Math.min(perEpsWorkerCount('auto'), models);
  return threads > 1 && rebuildsAsItIs(source) ? threads : 1;
}

/**
 * @internal Whether worker threads, which rebuild the source with `sourceFromSpec(source.toSpec())`, would train on this very
 * source: its spec builds (a kind sourceFromSpec knows, and e.g. a data file still there), into an object of the
 * same class, and the source has no method of its own that the rebuilt one lacks (a wrapper object, or a sampler
 * patched onto the instance, would otherwise be replaced silently by the plain source).
 */
export function rebuildsAsItIs(source: SampleSource): boolean {
  let rebuilt: object;
  try {
    rebuilt = sourceFromSpec(rebuildableSpec(source, 'default'));
  } catch {
    return false;
  }
  if (Object.getPrototypeOf(source) !== Object.getPrototypeOf(rebuilt)) return false;
  const own = (o: object, k: string) => typeof (Object.getOwnPropertyDescriptor(o, k)?.value as unknown) === 'function';
  return Object.getOwnPropertyNames(source).every((k) => !own(source, k) || own(rebuilt, k));
}

// The source's spec, when the workers can rebuild the source from it.
function rebuildableSpec(source: SampleSource, workers: unknown): SourceSpec {
  const toSpec = (source as { toSpec?: unknown }).toSpec;
  const spec = typeof toSpec === 'function' ? (toSpec.call(source) as unknown) : undefined;
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !SOURCE_KIND_NAMES.includes(kind)) {
    throw new InvalidParameterError(
      'workers',
      '1 for this source (worker threads rebuild the source with sourceFromSpec(source.toSpec()), which needs a ' +
        `spec kind of ${SOURCE_KIND_NAMES.join(', ')})`,
      workers,
      `the source's spec kind is ${typeof kind === 'string' ? `'${kind}'` : 'missing'}`,
    );
  }
  return spec as SourceSpec;
}

interface DriveHooks {
  /** The task of the q-th of a thread's `mine` models, made when it starts (its seconds share then). */
  task(index: number, q: number, mine: number): ModelTask;
  progress?(index: number, p: TrainProgress, busy: number): void;
  checkpoint?(index: number, c: unknown): Promise<void>;
  done(index: number, out: PerEpsModelOutcome): Promise<void>;
  /** Called with a model's error before it is thrown (e.g. to drop the model's checkpoint). */
  failed?(index: number, err: Error): Promise<void>;
}

// Start the pool, give each thread its models in turn, and stop everything when done, aborted or failed.
async function drive(
  setup: Omit<WorkerSetup, 'mark' | 'backend'>,
  indices: readonly number[],
  threads: number,
  signal: AbortSignal | undefined,
  hooks: DriveHooks,
): Promise<{ aborted: boolean }> {
  let aborted = false;
  let stopped = false;
  let busy = 0;
  // The workers run on the backend this thread trains on: the one chosen, else the library's default (wasm), as
  // every estimator's train picks it.
  const backend = String(await ensureDefaultBackend()) as BackendChoice;
  const pool = new WorkerPool(ownFile(), threads, () => ({ ...setup, backend, mark: MARK }));
  const stopAll = () => {
    aborted = true;
    for (let k = 0; k < threads; k++) {
      try {
        pool.post(k, { type: 'abort' } satisfies ToWorker);
      } catch {
        // A failed pool has stopped already.
      }
    }
  };
  signal?.addEventListener('abort', stopAll);
  const thread = async (k: number): Promise<void> => {
    await pool.next(k); // 'ready'
    const mine = indices.filter((_, j) => j % threads === k);
    for (let q = 0; q < mine.length && !aborted && !stopped; q++) {
      const i = mine[q];
      pool.post(k, { type: 'train', ...hooks.task(i, q, mine.length) } satisfies ToWorker);
      busy++;
      for (;;) {
        const m = (await pool.next(k)) as FromWorker;
        if (m.type === 'progress') hooks.progress?.(i, m.progress, busy);
        else if (m.type === 'checkpoint') await hooks.checkpoint?.(i, m.checkpoint);
        else if (m.type === 'failed') {
          stopped = true;
          const err = reviveError(m.error, `worker ${k}, model ${i}: `);
          await hooks.failed?.(i, err);
          throw err;
        } else if (m.type === 'done') {
          busy--;
          if (m.estimate === null) aborted = true;
          await hooks.done(i, m);
          break;
        }
      }
    }
  };
  try {
    if (signal?.aborted) stopAll();
    await Promise.all(Array.from({ length: threads }, (_, k) => thread(k)));
  } finally {
    stopped = true;
    signal?.removeEventListener('abort', stopAll);
    await pool.terminate();
  }
  return { aborted };
}

/**
 * @internal Train the `pending` models of a curve job (indices into its eps, increasing) on `threads` worker
 * threads, recording finished models and checkpoints in `state`. Each thread splits the job's training seconds
 * left over its own models (perEpsSeconds). Returns the steps taken and the wall-clock seconds from the workers' start to
 * the last model's end.
 */
export async function runPerEpsOnWorkers(
  models: PerEpsModels,
  job: CurveJob,
  state: PerEpsState,
  pending: readonly number[],
  threads: number,
): Promise<{ steps: number; seconds: number; aborted: boolean }> {
  const t0 = performance.now();
  if (job.signal?.aborted) return { steps: 0, seconds: 0, aborted: true };
  const { eps, saveCheckpoint, onProgress } = job;
  const periodic =
    saveCheckpoint !== undefined && (job.checkpointEvery !== undefined || job.checkpointEverySeconds !== undefined);
  const setup = {
    method: models.method,
    source: rebuildableSpec(job.source, job.workers),
    stratified: evalSampling(job) === 'stratified',
    progress: onProgress !== undefined,
    periodic,
  };
  // Where each model's progress stands, for the job's remaining steps: the step it is at and its target.
  const at = new Map<number, { step: number; target: number | undefined }>();
  const tasks = new Map(pending.map((i) => [i, perEpsTask(models, job, state, i)]));
  for (const [i, t] of tasks)
    at.set(i, { step: t.target === undefined ? 0 : t.target - (t.steps ?? 0), target: t.target });
  const stepsLeftBesides = (i: number) => {
    let s = 0;
    for (const [j, m] of at) if (j !== i && m.target !== undefined) s += Math.max(0, m.target - m.step);
    return s;
  };
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    if (saveCheckpoint === undefined) return saving;
    const snapshot = perEpsCheckpoint(state);
    saving = saving.then(() => saveCheckpoint(snapshot));
    return saving;
  };
  let steps = 0;
  // Training seconds used so far on each thread (model i runs on thread `pending.indexOf(i) mod threads`, see drive).
  const trained = new Array<number>(threads).fill(0);
  const threadOf = (i: number) => pending.indexOf(i) % threads;
  const { aborted } = await drive(setup, pending, threads, job.signal, {
    task: (i, q, mine) => ({
      index: i,
      eps: eps[i],
      make: tasks.get(i)!.make,
      train: {
        steps: tasks.get(i)!.steps,
        seconds: perEpsSeconds(job, trained[threadOf(i)], mine - q),
        progressEvery: progressEvery(job, models.method),
        ...(periodic
          ? { checkpointEvery: job.checkpointEvery, checkpointEverySeconds: job.checkpointEverySeconds }
          : {}),
      },
      evaluate: evalOptions(job),
    }),
    progress: (i, p, busy) => {
      const where = at.get(i)!;
      where.step = p.step;
      modelProgress(
        job,
        t0,
        {
          method: models.method,
          model: i,
          models: eps.length,
          modelEps: eps[i],
          targetSteps: where.target,
          training: busy,
        },
        stepsLeftBesides(i),
      )?.(p);
    },
    checkpoint: (i, c) => {
      state.current.set(i, c);
      return save();
    },
    failed: async (i, err) => {
      // The failing model's state is not worth keeping; resuming restarts it.
      if (err instanceof NumericalError) {
        state.current.delete(i);
        await save();
      }
    },
    done: async (i, out) => {
      steps += out.training.steps;
      trained[threadOf(i)] += out.training.seconds;
      at.get(i)!.step = out.training.totalSteps;
      const done = finishedModel(out);
      if (done === null) {
        state.current.set(i, out.checkpoint);
        return;
      }
      state.done.set(i, done);
      state.current.delete(i);
      at.delete(i);
      await save();
    },
  });
  await saving;
  return { steps, seconds: (performance.now() - t0) / 1000, aborted };
}

/**
 * @internal The standalone curve functions' models (nerdCurve, wgdCurve, trainEbrdCurve) on `threads` worker
 * threads: model i made from `optionsOf(eps[i], i)` (eps included), trained under `train` (its callbacks get every
 * model's events, interleaved), read out at its eps with `evaluate`. Results in eps order; on abort, the models
 * that finished.
 */
export async function trainPerEpsModelsOnWorkers(
  method: PerEpsMethod,
  source: SampleSource,
  epsList: ArrayLike<number>,
  optionsOf: (eps: number, index: number) => Record<string, unknown>,
  train: TrainOptions,
  evaluate: EvaluateOptions,
  threads: number,
): Promise<{ eps: number; point: RdPointEstimate; training: TrainResult }[]> {
  assertEpsList(epsList);
  const eps = Array.from(epsList);
  const options = eps.map((e, i) => optionsOf(e, i));
  const { onProgress, onCheckpoint, signal, ...budget } = train;
  const setup = {
    method,
    source: rebuildableSpec(source, threads),
    stratified: false,
    progress: onProgress !== undefined,
    periodic: onCheckpoint !== undefined,
  };
  const out = new Map<number, { eps: number; point: RdPointEstimate; training: TrainResult }>();
  const indices = eps.map((_, i) => i);
  await drive(setup, indices, Math.min(threads, eps.length), signal, {
    task: (i) => ({ index: i, eps: eps[i], make: { options: options[i] }, train: budget, evaluate }),
    progress: (_i, p) => onProgress?.(p),
    checkpoint: async (_i, c) => {
      await onCheckpoint?.(c);
    },
    done: async (i, o) => {
      if (o.estimate !== null) out.set(i, { eps: eps[i], point: o.estimate, training: o.training });
    },
  });
  return indices.flatMap((i) => (out.has(i) ? [out.get(i)!] : []));
}

/**
 * @internal The body of nerdCurve and wgdCurve: model i made from `optionsOf(eps[i], i)`, on this thread
 * (perEpsCurve) or, with `settings.workers` > 1, on worker threads; the same points either way.
 */
export async function perEpsMethodCurve<P extends RdPointEstimate>(
  method: PerEpsMethod,
  source: SampleSource,
  epsList: ArrayLike<number>,
  optionsOf: (eps: number, index: number) => Record<string, unknown>,
  settings: PerEpsCurveSettings<EvaluateOptions>,
  defaultTrain: TrainOptions,
): Promise<PerEpsCurvePoint<P>[]> {
  const threads = perEpsWorkerCount(settings.workers);
  const runs =
    threads > 1
      ? await trainPerEpsModelsOnWorkers(
          method,
          source,
          epsList,
          optionsOf,
          settings.train ?? defaultTrain,
          settings.evaluate ?? {},
          threads,
        )
      : await perEpsCurve(
          epsList,
          (eps, i) => PER_EPS_CONSTRUCTORS[method].construct(source, optionsOf(eps, i)),
          settings,
          defaultTrain,
        );
  return runs.map(({ point, training }) => ({ point: point as P, training }));
}

/** The worker's loop: rebuild the source, then train the models the main thread sends, one at a time. */
async function serve(): Promise<void> {
  const port = parentPort!;
  const data = workerData as WorkerSetup;
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    // One kernel thread each: the workers themselves are the parallelism.
    await useBackend(data.backend, { wasmThreads: 1 });
    const source = sourceFromSpec(data.source);
    const view = data.stratified ? stratifiedEvaluation(source) : null;
    const controller = new AbortController();
    port.on('message', (m: ToWorker) => {
      if (m.type === 'abort') {
        controller.abort();
        return;
      }
      const i = m.index;
      trainPerEpsModelUnit(
        data.method,
        source,
        view,
        m.make,
        m.eps,
        {
          ...m.train,
          signal: controller.signal,
          ...(data.periodic
            ? { onCheckpoint: (c: unknown) => send({ type: 'checkpoint', index: i, checkpoint: c }) }
            : {}),
          ...(data.progress
            ? { onProgress: (p: TrainProgress) => send({ type: 'progress', index: i, progress: p }) }
            : {}),
        },
        m.evaluate,
      ).then(
        (out) => send({ type: 'done', index: i, ...out }),
        (err: unknown) => send({ type: 'failed', index: i, error: serializeError(err) }),
      );
    });
    send({ type: 'ready' });
  } catch (err) {
    const error = serializeError(err);
    port.postMessage({ type: 'error', message: error.message, name: error.name, error } satisfies WorkerFailure);
  }
}

if (!isMainThread && (workerData as { mark?: string } | null)?.mark === MARK) void serve();
