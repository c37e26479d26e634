// Sharded runs merged with `rd merge` against the same run unsharded, in-process. The reference is the unsharded
// run itself: every number of the merged result must be identical (only wall-clock seconds differ). Tiny budgets:
// these tests check the bookkeeping, not the estimators' accuracy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunCurveResult } from '@ratedistortion/estimators';
import { assembleCurveResults, runCurveUnit, type CurveUnitSettings } from '../shard/curve-units.js';
import { curveSweepConfig } from '../shard/curve-shard.js';
import { combineShards, readShardFile } from '../shard/shard-file.js';
import { runShard, runUnits } from '../shard/run-units.js';
import { sweepUnits } from '../shard/sweep-units.js';
import { rdInMemory } from '../run/rd-in-memory.test-util.js';
import { quickCurve } from './curve-quick-args.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-merge-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rd = (argv: string[]) => rdInMemory(argv, { cwd: dir });

const CURVE = quickCurve('r2d2,wgd', '0.3,0.6', 3);

// What a sharded run cannot share with the unsharded one: wall-clock seconds, and the thread count (the unsharded run
// reports its threads, train.workers; a merge of units run apart, each on its own thread, has none to report).
const withoutSecondsAndThreads = (results: RunCurveResult[]) =>
  results.map((r) => {
    const { workers: _workers, ...train } = r.train;
    return { ...r, train: { ...train, seconds: 0 } };
  });
// The unsharded runs on one thread: WGD's default worker threads would only add their start (≈ 3 s under vitest).
const ONE_THREAD = ['--workers', '1'];

