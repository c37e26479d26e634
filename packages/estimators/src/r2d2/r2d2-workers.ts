// Data-parallel R2D2 training over worker threads. Each worker holds its own copy of the estimator (rebuilt from a
// checkpoint, on its own tfjs backend) and, per step, rolls out its contiguous shard of the batch on the rows of the
// Brownian increments the main thread drew. The entropy term couples the whole batch, so a step has two exchanges:
// the workers send X1 and block (Atomics.wait on a shared flag) inside their gradient tape; the main thread gathers
// X1 in shard order, computes Ĥ and ∂Ĥ/∂X1 once, writes each worker's rows of it into shared memory and wakes
// them; each finishes its backward pass with that cotangent and sends its gradients, which are summed in shard order
// (float64, one rounding) — so a seed and a worker count determine the result bit for bit, and any worker count
// follows the same path as one up to float32 rounding. Adam and the entropy model's update run on the main thread.
//
// Everything a step moves between the threads lives in SharedArrayBuffers allocated once per pool (on its first
// step): one for the weights, read by every worker, and one per worker for its rows of X0, of the increments, X1,
// the cotangent, its gradients and its energy terms. The messages only say "step" (with eps), "x1 ready" and "grads
// ready". Posting the arrays instead (≈ 100 increment arrays, the weights, X0, X1 and the gradients per worker and
// step) made every step allocate and clone a few hundred ArrayBuffers on both sides, whose external memory started
// an incremental GC about once per step in each isolate.
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

interface StepMessage {
  type: 'step';
  eps: number;
}
interface AttachMessage {
  type: 'attach';
  weights: SharedArrayBuffer;
  sizes: number[];
  shard: SharedArrayBuffer;
  steps: number;
  levyArea: boolean;
}
interface GradsMessage {
  type: 'grads';
}

/**
 * Byte layout of one worker's shared buffer: the flag (int32), energy and noise cost (float64), the increments of
 * every step (float64; then the Lévy areas), X0, X1, the cotangent and the gradients (float32).
 */
function shardLayout(rows: number, dim: number, steps: number, levyArea: boolean, gradientValues: number) {
  const size = rows * dim;
  const terms = 8;
  const dW = terms + 16;
  const levy = dW + 8 * steps * size;
  const x0 = levy + (levyArea ? 8 * steps * size : 0);
  const x1 = x0 + 4 * size;
  const cot = x1 + 4 * size;
  const grads = cot + 4 * size;
  return { size, terms, dW, levy, x0, x1, cot, grads, bytes: grads + 4 * gradientValues };
}

/** Typed views of one worker's shared buffer (see {@link shardLayout}). */
interface ShardViews {
  flag: Int32Array;
  terms: Float64Array;
  dW: Float64Array[];
  levyArea: Float64Array[] | null;
  x0: Float32Array;
  x1: Float32Array;
  cot: Float32Array;
  grads: Float32Array[];
}

function shardViews(
  buffer: SharedArrayBuffer,
  rows: number,
  dim: number,
  steps: number,
  levyArea: boolean,
  sizes: readonly number[],
): ShardViews {
  const total = sizes.reduce((a, b) => a + b, 0);
  const l = shardLayout(rows, dim, steps, levyArea, total);
  const perStep = (offset: number) =>
    Array.from({ length: steps }, (_, i) => new Float64Array(buffer, offset + 8 * i * l.size, l.size));
  return {
    flag: new Int32Array(buffer, 0, 1),
    terms: new Float64Array(buffer, l.terms, 2),
    dW: perStep(l.dW),
    levyArea: levyArea ? perStep(l.levy) : null,
    x0: new Float32Array(buffer, l.x0, l.size),
    x1: new Float32Array(buffer, l.x1, l.size),
    cot: new Float32Array(buffer, l.cot, l.size),
    grads: splitViews(buffer, l.grads, sizes),
  };
}

