// Parsers for option values. Each reports the option by its command-line name (`--eps`) so the one-line
// error a user sees points at what to retype; nothing is clamped or rounded.
import { CliUsageError } from './usage-error.js';

/**
 * Parse a finite decimal number (`1e-3`, `-0.5`, `2`). Empty text, `NaN`, `Infinity` and trailing junk are rejected.
 *
 * @param option - the option name as typed, e.g. `--seed`.
 * @example
 * ```ts
 * import { parseNumber } from '@ratedistortion/cli/args';
 * console.log(parseNumber('--eps', '0.05')); // 0.05
 * ```
 */
export function parseNumber(option: string, text: string, command?: string): number {
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new CliUsageError(`${option} expects a number, got '${text}'`, command);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new CliUsageError(`${option} expects a finite number, got '${text}'`, command);
  return value;
}

/**
 * Parse a number that must be > 0 (e.g. `--eps`).
 *
 * @example
 * ```ts
 * import { parsePositive } from '@ratedistortion/cli/args';
 * console.log(parsePositive('--eps', '1e-2')); // 0.01
 * ```
 */
export function parsePositive(option: string, text: string, command?: string): number {
  const value = parseNumber(option, text, command);
  if (!(value > 0)) throw new CliUsageError(`${option} must be > 0, got ${text}`, command);
  return value;
}

/**
 * Parse an integer in `[min, max]` (e.g. `--n`, `--k`, `--seed`).
 *
 * @example
 * ```ts
 * import { parseInteger } from '@ratedistortion/cli/args';
 * console.log(parseInteger('--n', '1000', 1)); // 1000
 * ```
 */
export function parseInteger(option: string, text: string, min = -Infinity, max = Infinity, command?: string): number {
  const value = parseNumber(option, text, command);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new CliUsageError(`${option} expects an integer ${range}, got '${text}'`, command);
  }
  return value;
}

/**
 * Parse a comma-separated list of positive numbers, e.g. `--eps 0.01,0.02,0.1`.
 *
 * @example
 * ```ts
 * import { parsePositiveList } from '@ratedistortion/cli/args';
 * console.log(parsePositiveList('--eps', '0.01,0.02')); // [0.01, 0.02]
 * ```
 */
export function parsePositiveList(option: string, text: string, command?: string): number[] {
  const parts = text.split(',');
  if (parts.some((p) => p.trim() === '')) {
    throw new CliUsageError(`${option} expects comma-separated numbers such as 0.01,0.02, got '${text}'`, command);
  }
  return parts.map((p) => parsePositive(option, p, command));
}

/**
 * Parse an inclusive, evenly spaced grid `a:b:n` (n points from a to b; `n = 1` gives `[a]`).
 * Requires `a <= b`; with `positive`, also `a > 0` (for eps ranges).
 *
 * @example
 * ```ts
 * import { parseRange } from '@ratedistortion/cli/args';
 * console.log(parseRange('--eps-range', '0.1:0.5:5')); // [0.1, 0.2, 0.3, 0.4, 0.5] (up to rounding)
 * ```
 */
export function parseRange(
  option: string,
  text: string,
  opts: { positive?: boolean; command?: string } = {},
): number[] {
  const { positive = false, command } = opts;
  const parts = text.split(':');
  if (parts.length !== 3)
    throw new CliUsageError(`${option} expects a:b:n (from a to b in n points), got '${text}'`, command);
  const a = parseNumber(`${option} start`, parts[0], command);
  const b = parseNumber(`${option} end`, parts[1], command);
  const n = parseInteger(`${option} count`, parts[2], 1, 1_000_000, command);
  if (positive && !(a > 0)) throw new CliUsageError(`${option} start must be > 0, got ${parts[0]}`, command);
  if (a > b) throw new CliUsageError(`${option} needs start <= end, got ${a} > ${b}`, command);
  if (n === 1) {
    if (a !== b) throw new CliUsageError(`${option} with 1 point needs start = end, got ${a} and ${b}`, command);
    return [a];
  }
  // a + i·h, with the last point set to b exactly so that the range ends where the user asked.
  const h = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * h));
}

/**
 * Check that `value` is one of `choices`.
 *
 * @example
 * ```ts
 * import { parseChoice } from '@ratedistortion/cli/args';
 * const m = parseChoice('--method', 'bhe', ['auto', 'bhe'] as const); // 'bhe'
 * ```
 */
export function parseChoice<T extends string>(
  option: string,
  text: string,
  choices: readonly T[],
  command?: string,
): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new CliUsageError(`${option} must be one of ${choices.join(', ')}; got '${text}'`, command);
  }
  return text as T;
}

const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
};

/**
 * Parse a memory size with its unit, e.g. `--memory-budget 512MiB` or `2GiB` (units B, KiB, MiB, GiB, KB, MB, GB);
 * returns bytes (> 0). A bare number is refused: its unit would be a guess.
 *
 * @example
 * ```ts
 * import { parseByteSize } from '@ratedistortion/cli/args';
 * console.log(parseByteSize('--memory-budget', '1.5GiB')); // 1610612736
 * ```
 */
export function parseByteSize(option: string, text: string, command?: string): number {
  const m = /^\s*(\d+\.?\d*|\.\d+)\s*(B|KiB|MiB|GiB|KB|MB|GB)\s*$/.exec(text);
  if (!m)
    throw new CliUsageError(
      `${option} expects a size with its unit such as 512MiB or 2GiB (B, KiB, MiB, GiB, KB, MB, GB), got '${text}'`,
      command,
    );
  const bytes = Math.round(Number(m[1]) * BYTE_UNITS[m[2]]);
  if (!(bytes > 0)) throw new CliUsageError(`${option} must be > 0, got '${text}'`, command);
  return bytes;
}

const DURATION_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parse an interval given as steps or as a duration: `500` (steps, an integer ≥ 1) or `30s`, `5m`, `1.5h`
 * (seconds > 0), as `rd curve --checkpoint-every` takes it.
 *
 * @example
 * ```ts
 * import { parseStepsOrDuration } from '@ratedistortion/cli/args';
 * console.log(parseStepsOrDuration('--checkpoint-every', '500'), parseStepsOrDuration('--checkpoint-every', '5m'));
 * // { steps: 500 } { seconds: 300 }
 * ```
 */
export function parseStepsOrDuration(
  option: string,
  text: string,
  command?: string,
): { steps: number } | { seconds: number } {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { steps: parseInteger(option, t, 1, Number.MAX_SAFE_INTEGER, command) };
  const m = /^(\d+\.?\d*|\.\d+)(s|m|h)$/.exec(t);
  const seconds = m ? Number(m[1]) * DURATION_SECONDS[m[2]] : Number.NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new CliUsageError(
      `${option} expects a number of steps (an integer >= 1) or a duration such as 30s, 5m or 1h, got '${text}'`,
      command,
    );
  return { seconds };
}
