// A benchmark profile: groups of checks run in-process, one result file per group (with the machine
// description), and one verdict. Nothing here needs the repository: an installed @ratedistortion/cli runs it.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBenchCheck, type BenchCheck, type BenchCheckResult } from './bench-check.js';
import { writeBenchmarkResult } from './write-result.js';

/**
 * A group of checks written to one result file, `<profile>-<group>.json`. `setup` prepares the group (e.g.
 * selects the tfjs backend) and returns the backend name recorded with the machine, if any.
 *
 * @example
 * ```ts
 * import type { BenchCheckGroup } from '@ratedistortion/benchmarks';
 * const g: BenchCheckGroup = {
 *   name: 'demo', description: 'one trivial check',
 *   checks: [{ name: 'one', description: '1 = 1', run: () => [{ name: 'one', reference: 1, value: 1, threshold: 0 }] }],
 * };
 * ```
 */
export interface BenchCheckGroup {
  readonly name: string;
  readonly description: string;
  readonly checks: readonly BenchCheck[];
  setup?(): Promise<string | undefined>;
}

/**
 * A named set of check groups, run by `rd bench --profile NAME`.
 *
 * @example
 * ```ts
 * import type { BenchProfile } from '@ratedistortion/benchmarks';
 * const p: BenchProfile = { name: 'demo', description: 'nothing yet', groups: [] };
 * ```
 */
export interface BenchProfile {
  readonly name: string;
  readonly description: string;
  readonly groups: readonly BenchCheckGroup[];
}

/**
 * What one group of a profile run produced; `file` is the result file written.
 *
 * @example
 * ```ts
 * import type { BenchGroupRun } from '@ratedistortion/benchmarks';
 * const failed = (g: BenchGroupRun) => g.results.filter((r) => !r.pass).length;
 * ```
 */
export interface BenchGroupRun {
  readonly group: string;
  readonly description: string;
  readonly file: string;
  readonly backend?: string;
  readonly seconds: number;
  /** 1-, 5- and 15-minute load averages when the group started and when it ended: timings from a busy machine are slow. */
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly pass: boolean;
  readonly results: readonly BenchCheckResult[];
}

/**
 * What a profile run produced: the verdict, every group's results and the failed measurements.
 *
 * @example
 * ```ts
 * import type { BenchProfileRun } from '@ratedistortion/benchmarks';
 * const summary = (r: BenchProfileRun) => `${r.profile}: ${r.pass ? 'pass' : `${r.failures.length} failed`} in ${r.seconds.toFixed(0)} s`;
 * ```
 */
export interface BenchProfileRun {
  readonly profile: string;
  readonly pass: boolean;
  readonly seconds: number;
  readonly groups: readonly BenchGroupRun[];
  readonly failures: readonly BenchCheckResult[];
}

/**
 * Options of {@link runBenchProfile}.
 *
 * @example
 * ```ts
 * import type { RunBenchProfileOptions } from '@ratedistortion/benchmarks';
 * const o: RunBenchProfileOptions = { outDir: 'benchmarks/results', groups: ['analytic'] };
 * ```
 */
export interface RunBenchProfileOptions {
  /** Folder of the result files (created if missing). */
  readonly outDir: string;
  /** Run only these groups (default: all, in the profile's order). */
  readonly groups?: readonly string[];
  /** Called after each check with its judged results (progress). */
  readonly onCheck?: (group: string, check: BenchCheck, results: readonly BenchCheckResult[]) => void;
}

/**
 * Run a profile's groups, write `<outDir>/<profile>-<group>.json` for each with {@link writeBenchmarkResult},
 * and return the verdict: `pass` is false when any measurement missed its threshold or any check failed to run.
 *
 * @example
 * ```ts
 * import { runBenchProfile, type BenchProfile } from '@ratedistortion/benchmarks';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const profile: BenchProfile = {
 *   name: 'demo', description: 'one check',
 *   groups: [{ name: 'math', description: 'Math', checks: [{ name: 'sqrt', description: 'Math.sqrt(4)', run: () => [{ name: '√4', reference: 2, value: Math.sqrt(4), threshold: 0 }] }] }],
 * };
 * const run = await runBenchProfile(profile, { outDir: mkdtempSync(join(tmpdir(), 'rd-bench-')) });
 * console.log(run.pass, run.groups[0].file); // true .../demo-math.json
 * ```
 */
export async function runBenchProfile(profile: BenchProfile, opts: RunBenchProfileOptions): Promise<BenchProfileRun> {
  const t0 = performance.now();
  const wanted = opts.groups ?? profile.groups.map((g) => g.name);
  for (const name of wanted) {
    if (!profile.groups.some((g) => g.name === name)) {
      throw new Error(
        `profile '${profile.name}' has no group '${name}' (groups: ${profile.groups.map((g) => g.name).join(', ')})`,
      );
    }
  }
  const groups: BenchGroupRun[] = [];
  for (const group of profile.groups.filter((g) => wanted.includes(g.name))) {
    const g0 = performance.now();
    const loadStart = loadavg();
    const backend = group.setup ? await group.setup() : undefined;
    const results: BenchCheckResult[] = [];
    for (const check of group.checks) {
      const r = await runBenchCheck(check);
      results.push(...r);
      opts.onCheck?.(group.name, check, r);
    }
    const seconds = (performance.now() - g0) / 1000;
    const pass = results.every((r) => r.pass);
    const load = { start: loadStart, end: loadavg() };
    const file = join(opts.outDir, `${profile.name}-${group.name}.json`);
    writeBenchmarkResult(
      file,
      `${profile.name}-${group.name}`,
      {
        profile: profile.name,
        group: group.name,
        description: group.description,
        pass,
        seconds,
        load,
        checks: group.checks.map((c) => ({ name: c.name, description: c.description })),
        results,
      },
      backend,
    );
    groups.push({
      group: group.name,
      description: group.description,
      file,
      ...(backend === undefined ? {} : { backend }),
      seconds,
      load,
      pass,
      results,
    });
  }
  const failures = groups.flatMap((g) => g.results.filter((r) => !r.pass));
  return {
    profile: profile.name,
    pass: failures.length === 0,
    seconds: (performance.now() - t0) / 1000,
    groups,
    failures,
  };
}
