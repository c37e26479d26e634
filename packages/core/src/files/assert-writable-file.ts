// The "fail before the compute" check of an output path: everything that would make the final write fail and
// can be known in advance (missing folder, no permission, a folder in the way, an existing file that must not
// be replaced) is reported before any training starts.
import { InvalidParameterError } from '../errors/errors.js';
import { FileWriteError } from './file-write-error.js';
import { nodeModules } from './node-modules.js';

/**
 * Options of {@link assertWritableFile}.
 *
 * @example
 * ```ts
 * import type { WritableFileOptions } from '@ratedistortion/core';
 * const o: WritableFileOptions = { overwrite: false };
 * ```
 */
export interface WritableFileOptions {
  /** Whether an existing file may be replaced (default true); false refuses it, naming the fix. */
  overwrite?: boolean;
  /** The sentence after the refusal of an existing file (default: "choose another name"). */
  overwriteFix?: string;
}

/**
 * Check that `path` can be written now, by creating and removing a temporary file beside it; throws
 * {@link InvalidParameterError} naming `parameter`, the file and the reason (folder missing, permission denied,
 * read-only, a folder in the way, an existing file when `overwrite` is false). Call it before a long computation
 * whose result goes to `path`.
 *
 * @example
 * ```ts
 * import { assertWritableFile } from '@ratedistortion/core';
 * try { assertWritableFile('checkpoint', '/no/such/folder/ck.json'); } catch (e) { console.log((e as Error).message); }
 * // Invalid checkpoint: expected a file in an existing, writable folder, got "/no/such/folder/ck.json" (Cannot write '/no/such/folder/ck.json': its folder does not exist (ENOENT)).
 * ```
 */
export function assertWritableFile(parameter: string, path: string, options: WritableFileOptions = {}): void {
  const expected = 'a file in an existing, writable folder';
  if (typeof path !== 'string' || path.length === 0) throw new InvalidParameterError(parameter, expected, path);
  const node = nodeModules();
  if (!node) throw new InvalidParameterError(parameter, expected, path, 'writing files by path needs Node.js');
  const { fs, path: p } = node;
  const target = p.resolve(path);
  let exists = false;
  try {
    const st = fs.statSync(target);
    if (st.isDirectory())
      throw new InvalidParameterError(
        parameter,
        expected,
        path,
        new FileWriteError(path, 'EISDIR').message.replace(/\.$/, ''),
      );
    exists = true;
  } catch (e) {
    if (e instanceof InvalidParameterError) throw e;
  }
  if (exists && options.overwrite === false) {
    throw new InvalidParameterError(
      parameter,
      'a file that does not exist yet',
      path,
      `it exists; ${options.overwriteFix ?? 'choose another name'}`,
    );
  }
  const probe = p.join(p.dirname(target), `.${p.basename(target)}.${process.pid}.probe.tmp`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx', 0o644));
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as Error).message;
    if (code !== 'EEXIST')
      throw new InvalidParameterError(
        parameter,
        expected,
        path,
        new FileWriteError(path, code).message.replace(/\.$/, ''),
      );
  }
  try {
    fs.unlinkSync(probe);
  } catch {
    // Removed already (another probe of the same name): nothing to clean.
  }
}
