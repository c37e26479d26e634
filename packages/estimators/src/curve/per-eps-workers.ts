// The per-eps models of a curve job (NERD, WGD, EBRD) trained on worker threads, several at once. Each worker
// rebuilds the source from its spec and runs on its own copy of the caller's tfjs backend; model i (of the models
// left to train, in eps order) goes to worker i mod N, and each worker trains its models in turn exactly as one
// thread does (trainPerEpsModel: same seed and stream per model), so the curve is the same for any worker count.
// The main thread keeps the job's state: it saves the checkpoints (periodic ones as the workers send them, one
// after each finished model, one on abort) in the order the messages arrive, forwards progress, and stops every
// worker on abort, error or return.
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  InvalidParameterError,
  NumericalError,
  currentBackend,
  useBackend,
  type BackendChoice,
} from '@ratedistortion/core';
import { SOURCE_KIND_NAMES, sourceFromSpec, type SourceSpec } from '@ratedistortion/datasets';
import type { TrainProgress } from '../estimator/types.js';
import { WorkerPool, type WorkerFailure } from '../parallel/worker-pool.js';
import { reviveError, serializeError, type SerializedError } from '../parallel/worker-errors.js';
import {
  evalSampling,
  modelProgress,
  modelSteps,
  progressOf,
  type CurveJob,
  type CurveJobSettings,
} from './curve-job.js';
import {
  ebrdModels,
  nerdModels,
  perEpsCheckpoint,
  perEpsSeconds,
  trainPerEpsModel,
  wgdModels,
  type PerEpsFinishedModel,
  type PerEpsModels,
  type PerEpsState,
} from './per-eps-runner.js';
import { stratifiedEvaluation } from './stratified-evaluation.js';

const MARK = 'ratedistortion-per-eps-worker';
// A function, not a table: this module and per-eps-runner.ts import each other.
const modelsOf = (method: PerEpsModels['method']): PerEpsModels =>
  method === 'nerd' ? nerdModels : method === 'wgd' ? wgdModels : ebrdModels;

/** This module's file (the built bundle or the .ts source), which the workers run. */
function ownFile(): string {
  const cjs = typeof __filename === 'string' ? __filename : undefined;
  return cjs ?? fileURLToPath(import.meta.url);
}

/** The job's settings a worker needs: everything but the source, the callbacks, the signal and the resume state. */
type WorkerSettings = Omit<CurveJobSettings, 'onProgress' | 'signal'> & { eps: number[] };

interface WorkerSetup {
  mark: typeof MARK;
  backend: BackendChoice;
  method: PerEpsModels['method'];
  source: SourceSpec;
  settings: WorkerSettings;
  /** Whether to send progress events and periodic checkpoints. */
  progress: boolean;
  periodic: boolean;
}

type ToWorker = { type: 'train'; index: number; current: unknown; seconds: number | undefined } | { type: 'abort' };
type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; index: number; progress: TrainProgress }
  | { type: 'checkpoint'; index: number; checkpoint: unknown }
  | {
      type: 'done';
      index: number;
      done: PerEpsFinishedModel | null;
      train: PerEpsFinishedModel['train'];
      checkpoint: unknown;
    }
  | { type: 'failed'; index: number; error: SerializedError };

// The source's spec, when the workers can rebuild the source from it.
function rebuildableSpec(job: CurveJob): SourceSpec {
  const spec = typeof job.source.toSpec === 'function' ? job.source.toSpec() : undefined;
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !SOURCE_KIND_NAMES.includes(kind)) {
    throw new InvalidParameterError(
      'workers',
      '1 for this source (worker threads rebuild the source with sourceFromSpec(source.toSpec()), which needs a ' +
        `spec kind of ${SOURCE_KIND_NAMES.join(', ')})`,
      job.workers,
      `the source's spec kind is ${typeof kind === 'string' ? `'${kind}'` : 'missing'}`,
    );
  }
  return spec as SourceSpec;
}

