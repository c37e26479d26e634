// `--shard i/n`: which part of a sweep this process runs when the sweep is spread over a job array. The index
// is 1-based because that is how people (and Slurm's `--array=1-n`) count jobs.
import { InvalidParameterError } from '@ratedistortion/core';

/**
 * Shard `index` of `count` (1 ≤ index ≤ count).
 *
 * @example
 * ```ts
 * import type { Shard } from '@ratedistortion/cli';
 * const s: Shard = { index: 2, count: 8 };
 * ```
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

const EXPECTED = 'i/n with whole numbers 1 ≤ i ≤ n, e.g. 3/8 for the third of eight shards';

/**
 * Parse `i/n` (as given to `--shard`). Anything else — zero, i > n, signs, decimals, spaces inside, missing
 * parts — is an InvalidParameterError naming `--shard`.
 *
 * @example
 * ```ts
 * import { parseShard } from '@ratedistortion/cli';
 * console.log(parseShard('3/8')); // { index: 3, count: 8 }
 * ```
 */
export function parseShard(text: string): Shard {
  if (typeof text !== 'string') throw new InvalidParameterError('--shard', EXPECTED, text);
  const m = /^\s*(\d+)\/(\d+)\s*$/.exec(text);
  if (!m) throw new InvalidParameterError('--shard', EXPECTED, text);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
    throw new InvalidParameterError('--shard', EXPECTED, text, 'n must be between 1 and 1000000');
  }
  if (index < 1 || index > count)
    throw new InvalidParameterError(
      '--shard',
      EXPECTED,
      text,
      `i must be between 1 and ${count}; shards are numbered from 1`,
    );
  return { index, count };
}

/**
 * `i/n` for a shard, the inverse of {@link parseShard}.
 *
 * @example
 * ```ts
 * import { formatShard } from '@ratedistortion/cli/shard';
 * console.log(formatShard({ index: 3, count: 8 })); // '3/8'
 * ```
 */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
