import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash } from './config-hash.js';
import {
  combineShards,
  makeShardFile,
  readShardFile,
  shardFileName,
  type ShardFile,
  type SweepConfig,
} from './shard-file.js';
import { shardUnits, sweepUnits, unitKey } from './sweep-units.js';

const config: SweepConfig = {
  kind: 'curve',
  plan: {
    methods: [
      { name: 'r2d2', amortised: true },
      { name: 'wgd', amortised: false },
    ],
    eps: [0.25, 0.5],
    seeds: 2,
  },
  baseSeed: 7,
  settings: { source: { kind: 'gaussian', variance: 1 }, steps: 10 },
};

// Stand-in outputs: what a unit produced only matters to the assembly, not to these checks.
function shard(index: number, count: number, c: SweepConfig = config): ShardFile {
  const units = shardUnits(sweepUnits(c.plan), { index, count }).map((u) => ({
    key: unitKey(u),
    unit: u,
    seed: u.seed,
    output: { key: unitKey(u) },
  }));
  return JSON.parse(JSON.stringify(makeShardFile(c, { index, count }, units))) as ShardFile;
}

const parts = (files: ShardFile[]) =>
  files.map((file, i) => ({ name: `part${i + 1}.json`, file: readShardFile(file, `part${i + 1}.json`) }));

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('configHash', () => {
  it('ignores key order and undefined fields but not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(configHash({ a: 1, b: [1, 2] })).toBe(configHash({ b: [1, 2], a: 1 }));
    expect(configHash({ a: 1, b: [1, 2] })).not.toBe(configHash({ a: 1, b: [2, 1] }));
    expect(configHash(config)).toMatch(/^[0-9a-f]{16}$/);
    expect(() => configHash({ a: NaN })).toThrow(/config.a/);
  });

  it('names shard files after the hash and the zero-padded index', () => {
    expect(shardFileName('fig2', 'abc', { index: 3, count: 12 })).toBe('fig2-abc-shard-03-of-12.json');
  });
});

describe('combineShards', () => {
  it('returns every unit in plan order from a complete set, in any order of parts', () => {
    const r = combineShards(parts([shard(3, 3), shard(1, 3), shard(2, 3)]));
    expect(r.records.map((x) => x.key)).toEqual(sweepUnits(config.plan).map(unitKey));
    expect(r.configHash).toBe(configHash(config));
  });

  it('refuses parts of another configuration, naming both files', () => {
    const other = { ...config, settings: { ...config.settings, steps: 11 } };
    const msg = errorOf(() => combineShards(parts([shard(1, 2), shard(2, 2, other)])));
    expect(msg).toMatch(/'part2\.json' comes from another run than 'part1\.json'/);
    expect(msg).not.toMatch(/\n/);
  });

  it('names the missing units and the shards to run', () => {
    const msg = errorOf(() => combineShards(parts([shard(1, 3), shard(3, 3)])));
    expect(msg).toMatch(/2 of 6 units missing: r2d2\/all-eps\/seed1, wgd\/eps0\/seed1; run shard\(s\) 2\/3/);
  });

  it('names duplicated units and the files holding them', () => {
    const msg = errorOf(() => combineShards(parts([shard(1, 2), shard(2, 2), shard(1, 2)])));
    expect(msg).toMatch(/3 unit\(s\) given twice: r2d2\/all-eps\/seed0 \(in 'part1\.json' and 'part3\.json'\)/);
  });

  it('accepts shards of different counts when they still cover every unit once', () => {
    // Shard 1/2 is units 0, 2, 4; shards 2/6 and 4/6 and 6/6 are units 1, 3, 5.
    const r = combineShards(parts([shard(1, 2), shard(2, 6), shard(4, 6), shard(6, 6)]));
    expect(r.records).toHaveLength(6);
  });

  it('catches edited and foreign files', () => {
    const edited = shard(1, 2);
    (edited.config.settings as Record<string, unknown>).steps = 99;
    expect(errorOf(() => readShardFile(edited, 'x.json'))).toMatch(/'x\.json' is damaged or was edited/);
    expect(errorOf(() => readShardFile({ points: [] }, 'y.json'))).toMatch(/'y\.json' is not a shard file/);
    const moved = shard(1, 2);
    (moved as { shard: { index: number } }).shard.index = 2;
    expect(errorOf(() => readShardFile(moved, 'z.json'))).toMatch(/'z\.json' is damaged or was edited/);
    const mislabelled = makeShardFile(config, { index: 2, count: 2 }, shard(1, 2).units);
    expect(errorOf(() => readShardFile(mislabelled, 'z.json'))).toMatch(
      /holds unit r2d2\/all-eps\/seed0, which belongs to shard 1\/2/,
    );
  });

  it('checks every number: a flipped byte, a string rate, a negative distortion or rate, a foreign eps are refused', () => {
    const withPoints = (p: Record<string, unknown>) =>
      makeShardFile(
        config,
        { index: 1, count: 1 },
        sweepUnits(config.plan).map((u) => ({
          key: unitKey(u),
          unit: u,
          seed: u.seed,
          output: { points: [{ eps: 0.25, rate: 0.7, distortion: 0.12, ...p }] },
        })),
      );
    expect(readShardFile(JSON.parse(JSON.stringify(withPoints({}))), 'ok.json').units).toHaveLength(6);
    const text = JSON.stringify(withPoints({}));
    expect(errorOf(() => readShardFile(JSON.parse(text.replace('"rate":0.7', '"rate":0.8')), 'f.json'))).toMatch(
      /'f\.json' is damaged or was edited/,
    );
    expect(errorOf(() => readShardFile(withPoints({ rate: 'abc' }), 'a.json'))).toMatch(
      /rate = "abc", not a finite number/,
    );
    expect(errorOf(() => readShardFile(withPoints({ distortion: -5 }), 'n.json'))).toMatch(
      /distortion = -5, a negative distortion/,
    );
    // A rate below 0 only as far as Monte Carlo noise reaches: 4 standard errors, or rounding without an SE.
    expect(readShardFile(withPoints({ rate: -0.01, rateSe: 0.003 }), 'mc.json').units).toHaveLength(6);
    expect(errorOf(() => readShardFile(withPoints({ rate: -0.02, rateSe: 0.003 }), 'r.json'))).toMatch(
      /rate = -0\.02, a negative rate beyond Monte Carlo noise \(allowed down to −4·rateSe = -0\.012\)/,
    );
    expect(errorOf(() => readShardFile(withPoints({ rate: -5 }), 'r.json'))).toMatch(
      /rate = -5, a negative rate beyond Monte Carlo noise \(allowed down to 0\)/,
    );
    expect(readShardFile(withPoints({ rate: -1e-12 }), 'round.json').units).toHaveLength(6);
    expect(errorOf(() => readShardFile(withPoints({ eps: 0.3 }), 'e.json'))).toMatch(
      /eps = 0\.3, not one of the run's eps \(0\.25,0\.5\)/,
    );
    expect(errorOf(() => readShardFile({ ...withPoints({}), version: 1 }, 'v.json'))).toMatch(
      /version 1, this rd reads version 2/,
    );
  });
});
