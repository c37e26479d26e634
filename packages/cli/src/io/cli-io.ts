// Where a command reads and writes. Tests pass an in-memory io and read back what was printed; the `rd`
// executable passes process streams. Files are resolved against `cwd` so a test can point at a temp folder.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CliUsageError } from '../args/usage-error.js';

/**
 * The streams and working directory a command uses.
 *
 * @example
 * ```ts
 * import { runCli, type CliIo } from '@ratedistortion/cli';
 * let out = '';
 * const io: CliIo = { stdout: (s) => { out += s; }, stderr: () => {} };
 * await runCli(['--version'], io);
 * console.log(out.trim());
 * ```
 */
export interface CliIo {
  /** Receives normal output (already newline-terminated). */
  stdout(text: string): void;
  /** Receives error lines and progress messages. */
  stderr(text: string): void;
  /** Directory against which relative file paths are resolved; defaults to `process.cwd()`. */
  cwd?: string;
}

/**
 * The io of the `rd` executable: process.stdout / process.stderr and the process working directory.
 *
 * @example
 * ```ts
 * import { processIo, runCli } from '@ratedistortion/cli';
 * process.exitCode = await runCli(['sources'], processIo());
 * ```
 */
export function processIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
  };
}

/**
 * Read a text file named on the command line; a missing or unreadable file becomes a one-line
 * {@link CliUsageError} that says which option named it and where it was looked for.
 *
 * @param option - the option that named the file, e.g. `--samples`.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { readTextFile } from '@ratedistortion/cli/io';
 * writeFileSync('samples.csv', 'x\n0.5\n');
 * const text = readTextFile({ stdout() {}, stderr() {}, cwd: '.' }, '--samples', 'samples.csv'); // 'x\n0.5\n'
 * ```
 */
export function readTextFile(io: CliIo, option: string, path: string, command?: string): string {
  const full = isAbsolute(path) ? path : resolve(io.cwd ?? process.cwd(), path);
  try {
    return readFileSync(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new CliUsageError(
      `cannot read ${option} file '${path}' (${why}; looked at ${full})`,
      command,
      'Check the path; relative paths start from the current directory.',
    );
  }
}
