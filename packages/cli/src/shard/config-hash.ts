// A fingerprint of everything that decides a sweep's numbers, so that `rd merge` can refuse to combine shards
// of different runs. Canonical JSON (keys sorted, no whitespace) makes the hash independent of key order.
import { canonicalJson as coreCanonicalJson, sha256Hex } from '@ratedistortion/core';

/**
 * JSON with object keys sorted at every level (core's canonicalJson, with errors named below `config`).
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@ratedistortion/cli/shard';
 * console.log(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })); // {"a":[2,{"c":4,"d":3}],"b":1}
 * ```
 */
export function canonicalJson(value: unknown): string {
  return coreCanonicalJson(value, 'config');
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
  return sha256Hex(canonicalJson(config)).slice(0, 16);
}
