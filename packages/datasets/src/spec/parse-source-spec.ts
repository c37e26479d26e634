// SPEC text as the CLI receives it: inline JSON, or the path of a JSON file.
import { InvalidParameterError } from '@ratedistortion/core';
import { nodeFileSystem, readFileBytes } from '../files/file-access.js';
import type { SourceSpec } from './specs.js';
import { specObject } from './fields.js';

/**
 * Parse a SPEC given as inline JSON (text starting with `{`) or as the path of a JSON file (Node). The result
 * is checked to be an object with a string `kind`; the fields are validated by `sourceFromSpec`.
 *
 * @example
 * ```ts
 * import { parseSourceSpec, sourceFromSpec } from '@ratedistortion/datasets';
 * const spec = parseSourceSpec('{"kind":"gaussian","variance":2}');
 * console.log(sourceFromSpec(spec).entropy().value);
 * ```
 */
export function parseSourceSpec(text: string): SourceSpec {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidParameterError('spec', 'inline JSON or the path of a JSON file', text);
  const trimmed = text.trim();
  let json: string;
  let where: string;
  if (trimmed.startsWith('{')) {
    json = trimmed;
    where = 'inline SPEC';
  } else {
    if (!nodeFileSystem()) throw new InvalidParameterError('spec', 'inline JSON (file paths need Node.js)', text);
    json = new TextDecoder().decode(readFileBytes(trimmed));
    where = `SPEC file ${trimmed}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new InvalidParameterError('spec', `valid JSON (${where})`, text, (e as Error).message);
  }
  const o = specObject(parsed);
  if (typeof o.kind !== 'string') throw new InvalidParameterError('kind', 'a string naming the source kind', o.kind);
  return o as unknown as SourceSpec;
}
