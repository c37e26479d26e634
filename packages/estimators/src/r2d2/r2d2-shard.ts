// The messages of R2D2's data-parallel training step between the main thread and a worker (r2d2-workers.ts).
import type { StoredIncrements } from '@ratedistortion/core';

/**
 * One worker's share of a training step: the controller weights to use, eps, its rows of the source batch and of
 * the Brownian increments, and the whole batch's size (the shard's energy counts rows/batch of the loss).
 *
 * @example
 * ```ts
 * import type { R2D2ShardRequest } from '@ratedistortion/estimators/r2d2';
 * const rows = (r: R2D2ShardRequest) => r.rows;
 * ```
 */
export interface R2D2ShardRequest {
  readonly weights: Float32Array[];
  readonly eps: number;
  /** The shard's X0, rows × d row-major. */
  readonly x0: Float32Array;
  readonly rows: number;
  readonly batch: number;
  /** The shard's rows of every step's ΔW (and Lévy areas for SRA1). */
  readonly increments: StoredIncrements;
}

/**
 * The main thread's side of a data-parallel step (made by R2D2 for each step): draw the step's inputs, give the
 * entropy cotangent on the gathered X1, apply the summed gradients.
 *
 * @example
 * ```ts
 * import type { ParallelStepHooks } from '@ratedistortion/estimators/r2d2';
 * type Hooks = ParallelStepHooks<{ loss: number }>;
 * ```
 */
export interface ParallelStepHooks<T> {
  draw(): { eps: number; x0: Float32Array; increments: StoredIncrements; weights: Float32Array[]; dim: number };
  /** The entropy term Ĥ(X1) and ∂Ĥ/∂X1 (batch × d) on the whole batch's X1. */
  cotangent(x1: Float32Array): { entropy: number; g: Float32Array };
  apply(result: {
    x0: Float32Array;
    x1: Float32Array;
    energy: number;
    noiseCost: number;
    entropy: number;
    grads: Float32Array[];
  }): T;
}
