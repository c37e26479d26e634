// One writer for every benchmark result, so each file has the same envelope: name, machine, payload.
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '@ratedistortion/core';
import { dirname } from 'node:path';
import { describeMachine, type MachineDescription } from './machine.js';

/**
 * The envelope of a benchmark result file.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeBenchmarkResult, type BenchmarkResultFile } from '@ratedistortion/benchmarks';
 * const file = join(mkdtempSync(join(tmpdir(), 'rd-bench-')), 'demo.json');
 * const written: BenchmarkResultFile<{ seconds: number }> = writeBenchmarkResult(file, 'demo', { seconds: 1.5 });
 * console.log(written.benchmark, written.machine.cores, written.result.seconds);
 * ```
 */
export interface BenchmarkResultFile<T> {
  readonly benchmark: string;
  readonly machine: MachineDescription;
  readonly result: T;
}

/**
 * Writes a benchmark result as JSON with the machine description (see {@link describeMachine}) and returns the
 * envelope. Creates the parent folder.
 *
 * @param file - path of the JSON file, e.g. `benchmarks/results/analytic.json`.
 * @param benchmark - the benchmark's name.
 * @param result - the figures.
 * @param backend - the tfjs backend used, if any.
 *
 * @example
 * ```ts
 * import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const out = writeBenchmarkResult(join(tmpdir(), 'demo.json'), 'demo', { seconds: 1.5 });
 * console.log(out.machine.cores, out.result.seconds);
 * ```
 */
export function writeBenchmarkResult<T>(
  file: string,
  benchmark: string,
  result: T,
  backend?: string,
): BenchmarkResultFile<T> {
  const envelope: BenchmarkResultFile<T> = { benchmark, machine: describeMachine(backend), result };
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(envelope, null, 2)}\n`);
  return envelope;
}
