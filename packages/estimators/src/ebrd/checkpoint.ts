// The JSON shape of an EBRD checkpoint: everything the next training step depends on (resolved config, energy
// weights, Adam state, the training and evaluation random streams), floats as exact base64.
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { InvalidParameterError, type RandomState } from '@ratedistortion/core';
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
export interface EbrdCheckpoint {
  format: typeof EBRD_CHECKPOINT_FORMAT;
  version: number;
  method: 'ebrd';
  config: EbrdConfig;
  /** Energy-network weights (base64 float32), in `createMlp` params order. */
  weights: string[];
  optimizer: { step: number; m: string[]; v: string[] };
  rng: { train: RandomState; eval: RandomState };
  progress: { steps: number; seconds: number };
  /** The source's spec when it has one (informational). */
  source?: unknown;
}

function isRandomState(s: unknown): s is RandomState {
  return s != null && typeof s === 'object';
}

/**
 * Parse (if given text) and check an EBRD checkpoint; throws {@link InvalidParameterError} naming the first
 * malformed field.
 *
 * @example
 * ```ts
 * import { parseEbrdCheckpoint } from '@ratedistortion/estimators';
 * try { parseEbrdCheckpoint('{"format":"other"}'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseEbrdCheckpoint(input: unknown): EbrdCheckpoint {
  const c = readCheckpoint(input, {
    format: EBRD_CHECKPOINT_FORMAT,
    version: EBRD_CHECKPOINT_VERSION,
    method: 'ebrd',
    name: 'EBRD',
  }) as Partial<EbrdCheckpoint>;
  validateEbrdConfig(c.config as EbrdConfig);
  const strings = (a: unknown, name: string) => {
    if (!Array.isArray(a) || !a.every((s) => typeof s === 'string'))
      throw new InvalidParameterError(name, 'an array of base64 strings', a);
  };
  strings(c.weights, 'checkpoint.weights');
  const o = c.optimizer;
  if (o == null || typeof o !== 'object' || !Number.isInteger(o.step) || o.step < 0) {
    throw new InvalidParameterError('checkpoint.optimizer', '{ step, m, v }', o);
  }
  strings(o.m, 'checkpoint.optimizer.m');
  strings(o.v, 'checkpoint.optimizer.v');
  if (c.rng == null || !isRandomState(c.rng.train) || !isRandomState(c.rng.eval)) {
    throw new InvalidParameterError('checkpoint.rng', '{ train, eval } random states', c.rng);
  }
  const p = c.progress;
  if (p == null || !Number.isInteger(p.steps) || p.steps < 0 || !(p.seconds >= 0)) {
    throw new InvalidParameterError('checkpoint.progress', '{ steps: integer >= 0, seconds >= 0 }', p);
  }
  return c as EbrdCheckpoint;
}
