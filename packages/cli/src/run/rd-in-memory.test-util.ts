// Test helper: runs `rd` in-process with stdout and stderr collected, as every command test needs.
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
