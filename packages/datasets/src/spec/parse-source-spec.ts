// SPEC text to a SPEC object: JSON parsing and the `kind` check. Reading a SPEC file is the caller's I/O (the CLI
// reads `--source FILE` itself), so this module is the same in Node and in a browser.
import { InvalidParameterError } from '@ratedistortion/core';
import type { SourceSpec } from './specs.js';
import { specObject } from './fields.js';

/**
 * Parse a SPEC given as JSON text. The result is checked to be an object with a string `kind`; the fields are
 * validated by `sourceFromSpec`. Bad JSON is an `InvalidParameterError` on `spec` whose `expected` is
 * `'valid JSON'`.
 *
 * @example
 * ```ts
 * import { parseSourceSpec, sourceFromSpec } from '@ratedistortion/datasets';
 * const spec = parseSourceSpec('{"kind":"gaussian","variance":2}');
 * console.log(sourceFromSpec(spec).entropy().value);
 * ```
 */
export function parseSourceSpec(json: string): SourceSpec {
  if (typeof json !== 'string' || json.trim() === '')
    throw new InvalidParameterError('spec', 'the JSON text of a source SPEC', json);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new InvalidParameterError('spec', 'valid JSON', json, (e as Error).message.split('\n')[0]);
  }
  const o = specObject(parsed);
  if (typeof o.kind !== 'string') throw new InvalidParameterError('kind', 'a string naming the source kind', o.kind);
  return o as unknown as SourceSpec;
}
