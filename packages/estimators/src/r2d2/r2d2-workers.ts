// Data-parallel R2D2 training over worker threads. Each worker holds its own copy of the estimator (rebuilt from a
// checkpoint, on its own tfjs backend) and, per step, rolls out its contiguous shard of the batch on the rows of the
// Brownian increments the main thread drew. The entropy term couples the whole batch, so a step has two exchanges:
// the workers send X1 and block (Atomics.wait on a shared flag) inside their gradient tape; the main thread gathers
// X1 in shard order, computes Ĥ and ∂Ĥ/∂X1 once, writes each worker's rows of it into shared memory and wakes
// them; each finishes its backward pass with that cotangent and sends its gradients, which are summed in shard order
// (float64, one rounding) — so a seed and a worker count determine the result bit for bit, and any worker count
// follows the same path as one up to float32 rounding. Adam and the entropy model's update run on the main thread.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { currentBackend, useBackend, type BackendChoice, type StoredIncrements } from '@ratedistortion/core';
import { WorkerPool } from '../parallel/worker-pool.js';
import { shardRanges, sumGradientsInOrder } from '../parallel/shards.js';
import type { R2D2Checkpoint } from './checkpoint.js';
import type { ParallelStepHooks, R2D2ShardRequest } from './r2d2-shard.js';

const MARK = 'ratedistortion-r2d2-worker';
const IDLE = 0;
const GO = 1;
const ABORT = 2;

/** This module's file (the built bundle or the .ts source), which the workers run. */
function ownFile(): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cjs = typeof __filename === 'string' ? __filename : undefined;
  return cjs ?? fileURLToPath(import.meta.url);
}

interface X1Message {
  type: 'x1';
  x1: Float32Array;
}
interface GradsMessage {
  type: 'grads';
  grads: Float32Array[];
  energy: number;
  noiseCost: number;
}

function rowsOf(inc: StoredIncrements, r0: number, r1: number, dim: number): StoredIncrements {
  const cut = (a: Float64Array[]) => a.map((s) => s.slice(r0 * dim, r1 * dim));
  return inc.levyArea ? { dW: cut(inc.dW), levyArea: cut(inc.levyArea) } : { dW: cut(inc.dW) };
}

/**
 * The worker threads of one data-parallel R2D2 training run (see the module comment). Made by `R2D2.train` when
 * `workers` > 1 and terminated when training ends, fails or is aborted.
 *
 * @example
 * ```ts
 * import { R2D2WorkerPool } from '@ratedistortion/estimators/r2d2';
 * console.log(typeof R2D2WorkerPool.start); // 'function'
 * ```
 */
export class R2D2WorkerPool {
  private constructor(
    private readonly pool: WorkerPool,
    private readonly flags: Int32Array[],
    private readonly cotangents: Float32Array[],
    private readonly batch: number,
  ) {}

  /** Start `workers` threads, each rebuilding the estimator of `checkpoint` on the active backend. */
  static async start(checkpoint: R2D2Checkpoint, workers: number): Promise<R2D2WorkerPool> {
    const { batchSize: batch, dim } = checkpoint.config;
    const ranges = shardRanges(batch, workers);
    const buffers = ranges.map(([a, b]) => new SharedArrayBuffer(8 + 4 * (b - a) * dim));
    const backend = String(currentBackend());
    const pool = new WorkerPool(ownFile(), workers, (k) => ({ mark: MARK, checkpoint, backend, shared: buffers[k] }));
    const self = new R2D2WorkerPool(
      pool,
      buffers.map((s) => new Int32Array(s, 0, 1)),
      buffers.map((s, k) => new Float32Array(s, 8, (ranges[k][1] - ranges[k][0]) * dim)),
      batch,
    );
    try {
      for (let k = 0; k < workers; k++) await pool.next(k); // 'ready'
    } catch (err) {
      await self.terminate();
      throw err;
    }
    return self;
  }

  /** Number of workers. */
  get size(): number {
    return this.pool.size;
  }

