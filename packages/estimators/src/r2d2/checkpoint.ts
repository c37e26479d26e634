// The JSON shape of an R2D2 checkpoint and its structural validation. Everything that influences the next
// training step is in it: weights, Adam moments and step count, the states of all random streams, the
// entropy model's own state and the resolved config. Floats are stored as base64 bytes (exact).
import { InvalidParameterError, type RandomState } from '@ratedistortion/core';
import { parseCheckpointEnvelope, type NetworkCheckpoint } from '../checkpoint/checkpoint-envelope.js';
import type { R2D2Config } from './config.js';

/**
 * Format tag of R2D2 checkpoints.
 *
 * @example
 * ```ts
 * import { R2D2_CHECKPOINT_FORMAT } from '@ratedistortion/estimators';
 * console.log(R2D2_CHECKPOINT_FORMAT); // 'ratedistortion/r2d2-checkpoint'
 * ```
 */
export const R2D2_CHECKPOINT_FORMAT = 'ratedistortion/r2d2-checkpoint';

/**
 * Version of the checkpoint layout; bumped on incompatible changes.
 *
 * @example
 * ```ts
 * import { R2D2_CHECKPOINT_VERSION } from '@ratedistortion/estimators';
 * console.log(R2D2_CHECKPOINT_VERSION); // 1
 * ```
 */
export const R2D2_CHECKPOINT_VERSION = 1;

/**
 * An R2D2 checkpoint (plain JSON).
 *
 * @example
 * ```ts
 * import { R2D2, type R2D2Checkpoint } from '@ratedistortion/estimators';
 * import { Random } from '@ratedistortion/core';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, hidden: [8], entropy: 'gaussian' });
 * const ckpt: R2D2Checkpoint = est.toJSON();
 * console.log(ckpt.format, ckpt.progress.steps);
 * est.dispose();
 * ```
 */
export interface R2D2Checkpoint
  extends NetworkCheckpoint<
    typeof R2D2_CHECKPOINT_FORMAT,
    'r2d2',
    R2D2Config,
    // Training draws, evaluation draws, the entropy model's draws.
    { train: RandomState; eval: RandomState; entropy: RandomState }
  > {
  /** Input standardisation (base64 float64); `basis` (row-major d×d) is present when the controller whitens its input. */
  scaling: { mean: string; scale: string; basis?: string };
  /** State of the entropy model (null for the Gaussian plug-in, which has none). Controller weights are in `weights`. */
  entropyModel: unknown;
}

/**
 * Parse (if given text) and structurally check a checkpoint; throws an `InvalidParameterError` naming the
 * first missing or malformed field. Deep checks (shapes against the config) happen on load.
 *
 * @example
 * ```ts
 * import { parseR2D2Checkpoint } from '@ratedistortion/estimators';
 * try { parseR2D2Checkpoint('{"format":"other"}'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseR2D2Checkpoint(input: unknown): R2D2Checkpoint {
  const c = parseCheckpointEnvelope(input, {
    format: R2D2_CHECKPOINT_FORMAT,
    version: R2D2_CHECKPOINT_VERSION,
    method: 'r2d2',
    name: 'R2D2',
    streams: ['train', 'eval', 'entropy'],
    network: true,
  }) as Partial<R2D2Checkpoint>;
  if (!c.scaling || typeof c.scaling.mean !== 'string' || typeof c.scaling.scale !== 'string') {
    throw new InvalidParameterError('checkpoint.scaling', '{ mean, scale } as base64 strings', c.scaling);
  }
  return c as R2D2Checkpoint;
}
