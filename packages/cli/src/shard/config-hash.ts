// A fingerprint of everything that decides a sweep's numbers, so that `rd merge` can refuse to combine shards
// of different runs. Canonical JSON (keys sorted, no whitespace) makes the hash independent of key order.
import { createHash } from 'node:crypto';
import { InvalidParameterError } from '@ratedistortion/core';

/**
 * JSON with object keys sorted at every level (arrays keep their order). Non-finite numbers and values JSON
 * cannot hold (functions, undefined inside arrays, bigints) are an InvalidParameterError; undefined object
 * fields are dropped, as JSON.stringify does.
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@ratedistortion/cli/shard';
 * console.log(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })); // {"a":[2,{"c":4,"d":3}],"b":1}
 * ```
 */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown, where: string): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidParameterError(where, 'a finite number', v);
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${v.map((x, i) => walk(x, `${where}[${i}]`)).join(',')}]`;
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${walk(o[k], `${where}.${k}`)}`).join(',')}}`;
    }
    throw new InvalidParameterError(where, 'a JSON value', v);
  };
  return walk(value, 'config');
}

/**
 * The first 16 hex digits of the SHA-256 of {@link canonicalJson}(config).
 *
 * @example
 * ```ts
 * import { configHash } from '@ratedistortion/cli/shard';
 * console.log(configHash({ a: 1, b: 2 }) === configHash({ b: 2, a: 1 })); // true
 * ```
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}
