// Running the units of a sweep — all of them, or one shard's — in plan order, each with its own seed.
import { configHash } from './config-hash.js';
import type { Shard } from './parse-shard.js';
import { makeShardFile, type ShardFile, type SweepConfig, type UnitRecord } from './shard-file.js';
import { shardUnits, sweepUnits, unitKey, unitSeed, type SweepUnit } from './sweep-units.js';

/**
 * Runs one unit: gets the unit and its seed, returns a JSON-serialisable output.
 *
 * @example
 * ```ts
 * import type { UnitRunner } from '@ratedistortion/cli/shard';
 * const run: UnitRunner = async (unit, seed) => ({ unit, seed });
 * ```
 */
export type UnitRunner = (unit: SweepUnit, seed: number) => Promise<unknown>;

/**
 * Run `units` in order and return their records. `onUnit` is told before each unit starts (for progress lines).
 *
 * @example
 * ```ts
 * import { runUnits, sweepUnits } from '@ratedistortion/cli/shard';
 * const config = { kind: 'curve' as const, plan: { methods: [{ name: 'x', amortised: true }], eps: [1], seeds: 2 }, baseSeed: 5, settings: {} };
 * const records = await runUnits(config, sweepUnits(config.plan), async (_u, seed) => seed);
 * console.log(records.map((r) => r.output)); // [5, <seed of index 1>]
 * ```
 */
export async function runUnits(
  config: SweepConfig,
  units: readonly SweepUnit[],
  run: UnitRunner,
  onUnit?: (unit: SweepUnit, position: number, count: number) => void,
): Promise<UnitRecord[]> {
  const records: UnitRecord[] = [];
  for (let k = 0; k < units.length; k++) {
    const unit = units[k];
    onUnit?.(unit, k, units.length);
    const seed = unitSeed(config.baseSeed, unit.seed);
    const output = await run(unit, seed);
    // A JSON round trip now, so an unsharded run assembles exactly what a shard file would carry.
    records.push({ key: unitKey(unit), unit, seed, output: JSON.parse(JSON.stringify(output)) as unknown });
  }
  return records;
}

/**
 * Run the units of `shard` and return the shard file to write.
 *
 * @example
 * ```ts
 * import { runShard } from '@ratedistortion/cli/shard';
 * const config = { kind: 'curve' as const, plan: { methods: [{ name: 'x', amortised: false }], eps: [1, 2, 3], seeds: 1 }, baseSeed: 0, settings: {} };
 * const file = await runShard(config, { index: 2, count: 2 }, async (u) => u.eps);
 * console.log(file.units.map((u) => u.key)); // ['x/eps1/seed0']
 * ```
 */
export async function runShard(
  config: SweepConfig,
  shard: Shard,
  run: UnitRunner,
  onUnit?: (unit: SweepUnit, position: number, count: number) => void,
): Promise<ShardFile> {
  configHash(config); // refuse a configuration that cannot be hashed before any work is done
  const units = shardUnits(sweepUnits(config.plan), shard);
  return makeShardFile(config, shard, await runUnits(config, units, run, onUnit));
}