describe('rd curve --shard and rd merge', () => {
  it('three shards merged equal the unsharded run exactly', async () => {
    for (const i of [1, 2, 3]) {
      const r = await rd([...CURVE, '--shard', `${i}/3`, '--shard-out', `part${i}.json`]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`shard ${i}/3 of configuration [0-9a-f]{16}: 1 unit`));
    }
    const merged = await rd([
      'merge',
      'part3.json',
      'part1.json',
      'part2.json',
      '-o',
      'merged.json',
      '--plot',
      'merged.svg',
    ]);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toMatch(/r2d2/);
    const full = await rd([...CURVE, ...ONE_THREAD, '--json']);
    expect(full.code, full.err).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as { results: RunCurveResult[] };
    const b = JSON.parse(full.out) as { results: RunCurveResult[] };
    expect(withoutSecondsAndThreads(a.results)).toEqual(withoutSecondsAndThreads(b.results));
    expect(a.results[1].train.models).toBe(2);
    expect(readFileSync(join(dir, 'merged.svg'), 'utf8')).toMatch(/^<svg/);
    // The merged file is a normal result: rd plot redraws it.
    expect((await rd(['plot', 'merged.json', '--out', 'again.svg'])).code).toBe(0);
  });

  it('--units bits --distortion sse: the merged numbers equal rd curve with the same flags; rd plot labels them', async () => {
    const units = ['--units', 'bits', '--distortion', 'sse'];
    const merged = await rd(['merge', 'part1.json', 'part2.json', 'part3.json', ...units, '--json', '-o', 'bits.json']);
    expect(merged.code, merged.err).toBe(0);
    const full = await rd([...CURVE, ...ONE_THREAD, ...units, '--json']);
    const a = JSON.parse(merged.out) as { results: (RunCurveResult & { conventions: { rate: string } })[] };
    const b = JSON.parse(full.out) as { results: RunCurveResult[] };
    expect(withoutSecondsAndThreads(a.results)).toEqual(withoutSecondsAndThreads(b.results));
    expect(a.results[0].conventions.rate).toBe('bits');
    const nats = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as { results: RunCurveResult[] };
    expect(a.results[0].points[0].rate).toBeCloseTo(nats.results[0].points[0].rate / Math.LN2, 12);
    expect(a.results[0].points[0].distortion).toBeCloseTo(2 * nats.results[0].points[0].distortion, 12);
    const table = await rd(['merge', 'part1.json', 'part2.json', 'part3.json', ...units]);
    expect(table.out).toMatch(/rate \(bits\).*distortion \(sse\)/);
    // rd plot reads the conventions record: axes in bits and E‖X−X̂‖², or converted back on request.
    expect((await rd(['plot', 'bits.json', '--out', 'bits.svg'])).code).toBe(0);
    const svg = readFileSync(join(dir, 'bits.svg'), 'utf8');
    expect(svg).toContain('rate R (bits)');
    expect(svg).toContain('distortion E‖X−X̂‖²');
    expect(
      (await rd(['plot', 'bits.json', '--out', 'nats.svg', '--units', 'nats', '--distortion', 'half-sse'])).code,
    ).toBe(0);
    const back = readFileSync(join(dir, 'nats.svg'), 'utf8');
    const viaNats = readFileSync(join(dir, 'again.svg'), 'utf8');
    expect(back).toContain('rate R (nats)');
    expect(back).toBe(viaNats);
    // Results saved in different units are not drawn together.
    const mixed = await rd(['plot', 'bits.json', 'merged.json', '--out', 'mixed.svg']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/results\[2\].*in the units of the first \(bits, sse\)/);
  });

  it('refuses parts of different configurations, incomplete sets and duplicates with one line each', async () => {
    for (const i of [1, 2])
      expect((await rd([...CURVE, '--shard', `${i}/2`, '--shard-out', `q${i}.json`])).code).toBe(0);
    const other = CURVE.map((w) => (w === '0.3,0.6' ? '0.3,0.7' : w));
    expect((await rd([...other, '--shard', '2/2', '--shard-out', 'odd.json'])).code).toBe(0);

    const mismatch = await rd(['merge', 'q1.json', 'odd.json']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toMatch(
      /^rd: 'odd\.json' comes from another run than 'q1\.json' \(configuration [0-9a-f]{16} ≠ [0-9a-f]{16}\)/,
    );
    expect(mismatch.err.trim().split('\n')).toHaveLength(1);

    const missing = await rd(['merge', 'q1.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/1 of 3 units missing: wgd\/eps0\/seed0; run shard\(s\) 2\/2 and merge again/);

    const twice = await rd(['merge', 'q1.json', 'q2.json', 'q2.json']);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/1 unit\(s\) given twice: wgd\/eps0\/seed0 \(in 'q2\.json' and 'q2\.json'\)/);

    writeFileSync(join(dir, 'notes.json'), '{"points":[]}');
    expect((await rd(['merge', 'notes.json'])).err).toMatch(/'notes\.json' is not a shard file/);
    expect((await rd([...CURVE, '--shard', '4/3'])).err).toMatch(/Invalid --shard/);
    expect((await rd([...CURVE, '--shard', '1/2', '--plot', 'x.svg'])).err).toMatch(
      /--plot cannot be used with --shard/,
    );
  });

  it('2 eps × 2 seeds of WGD: shards merged equal the unsharded sweep, medians over seeds', async () => {
    const settings: CurveUnitSettings = {
      source: { kind: 'gaussian', variance: 1 },
      steps: 5,
      batchSize: 64,
      backend: 'cpu',
      evalBatches: 2,
      evalBatchSize: 64,
      wgd: { particles: 50 },
    };
    const config = curveSweepConfig(['wgd'], [0.3, 0.6], settings, 11, 2);
    const run = (u: Parameters<typeof runCurveUnit>[3]) => runCurveUnit(settings, config.plan.eps, config.baseSeed, u);
    const whole = assembleCurveResults(config, await runUnits(config, sweepUnits(config.plan), run));
    const parts = [];
    for (const i of [1, 2, 3]) {
      const file = JSON.parse(JSON.stringify(await runShard(config, { index: i, count: 3 }, run)));
      parts.push({ name: `s${i}`, file: readShardFile(file, `s${i}`) });
    }
    const merged = assembleCurveResults(config, combineShards(parts).records);
    expect(withoutSecondsAndThreads(merged)).toEqual(withoutSecondsAndThreads(whole));
    const p = merged[0].points[0] as RunCurveResult['points'][0] & { perSeed: { rate: number[] } };
    // Two seeds: different runs, and the median of two values is their mean.
    expect(p.perSeed.rate[0]).not.toBe(p.perSeed.rate[1]);
    expect(p.rate).toBeCloseTo((p.perSeed.rate[0] + p.perSeed.rate[1]) / 2, 14);
    expect(merged[0].train.models).toBe(4);
  });
});
