// What `rd bench` does once the CLI has found this package in a checkout (packages/cli/src/commands/bench.ts loads
// it): list the profiles and the repository benchmarks, run a profile in-process, or run one benchmark script.
// `pnpm bench` (benchmarks/run.ts) is this command too, so the CI profile and the list of benchmarks exist once.
import { cpus } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RateDistortionError } from '@ratedistortion/core';
import { CliUsageError, type ParsedOptions } from '@ratedistortion/cli/args';
import { formatJson, formatNumber, formatTable, type Cell, type CliIo } from '@ratedistortion/cli/io';
import { describeFailure, type BenchCheckResult } from './bench-check.js';
import { runBenchProfile, type BenchProfile, type BenchProfileRun } from './bench-profile.js';
import { spawnRepositoryBenchmark, BenchmarkRunError, type BenchmarkSpawner } from './benchmark-process.js';
import { BENCH_PROFILES } from './ci-profile.js';
import { REPOSITORY_BENCHMARKS, type RepositoryBenchmark } from './repository-benchmarks.js';
import { findRepositoryRoot } from './repository-root.js';

const NAME = 'bench';

function stringOption(options: ParsedOptions, name: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * What `rd bench` runs: the profiles, the repository benchmarks and how a benchmark script is started. Tests
 * replace them (e.g. a profile with a failing check, a spawner that records its call); the `rd` executable
 * uses the defaults.
 *
 * @example
 * ```ts
 * import { benchEnvironment } from '@ratedistortion/benchmarks';
 * console.log(Object.keys(benchEnvironment.profiles), Object.keys(benchEnvironment.benchmarks).length);
 * ```
 */
export const benchEnvironment: {
  profiles: Readonly<Record<string, BenchProfile>>;
  benchmarks: Readonly<Record<string, RepositoryBenchmark>>;
  spawn: BenchmarkSpawner;
} = { profiles: BENCH_PROFILES, benchmarks: REPOSITORY_BENCHMARKS, spawn: spawnRepositoryBenchmark };

/**
 * The error `rd bench --profile` ends with when a measurement missed its threshold (exit code 1); the lines
 * before it on stderr say which and by how much.
 *
 * @example
 * ```ts
 * import { BenchThresholdError } from '@ratedistortion/benchmarks';
 * const e = new BenchThresholdError('ci', 2, 40, 'benchmarks/results');
 * console.log(e.message); // benchmark profile ci: 2 of 40 measurements missed their thresholds (results in benchmarks/results)
 * ```
 */
export class BenchThresholdError extends RateDistortionError {
  readonly failed: number;
  constructor(profile: string, failed: number, total: number, outDir: string) {
    super(
      'BENCH_THRESHOLD',
      `benchmark profile ${profile}: ${failed} of ${total} measurements missed their thresholds (results in ${outDir})`,
    );
    this.failed = failed;
  }
}

function listing(): string {
  const profiles = Object.values(benchEnvironment.profiles);
  const names = Object.keys(benchEnvironment.benchmarks);
  const width = Math.max(...profiles.map((p) => p.name.length), ...names.map((n) => n.length)) + 2;
  const lines = ['Profiles (in-process checks): rd bench --profile NAME [--group G] [--json] [--out DIR]'];
  for (const p of profiles) {
    lines.push(`  ${p.name.padEnd(width)}${p.description}`);
    for (const g of p.groups)
      lines.push(`  ${''.padEnd(width)}  group ${g.name}: ${g.checks.length} checks — ${g.description}`);
  }
  lines.push('', 'Benchmarks (scripts of a repository checkout): rd bench NAME [-- FLAGS...]');
  for (const [name, b] of Object.entries(benchEnvironment.benchmarks)) lines.push(`  ${name.padEnd(width)}${b.what}`);
  return lines.join('\n') + '\n';
}

function resultRows(run: BenchProfileRun): Cell[][] {
  const rows: Cell[][] = [];
  for (const g of run.groups) {
    for (const r of g.results) {
      const kind = r.errorKind === 'relative' ? 'rel' : r.errorKind === 'excess' ? 'excess' : 'abs';
      rows.push([
        g.group,
        r.check,
        r.measurement,
        r.reference,
        r.value,
        `${formatNumber(r.error)} ${kind}`,
        r.threshold,
        r.pass ? 'pass' : 'FAIL',
        Number(r.seconds.toFixed(2)),
      ]);
    }
  }
  return rows;
}

function progressLine(group: string, check: string, results: readonly BenchCheckResult[]): string {
  const failed = results.filter((r) => !r.pass).length;
  const seconds = results[0]?.seconds ?? 0;
  return `rd bench: [${group}] ${check}: ${failed === 0 ? 'pass' : `${failed} FAILED`} (${seconds.toFixed(1)} s)\n`;
}

async function runProfile(options: ParsedOptions, io: CliIo, profileName: string): Promise<void> {
  const profile = benchEnvironment.profiles[profileName];
  if (profile === undefined) {
    throw new CliUsageError(
      `unknown profile '${profileName}' (profiles: ${Object.keys(benchEnvironment.profiles).join(', ')})`,
      NAME,
    );
  }
  const groupText = stringOption(options, 'group');
  const known = profile.groups.map((g) => g.name);
  const groups = groupText?.split(',').map((g) => g.trim());
  for (const g of groups ?? []) {
    if (!known.includes(g))
      throw new CliUsageError(
        `--group: profile ${profile.name} has no group '${g}' (groups: ${known.join(', ')})`,
        NAME,
      );
  }
  const cwd = io.cwd ?? process.cwd();
  const outText = stringOption(options, 'out') ?? 'benchmarks/results';
  const outDir = isAbsolute(outText) ? outText : resolve(cwd, outText);
  const run = await runBenchProfile(profile, {
    outDir,
    groups,
    onCheck: (group, check, results) => io.stderr(progressLine(group, check.name, results)),
  });
  const total = run.groups.reduce((n, g) => n + g.results.length, 0);
  if (options.json) {
    io.stdout(formatJson(run));
  } else {
    io.stdout(
      formatTable(
        ['group', 'check', 'measurement', 'reference', 'value', 'error', 'threshold', 'result', 'seconds'],
        resultRows(run),
      ),
    );
    for (const g of run.groups) {
      const load = `load ${g.load.start[0].toFixed(2)} → ${g.load.end[0].toFixed(2)} on ${cpus().length} cores`;
      io.stdout(
        `# ${g.group}: ${g.results.length} measurements in ${g.seconds.toFixed(1)} s${g.backend ? ` on ${g.backend}` : ''} (${load}) → ${g.file}\n`,
      );
    }
  }
  if (!run.pass) {
    for (const f of run.failures) io.stderr(`FAIL ${describeFailure(f)}\n`);
    throw new BenchThresholdError(profile.name, run.failures.length, total, outDir);
  }
  io.stderr(
    `rd bench: profile ${profile.name}: all ${total} measurements within their thresholds (${run.seconds.toFixed(1)} s)\n`,
  );
}

function runNamed(io: CliIo, name: string, flags: readonly string[]): void {
  const benchmark = benchEnvironment.benchmarks[name];
  if (benchmark === undefined) {
    throw new CliUsageError(
      `unknown benchmark '${name}' (benchmarks: ${Object.keys(benchEnvironment.benchmarks).join(', ')}; profiles: --profile ${Object.keys(benchEnvironment.profiles).join('|')})`,
      NAME,
      "Run 'rd bench' for the list.",
    );
  }
  const cwd = io.cwd ?? process.cwd();
  // The CLI loads this package from a checkout, so one contains the cwd or this file.
  const root = findRepositoryRoot(cwd) ?? findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
  if (root === undefined) throw new BenchmarkRunError(`no ratedistortion checkout contains ${cwd}`);
  io.stderr(`rd bench: ${name}: ${benchmark.what} (benchmarks/${benchmark.file} in ${root})\n`);
  const status = benchEnvironment.spawn(root, benchmark, flags);
  if (status !== 0) throw new BenchmarkRunError(`benchmark ${name} exited with status ${status}`);
}

/**
 * `rd bench` inside a checkout: without arguments, list the profiles and the repository benchmarks;
 * `--profile ci` runs the CI profile in-process, prints a table, writes `<out>/ci-<group>.json` and throws
 * {@link BenchThresholdError} when a measurement misses its threshold; `NAME [-- FLAGS]` runs the repository
 * benchmark NAME. `options` are the CLI's parsed options of `rd bench`.
 *
 * @example
 * ```ts
 * import { runBenchCommand } from '@ratedistortion/benchmarks';
 * let out = '';
 * await runBenchCommand({}, { stdout: (s) => { out += s; }, stderr: () => {} });
 * console.log(out.split('\n')[0]); // Profiles (in-process checks): ...
 * ```
 */
export async function runBenchCommand(options: ParsedOptions, io: CliIo): Promise<void> {
  const words = (options._ as string[] | undefined) ?? [];
  const profile = stringOption(options, 'profile');
  if (profile !== undefined) {
    if (words.length > 0)
      throw new CliUsageError(`give either --profile or a benchmark NAME, not both (got '${words[0]}')`, NAME);
    await runProfile(options, io, profile);
    return;
  }
  for (const o of ['group', 'out', 'json'] as const) {
    if (options[o] !== undefined)
      throw new CliUsageError(`--${o} applies to --profile runs; named benchmarks take their own flags after --`, NAME);
  }
  if (words.length === 0) {
    io.stdout(listing());
    return;
  }
  runNamed(io, words[0], words.slice(1));
}
