// A fixed set of worker threads running one module, each answering messages in order. A worker that throws,
// exits or fails to start rejects every pending answer; `terminate` stops them all (also on abort or error in the
// caller), so a failed run leaves no thread behind.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidParameterError } from '@ratedistortion/core';
import { reviveError, type SerializedError } from './worker-errors.js';

/**
 * Message a pool's worker posts when a request failed (see {@link WorkerPool}).
 *
 * @example
 * ```ts
 * import type { WorkerFailure } from '@ratedistortion/estimators';
 * const failure: WorkerFailure = { type: 'error', message: 'loss is NaN', name: 'NumericalError' };
 * ```
 */
export interface WorkerFailure {
  readonly type: 'error';
  readonly message: string;
  readonly name?: string;
  /** The whole error, when the worker sent it: the caller gets the library's typed error back (see reviveError). */
  readonly error?: SerializedError;
}

type Pending = { resolve: (m: unknown) => void; reject: (e: Error) => void };

/**
 * Start a worker thread on `file` (an ES module: `.js` as built, or `.ts` when the library runs from its sources
 * under tsx or vitest, in which case the worker registers tsx's loader first) with `workerData`.
 */
function startWorker(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  const api = createRequire(file).resolve('tsx/esm/api');
  const apiUrl = pathToFileURL(api.replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(apiUrl)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * `size` worker threads on one module. Each worker answers the requests sent to it in order with one message (or a
 * {@link WorkerFailure}); `next(k)` waits for worker k's next message, which lets a request have several answers.
 *
 * @example
 * ```ts
 * import { WorkerPool } from '@ratedistortion/estimators';
 * console.log(typeof WorkerPool); // 'function'
 * ```
 */
export class WorkerPool {
  private static live = 0;
  private readonly workers: Worker[] = [];
  private readonly waiting: Pending[][] = [];
  private readonly inbox: unknown[][] = [];
  private failure: Error | null = null;
  private terminated = false;

  /**
   * @param file - the worker module's file path.
   * @param size - number of workers.
   * @param data - `workerData` of worker k (its index is added as `workerIndex`).
   */
  constructor(file: string, size: number, data: (k: number) => Record<string, unknown>) {
    if (!Number.isInteger(size) || size < 1) throw new InvalidParameterError('size', 'an integer ≥ 1', size);
    for (let k = 0; k < size; k++) {
      this.waiting.push([]);
      this.inbox.push([]);
      const w = startWorker(file, { ...data(k), workerIndex: k });
      WorkerPool.live++;
      w.once('exit', () => WorkerPool.live--);
      w.on('message', (m: unknown) => this.deliver(k, m));
      w.on('error', (e: Error) => this.fail(new Error(`worker ${k}: ${e.message}`)));
      w.on('exit', (code) => {
        if (!this.terminated) this.fail(new Error(`worker ${k} exited (code ${code}) before the run ended`));
      });
      this.workers.push(w);
    }
  }

  /**
   * Worker threads of all pools that have started and not yet exited (0 after every pool was terminated).
   *
   * @example
   * ```ts
   * import { WorkerPool } from '@ratedistortion/estimators';
   * console.log(WorkerPool.running); // 0
   * ```
   */
  static get running(): number {
    return WorkerPool.live;
  }

  /** Number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Whether the threads keep the process alive (Node's ref/unref of each worker; on at start). A pool kept between
   * uses is switched off while idle, so that a program which never terminates it can still exit.
   */
  keepAlive(on: boolean): void {
    for (const w of this.workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  /** Post `message` to worker k (`transfer`: buffers to move). */
  post(k: number, message: unknown, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    this.workers[k].postMessage(message, transfer);
  }

  /** Worker k's next message; rejects when any worker failed (a {@link WorkerFailure} or a crash). */
  next(k: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.inbox[k];
    if (queued.length > 0) return Promise.resolve(queued.shift());
    return new Promise((resolve, reject) => this.waiting[k].push({ resolve, reject }));
  }

  /** Stop every worker (idempotent); pending answers reject. */
  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    this.fail(new Error('the worker pool was terminated'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private deliver(k: number, m: unknown): void {
    if (m !== null && typeof m === 'object' && (m as WorkerFailure).type === 'error') {
      const f = m as WorkerFailure;
      const e = f.error ? reviveError(f.error, `worker ${k}: `) : new Error(`worker ${k}: ${f.message}`);
      if (f.name && !f.error) e.name = f.name;
      this.fail(e);
      return;
    }
    const w = this.waiting[k].shift();
    if (w) w.resolve(m);
    else this.inbox[k].push(m);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const list of this.waiting) for (const p of list.splice(0)) p.reject(e);
  }
}
