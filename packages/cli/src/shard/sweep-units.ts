// The work of an eps × seed sweep as a fixed list of units. A unit is one method at one eps index and one seed
// index — or, for a method amortised over eps (R2D2: one model for the whole eps range; Blahut–Arimoto: one
// grid for every eps), one method at one seed index covering every eps. The list, the split into shards and
// each unit's seed depend only on the plan, never on which process runs a unit or in which order, so a merged
// sharded run is the unsharded run.
import { InvalidParameterError, Random, assertInteger } from '@ratedistortion/core';
import type { Shard } from './parse-shard.js';

/**
 * One method of a sweep: its name and whether one model serves every eps (then its unit is a seed).
 *
 * @example
 * ```ts
 * import type { SweepMethod } from '@ratedistortion/cli/shard';
 * const m: SweepMethod = { name: 'r2d2', amortised: true };
 * ```
 */
export interface SweepMethod {
  readonly name: string;
  readonly amortised: boolean;
}

/**
 * What a sweep covers: methods × eps values × seeds.
 *
 * @example
 * ```ts
 * import type { SweepPlan } from '@ratedistortion/cli/shard';
 * const plan: SweepPlan = { methods: [{ name: 'r2d2', amortised: true }, { name: 'wgd', amortised: false }], eps: [0.1, 0.5], seeds: 4 };
 * ```
 */
export interface SweepPlan {
  readonly methods: readonly SweepMethod[];
  readonly eps: readonly number[];
  readonly seeds: number;
}

/**
 * One unit of work: a method at an eps index (`'all'` for amortised methods) and a seed index.
 *
 * @example
 * ```ts
 * import type { SweepUnit } from '@ratedistortion/cli/shard';
 * const u: SweepUnit = { method: 'wgd', eps: 1, seed: 0 };
 * ```
 */
export interface SweepUnit {
  readonly method: string;
  readonly eps: number | 'all';
  readonly seed: number;
}

/**
 * Validate a plan (non-empty methods without repeats, eps values > 0, seeds a whole number ≥ 1).
 *
 * @example
 * ```ts
 * import { validateSweepPlan } from '@ratedistortion/cli/shard';
 * validateSweepPlan({ methods: [{ name: 'ba', amortised: true }], eps: [0.5], seeds: 1 });
 * ```
 */
export function validateSweepPlan(plan: SweepPlan): void {
  if (plan == null || typeof plan !== 'object')
    throw new InvalidParameterError('plan', 'a sweep plan {methods, eps, seeds}', plan);
  if (!Array.isArray(plan.methods) || plan.methods.length === 0)
    throw new InvalidParameterError('plan.methods', 'a non-empty list of methods', plan.methods);
  const names = new Set<string>();
  plan.methods.forEach((m, i) => {
    if (m == null || typeof m.name !== 'string' || m.name === '' || typeof m.amortised !== 'boolean') {
      throw new InvalidParameterError(`plan.methods[${i}]`, 'a method {name, amortised}', m);
    }
    if (names.has(m.name)) throw new InvalidParameterError('plan.methods', 'methods without repeats', m.name);
    names.add(m.name);
  });
  if (!Array.isArray(plan.eps) || plan.eps.length === 0)
    throw new InvalidParameterError('plan.eps', 'a non-empty list of eps values', plan.eps);
  plan.eps.forEach((e, i) => {
    if (typeof e !== 'number' || !(e > 0) || !Number.isFinite(e))
      throw new InvalidParameterError(`plan.eps[${i}]`, 'a finite number > 0', e);
  });
  assertInteger('plan.seeds', plan.seeds, 1);
}

/**
 * Every unit of a plan, in a fixed order: by method, then seed index, then eps index.
 *
 * @example
 * ```ts
 * import { sweepUnits } from '@ratedistortion/cli/shard';
 * const units = sweepUnits({ methods: [{ name: 'r2d2', amortised: true }, { name: 'wgd', amortised: false }], eps: [0.1, 0.5], seeds: 2 });
 * console.log(units.length); // 2 (r2d2 per seed) + 4 (wgd per eps and seed) = 6
 * ```
 */
export function sweepUnits(plan: SweepPlan): SweepUnit[] {
  validateSweepPlan(plan);
  const units: SweepUnit[] = [];
  for (const m of plan.methods) {
    for (let s = 0; s < plan.seeds; s++) {
      if (m.amortised) units.push({ method: m.name, eps: 'all', seed: s });
      else for (let e = 0; e < plan.eps.length; e++) units.push({ method: m.name, eps: e, seed: s });
    }
  }
  return units;
}

/**
 * A unit's name, e.g. `wgd/eps1/seed0` or `r2d2/all-eps/seed3` (indices are 0-based).
 *
 * @example
 * ```ts
 * import { unitKey } from '@ratedistortion/cli/shard';
 * console.log(unitKey({ method: 'wgd', eps: 1, seed: 0 })); // 'wgd/eps1/seed0'
 * ```
 */
export function unitKey(unit: SweepUnit): string {
  return `${unit.method}/${unit.eps === 'all' ? 'all-eps' : `eps${unit.eps}`}/seed${unit.seed}`;
}

/**
 * The shard (1-based) that runs unit number `position` of the list: units are dealt round-robin, so every
 * shard gets a mix of methods and eps values and the shards' loads stay close.
 *
 * @example
 * ```ts
 * import { shardOfUnit } from '@ratedistortion/cli/shard';
 * console.log(shardOfUnit(0, 4), shardOfUnit(5, 4)); // 1 2
 * ```
 */
export function shardOfUnit(position: number, count: number): number {
  assertInteger('position', position, 0);
  assertInteger('count', count, 1);
  return (position % count) + 1;
}

/**
 * The units of `units` that `shard` runs (see {@link shardOfUnit}). A shard may get none when there are fewer
 * units than shards.
 *
 * @example
 * ```ts
 * import { shardUnits, sweepUnits } from '@ratedistortion/cli/shard';
 * const all = sweepUnits({ methods: [{ name: 'wgd', amortised: false }], eps: [0.1, 0.3, 0.5], seeds: 2 });
 * console.log(shardUnits(all, { index: 1, count: 2 }).length); // 3
 * ```
 */
export function shardUnits<T>(units: readonly T[], shard: Shard): T[] {
  assertInteger('shard.count', shard.count, 1);
  assertInteger('shard.index', shard.index, 1);
  if (shard.index > shard.count)
    throw new InvalidParameterError('shard.index', `an integer in [1, ${shard.count}]`, shard.index);
  return units.filter((_, k) => shardOfUnit(k, shard.count) === shard.index);
}

/**
 * The seed of seed index `seedIndex` in a run with base seed `baseSeed`: index 0 is the base seed itself (so a
 * one-seed sweep is the plain run with `--seed baseSeed`); index s ≥ 1 is drawn from stream s of
 * `new Random(baseSeed).split(s + 1)`, a function of (baseSeed, s) only.
 *
 * @example
 * ```ts
 * import { unitSeed } from '@ratedistortion/cli/shard';
 * console.log(unitSeed(7, 0), unitSeed(7, 1) === unitSeed(7, 1)); // 7 true
 * ```
 */
export function unitSeed(baseSeed: number, seedIndex: number): number {
  assertInteger('baseSeed', baseSeed, 0, 2 ** 32 - 1);
  assertInteger('seedIndex', seedIndex, 0);
  if (seedIndex === 0) return baseSeed;
  return new Random(baseSeed).split(seedIndex + 1)[seedIndex].deriveSeed();
}
