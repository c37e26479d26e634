/**
 * Typed errors shared by every package. Each names the offending parameter and the valid range,
 * so a user can fix a call without reading the source.
 *
 * @example
 * ```ts
 * import { InvalidParameterError } from '@ratedistortion/core';
 * try {
 *   throw new InvalidParameterError('eps', 'a finite number > 0', -1);
 * } catch (e) {
 *   if (e instanceof InvalidParameterError) console.log(e.parameter); // 'eps'
 * }
 * ```
 */
export class RateDistortionError extends Error {
  /** Stable machine-readable code, e.g. `INVALID_PARAMETER`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (ArrayBuffer.isView(value) || Array.isArray(value))
    return `array of length ${(value as ArrayLike<unknown>).length}`;
  return typeof value;
}

/**
 * A parameter outside its valid range (or of the wrong type).
 *
 * @example
 * ```ts
 * import { InvalidParameterError } from '@ratedistortion/core';
 * const err = new InvalidParameterError('k', 'an integer in [1, n-1] = [1, 9]', 10);
 * console.log(err.message); // Invalid k: expected an integer in [1, n-1] = [1, 9], got 10.
 * ```
 */
export class InvalidParameterError extends RateDistortionError {
  /** Name of the offending parameter, as in the function's signature or the SPEC field. */
  readonly parameter: string;
  /** Human description of the valid range. */
  readonly expected: string;
  /** The value received (kept for programmatic inspection). */
  readonly received: unknown;
  constructor(parameter: string, expected: string, received?: unknown, detail?: string, code = 'INVALID_PARAMETER') {
    super(code, `Invalid ${parameter}: expected ${expected}, got ${show(received)}${detail ? ` (${detail})` : ''}.`);
    this.parameter = parameter;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Two arrays, tensors or specs disagree on a dimension.
 *
 * @example
 * ```ts
 * import { DimensionMismatchError } from '@ratedistortion/core';
 * const err = new DimensionMismatchError('samples', 3, 2);
 * console.log(err.message); // Invalid samples: expected dimension 3, got 2.
 * ```
 */
export class DimensionMismatchError extends InvalidParameterError {
  constructor(parameter: string, expectedDim: number | string, receivedDim: number | string, detail?: string) {
    super(parameter, `dimension ${expectedDim}`, receivedDim, detail, 'DIMENSION_MISMATCH');
  }
}

/**
 * A sample set containing NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { NonFiniteValueError } from '@ratedistortion/core';
 * console.log(new NonFiniteValueError('samples', 4, NaN).message);
 * ```
 */
export class NonFiniteValueError extends InvalidParameterError {
  /** Flat index of the first non-finite entry. */
  readonly index: number;
  constructor(parameter: string, index: number, value: number) {
    super(parameter, 'finite numbers only', value, `first non-finite entry at flat index ${index}`, 'NON_FINITE_VALUE');
    this.index = index;
  }
}

/**
 * An analytic solution requested outside the range where it exists, e.g. a backward-heat-equation drift for
 * `eps` at or above the smallest covariance eigenvalue.
 *
 * @example
 * ```ts
 * import { ValidityRangeError } from '@ratedistortion/core';
 * console.log(new ValidityRangeError('eps', 'a value in (0, 0.04)', 0.05, 'the BHE solution of this mixture').message);
 * ```
 */
export class ValidityRangeError extends InvalidParameterError {
  constructor(parameter: string, expected: string, received: unknown, what: string) {
    super(parameter, expected, received, `outside the validity range of ${what}`, 'OUTSIDE_VALIDITY_RANGE');
  }
}

/**
 * Why a backend cannot be used: its npm package is missing or failed to load (`'package'`), the runtime
 * refused access it needs (`'permission'`, e.g. Deno without `--allow-read`, which otherwise looks like a
 * missing package), the Vulkan loader or driver that WebGPU needs on Linux is missing (`'vulkan'`), or WebGPU
 * offers no adapter (`'no-adapter'`; with `'auto'` also a software adapter it skipped).
 *
 * @example
 * ```ts
 * import type { BackendUnavailableReason } from '@ratedistortion/core';
 * const r: BackendUnavailableReason = 'permission';
 * ```
 */
export type BackendUnavailableReason = 'package' | 'permission' | 'vulkan' | 'no-adapter';

/**
 * An optional tfjs backend whose npm package is not installed or cannot load, or that the runtime's
 * permissions keep from loading (`reason`).
 *
 * @example
 * ```ts
 * import { BackendUnavailableError } from '@ratedistortion/core';
 * const e = new BackendUnavailableError('node-gpu', '@tensorflow/tfjs-node-gpu', 'CUDA 11.2 and cuDNN 8.1');
 * console.log(e.packageName, e.reason); // @tensorflow/tfjs-node-gpu package
 * ```
 */
export class BackendUnavailableError extends RateDistortionError {
  readonly backend: string;
  readonly packageName: string;
  readonly reason: BackendUnavailableReason;
  /**
   * @param permissionHint - Set when the runtime denied access (reason `'permission'`): what to grant, e.g.
   *   "run deno with --allow-read".
   * @param missing - Set when something other than the package is missing (reason `'vulkan'` or `'no-adapter'`):
   *   the reason and the whole message.
   */
  constructor(
    backend: string,
    packageName: string,
    requirements?: string,
    cause?: unknown,
    permissionHint?: string,
    missing?: { reason: 'vulkan' | 'no-adapter'; message: string },
  ) {
    const why = cause instanceof Error ? ` (${cause.message.split('\n')[0]})` : '';
    super(
      'BACKEND_UNAVAILABLE',
      missing !== undefined
        ? missing.message
        : permissionHint !== undefined
          ? `Backend '${backend}' is not available: the runtime denied access to ${packageName}; ${permissionHint}${why}.`
          : `Backend '${backend}' is not available: install the optional package ${packageName}` +
            (requirements ? `, which needs ${requirements}` : '') +
            `, e.g. \`npm install ${packageName}\`${why}.`,
    );
    this.backend = backend;
    this.packageName = packageName;
    this.reason = missing?.reason ?? (permissionHint !== undefined ? 'permission' : 'package');
  }
}

/**
 * A computation produced NaN or Infinity; `where` says at which step or stage.
 *
 * @example
 * ```ts
 * import { NumericalError } from '@ratedistortion/core';
 * console.log(new NumericalError('training step 120: loss is NaN').message);
 * ```
 */
export class NumericalError extends RateDistortionError {
  readonly where: string;
  constructor(where: string, hint?: string) {
    super('NUMERICAL_ERROR', `Numerical failure at ${where}${hint ? `. ${hint}` : ''}.`);
    this.where = where;
  }
}
