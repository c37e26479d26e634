// `rd bench`: list the profiles and the repository benchmarks, run a profile in-process (works from an installed
// package), or run one repository benchmark script inside a checkout. `pnpm bench` (benchmarks/run.ts) is this
// command too, so the CI profile and the list of benchmarks exist once.
import { cpus } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { RateDistortionError } from '@ratedistortion/core';
import { CliUsageError } from '../args/usage-error.js';
import type { ParsedOptions } from '../args/options.js';
import { describeFailure, type BenchCheckResult } from '../bench/bench-check.js';
import { runBenchProfile, type BenchProfile, type BenchProfileRun } from '../bench/bench-profile.js';
import { spawnRepositoryBenchmark, BenchmarkRunError, type BenchmarkSpawner } from '../bench/benchmark-process.js';
import { BENCH_PROFILES } from '../bench/ci-profile.js';
import { REPOSITORY_BENCHMARKS, type RepositoryBenchmark } from '../bench/repository-benchmarks.js';
import { findRepositoryRoot } from '../bench/repository-root.js';
import type { CliIo } from '../io/cli-io.js';
import { formatJson, formatNumber, formatTable, type Cell } from '../io/format.js';
import { stringOption, type Command } from './command.js';

const NAME = 'bench';

/**
 * What `rd bench` runs: the profiles, the repository benchmarks and how a benchmark script is started. Tests
 * replace them (e.g. a profile with a failing check, a spawner that records its call); the `rd` executable
 * uses the defaults.
 *
 * @example
 * ```ts
 * import { benchEnvironment } from '@ratedistortion/cli';
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
 * import { BenchThresholdError } from '@ratedistortion/cli';
 * const e = new BenchThresholdError('ci', 2, 40, 'benchmarks/results');
 * console.log(e.message); // benchmark profile ci: 2 of 40 measurements missed their thresholds (results in benchmarks/results)
 * ```
 */
export class BenchThresholdError extends RateDistortionError {
  readonly failed: number;
  constructor(profile: string, failed: number, total: number, outDir: string) {
    super('BENCH_THRESHOLD', `benchmark profile ${profile}: ${failed} of ${total} measurements missed their thresholds (results in ${outDir})`);
    this.failed = failed;
  }
}

function listing(): string {
  const profiles = Object.values(benchEnvironment.profiles);
  const names = Object.keys(benchEnvironment.benchmarks);
  const width = Math.max(...profiles.map((p) => p.name.length), ...names.map((n) => n.length)) + 2;
  const lines = ['Profiles (in-process, no checkout needed): rd bench --profile NAME [--group G] [--json] [--out DIR]'];
  for (const p of profiles) {
    lines.push(`  ${p.name.padEnd(width)}${p.description}`);
    for (const g of p.groups) lines.push(`  ${''.padEnd(width)}  group ${g.name}: ${g.checks.length} checks — ${g.description}`);
  }
  lines.push('', 'Benchmarks (scripts of a repository checkout): rd bench NAME [-- FLAGS...]');
  for (const [name, b] of Object.entries(benchEnvironment.benchmarks)) lines.push(`  ${name.padEnd(width)}${b.what}`);
  return lines.join('\n') + '\n';
}