/** Consecutive float32 views of `sizes` values each, from byte `offset`. */
function splitViews(buffer: SharedArrayBuffer, offset: number, sizes: readonly number[]): Float32Array[] {
  let at = offset;
  return sizes.map((n) => {
    const v = new Float32Array(buffer, at, n);
    at += 4 * n;
    return v;
  });
}

/** The shared buffers of a pool, made on its first step (they need the weights' sizes and the grid's steps). */
interface SharedState {
  weights: Float32Array[];
  shards: ShardViews[];
  /** The gathered X1 of the whole batch. */
  x1: Float32Array;
}

/**
 * The worker threads of one data-parallel R2D2 training run (see the module comment). Made by `R2D2.train` when
 * `workers` > 1 and kept by the estimator across its `train` calls (with the same worker count) until it is disposed
 * or a step fails; between calls the threads do not keep the process alive.
 *
 * @example
 * ```ts
 * import { R2D2WorkerPool } from '@ratedistortion/estimators/r2d2';
 * console.log(typeof R2D2WorkerPool.start); // 'function'
 * ```
 */
export class R2D2WorkerPool {
  private shared: SharedState | null = null;
  private broken = false;

  private constructor(
    private readonly pool: WorkerPool,
    private readonly batch: number,
    private readonly dim: number,
  ) {}

