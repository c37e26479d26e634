// The JSON shape of an EBRD checkpoint: everything the next training step depends on (resolved config, energy
// weights, Adam state, the training and evaluation random streams), floats as exact base64.
import type { RandomState } from '@ratedistortion/core';
import { parseCheckpointEnvelope, type NetworkCheckpoint } from '../checkpoint/checkpoint-envelope.js';
import { validateEbrdConfig, type EbrdConfig } from './config.js';

/**
 * Format tag of EBRD checkpoints.
 *
 * @example
 * ```ts
 * import { EBRD_CHECKPOINT_FORMAT } from '@ratedistortion/estimators';
 * console.log(EBRD_CHECKPOINT_FORMAT); // 'ratedistortion/ebrd-checkpoint'
 * ```
 */
export const EBRD_CHECKPOINT_FORMAT = 'ratedistortion/ebrd-checkpoint';

/**
 * Version of the EBRD checkpoint layout.
 *
 * @example
 * ```ts
 * import { EBRD_CHECKPOINT_VERSION } from '@ratedistortion/estimators';
 * console.log(EBRD_CHECKPOINT_VERSION); // 1
 * ```
 */
export const EBRD_CHECKPOINT_VERSION = 1;

/**
 * An EBRD checkpoint (plain JSON).
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { EBRD, type EbrdCheckpoint } from '@ratedistortion/estimators';
 * const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
 * const est = new EBRD(source, { eps: 0.25, hidden: [8] });
 * const ckpt: EbrdCheckpoint = est.toJSON();
 * console.log(ckpt.method, ckpt.progress.steps); // 'ebrd' 0
 * est.dispose();
 * ```
 */
export type EbrdCheckpoint = NetworkCheckpoint<
  typeof EBRD_CHECKPOINT_FORMAT,
  'ebrd',
  EbrdConfig,
  { train: RandomState; eval: RandomState }
>;

/**
 * Parse (if given text) and check an EBRD checkpoint; throws an `InvalidParameterError` naming the first
 * malformed field.
 *
 * @example
 * ```ts
 * import { parseEbrdCheckpoint } from '@ratedistortion/estimators';
 * try { parseEbrdCheckpoint('{"format":"other"}'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseEbrdCheckpoint(input: unknown): EbrdCheckpoint {
  const c = parseCheckpointEnvelope(input, {
    format: EBRD_CHECKPOINT_FORMAT,
    version: EBRD_CHECKPOINT_VERSION,
    method: 'ebrd',
    name: 'EBRD',
    streams: ['train', 'eval'],
    network: true,
  });
  validateEbrdConfig(c.config as EbrdConfig);
  return c as unknown as EbrdCheckpoint;
}
