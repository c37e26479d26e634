// The one checkpoint file format of a curve run: the full run configuration (source spec, methods, eps list,
// backend and every option that shapes a model, its training or its read-out), each method's own estimator
// state, and a SHA-256 of the canonical JSON of all of it. A flipped byte, a truncated file or a hand edit is
// refused on read; resuming with another configuration is refused naming the first difference.
import { InvalidParameterError, canonicalJson, sha256Hex } from '@ratedistortion/core';

/**
 * Format tag of run checkpoints (`rd curve --checkpoint`, `runCurve({ checkpoint })`).
 *
 * @example
 * ```ts
 * import { RUN_CHECKPOINT_FORMAT } from '@ratedistortion/estimators';
 * console.log(RUN_CHECKPOINT_FORMAT); // 'ratedistortion/run-checkpoint'
 * ```
 */
export const RUN_CHECKPOINT_FORMAT = 'ratedistortion/run-checkpoint';

/**
 * Version of the run checkpoint layout.
 *
 * @example
 * ```ts
 * import { RUN_CHECKPOINT_VERSION } from '@ratedistortion/estimators';
 * console.log(RUN_CHECKPOINT_VERSION); // 1
 * ```
 */
export const RUN_CHECKPOINT_VERSION = 1;

/**
 * Everything that decides a curve run's numbers. `options` holds the shared and per-method options as given
 * (undefined ones omitted); on resume, options left out are taken from here.
 *
 * @example
 * ```ts
 * import type { RunConfiguration } from '@ratedistortion/estimators';
 * const run: RunConfiguration = { source: { kind: 'gaussian', variance: 1 }, methods: ['r2d2'], eps: [0.25, 0.5], backend: 'wasm', options: { hidden: [16] } };
 * ```
 */
export interface RunConfiguration {
  source: unknown;
  methods: string[];
  eps: number[];
  backend: string;
  options: Record<string, unknown>;
}

/**
 * A run checkpoint file.
 *
 * @example
 * ```ts
 * import type { RunCheckpoint } from '@ratedistortion/estimators';
 * const started = (c: RunCheckpoint) => Object.keys(c.methods);
 * ```
 */
export interface RunCheckpoint {
  format: typeof RUN_CHECKPOINT_FORMAT;
  version: typeof RUN_CHECKPOINT_VERSION;
  run: RunConfiguration;
  /** Each started method's own checkpoint, under its name. */
  methods: Record<string, unknown>;
  /** SHA-256 (hex) of the canonical JSON of the other fields. */
  checksum: string;
}

function checksumOf(c: Omit<RunCheckpoint, 'checksum'>): string {
  return sha256Hex(
    canonicalJson({ format: c.format, version: c.version, run: c.run, methods: c.methods }, 'checkpoint'),
  );
}

/**
 * Build a run checkpoint (the checksum is computed here).
 *
 * @example
 * ```ts
 * import { makeRunCheckpoint } from '@ratedistortion/estimators';
 * const c = makeRunCheckpoint({ source: { kind: 'gaussian', variance: 1 }, methods: ['ba'], eps: [0.5], backend: 'cpu', options: {} }, {});
 * console.log(c.checksum.length); // 64
 * ```
 */
export function makeRunCheckpoint(run: RunConfiguration, methods: Record<string, unknown>): RunCheckpoint {
  // The JSON form (non-finite numbers become null, undefined fields go): the checksum covers what the file holds.
  const json = JSON.parse(JSON.stringify({ run, methods })) as {
    run: RunConfiguration;
    methods: Record<string, unknown>;
  };
  const body = {
    format: RUN_CHECKPOINT_FORMAT,
    version: RUN_CHECKPOINT_VERSION,
    run: json.run,
    methods: json.methods,
  } as const;
  return { ...body, checksum: checksumOf(body) };
}

/**
 * Whether a parsed value carries the run checkpoint format tag ({@link verifyRunCheckpoint} checks the rest).
 *
 * @example
 * ```ts
 * import { isRunCheckpoint } from '@ratedistortion/estimators';
 * console.log(isRunCheckpoint({ format: 'ratedistortion/run-checkpoint' }), isRunCheckpoint({})); // true false
 * ```
 */
export function isRunCheckpoint(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { format?: unknown }).format === RUN_CHECKPOINT_FORMAT
  );
}

