// The JSON shape of an R2D2 checkpoint and its structural validation. Everything that influences the next
// training step is in it: weights, Adam moments and step count, the states of all random streams, the
// entropy model's own state and the resolved config. Floats are stored as base64 bytes (exact).
import { readCheckpoint } from './read-checkpoint.js';
import { InvalidParameterError, type RandomState } from '@ratedistortion/core';
import type { R2D2Config } from '../r2d2/config.js';

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
export interface R2D2Checkpoint {
  format: typeof R2D2_CHECKPOINT_FORMAT;
  version: number;
  method: 'r2d2';
  config: R2D2Config;
  /** Input standardisation (base64 float64); `basis` (row-major d×d) is present when the controller whitens its input. */
  scaling: { mean: string; scale: string; basis?: string };
  /** Controller weights (base64 float32), in ControllerNetwork.params order. */
  weights: string[];
  /** Controller optimiser state. */
  optimizer: { step: number; m: string[]; v: string[] };
  /** State of the entropy model (null for the Gaussian plug-in, which has none). */
  entropyModel: unknown;
  /** Random streams: training draws, evaluation draws, the entropy model's draws. */
  rng: { train: RandomState; eval: RandomState; entropy: RandomState };
  /** Training done so far. */
  progress: { steps: number; seconds: number };
  /** The source's spec when it has one (informational). */
  source?: unknown;
}

/**
 * Parse (if given text) and structurally check a checkpoint; throws {@link InvalidParameterError} naming the
 * first missing or malformed field. Deep checks (shapes against the config) happen on load.
 *
 * @example
 * ```ts
 * import { parseR2D2Checkpoint } from '@ratedistortion/estimators';
 * try { parseR2D2Checkpoint('{"format":"other"}'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseR2D2Checkpoint(input: unknown): R2D2Checkpoint {
  const c = readCheckpoint(input, {
    format: R2D2_CHECKPOINT_FORMAT,
    version: R2D2_CHECKPOINT_VERSION,
    method: 'r2d2',
    name: 'R2D2',
  }) as Partial<R2D2Checkpoint>;
  if (c.config == null || typeof c.config !== 'object')
    throw new InvalidParameterError('checkpoint.config', 'an object', c.config);
  if (!c.scaling || typeof c.scaling.mean !== 'string' || typeof c.scaling.scale !== 'string') {
    throw new InvalidParameterError('checkpoint.scaling', '{ mean, scale } as base64 strings', c.scaling);
  }
  if (!Array.isArray(c.weights) || !c.weights.every((w) => typeof w === 'string')) {
    throw new InvalidParameterError('checkpoint.weights', 'an array of base64 strings', c.weights);
  }
  const o = c.optimizer;
  if (!o || !Number.isInteger(o.step) || !Array.isArray(o.m) || !Array.isArray(o.v)) {
    throw new InvalidParameterError('checkpoint.optimizer', '{ step, m[], v[] }', o);
  }
  if (!c.rng?.train || !c.rng.eval || !c.rng.entropy) {
    throw new InvalidParameterError('checkpoint.rng', '{ train, eval, entropy } generator states', c.rng);
  }
  if (!c.progress || !Number.isInteger(c.progress.steps) || typeof c.progress.seconds !== 'number') {
    throw new InvalidParameterError('checkpoint.progress', '{ steps, seconds }', c.progress);
  }
  return c as R2D2Checkpoint;
}
