// `rd bench` end to end through runCli (which loads this package from the checkout), with the profiles and the
// script spawner replaced by stand-ins so the tests are fast: listing, profile runs that pass and fail (exit 1 with
// one FAIL line per miss), result files, usage errors, named benchmarks, and the one line outside a checkout.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@ratedistortion/cli';
import type { BenchCheck } from './bench-check.js';
import type { BenchProfile } from './bench-profile.js';
import type { RepositoryBenchmark } from './repository-benchmarks.js';
import { benchEnvironment, runBenchCommand } from './bench-command.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const original = { ...benchEnvironment };
afterEach(() => Object.assign(benchEnvironment, original));

async function rd(argv: string[], cwd = repoRoot): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    cwd,
  });
  return { code, out, err };
}

const check = (name: string, value: number, reference: number, threshold: number): BenchCheck => ({
  name,
  description: name,
  run: () => [{ name: 'rate', reference, value, threshold }],
});

function fakeProfile(extra: BenchCheck[] = []): BenchProfile {
  return {
    name: 'ci',
    description: 'stand-in profile',
    groups: [
      { name: 'analytic', description: 'exact', checks: [check('water-filling', 0.34657, 0.34657359, 1e-5)] },
      { name: 'estimators', description: 'loose', checks: [check('wgd N(0,1)', 1.152, 1.1513, 0.03), ...extra] },
    ],
  };
}

describe('rd bench: listing and usage', () => {
  it('without arguments lists the profiles with their groups and every named benchmark', async () => {
    const r = await rd(['bench']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Profiles/);
    expect(r.out).toMatch(/\n {2}ci {2,}analytic values/);
    expect(r.out).toContain('group analytic:');
    expect(r.out).toContain('group estimators:');
    for (const name of Object.keys(benchEnvironment.benchmarks)) expect(r.out).toMatch(new RegExp(`\\n  ${name} +\\S`));
  });

  it('is listed in rd --help and has its own --help', async () => {
    expect((await rd(['--help'])).out).toMatch(
      /\n {2}bench +run the CI benchmark profile or a named benchmark \(inside a checkout/,
    );
    const h = await rd(['bench', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toContain('rd bench --profile ci [--group G[,G]] [--json] [--out DIR]');
    expect(h.out).toContain('rd bench NAME [-- FLAGS...]');
  });

  it('refuses unknown profiles, groups and names with one line that lists the choices', async () => {
    const p = await rd(['bench', '--profile', 'nightly']);
    expect(p.code).toBe(2);
    expect(p.err).toBe("rd: unknown profile 'nightly' (profiles: ci). Run 'rd bench --help'.\n");
    const g = await rd(['bench', '--profile', 'ci', '--group', 'analytic,timing']);
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/^rd: --group: profile ci has no group 'timing' \(groups: analytic, estimators, speed\)/);
    const n = await rd(['bench', 'r2d2-nope']);
    expect(n.code).toBe(2);
    expect(n.err.trim().split('\n')).toHaveLength(1);
    expect(n.err).toContain("unknown benchmark 'r2d2-nope' (benchmarks: r2d2-gaussian-1d, r2d2-gmm,");
  });

  it('refuses --profile with a NAME, profile options without --profile, and benchmark flags before --', async () => {
    expect((await rd(['bench', '--profile', 'ci', 'fig2'])).err).toMatch(/either --profile or a benchmark NAME/);
    const j = await rd(['bench', '--json']);
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/--json applies to --profile runs/);
    expect((await rd(['bench', 'fig2', '--out', 'x'])).err).toMatch(/--out applies to --profile runs/);
    const f = await rd(['bench', 'r2d2-gmm', '--mixture', '2']);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/Unknown option '--mixture'.*after '--'/);
  });
});

