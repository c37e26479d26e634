// The one reader behind every estimator's fromJSON and every resume: JSON text or a parsed value, a run
// checkpoint (checksum verified, the method's own state taken out) or a bare estimator checkpoint, and the
// format, version and method tags checked. Each estimator then checks its own fields.
import { InvalidParameterError } from '@ratedistortion/core';
import { isRunCheckpoint, verifyRunCheckpoint } from './run-checkpoint.js';

const PER_EPS_CURVE_FORMAT = 'ratedistortion/per-eps-curve-checkpoint';

/**
 * What {@link readCheckpoint} expects of an estimator checkpoint.
 *
 * @example
 * ```ts
 * import type { CheckpointKind } from '@ratedistortion/estimators';
 * const k: CheckpointKind = { format: 'ratedistortion/wgd-checkpoint', version: 1, method: 'wgd', name: 'WGD' };
 * ```
 */
export interface CheckpointKind {
  format: string;
  version: number;
  /** The `method` tag the checkpoint carries, when its format has one. */
  method?: string;
  /** Which curve method's state to take out of a run checkpoint (default `method`). */
  runMethod?: string;
  /** Name used in messages, e.g. 'R2D2'. */
  name: string;
}

/**
 * Parse (if text) and check the tags of an estimator checkpoint, unwrapping a run checkpoint (its checksum
 * verified) to the state of `kind.runMethod`. Throws {@link InvalidParameterError} naming `parameter` for text
 * that is not JSON, a damaged file, another format, version or method.
 *
 * @example
 * ```ts
 * import { readCheckpoint } from '@ratedistortion/estimators';
 * try { readCheckpoint('{bad', { format: 'ratedistortion/wgd-checkpoint', version: 1, name: 'WGD' }); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function readCheckpoint(
  input: unknown,
  kind: CheckpointKind,
  parameter = 'checkpoint',
): Record<string, unknown> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw new InvalidParameterError(
        parameter,
        `JSON text of a ${kind.name} checkpoint`,
        input,
        (err as Error).message,
      );
    }
  }
  if (isRunCheckpoint(value)) {
    const run = verifyRunCheckpoint(value, parameter);
    const method = kind.runMethod ?? kind.method;
    if (method === undefined || run.methods[method] === undefined) {
      const held = Object.keys(run.methods);
      throw new InvalidParameterError(
        parameter,
        `a checkpoint holding method '${method ?? kind.name}'`,
        held.length ? held.join(',') : 'no method state',
      );
    }
    value = run.methods[method];
    // A per-eps curve (NERD, WGD, EBRD) keeps the model in training as `current`.
    const state = value as { format?: unknown; current?: unknown } | null;
    if (state?.format === PER_EPS_CURVE_FORMAT && kind.format !== PER_EPS_CURVE_FORMAT) {
      if (state.current == null)
        throw new InvalidParameterError(
          parameter,
          `a checkpoint with a ${kind.name} model in training`,
          'a per-eps curve with none',
        );
      value = state.current;
    }
  }
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidParameterError(parameter, `a ${kind.name} checkpoint object`, value);
  }
  const c = value as Record<string, unknown>;
  if (c.format !== kind.format) throw new InvalidParameterError(`${parameter}.format`, `'${kind.format}'`, c.format);
  if (c.version !== kind.version)
    throw new InvalidParameterError(`${parameter}.version`, String(kind.version), c.version);
  if (kind.method !== undefined && c.method !== kind.method)
    throw new InvalidParameterError(`${parameter}.method`, `'${kind.method}'`, c.method);
  return c;
}
