// Test helper: runs `rd` in-process with stdout and stderr collected, as every command test needs.
import { expect } from 'vitest';
import { runCli } from './run-cli.js';

export interface RdRun {
  code: number;
  out: string;
  err: string;
}

/** `rd ...argv` in-process; `cwd` defaults to the process's, `onStderr` sees stderr as it is written. */
export async function rdInMemory(
  argv: string[],
  options: { cwd?: string; onStderr?: (s: string) => void } = {},
): Promise<RdRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
      options.onStderr?.(s);
    },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  return { code, out, err };
}

/**
 * `rd ...argv` in-process for a command that succeeds with JSON on stdout: checks that it wrote nothing to stderr
 * and exited 0, and returns the parsed JSON.
 */
export async function rdJson<T>(argv: string[], options: { cwd?: string } = {}): Promise<T> {
  const r = await rdInMemory(argv, options);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

/** `rd ...argv` in-process in `cwd` (default: the process's). */
export const rd = (argv: string[], cwd?: string): Promise<RdRun> => rdInMemory(argv, { cwd });
