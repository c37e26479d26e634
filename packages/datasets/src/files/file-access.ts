// File access without a static Node import: in Node the `fs` module is obtained at run time through
// `process.getBuiltinModule` (Node ≥ 20.16), so the package still bundles for a browser, where callers pass
// bytes instead of paths.
import type * as NodeFs from 'node:fs';
import { DatasetFileError } from '../errors/dataset-file-error.js';

/**
 * Raw file contents, as the browser (fetch, File API) or Node (Buffer) hands them over.
 *
 * @example
 * ```ts
 * import type { FileBytes } from '@ratedistortion/datasets';
 * const b: FileBytes = new Uint8Array(4);
 * ```
 */
export type FileBytes = ArrayBuffer | Uint8Array;

/**
 * Files given by name (no directory part) → bytes, for environments without a file system.
 *
 * @example
 * ```ts
 * import type { FileMap } from '@ratedistortion/datasets';
 * const files: FileMap = { 'test_batch.bin': new Uint8Array(3073) };
 * ```
 */
export type FileMap = ReadonlyMap<string, FileBytes> | Readonly<Record<string, FileBytes>>;

/**
 * Node's `fs` module, or null outside Node.
 *
 * @example
 * ```ts
 * import { nodeFileSystem } from '@ratedistortion/datasets';
 * console.log(nodeFileSystem() !== null); // true in Node
 * ```
 */
export function nodeFileSystem(): typeof NodeFs | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc || typeof proc.getBuiltinModule !== 'function') return null;
  return (proc.getBuiltinModule('node:fs') as typeof NodeFs | undefined) ?? null;
}

/**
 * The bytes of a file as a Uint8Array view (no copy).
 *
 * @example
 * ```ts
 * import { asBytes } from '@ratedistortion/datasets';
 * console.log(asBytes(new ArrayBuffer(4)).length); // 4
 * ```
 */
export function asBytes(b: FileBytes): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}

/**
 * Read a whole file in Node; throws {@link DatasetFileError} naming the file (and where to obtain the data
 * set) when it is missing or unreadable, or when there is no file system.
 *
 * @example
 * ```ts
 * import { readFileBytes } from '@ratedistortion/datasets';
 * try { readFileBytes('/no/such/file.bin'); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function readFileBytes(path: string, obtainFrom?: string): Uint8Array {
  const buf = withNodeFs(path, obtainFrom, 'file', 'read', (fs) => fs.readFileSync(path));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * File names in a directory (Node), sorted; throws {@link DatasetFileError} when the directory is missing.
 *
 * @example
 * ```ts
 * import { listDirectory } from '@ratedistortion/datasets';
 * console.log(listDirectory('.').length > 0);
 * ```
 */
export function listDirectory(dir: string, obtainFrom?: string): string[] {
  return withNodeFs(dir, obtainFrom, 'directory', 'listed', (fs) => fs.readdirSync(dir)).sort();
}

/**
 * Run one file-system call on `path`, turning a missing file system or a failed call into a
 * {@link DatasetFileError} naming `path`: "<what> not found" for ENOENT, else "cannot be <verb> (reason)".
 */
function withNodeFs<T>(
  path: string,
  obtainFrom: string | undefined,
  what: 'file' | 'directory',
  verb: 'read' | 'listed',
  call: (fs: typeof NodeFs) => T,
): T {
  const fs = nodeFileSystem();
  if (!fs) {
    const action = what === 'file' ? 'reading files by path' : 'listing a directory';
    throw new DatasetFileError(path, `${action} needs Node.js; pass the file bytes instead`, obtainFrom);
  }
  try {
    return call(fs);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason = code === 'ENOENT' ? `${what} not found` : `cannot be ${verb} (${(e as Error).message})`;
    throw new DatasetFileError(path, reason, obtainFrom);
  }
}

/**
 * `dir/name` with one separator (works for POSIX and Windows paths alike).
 *
 * @example
 * ```ts
 * import { joinPath } from '@ratedistortion/datasets';
 * console.log(joinPath('data/', 'x.bin')); // data/x.bin
 * ```
 */
export function joinPath(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? dir + name : `${dir}/${name}`;
}

/**
 * Look a file up in a {@link FileMap} by name; null when absent.
 *
 * @example
 * ```ts
 * import { fileFromMap } from '@ratedistortion/datasets';
 * console.log(fileFromMap({ 'a.bin': new Uint8Array(1) }, 'a.bin')?.length); // 1
 * ```
 */
export function fileFromMap(files: FileMap, name: string): Uint8Array | null {
  const v = files instanceof Map ? files.get(name) : (files as Record<string, FileBytes>)[name];
  return v === undefined ? null : asBytes(v);
}

/**
 * The names in a {@link FileMap}, sorted.
 *
 * @example
 * ```ts
 * import { fileMapNames } from '@ratedistortion/datasets';
 * console.log(fileMapNames(new Map([['b', new Uint8Array()], ['a', new Uint8Array()]]))); // ['a', 'b']
 * ```
 */
export function fileMapNames(files: FileMap): string[] {
  return (files instanceof Map ? Array.from(files.keys()) : Object.keys(files)).sort();
}
