// How an error thrown on a worker thread reaches the caller: the worker sends its name, message and own fields
// (structured-clone safe), and the main thread rebuilds an instance of the same class when it is one of the
// library's typed errors, so `instanceof NumericalError` / `InvalidParameterError` and `err.parameter` work as
// they do for one thread. Other errors come back as an Error with the original name and message.
import {
  BackendUnavailableError,
  DimensionMismatchError,
  FileWriteError,
  InvalidParameterError,
  NonFiniteValueError,
  NumericalError,
  RateDistortionError,
  ValidityRangeError,
} from '@ratedistortion/core';
import { DatasetFileError } from '@ratedistortion/datasets';

/**
 * An error as a worker thread sends it: name, message, stack and the error's own fields.
 *
 * @example
 * ```ts
 * import type { SerializedError } from '@ratedistortion/estimators';
 * const e: SerializedError = { name: 'NumericalError', message: 'Numerical failure at step 3.', fields: { where: 'step 3' } };
 * ```
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** The error's own enumerable fields (e.g. `parameter`, `expected`, `code`), those that survive structured cloning. */
  readonly fields: Record<string, unknown>;
}

// Most derived first is not needed: the name picks the class exactly.
const TYPED: Record<string, { prototype: Error }> = {
  RateDistortionError,
  InvalidParameterError,
  DimensionMismatchError,
  NonFiniteValueError,
  ValidityRangeError,
  BackendUnavailableError,
  NumericalError,
  FileWriteError,
  DatasetFileError,
};

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `err` as a {@link SerializedError} (a thrown non-Error becomes an Error named `'Error'` with its text).
 *
 * @example
 * ```ts
 * import { NumericalError } from '@ratedistortion/core';
 * import { serializeError } from '@ratedistortion/estimators';
 * console.log(serializeError(new NumericalError('step 3')).fields.where); // step 3
 * ```
 */
export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (cloneable(v)) fields[k] = v;
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

/**
 * The error a {@link SerializedError} describes: an instance of the library's typed error of that name (see the
 * file header) with its fields, else an Error with the name and message. `prefix` goes before the message of an
 * untyped error (e.g. which worker threw it); typed errors keep their message as it was.
 *
 * @example
 * ```ts
 * import { NumericalError } from '@ratedistortion/core';
 * import { reviveError, serializeError } from '@ratedistortion/estimators';
 * const e = reviveError(serializeError(new NumericalError('step 3')));
 * console.log(e instanceof NumericalError, e.message); // true Numerical failure at step 3.
 * ```
 */
export function reviveError(e: SerializedError, prefix = ''): Error {
  const cls = Object.hasOwn(TYPED, e.name) ? TYPED[e.name] : undefined;
  if (cls === undefined) {
    const err = new Error(`${prefix}${e.message}`);
    err.name = e.name;
    return err;
  }
  const err = Object.create(cls.prototype) as Error;
  Object.assign(err, e.fields);
  Object.defineProperty(err, 'message', { value: e.message, writable: true, configurable: true });
  Object.defineProperty(err, 'name', { value: e.name, writable: true, configurable: true });
  Object.defineProperty(err, 'stack', {
    value: `${e.stack ?? `${e.name}: ${e.message}`}\n    (rethrown from a worker thread)`,
    writable: true,
    configurable: true,
  });
  return err;
}