/**
 * @internal Train the `pending` models of `job` (indices into its eps, increasing) on `threads` worker threads,
 * recording finished models and checkpoints in `state`. Returns the steps taken and the wall-clock seconds from
 * the workers' start to the last model's end.
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
  const source = rebuildableSpec(job);
  const { source: _s, signal, onProgress, saveCheckpoint, resume: _r, eps, ...rest } = job;
  const periodic =
    saveCheckpoint !== undefined && (job.checkpointEvery !== undefined || job.checkpointEverySeconds !== undefined);
  const setup: WorkerSetup = {
    mark: MARK,
    backend: String(currentBackend()) as BackendChoice,
    method: models.method,
    source,
    settings: { ...rest, eps: [...eps] },
    progress: onProgress !== undefined,
    periodic,
  };
  // Where each model's progress stands, for the job's remaining steps: the step it is at and its target.
  const at = new Map<number, { step: number; target: number | undefined }>();
  for (const i of pending) {
    const c = state.current.get(i);
    const start = c != null ? progressOf(c) : 0;
    const n = modelSteps(job, start);
    at.set(i, { step: start, target: n === undefined ? undefined : start + n });
  }
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
  let busy = 0;
  let aborted = false;
  let stopped = false;
  const pool = new WorkerPool(ownFile(), threads, () => ({ ...setup }));
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
  const drive = async (k: number): Promise<void> => {
    await pool.next(k); // 'ready'
    const mine = pending.filter((_, j) => j % threads === k);
    for (let q = 0; q < mine.length && !aborted && !stopped; q++) {
      const i = mine[q];
      const seconds = perEpsSeconds(job, t0, mine.length - q);
      pool.post(k, { type: 'train', index: i, current: state.current.get(i) ?? null, seconds } satisfies ToWorker);
      busy++;
      for (;;) {
        const m = (await pool.next(k)) as FromWorker;
        if (m.type === 'progress') {
          const where = at.get(i)!;
          where.step = m.progress.step;
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
          )?.(m.progress);
        } else if (m.type === 'checkpoint') {
          state.current.set(i, m.checkpoint);
          await save();
        } else if (m.type === 'failed') {
          stopped = true;
          const err = reviveError(m.error, `worker ${k}, model ${i} (eps ${eps[i]}): `);
          // The failing model's state is not worth keeping; resuming restarts it.
          if (err instanceof NumericalError) {
            state.current.delete(i);
            await save();
          }
          throw err;
        } else if (m.type === 'done') {
          busy--;
          steps += m.train.steps;
          at.get(i)!.step = m.train.totalSteps;
          if (m.done === null) {
            state.current.set(i, m.checkpoint);
            aborted = true;
          } else {
            state.done.set(i, m.done);
            state.current.delete(i);
            at.delete(i);
            await save();
          }
          break;
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, (_, k) => drive(k)));
    await saving;
  } finally {
    stopped = true;
    signal?.removeEventListener('abort', stopAll);
    await pool.terminate();
  }
  return { steps, seconds: (performance.now() - t0) / 1000, aborted };
}

/** The worker's loop: rebuild the source and the job, then train the models the main thread sends, one at a time. */
async function serve(): Promise<void> {
  const port = parentPort!;
  const data = workerData as WorkerSetup;
  const send = (m: FromWorker) => port.postMessage(m);
  try {
    await useBackend(data.backend);
    const models = modelsOf(data.method);
    const source = sourceFromSpec(data.source);
    let job: CurveJob = { ...data.settings, source };
    const view = evalSampling(job) === 'stratified' ? stratifiedEvaluation(source) : null;
    if (view) job = { ...job, source: view.source };
    const controller = new AbortController();
    port.on('message', (m: ToWorker) => {
      if (m.type === 'abort') {
        controller.abort();
        return;
      }
      const i = m.index;
      trainPerEpsModel(models, job, view, i, m.current, m.seconds, {
        signal: controller.signal,
        ...(data.periodic
          ? { onCheckpoint: (c: unknown) => send({ type: 'checkpoint', index: i, checkpoint: c }) }
          : {}),
        ...(data.progress
          ? { progress: () => (p: TrainProgress) => send({ type: 'progress', index: i, progress: p }) }
          : {}),
      }).then(
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
