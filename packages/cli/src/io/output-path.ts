// "Fail before the compute" for the files a command will write: each output path is resolved against the
// command's working directory and checked (existing writable folder, no folder in the way, and — where replacing
// a file would lose work — no existing file unless --force) before any training starts.
import { isAbsolute, resolve } from 'node:path';
import { assertWritableFile } from '@ratedistortion/core';
import type { CliIo } from './cli-io.js';

/**
 * Resolve `path` against `io.cwd` and check that it can be written now; throws core's InvalidParameterError
 * naming `option` (exit 2) otherwise. With `overwrite: false` an existing file is refused, the message ending
 * with "pass --force to replace it". Returns the absolute path.
 *
 * @example
 * ```ts
 * import { checkOutputPath } from '@ratedistortion/cli/io';
 * try { checkOutputPath({ stdout: () => {}, stderr: () => {} }, '--plot', '/no/such/folder/rd.svg'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function checkOutputPath(io: CliIo, option: string, path: string, opts: { overwrite?: boolean } = {}): string {
  const full = isAbsolute(path) ? path : resolve(io.cwd ?? process.cwd(), path);
  assertWritableFile(option, full, { overwrite: opts.overwrite ?? true, overwriteFix: 'pass --force to replace it' });
  return full;
}