describe('rd bench --profile', () => {
  it('prints the table, writes <out>/ci-<group>.json with the machine and exits 0 when every threshold holds', async () => {
    benchEnvironment.profiles = { ci: fakeProfile() };
    const out = mkdtempSync(join(tmpdir(), 'rd-bench-cmd-'));
    const r = await rd(['bench', '--profile', 'ci', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^group +check +measurement +reference +value +error +threshold +result +seconds$/);
    expect(r.out).toMatch(/analytic +water-filling +rate +0\.346574 +0\.34657 +3\.59000e-6 abs +1\.00000e-5 +pass/);
    expect(r.out).toMatch(/estimators +wgd N\(0,1\) +rate +1\.1513 +1\.152 .* pass/);
    expect(r.out).toContain(`# analytic: 1 measurements in`);
    expect(r.err).toContain('rd bench: [analytic] water-filling: pass');
    expect(r.err).toMatch(/profile ci: all 2 measurements within their thresholds/);
    for (const g of ['analytic', 'estimators']) {
      const file = JSON.parse(readFileSync(join(out, `ci-${g}.json`), 'utf8'));
      expect(file.benchmark).toBe(`ci-${g}`);
      expect(file.machine.cores).toBeGreaterThan(0);
      expect(file.result.results).toHaveLength(1);
    }
  });

  it('exits 1 when an injected check misses its threshold, with one FAIL line saying which and by how much', async () => {
    benchEnvironment.profiles = { ci: fakeProfile([check('broken estimator', 1.4, 1.1513, 0.05)]) };
    const out = mkdtempSync(join(tmpdir(), 'rd-bench-cmd-'));
    const r = await rd(['bench', '--profile', 'ci', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/estimators +broken estimator +rate .* FAIL/);
    const fails = r.err.split('\n').filter((l) => l.startsWith('FAIL '));
    expect(fails).toEqual(['FAIL broken estimator, rate: |1.4 − 1.1513| = 0.2487 > 0.05 (missed by 0.1987)']);
    expect(r.err).toContain(
      `rd: benchmark profile ci: 1 of 3 measurements missed their thresholds (results in ${out})\n`,
    );
    expect(JSON.parse(readFileSync(join(out, 'ci-estimators.json'), 'utf8')).result.pass).toBe(false);
  });

  it('a check that throws fails the run too', async () => {
    benchEnvironment.profiles = {
      ci: fakeProfile([
        {
          name: 'nerd N(0,1)',
          description: '',
          run: () => {
            throw new Error('NaN loss at step 12');
          },
        },
      ]),
    };
    const r = await rd(['bench', '--profile', 'ci', '--out', mkdtempSync(join(tmpdir(), 'rd-bench-cmd-'))]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('FAIL nerd N(0,1): failed to run (NaN loss at step 12)');
  });

  it('--json prints the run; --group runs one group; the default folder is benchmarks/results under the cwd', async () => {
    benchEnvironment.profiles = { ci: fakeProfile() };
    const cwd = mkdtempSync(join(tmpdir(), 'rd-bench-cwd-'));
    let text = '';
    await runBenchCommand(
      { profile: 'ci', group: 'analytic', json: true },
      {
        stdout: (s) => {
          text += s;
        },
        stderr: () => {},
        cwd,
      },
    );
    const run = JSON.parse(text);
    expect(run.profile).toBe('ci');
    expect(run.pass).toBe(true);
    expect(run.groups.map((g: { group: string }) => g.group)).toEqual(['analytic']);
    expect(run.groups[0].file).toBe(join(cwd, 'benchmarks', 'results', 'ci-analytic.json'));
    expect(existsSync(join(cwd, 'benchmarks', 'results', 'ci-analytic.json'))).toBe(true);
    expect(existsSync(join(cwd, 'benchmarks', 'results', 'ci-estimators.json'))).toBe(false);
  });
});

describe('rd bench NAME', () => {
  const calls: { root: string; benchmark: RepositoryBenchmark; flags: readonly string[] }[] = [];
  const recordingSpawn =
    (status: number) => (root: string, benchmark: RepositoryBenchmark, flags: readonly string[]) => {
      calls.push({ root, benchmark, flags });
      return status;
    };

  it('inside a checkout runs the script with the flags after --, from any folder of the checkout', async () => {
    calls.length = 0;
    benchEnvironment.spawn = recordingSpawn(0);
    const r = await rd(
      ['bench', 'r2d2-gmm', '--', '--mixture', '2', '--steps', '10'],
      join(repoRoot, 'packages', 'cli'),
    );
    expect(r.code).toBe(0);
    expect(calls).toEqual([
      {
        root: repoRoot,
        benchmark: benchEnvironment.benchmarks['r2d2-gmm'],
        flags: ['--mixture', '2', '--steps', '10'],
      },
    ]);
    expect(r.err).toContain('rd bench: r2d2-gmm: R2D2 on GMM');
  });

  it('a script that fails makes rd exit 1 with its status', async () => {
    benchEnvironment.spawn = recordingSpawn(3);
    const r = await rd(['bench', 'fig2'], repoRoot);
    expect(r.code).toBe(1);
    expect(r.err).toContain('rd: benchmark fig2 exited with status 3\n');
  });

  it('outside a checkout says in one line what it needs, before loading anything', async () => {
    calls.length = 0;
    benchEnvironment.spawn = recordingSpawn(0);
    const cwd = mkdtempSync(join(tmpdir(), 'rd-bench-outside-'));
    for (const argv of [['bench'], ['bench', 'fig2'], ['bench', '--profile', 'ci']]) {
      const r = await rd(argv, cwd);
      expect(r.code).toBe(1);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toBe(
        `rd: rd bench runs the benchmarks of a ratedistortion checkout and none contains ${cwd}: clone the repository, run 'pnpm install' in it and run 'pnpm rd bench' there\n`,
      );
    }
    expect(calls).toHaveLength(0);
  });
});