/**
 * Check a run checkpoint: version, fields, and the checksum against the content (a damaged or edited file is an
 * {@link InvalidParameterError} naming `parameter`).
 *
 * @example
 * ```ts
 * import { makeRunCheckpoint, verifyRunCheckpoint } from '@ratedistortion/estimators';
 * const c = makeRunCheckpoint({ source: { kind: 'gaussian', variance: 1 }, methods: ['ba'], eps: [0.5], backend: 'cpu', options: {} }, {});
 * c.run.eps = [0.25];
 * try { verifyRunCheckpoint(c); } catch (e) { console.log((e as Error).message); } // ... damaged or edited ...
 * ```
 */
export function verifyRunCheckpoint(value: unknown, parameter = 'checkpoint'): RunCheckpoint {
  if (!isRunCheckpoint(value)) throw new InvalidParameterError(parameter, `a ${RUN_CHECKPOINT_FORMAT} object`, value);
  const c = value as Partial<RunCheckpoint>;
  if (c.version !== RUN_CHECKPOINT_VERSION)
    throw new InvalidParameterError(`${parameter}.version`, String(RUN_CHECKPOINT_VERSION), c.version);
  const r = c.run;
  if (
    r == null ||
    typeof r !== 'object' ||
    !Array.isArray(r.methods) ||
    !Array.isArray(r.eps) ||
    typeof r.backend !== 'string' ||
    r.options == null ||
    typeof r.options !== 'object' ||
    c.methods == null ||
    typeof c.methods !== 'object' ||
    typeof c.checksum !== 'string'
  ) {
    throw new InvalidParameterError(
      parameter,
      'run { source, methods, eps, backend, options }, methods and checksum fields',
      Object.keys(c).join(','),
      'the file is damaged',
    );
  }
  let sum: string;
  try {
    sum = checksumOf(c as RunCheckpoint);
  } catch (e) {
    throw new InvalidParameterError(
      parameter,
      'an undamaged checkpoint',
      'a file with a non-JSON value',
      (e as Error).message,
    );
  }
  if (sum !== c.checksum) {
    throw new InvalidParameterError(
      parameter,
      'an undamaged checkpoint',
      c.checksum,
      `the file is damaged or was edited: its content hashes to ${sum.slice(0, 16)}…, not the checksum it carries`,
    );
  }
  return c as RunCheckpoint;
}

/**
 * Options of a run that may differ between a checkpoint and the run resuming it: they change how long or how
 * visibly it trains, or its memory use, but not its numbers.
 *
 * @example
 * ```ts
 * import { RESUMABLE_CHANGES } from '@ratedistortion/estimators';
 * console.log(RESUMABLE_CHANGES.join(', '));
 * ```
 */
export const RESUMABLE_CHANGES: readonly string[] = [
  'steps',
  'seconds',
  'budget',
  'progressEvery',
  'checkpoint',
  'checkpointEvery',
  'checkpointEverySeconds',
  'r2d2.memoryBudget',
];

/**
 * The first difference between two JSON values, depth first in canonical key order, as `path: saved → given`;
 * undefined when equal. Paths in `ignore` (dot paths below the root) are skipped.
 *
 * @example
 * ```ts
 * import { firstDifference } from '@ratedistortion/estimators';
 * console.log(firstDifference({ source: { kind: 'gaussian' } }, { source: { kind: 'laplace' } }));
 * // source.kind: "gaussian" in the checkpoint, "laplace" given
 * ```
 */
export function firstDifference(
  saved: unknown,
  given: unknown,
  ignore: readonly string[] = [],
  path = '',
): string | undefined {
  if (ignore.includes(path)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  const here = path === '' ? 'value' : path;
  if (Array.isArray(saved) && Array.isArray(given)) {
    if (saved.length !== given.length) return `${here}: ${show(saved)} in the checkpoint, ${show(given)} given`;
    for (let i = 0; i < saved.length; i++) {
      const d = firstDifference(saved[i], given[i], ignore, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  // An absent object compares as an empty one, so that the difference is named at the field that is set.
  if ((isObj(saved) || saved === undefined) && (isObj(given) || given === undefined) && saved !== given) {
    const a = (saved ?? {}) as Record<string, unknown>;
    const b = (given ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => a[k] !== undefined || b[k] !== undefined)
      .sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], ignore, path === '' ? k : `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(saved, given) ? undefined : `${here}: ${show(saved)} in the checkpoint, ${show(given)} given`;
}