function resultRows(run: BenchProfileRun): Cell[][] {
  const rows: Cell[][] = [];
  for (const g of run.groups) {
    for (const r of g.results) {
      const kind = r.errorKind === 'relative' ? 'rel' : 'abs';
      rows.push([g.group, r.check, r.measurement, r.reference, r.value, `${formatNumber(r.error)} ${kind}`, r.threshold, r.pass ? 'pass' : 'FAIL', Number(r.seconds.toFixed(2))]);
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
    throw new CliUsageError(`unknown profile '${profileName}' (profiles: ${Object.keys(benchEnvironment.profiles).join(', ')})`, NAME);
  }
  const groupText = stringOption(options, 'group');
  const known = profile.groups.map((g) => g.name);
  const groups = groupText?.split(',').map((g) => g.trim());
  for (const g of groups ?? []) {
    if (!known.includes(g)) throw new CliUsageError(`--group: profile ${profile.name} has no group '${g}' (groups: ${known.join(', ')})`, NAME);
  }
  const cwd = io.cwd ?? process.cwd();
  const outText = stringOption(options, 'out', 'benchmarks/results');
  const outDir = isAbsolute(outText) ? outText : resolve(cwd, outText);
  const run = await runBenchProfile(profile, {
    outDir, groups,
    onCheck: (group, check, results) => io.stderr(progressLine(group, check.name, results)),
  });
  const total = run.groups.reduce((n, g) => n + g.results.length, 0);
  if (options.json) {
    io.stdout(formatJson(run));
  } else {
    io.stdout(formatTable(['group', 'check', 'measurement', 'reference', 'value', 'error', 'threshold', 'result', 'seconds'], resultRows(run)));
    for (const g of run.groups) {
      const load = `load ${g.load.start[0].toFixed(2)} → ${g.load.end[0].toFixed(2)} on ${cpus().length} cores`;
      io.stdout(`# ${g.group}: ${g.results.length} measurements in ${g.seconds.toFixed(1)} s${g.backend ? ` on ${g.backend}` : ''} (${load}) → ${g.file}\n`);
    }
  }
  if (!run.pass) {
    for (const f of run.failures) io.stderr(`FAIL ${describeFailure(f)}\n`);
    throw new BenchThresholdError(profile.name, run.failures.length, total, outDir);
  }
  io.stderr(`rd bench: profile ${profile.name}: all ${total} measurements within their thresholds (${run.seconds.toFixed(1)} s)\n`);
}

function runNamed(io: CliIo, name: string, flags: readonly string[]): void {
  const benchmark = benchEnvironment.benchmarks[name];
  if (benchmark === undefined) {
    throw new CliUsageError(`unknown benchmark '${name}' (benchmarks: ${Object.keys(benchEnvironment.benchmarks).join(', ')}; profiles: --profile ${Object.keys(benchEnvironment.profiles).join('|')})`, NAME, "Run 'rd bench' for the list.");
  }
  const cwd = io.cwd ?? process.cwd();
  const root = findRepositoryRoot(cwd);
  if (root === undefined) {
    throw new CliUsageError(
      `benchmark '${name}' is a script of the ratedistortion repository and needs a checkout (none contains ${cwd})`, NAME,
      "Clone the repository, run 'pnpm install' in it and run 'pnpm rd bench NAME' there; 'rd bench --profile ci' needs no checkout.",
    );
  }
  io.stderr(`rd bench: ${name}: ${benchmark.what} (benchmarks/${benchmark.file} in ${root})\n`);
  const status = benchEnvironment.spawn(root, benchmark, flags);
  if (status !== 0) throw new BenchmarkRunError(`benchmark ${name} exited with status ${status}`);
}

/**
 * `rd bench`: without arguments, list the profiles and the repository benchmarks; `--profile ci` runs the CI
 * profile in-process, prints a table, writes `<out>/ci-<group>.json` and exits 1 when a measurement misses its
 * threshold; `NAME [-- FLAGS]` runs the repository benchmark NAME (inside a checkout).
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * let out = '';
 * await runCli(['bench'], { stdout: (s) => { out += s; }, stderr: () => {} });
 * console.log(out.split('\n')[0]); // Profiles (in-process, no checkout needed): ...
 * ```
 */
export const benchCommand: Command = {
  spec: {
    name: NAME,
    summary: 'run the CI benchmark profile (in-process) or a named benchmark of the repository',
    usage: [
      'rd bench                                   list the profiles and the named benchmarks',
      'rd bench --profile ci [--group G[,G]] [--json] [--out DIR]',
      'rd bench NAME [-- FLAGS...]                run benchmarks/<script> of a checkout with FLAGS',
    ],
    options: {
      profile: { type: 'string', value: 'NAME', description: "run a profile's checks in-process (ci)" },
      group: { type: 'string', value: 'G[,G]', description: 'run only these groups of the profile (ci: analytic, estimators)' },
      json: { type: 'boolean', description: 'print the profile run as JSON: {"profile","pass","seconds","groups":[{"group","file","results":[...]}],"failures"}' },
      out: { type: 'string', value: 'DIR', description: 'folder of the result files <profile>-<group>.json (default benchmarks/results, relative to the current directory)' },
    },
    positionals: { value: 'NAME [-- FLAGS]', description: "a named benchmark ('rd bench' lists them); its own flags go after --" },
    notes: [
      'A profile run prints one line per check on stderr, then a table of every measurement (reference, value, error,',
      'threshold); it exits 1 when any measurement misses its threshold, with one FAIL line per miss saying by how much.',
      'Each result file carries the machine description (CPU, cores, load, Node, backend).',
      'Named benchmarks are scripts of the repository (benchmarks/*.ts, run with its tsx): inside a checkout only.',
    ],
    examples: [
      'rd bench',
      'rd bench --profile ci',
      'rd bench --profile ci --group analytic --out /tmp/bench',
      'rd bench r2d2-gmm -- --mixture 2 --steps 500',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const words = (options._ as string[] | undefined) ?? [];
    const profile = stringOption(options, 'profile');
    if (profile !== undefined) {
      if (words.length > 0) throw new CliUsageError(`give either --profile or a benchmark NAME, not both (got '${words[0]}')`, NAME);
      await runProfile(options, io, profile);
      return;
    }
    for (const o of ['group', 'out', 'json'] as const) {
      if (options[o] !== undefined) throw new CliUsageError(`--${o} applies to --profile runs; named benchmarks take their own flags after --`, NAME);
    }
    if (words.length === 0) {
      io.stdout(listing());
      return;
    }
    runNamed(io, words[0], words.slice(1));
  },
};