  /** Start `workers` threads, each rebuilding the estimator of `checkpoint` on the active backend. */
  static async start(checkpoint: R2D2Checkpoint, workers: number): Promise<R2D2WorkerPool> {
    const { batchSize: batch, dim } = checkpoint.config;
    shardRanges(batch, workers);
    const backend = String(currentBackend());
    const pool = new WorkerPool(ownFile(), workers, () => ({ mark: MARK, checkpoint, backend, workers }));
    const self = new R2D2WorkerPool(pool, batch, dim);
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

  /** False once a step failed or the pool was terminated: it cannot take another step. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Whether the threads keep the process alive (true while training; false between `train` calls). */
  keepAlive(on: boolean): void {
    this.pool.keepAlive(on);
  }

  /** One training step over the workers (see the module comment). */
  async trainStep<T>(hooks: ParallelStepHooks<T>): Promise<T> {
    if (this.broken) throw new Error('the worker pool cannot take another step (a step failed or it was terminated)');
    try {
      return await this.step(hooks);
    } catch (err) {
      this.broken = true;
      throw err;
    }
  }

  private async step<T>(hooks: ParallelStepHooks<T>): Promise<T> {
    const n = this.pool.size;
    const dim = this.dim;
    const ranges = shardRanges(this.batch, n);
    const { eps, x0, increments, weights } = hooks.draw();
    const shared = this.shared ?? this.attach(weights, increments);
    weights.forEach((w, i) => shared.weights[i].set(w));
    for (let k = 0; k < n; k++) {
      const [r0, r1] = ranges[k];
      const v = shared.shards[k];
      v.x0.set(x0.subarray(r0 * dim, r1 * dim));
      increments.dW.forEach((a, i) => v.dW[i].set(a.subarray(r0 * dim, r1 * dim)));
      increments.levyArea?.forEach((a, i) => (v.levyArea as Float64Array[])[i].set(a.subarray(r0 * dim, r1 * dim)));
      this.pool.post(k, { type: 'step', eps } satisfies StepMessage);
    }
    try {
      for (let k = 0; k < n; k++) await this.pool.next(k); // 'x1'
    } catch (err) {
      this.release(ABORT);
      throw err;
    }
    ranges.forEach(([r0], k) => shared.x1.set(shared.shards[k].x1, r0 * dim));
    let c: { entropy: number; g: Float32Array };
    try {
      c = hooks.cotangent(shared.x1);
    } catch (err) {
      this.release(ABORT);
      throw err;
    }
    ranges.forEach(([r0, r1], k) => shared.shards[k].cot.set(c.g.subarray(r0 * dim, r1 * dim)));
    this.release(GO);
    let energy = 0;
    let noiseCost = 0;
    for (let k = 0; k < n; k++) {
      (await this.pool.next(k)) as GradsMessage;
      const share = (ranges[k][1] - ranges[k][0]) / this.batch;
      energy += shared.shards[k].terms[0] * share;
      noiseCost += shared.shards[k].terms[1] * share;
    }
    const grads = sumGradientsInOrder(shared.shards.map((v) => v.grads));
    return hooks.apply({ x0, x1: shared.x1, energy, noiseCost, entropy: c.entropy, grads });
  }

  /** Allocate the shared buffers and hand each worker its views' buffers (first step). */
  private attach(weights: readonly Float32Array[], increments: StoredIncrements): SharedState {
    const sizes = weights.map((w) => w.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    const steps = increments.dW.length;
    const levyArea = increments.levyArea !== undefined;
    const weightBuffer = new SharedArrayBuffer(4 * total);
    const shards = shardRanges(this.batch, this.pool.size).map(([r0, r1], k) => {
      const rows = r1 - r0;
      const buffer = new SharedArrayBuffer(shardLayout(rows, this.dim, steps, levyArea, total).bytes);
      this.pool.post(k, {
        type: 'attach',
        weights: weightBuffer,
        sizes,
        shard: buffer,
        steps,
        levyArea,
      } satisfies AttachMessage);
      return shardViews(buffer, rows, this.dim, steps, levyArea, sizes);
    });
    this.shared = { weights: splitViews(weightBuffer, 0, sizes), shards, x1: new Float32Array(this.batch * this.dim) };
    return this.shared;
  }

  /** Stop the workers (idempotent). */
  async terminate(): Promise<void> {
    this.broken = true;
    this.release(ABORT);
    await this.pool.terminate();
  }

  private release(state: number): void {
    for (const v of this.shared?.shards ?? []) {
      Atomics.store(v.flag, 0, state);
      Atomics.notify(v.flag, 0);
    }
  }
}

/**
 * The worker's loop: rebuild the estimator, then take the shared buffers ('attach') and answer 'step' requests
 * (x1 message, wait, grads message).
 */
async function serve(): Promise<void> {
  const port = parentPort!;
  const data = workerData as {
    checkpoint: R2D2Checkpoint;
    backend: BackendChoice;
    workers: number;
    workerIndex: number;
  };
  const fail = (err: unknown) =>
    port.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : undefined,
    });
  try {
    // One kernel thread each: the workers themselves are the parallelism.
    await useBackend(data.backend, { wasmThreads: 1 });
    const { R2D2 } = await import('./r2d2.js');
    const { dim, batchSize: batch } = data.checkpoint.config;
    const source = {
      dim,
      sample: (): never => {
        throw new Error('a training worker draws no source samples');
      },
    };
    const est = R2D2.fromJSON(data.checkpoint, source);
    let views: ShardViews | null = null;
    let weights: Float32Array[] = [];
    let rows = 0;
    port.on('message', (m: StepMessage | AttachMessage) => {
      try {
        if (m.type === 'attach') {
          const [r0, r1] = shardRanges(batch, data.workers)[data.workerIndex];
          rows = r1 - r0;
          views = shardViews(m.shard, rows, dim, m.steps, m.levyArea, m.sizes);
          weights = splitViews(m.weights, 0, m.sizes);
          return;
        }
        if (m.type !== 'step' || views === null) return;
        const v: ShardViews = views;
        const request: R2D2ShardRequest = {
          weights,
          eps: m.eps,
          x0: v.x0,
          rows,
          batch,
          increments: v.levyArea ? { dW: v.dW, levyArea: v.levyArea } : { dW: v.dW },
        };
        const r = est.shardGradients(
          request,
          (x1) => {
            v.x1.set(x1);
            port.postMessage({ type: 'x1' });
            Atomics.wait(v.flag, 0, IDLE);
            const state = Atomics.exchange(v.flag, 0, IDLE);
            if (state !== GO) throw new Error('the training step was abandoned by the main thread');
            return v.cot.slice();
          },
          v.grads,
        );
        v.terms[0] = r.energy;
        v.terms[1] = r.noiseCost;
        port.postMessage({ type: 'grads' } satisfies GradsMessage);
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