  /** One training step over the workers (see the module comment). */
  async trainStep<T>(hooks: ParallelStepHooks<T>): Promise<T> {
    const n = this.pool.size;
    const ranges = shardRanges(this.batch, n);
    const { eps, x0, increments, weights, dim } = hooks.draw();
    for (let k = 0; k < n; k++) {
      const [r0, r1] = ranges[k];
      const request: R2D2ShardRequest = {
        weights,
        eps,
        x0: x0.slice(r0 * dim, r1 * dim),
        rows: r1 - r0,
        batch: this.batch,
        increments: rowsOf(increments, r0, r1, dim),
      };
      this.pool.post(k, { type: 'step', request });
    }
    const parts: X1Message[] = [];
    try {
      for (let k = 0; k < n; k++) parts.push((await this.pool.next(k)) as X1Message);
    } catch (err) {
      this.release(ABORT);
      throw err;
    }
    const x1 = new Float32Array(this.batch * dim);
    parts.forEach((p, k) => x1.set(p.x1, ranges[k][0] * dim));
    let c: { entropy: number; g: Float32Array };
    try {
      c = hooks.cotangent(x1);
    } catch (err) {
      this.release(ABORT);
      throw err;
    }
    ranges.forEach(([r0, r1], k) => this.cotangents[k].set(c.g.subarray(r0 * dim, r1 * dim)));
    this.release(GO);
    const grads: Float32Array[][] = [];
    let energy = 0;
    let noiseCost = 0;
    for (let k = 0; k < n; k++) {
      const m = (await this.pool.next(k)) as GradsMessage;
      const share = (ranges[k][1] - ranges[k][0]) / this.batch;
      grads.push(m.grads);
      energy += m.energy * share;
      noiseCost += m.noiseCost * share;
    }
    return hooks.apply({ x0, x1, energy, noiseCost, entropy: c.entropy, grads: sumGradientsInOrder(grads) });
  }

  /** Stop the workers (idempotent). */
  async terminate(): Promise<void> {
    this.release(ABORT);
    await this.pool.terminate();
  }

  private release(state: number): void {
    for (const f of this.flags) {
      Atomics.store(f, 0, state);
      Atomics.notify(f, 0);
    }
  }
}

/** The worker's loop: rebuild the estimator, then answer 'step' requests (x1 message, wait, grads message). */
async function serve(): Promise<void> {
  const port = parentPort!;
  const data = workerData as { checkpoint: R2D2Checkpoint; backend: BackendChoice; shared: SharedArrayBuffer };
  const fail = (err: unknown) =>
    port.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : undefined,
    });
  try {
    await useBackend(data.backend);
    const { R2D2 } = await import('./r2d2.js');
    const dim = data.checkpoint.config.dim;
    const source = {
      dim,
      sample: (): never => {
        throw new Error('a training worker draws no source samples');
      },
    };
    const est = R2D2.fromJSON(data.checkpoint, source);
    const flag = new Int32Array(data.shared, 0, 1);
    const cot = new Float32Array(data.shared, 8);
    port.on('message', (m: { type: string; request: R2D2ShardRequest }) => {
      if (m.type !== 'step') return;
      try {
        const r = est.shardGradients(m.request, (x1) => {
          port.postMessage({ type: 'x1', x1 } satisfies X1Message);
          Atomics.wait(flag, 0, IDLE);
          const state = Atomics.exchange(flag, 0, IDLE);
          if (state !== GO) throw new Error('the training step was abandoned by the main thread');
          return cot.slice(0, m.request.rows * dim);
        });
        port.postMessage(
          { type: 'grads', ...r } satisfies GradsMessage,
          r.grads.map((g) => g.buffer as ArrayBuffer),
        );
      } catch (err) {
        fail(err);
      }
    });
    port.postMessage({ type: 'ready' });
  } catch (err) {
    fail(err);
  }
}

if (!isMainThread && (workerData as { mark?: string } | null)?.mark === MARK) void serve();
