// The JSON shape of a NERD checkpoint: everything that influences the next training step (generator weights,
// Adam state, random streams, the position in the fixed training set) plus the resolved config. Floats are
// base64 bytes, so a resumed run is bit-identical to an uninterrupted one.
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { InvalidParameterError, type RandomState } from '@ratedistortion/core';
import type { NerdConfig } from './config.js';

/**
 * Format tag of NERD checkpoints.
 *
 * @example
 * ```ts
 * import { NERD_CHECKPOINT_FORMAT } from '@ratedistortion/estimators';
 * console.log(NERD_CHECKPOINT_FORMAT); // 'ratedistortion/nerd-checkpoint'
 * ```
 */
export const NERD_CHECKPOINT_FORMAT = 'ratedistortion/nerd-checkpoint';

/**
 * Version of the NERD checkpoint layout.
 *
 * @example
 * ```ts
 * import { NERD_CHECKPOINT_VERSION } from '@ratedistortion/estimators';
 * console.log(NERD_CHECKPOINT_VERSION); // 1
 * ```
 */
export const NERD_CHECKPOINT_VERSION = 1;

/**
 * A NERD checkpoint (plain JSON).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { NERD, type NerdCheckpoint } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const est = new NERD(source, { eps: 0.5, ySamples: 1000 });
 * const ckpt: NerdCheckpoint = est.toJSON();
 * console.log(ckpt.config.eps, ckpt.progress.steps); // 0.5 0
 * est.dispose();
 * ```
 */
export interface NerdCheckpoint {
  format: typeof NERD_CHECKPOINT_FORMAT;
  version: number;
  method: 'nerd';
  config: NerdConfig;
  /** Generator weights (base64 float32), in layer order W1, b1, W2, b2, ... with W stored [in, out]. */
  weights: string[];
  optimizer: { step: number; m: string[]; v: string[] };
  /** Random streams; `epochStart` is the shuffle stream before the current epoch's permutation was drawn. */
  rng: { train: RandomState; eval: RandomState; shuffle: RandomState; epochStart: RandomState | null };
  /** Next row of the current epoch's permutation (fixed training set only). */
  datasetPosition: number;
  progress: { steps: number; seconds: number };
  /** The source's spec when it has one (informational). */
  source?: unknown;
}

/**
 * Parse (if given text) and structurally check a NERD checkpoint; throws `InvalidParameterError` naming the
 * first malformed field.
 *
 * @example
 * ```ts
 * import { parseNerdCheckpoint } from '@ratedistortion/estimators';
 * try { parseNerdCheckpoint('{"format":"other"}'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseNerdCheckpoint(input: unknown): NerdCheckpoint {
  const c = readCheckpoint(input, {
    format: NERD_CHECKPOINT_FORMAT,
    version: NERD_CHECKPOINT_VERSION,
    method: 'nerd',
    name: 'NERD',
  }) as Partial<NerdCheckpoint>;
  if (c.config == null || typeof c.config !== 'object')
    throw new InvalidParameterError('checkpoint.config', 'an object', c.config);
  if (!Array.isArray(c.weights) || !c.weights.every((w) => typeof w === 'string')) {
    throw new InvalidParameterError('checkpoint.weights', 'an array of base64 strings', c.weights);
  }
  const o = c.optimizer;
  if (!o || !Number.isInteger(o.step) || !Array.isArray(o.m) || !Array.isArray(o.v)) {
    throw new InvalidParameterError('checkpoint.optimizer', '{ step, m[], v[] }', o);
  }
  if (!c.rng?.train || !c.rng.eval || !c.rng.shuffle || c.rng.epochStart === undefined) {
    throw new InvalidParameterError('checkpoint.rng', '{ train, eval, shuffle, epochStart } generator states', c.rng);
  }
  if (!Number.isInteger(c.datasetPosition) || (c.datasetPosition as number) < 0) {
    throw new InvalidParameterError('checkpoint.datasetPosition', 'an integer >= 0', c.datasetPosition);
  }
  if (!c.progress || !Number.isInteger(c.progress.steps) || typeof c.progress.seconds !== 'number') {
    throw new InvalidParameterError('checkpoint.progress', '{ steps, seconds }', c.progress);
  }
  return c as NerdCheckpoint;
}
