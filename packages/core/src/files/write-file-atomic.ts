// Durable replacement of a file: the bytes go to a temporary file in the same folder, are flushed to disk
// (fsync), and the temporary file is renamed over the target (atomic on POSIX file systems); the folder is then
// flushed so that the rename itself survives a power cut. A crash at any point leaves either the previous file
// or the new one, never a truncated mix, and a failed write (disk full, permission) leaves the previous file.
// A process killed between creating and renaming its temporary file leaves `.NAME.PID.N.tmp` behind; the next
// successful write of NAME removes those whose process is no longer running.
import { FileWriteError } from './file-write-error.js';
import { nodeModules } from './node-modules.js';

let counter = 0;

/**
 * Write `data` to `path` atomically and durably (temporary file in the same folder, fsync, rename, fsync of the
 * folder). Throws {@link FileWriteError} naming the file and the reason (folder missing, permission denied,
 * disk full, a folder in the way, no file system outside Node); the previous content of `path` then survives and
 * no temporary file is left behind. After a successful write, the temporary files of the same target left by
 * killed processes (`.NAME.PID.N.tmp` whose PID is not running on this machine) are removed.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeFileAtomic } from '@ratedistortion/core';
 * const file = join(mkdtempSync(join(tmpdir(), 'rd-')), 'result.json');
 * writeFileAtomic(file, '{"rate":0.35}');
 * console.log(readFileSync(file, 'utf8')); // {"rate":0.35}
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const node = nodeModules();
  if (!node) throw new FileWriteError(String(path), 'no file system', 'writing files by path needs Node.js');
  const { fs, path: p } = node;
  if (typeof path !== 'string' || path.length === 0)
    throw new FileWriteError(String(path), 'empty path', 'the file name is empty');
  const target = p.resolve(path);
  const folder = p.dirname(target);
  const tmp = p.join(folder, `.${p.basename(target)}.${process.pid}.${++counter}.tmp`);
  let fd: number | undefined;
  try {
    if (isDirectory(fs, target)) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    fd = fs.openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; the write error below is the one to report.
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // The temporary file was never created, or is already renamed.
    }
    throw new FileWriteError(path, (e as { code?: string }).code ?? (e as Error).message);
  }
  syncFolder(fs, folder);
  removeStaleTemporaries(fs, folder, p.basename(target));
}

type NodeFs = NonNullable<ReturnType<typeof nodeModules>>['fs'];

function removeStaleTemporaries(fs: NodeFs, folder: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return; // An unreadable folder only keeps its stale files; the write itself succeeded.
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processRunning(pid)) continue;
    try {
      fs.unlinkSync(`${folder}/${name}`);
    } catch {
      // Removed by another writer meanwhile, or not ours to remove: leave it.
    }
  }
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as { code?: string }).code === 'EPERM';
  }
}

function isDirectory(fs: NodeFs, path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Flush the folder entry of the rename. Some file systems (and Windows) refuse fsync on a folder; the file's own
// content is already durable then, so that refusal is not an error.
function syncFolder(fs: NodeFs, folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // See above.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
