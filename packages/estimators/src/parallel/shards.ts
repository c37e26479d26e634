// Data-parallel helpers with a fixed order: how a batch is split over workers and how their gradients are
// combined, so that a seed and a worker count determine the result bit for bit.
import { InvalidParameterError } from '@ratedistortion/core';

/**
 * Contiguous row ranges `[start, end)` splitting `n` rows over `workers` shards: the first `n mod workers` shards
 * get one row more. Throws when there are more workers than rows.
 *
 * @example
 * ```ts
 * import { shardRanges } from '@ratedistortion/estimators';
 * console.log(shardRanges(5, 2)); // [[0, 3], [3, 5]]
 * ```
 */
export function shardRanges(n: number, workers: number): [number, number][] {
  if (!Number.isInteger(n) || n < 1) throw new InvalidParameterError('n', 'an integer ≥ 1', n);
  if (!Number.isInteger(workers) || workers < 1 || workers > n)
    throw new InvalidParameterError('workers', `an integer in [1, ${n}] (at most one worker per batch row)`, workers);
  const base = Math.floor(n / workers);
  const extra = n % workers;
  const out: [number, number][] = [];
  let start = 0;
  for (let k = 0; k < workers; k++) {
    const end = start + base + (k < extra ? 1 : 0);
    out.push([start, end]);
    start = end;
  }
  return out;
}

/**
 * Element-wise sum of the shards' gradient lists in shard order (shard 0 first), accumulated in float64 and rounded
 * once to float32: the combined gradient depends only on the shards' values and their order, never on which
 * worker answered first.
 *
 * @example
 * ```ts
 * import { sumGradientsInOrder } from '@ratedistortion/estimators';
 * const g = sumGradientsInOrder([[Float32Array.of(1, 2)], [Float32Array.of(0.5, -2)]]);
 * console.log(Array.from(g[0])); // [1.5, 0]
 * ```
 */
export function sumGradientsInOrder(shards: readonly (readonly Float32Array[])[]): Float32Array[] {
  if (shards.length === 0) throw new InvalidParameterError('shards', 'at least one gradient list', 0);
  const first = shards[0];
  const acc = first.map((g) => Float64Array.from(g));
  for (let s = 1; s < shards.length; s++) {
    const list = shards[s];
    if (list.length !== first.length)
      throw new InvalidParameterError(`shards[${s}]`, `${first.length} gradients`, list.length);
    list.forEach((g, i) => {
      if (g.length !== acc[i].length)
        throw new InvalidParameterError(`shards[${s}][${i}]`, `${acc[i].length} values`, g.length);
      const a = acc[i];
      for (let j = 0; j < a.length; j++) a[j] += g[j];
    });
  }
  return acc.map((a) => Float32Array.from(a));
}
