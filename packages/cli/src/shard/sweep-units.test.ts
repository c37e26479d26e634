import { describe, expect, it } from 'vitest';
import {
  shardOfUnit,
  shardUnits,
  sweepUnits,
  unitKey,
  unitSeed,
  validateSweepPlan,
  type SweepPlan,
} from './sweep-units.js';

const plan: SweepPlan = {
  methods: [
    { name: 'r2d2', amortised: true },
    { name: 'nerd', amortised: false },
    { name: 'wgd', amortised: false },
  ],
  eps: [0.1, 0.3, 0.5, 0.7, 0.9],
  seeds: 4,
};

describe('sweepUnits', () => {
  it('has one unit per seed for amortised methods and one per (eps, seed) otherwise', () => {
    const units = sweepUnits(plan);
    expect(units).toHaveLength(4 + 2 * 5 * 4);
    expect(units.filter((u) => u.method === 'r2d2').every((u) => u.eps === 'all')).toBe(true);
    expect(new Set(units.map(unitKey)).size).toBe(units.length);
    expect(unitKey(units[0])).toBe('r2d2/all-eps/seed0');
    expect(unitKey({ method: 'wgd', eps: 2, seed: 3 })).toBe('wgd/eps2/seed3');
  });

  it('refuses bad plans', () => {
    expect(() => validateSweepPlan({ ...plan, seeds: 0 })).toThrow(/seeds/);
    expect(() => validateSweepPlan({ ...plan, eps: [] })).toThrow(/eps/);
    expect(() => validateSweepPlan({ ...plan, eps: [0.1, -1] })).toThrow(/eps\[1\]/);
    expect(() => validateSweepPlan({ ...plan, methods: [plan.methods[0], plan.methods[0]] })).toThrow(/repeats/);
  });
});

describe('shardUnits', () => {
  it.each([1, 2, 3, 5, 7, 16, 44, 45, 100])('split into %i shards covers every unit exactly once', (n) => {
    const units = sweepUnits(plan);
    const seen = new Map<string, number>();
    const sizes: number[] = [];
    for (let i = 1; i <= n; i++) {
      const mine = shardUnits(units, { index: i, count: n });
      sizes.push(mine.length);
      for (const u of mine) seen.set(unitKey(u), (seen.get(unitKey(u)) ?? 0) + 1);
    }
    expect(seen.size).toBe(units.length);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    // Round-robin: shard sizes differ by at most one.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is a function of the position only', () => {
    expect(shardOfUnit(0, 4)).toBe(1);
    expect(shardOfUnit(7, 4)).toBe(4);
    expect(shardOfUnit(8, 4)).toBe(1);
    expect(() => shardUnits([1, 2], { index: 3, count: 2 })).toThrow(/shard.index/);
  });
});

describe('unitSeed', () => {
  it('keeps the base seed at index 0 and derives distinct, reproducible seeds from (base, index)', () => {
    expect(unitSeed(123, 0)).toBe(123);
    const seeds = Array.from({ length: 64 }, (_, s) => unitSeed(123, s));
    expect(new Set(seeds).size).toBe(64);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
    // Order of evaluation does not matter: computing index 40 alone gives the same seed.
    expect(unitSeed(123, 40)).toBe(seeds[40]);
    expect(unitSeed(124, 1)).not.toBe(unitSeed(123, 1));
    expect(() => unitSeed(-1, 0)).toThrow(/baseSeed/);
  });
});
