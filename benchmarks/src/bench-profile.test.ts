// The pass/fail logic of benchmark profiles on small synthetic checks (the real CI profile runs in CI, not here):
// a measurement that misses its threshold, a NaN, a check that throws all fail the run; every group's file
// carries the machine description.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure, judgeMeasurement, runBenchCheck, type BenchCheck } from './bench-check.js';
import { runBenchProfile, type BenchProfile } from './bench-profile.js';
import { BENCH_PROFILES, CI_PROFILE } from './ci-profile.js';

const constant = (
  name: string,
  value: number,
  reference: number,
  threshold: number,
  error?: 'absolute' | 'relative',
): BenchCheck => ({
  name,
  description: `${name}: ${value} against ${reference}`,
  run: () => [{ name: 'value', reference, value, threshold, error }],
});

describe('judging a measurement', () => {
  it('absolute and relative errors against the threshold; the threshold itself passes', () => {
    const abs = judgeMeasurement('c', { name: 'm', reference: 1, value: 1.25, threshold: 0.25 }, 1);
    expect(abs.error).toBe(0.25);
    expect(abs.pass).toBe(true);
    const rel = judgeMeasurement('c', { name: 'm', reference: 2, value: 1.5, threshold: 0.2, error: 'relative' }, 1);
    expect(rel.error).toBe(0.25);
    expect(rel.errorKind).toBe('relative');
    expect(rel.pass).toBe(false);
  });

  it('an excess error is one-sided: a smaller value passes, a larger one fails by its relative excess', () => {
    const faster = judgeMeasurement('c', { name: 'ratio', reference: 4, value: 2, threshold: 0.3, error: 'excess' }, 1);
    expect([faster.error, faster.pass]).toEqual([0, true]);
    const slower = judgeMeasurement(
      'c',
      { name: 'ratio', reference: 4, value: 5.6, threshold: 0.3, error: 'excess' },
      1,
    );
    expect(slower.error).toBeCloseTo(0.4, 12);
    expect(slower.pass).toBe(false);
    expect(describeFailure(slower)).toBe('c, ratio: (5.6 − 4)/4 = 0.4 > 0.3 (missed by 0.1)');
  });

  it('a NaN value, or a relative error against reference 0, fails', () => {
    expect(judgeMeasurement('c', { name: 'm', reference: 1, value: NaN, threshold: 1 }, 0).pass).toBe(false);
    expect(judgeMeasurement('c', { name: 'm', reference: 0, value: 0, threshold: 1, error: 'relative' }, 0).pass).toBe(
      false,
    );
  });

  it('a check that throws or measures nothing is one failed result with the reason', async () => {
    const [thrown] = await runBenchCheck({
      name: 'boom',
      description: '',
      run: () => {
        throw new Error('solver diverged\nat step 3');
      },
    });
    expect(thrown.pass).toBe(false);
    expect(thrown.failure).toBe('solver diverged at step 3');
    expect(describeFailure(thrown)).toBe('boom: failed to run (solver diverged at step 3)');
    const [empty] = await runBenchCheck({ name: 'empty', description: '', run: async () => [] });
    expect(empty.pass).toBe(false);
    expect(empty.failure).toMatch(/no measurement/);
  });

  it('the failure line names the check and the measurement and says by how much it missed', () => {
    const r = judgeMeasurement(
      'wgd N(0,1)',
      { name: 'rate at eps 0.1', reference: 1.1513, value: 1.3, threshold: 0.05 },
      2,
    );
    expect(describeFailure(r)).toBe('wgd N(0,1), rate at eps 0.1: |1.3 − 1.1513| = 0.1487 > 0.05 (missed by 0.0987)');
    const rel = judgeMeasurement(
      'ebrd',
      { name: 'distortion', reference: 0.25, value: 0.35, threshold: 0.2, error: 'relative' },
      2,
    );
    expect(describeFailure(rel)).toBe('ebrd, distortion: |0.35 − 0.25|/|0.25| = 0.4 > 0.2 (missed by 0.2)');
  });
});

describe('running a profile', () => {
  const profile = (checks: BenchCheck[]): BenchProfile => ({
    name: 'demo',
    description: 'synthetic',
    groups: [
      { name: 'first', description: 'passing group', checks: [constant('exact', 2, 2, 0)] },
      { name: 'second', description: 'the checks under test', checks, setup: async () => 'fake-backend' },
    ],
  });

  it('passes when every measurement is within its threshold and writes one file per group with the machine', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'rd-bench-profile-'));
    const seen: string[] = [];
    const run = await runBenchProfile(profile([constant('close', 1.001, 1, 0.01)]), {
      outDir,
      onCheck: (g, c) => seen.push(`${g}/${c.name}`),
    });
    expect(run.pass).toBe(true);
    expect(run.failures).toEqual([]);
    expect(seen).toEqual(['first/exact', 'second/close']);
    expect(run.groups.map((g) => g.file)).toEqual([join(outDir, 'demo-first.json'), join(outDir, 'demo-second.json')]);
    const file = JSON.parse(readFileSync(join(outDir, 'demo-second.json'), 'utf8'));
    expect(file.benchmark).toBe('demo-second');
    expect(file.machine.backend).toBe('fake-backend');
    expect(file.machine.cores).toBeGreaterThan(0);
    expect(typeof file.machine.load1).toBe('number');
    expect(file.result.load.start).toHaveLength(3);
    expect(file.result.load.end).toHaveLength(3);
    expect(file.result.pass).toBe(true);
    expect(file.result.results[0]).toMatchObject({
      check: 'close',
      reference: 1,
      value: 1.001,
      threshold: 0.01,
      pass: true,
    });
    expect(file.result.checks).toEqual([{ name: 'close', description: 'close: 1.001 against 1' }]);
  });

  it('one missed threshold fails the run, its group and its file, and is listed in the failures', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'rd-bench-profile-'));
    const run = await runBenchProfile(
      profile([constant('close', 1.001, 1, 0.01), constant('far', 1.5, 1, 0.1, 'relative')]),
      { outDir },
    );
    expect(run.pass).toBe(false);
    expect(run.groups.map((g) => g.pass)).toEqual([true, false]);
    expect(run.failures.map((f) => f.check)).toEqual(['far']);
    expect(JSON.parse(readFileSync(join(outDir, 'demo-second.json'), 'utf8')).result.pass).toBe(false);
  });

  it('runs only the chosen groups and refuses an unknown one', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'rd-bench-profile-'));
    const run = await runBenchProfile(profile([constant('far', 3, 1, 0.1)]), { outDir, groups: ['first'] });
    expect(run.pass).toBe(true);
    expect(run.groups.map((g) => g.group)).toEqual(['first']);
    await expect(runBenchProfile(profile([]), { outDir, groups: ['third'] })).rejects.toThrow(
      /no group 'third' \(groups: first, second\)/,
    );
  });
});

describe('the CI profile', () => {
  it('has the analytic and estimator groups, uniquely named checks, and is the ci entry of BENCH_PROFILES', () => {
    expect(BENCH_PROFILES.ci).toBe(CI_PROFILE);
    expect(CI_PROFILE.groups.map((g) => g.name)).toEqual(['analytic', 'estimators', 'speed']);
    const names = CI_PROFILE.groups.flatMap((g) => g.checks.map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
    for (const method of ['r2d2', 'nerd', 'wgd', 'ebrd', 'ba'])
      expect(names.some((n) => n.startsWith(`${method} `))).toBe(true);
  });
});
