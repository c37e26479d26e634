// Canonical JSON (object keys sorted at every level, no whitespace): the text that content checksums and
// configuration fingerprints are computed from, independent of key order.
import { InvalidParameterError } from '../errors/errors.js';

/**
 * JSON with object keys sorted at every level (arrays keep their order). Non-finite numbers and values JSON
 * cannot hold (functions, undefined inside arrays, bigints) are an InvalidParameterError naming the path below
 * `name`; undefined object fields are dropped, as JSON.stringify does.
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@ratedistortion/core';
 * console.log(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })); // {"a":[2,{"c":4,"d":3}],"b":1}
 * ```
 */
export function canonicalJson(value: unknown, name = 'value'): string {
  const walk = (v: unknown, where: string): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidParameterError(where, 'a finite number', v);
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${v.map((x, i) => walk(x, `${where}[${i}]`)).join(',')}]`;
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${walk(o[k], `${where}.${k}`)}`).join(',')}}`;
    }
    throw new InvalidParameterError(where, 'a JSON value', v);
  };
  return walk(value, name);
}
