// Runs one repository benchmark script as its own process (tsx from the checkout's node_modules), with the
// terminal passed through: the scripts print tables and progress, and may run for many minutes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RateDistortionError } from '@ratedistortion/core';
import type { RepositoryBenchmark } from './repository-benchmarks.js';

/**
 * A repository benchmark that could not be started or that exited with a non-zero status (`rd` exit code 1).
 *
 * @example
 * ```ts
 * import { BenchmarkRunError } from '@ratedistortion/benchmarks';
 * const e = new BenchmarkRunError('benchmark fig2 exited with status 3');
 * console.log(e.code); // BENCHMARK_FAILED
 * ```
 */
export class BenchmarkRunError extends RateDistortionError {
  constructor(message: string) {
    super('BENCHMARK_FAILED', message);
  }
}

/**
 * How `rd bench NAME` starts a benchmark: the checkout root, the benchmark and the flags after `--`; returns
 * the exit status of the script.
 *
 * @example
 * ```ts
 * import type { BenchmarkSpawner } from '@ratedistortion/benchmarks';
 * const dryRun: BenchmarkSpawner = (root, b, flags) => { console.log(root, b.file, flags); return 0; };
 * ```
 */
export type BenchmarkSpawner = (root: string, benchmark: RepositoryBenchmark, flags: readonly string[]) => number;

/**
 * Run `tsx benchmarks/<file> FLAGS...` in the checkout at `root` with the terminal inherited and return its exit
 * status. Throws {@link BenchmarkRunError} when the script or the checkout's tsx is missing.
 *
 * @example
 * ```ts
 * import { spawnRepositoryBenchmark } from '@ratedistortion/benchmarks';
 * try {
 *   spawnRepositoryBenchmark('/nonexistent', { file: 'r2d2/gmm.ts', what: '' }, ['--mixture', '1']);
 * } catch (e) {
 *   console.log((e as Error).message); // the checkout has no benchmarks/r2d2/gmm.ts ...
 * }
 * ```
 */
export const spawnRepositoryBenchmark: BenchmarkSpawner = (root, benchmark, flags) => {
  const script = join(root, 'benchmarks', benchmark.file);
  if (!existsSync(script))
    throw new BenchmarkRunError(
      `the checkout has no benchmarks/${benchmark.file} (looked at ${script}); update the checkout`,
    );
  const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  if (!existsSync(tsx))
    throw new BenchmarkRunError(
      `tsx is not installed in the checkout (looked at ${tsx}); run 'pnpm install' in ${root}`,
    );
  const r = spawnSync(tsx, [script, ...flags], { cwd: root, stdio: 'inherit' });
  if (r.error) throw new BenchmarkRunError(`could not start ${tsx}: ${r.error.message}`);
  // A script killed by a signal has no status: report it as a failure.
  return r.status ?? 1;
};
