// The JSON shape of a NERD checkpoint: everything that influences the next training step (generator weights,
// Adam state, random streams, the position in the fixed training set) plus the resolved config. Floats are
// base64 bytes, so a resumed run is bit-identical to an uninterrupted one.
import { InvalidParameterError, type RandomState } from '@ratedistortion/core';
import { parseCheckpointEnvelope, type NetworkCheckpoint } from '../checkpoint/checkpoint-envelope.js';
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
export interface NerdCheckpoint
  extends NetworkCheckpoint<
    typeof NERD_CHECKPOINT_FORMAT,
    'nerd',
    NerdConfig,
    // `epochStart`: the shuffle stream before the current epoch's permutation was drawn.
    { train: RandomState; eval: RandomState; shuffle: RandomState; epochStart: RandomState | null }
  > {
  /** Next row of the current epoch's permutation (fixed training set only). Generator weights: W1, b1, W2, ... */
  datasetPosition: number;
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
  const c = parseCheckpointEnvelope(input, {
    format: NERD_CHECKPOINT_FORMAT,
    version: NERD_CHECKPOINT_VERSION,
    method: 'nerd',
    name: 'NERD',
    streams: ['train', 'eval', 'shuffle', 'epochStart'],
    nullableStreams: ['epochStart'],
    network: true,
  }) as Partial<NerdCheckpoint>;
  if (!Number.isInteger(c.datasetPosition) || (c.datasetPosition as number) < 0) {
    throw new InvalidParameterError('checkpoint.datasetPosition', 'an integer >= 0', c.datasetPosition);
  }
  return c as NerdCheckpoint;
}
