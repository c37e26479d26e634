import { RateDistortionError } from '../errors/errors.js';

/**
 * A file that could not be written (or whose folder cannot take it). The message names the file, the reason in
 * words (`folder does not exist`, `permission denied`, `disk full`, …) and the system code; `path` and
 * `reason` are kept for programmatic use. A failed write leaves the previous file, if any, as it was.
 *
 * @example
 * ```ts
 * import { FileWriteError } from '@ratedistortion/core';
 * const e = new FileWriteError('/ro/ck.json', 'EACCES');
 * console.log(e.message); // Cannot write '/ro/ck.json': permission denied (EACCES).
 * ```
 */
export class FileWriteError extends RateDistortionError {
  /** The file that was to be written. */
  readonly path: string;
  /** The system error code (`ENOENT`, `EACCES`, `ENOSPC`, …) or a short reason. */
  readonly reason: string;
  constructor(path: string, reason: string, detail?: string) {
    super(
      'FILE_WRITE',
      `Cannot write '${path}': ${detail ?? describeReason(reason)}${/^E[A-Z]+$/.test(reason) ? ` (${reason})` : ''}.`,
    );
    this.path = path;
    this.reason = reason;
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its folder path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  EFBIG: 'the file is too large for this file system',
};

function describeReason(reason: string): string {
  return REASONS[reason] ?? reason;
}
