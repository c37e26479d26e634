// The partial result a shard writes and the checks `rd merge` makes before combining parts: all parts come
// from one configuration (same hash, recomputed from the stored configuration so a hand-edited file is caught)
// and together they hold every unit of the sweep exactly once.
import { CliUsageError } from '../args/usage-error.js';
import { canonicalJson, sha256Hex } from '@ratedistortion/core';
import { configHash } from './config-hash.js';
import { formatShard, type Shard } from './parse-shard.js';
import { shardOfUnit, sweepUnits, unitKey, validateSweepPlan, type SweepPlan, type SweepUnit } from './sweep-units.js';

/**
 * Everything that decides a sweep's numbers. `kind` says who assembles the merged result: `curve` (`rd
 * curve`) or `figure` (`rd reproduce`, with the figure's id); `settings` holds the rest (source, budget, ...).
 *
 * @example
 * ```ts
 * import type { SweepConfig } from '@ratedistortion/cli';
 * const c: SweepConfig = { kind: 'curve', plan: { methods: [{ name: 'ba', amortised: true }], eps: [0.5], seeds: 1 }, baseSeed: 0, settings: {} };
 * ```
 */
export interface SweepConfig {
  readonly kind: 'curve' | 'figure';
  readonly figure?: string;
  readonly plan: SweepPlan;
  readonly baseSeed: number;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * One finished unit in a shard file: its name, indices, the seed it ran with and what it produced.
 *
 * @example
 * ```ts
 * import type { UnitRecord } from '@ratedistortion/cli';
 * const r: UnitRecord = { key: 'ba/all-eps/seed0', unit: { method: 'ba', eps: 'all', seed: 0 }, seed: 0, output: {} };
 * ```
 */
export interface UnitRecord<T = unknown> {
  readonly key: string;
  readonly unit: SweepUnit;
  readonly seed: number;
  readonly output: T;
}

/**
 * Format tag of shard files.
 *
 * @example
 * ```ts
 * import { SHARD_FORMAT } from '@ratedistortion/cli';
 * import { isShardFile } from '@ratedistortion/cli/shard';
 * console.log(isShardFile({ format: SHARD_FORMAT }), isShardFile({ format: 'other' })); // true false
 * ```
 */
export const SHARD_FORMAT = 'ratedistortion/shard';

/**
 * A shard's partial result.
 *
 * @example
 * ```ts
 * import type { ShardFile } from '@ratedistortion/cli';
 * const units = (f: ShardFile) => f.units.map((u) => u.key);
 * ```
 */
export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  readonly version: 2;
  readonly configHash: string;
  readonly config: SweepConfig;
  readonly shard: Shard;
  readonly units: readonly UnitRecord[];
  /** SHA-256 (hex) of the canonical JSON of every other field: the numbers are covered, not only the configuration. */
  readonly checksum: string;
}

function shardChecksum(f: Omit<ShardFile, 'checksum'>): string {
  return sha256Hex(
    canonicalJson(
      {
        format: f.format,
        version: f.version,
        configHash: f.configHash,
        config: f.config,
        shard: f.shard,
        units: f.units,
      },
      'shard',
    ),
  );
}

/**
 * Build a shard file (the hash is computed here from `config`).
 *
 * @example
 * ```ts
 * import { makeShardFile } from '@ratedistortion/cli/shard';
 * const f = makeShardFile({ kind: 'curve', plan: { methods: [{ name: 'ba', amortised: true }], eps: [0.5], seeds: 1 }, baseSeed: 0, settings: {} }, { index: 1, count: 1 }, []);
 * console.log(f.configHash.length); // 16
 * ```
 */
export function makeShardFile(config: SweepConfig, shard: Shard, units: readonly UnitRecord[]): ShardFile {
  // The JSON form (non-finite numbers become null): the checksum covers what the file holds.
  const body = JSON.parse(
    JSON.stringify({ format: SHARD_FORMAT, version: 2, configHash: configHash(config), config, shard, units }),
  ) as Omit<ShardFile, 'checksum'>;
  return { ...body, checksum: shardChecksum(body) };
}

/**
 * Default file name of a shard's result: `<prefix>-<hash>-shard-<i>-of-<n>.json` (the index zero-padded so
 * that shell globs list the shards in order).
 *
 * @example
 * ```ts
 * import { shardFileName } from '@ratedistortion/cli/shard';
 * console.log(shardFileName('fig2', '0123456789abcdef', { index: 3, count: 16 })); // fig2-0123456789abcdef-shard-03-of-16.json
 * ```
 */
export function shardFileName(prefix: string, hash: string, shard: Shard): string {
  const width = String(shard.count).length;
  return `${prefix}-${hash}-shard-${String(shard.index).padStart(width, '0')}-of-${shard.count}.json`;
}

/**
 * Whether a parsed JSON value looks like a shard file (format tag only; {@link readShardFile} checks the rest).
 *
 * @example
 * ```ts
 * import { isShardFile } from '@ratedistortion/cli/shard';
 * console.log(isShardFile({ format: 'ratedistortion/shard' })); // true
 * ```
 */
export function isShardFile(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SHARD_FORMAT;
}

const fail = (problem: string, fix?: string) => new CliUsageError(problem, 'merge', fix);

/**
 * Validate a parsed shard file named `name`: format, version, the stored hash against the stored configuration,
 * the shard index, and that every unit it holds belongs to the plan and to this shard.
 *
 * @example
 * ```ts
 * import { makeShardFile } from '@ratedistortion/cli/shard';
 * import { readShardFile } from '@ratedistortion/cli';
 * const f = makeShardFile({ kind: 'curve', plan: { methods: [{ name: 'ba', amortised: true }], eps: [0.5], seeds: 1 }, baseSeed: 0, settings: {} }, { index: 1, count: 1 }, []);
 * readShardFile(JSON.parse(JSON.stringify(f)), 'part.json');
 * ```
 */
export function readShardFile(value: unknown, name: string): ShardFile {
  if (!isShardFile(value)) {
    throw fail(
      `'${name}' is not a shard file (no "format": "${SHARD_FORMAT}")`,
      "Merge the files written by 'rd curve --shard' or 'rd reproduce --shard'.",
    );
  }
  const f = value as ShardFile;
  if (f.version !== 2)
    throw fail(
      `'${name}' is shard format version ${String(f.version)}, this rd reads version 2`,
      'Run that shard again with this rd.',
    );
  if (
    typeof f.configHash !== 'string' ||
    f.config == null ||
    typeof f.config !== 'object' ||
    !Array.isArray(f.units) ||
    typeof f.checksum !== 'string'
  ) {
    throw fail(
      `'${name}' is a damaged shard file (configHash, config, units or checksum missing)`,
      'Run that shard again.',
    );
  }
  let sum: string;
  try {
    sum = shardChecksum(f);
  } catch (e) {
    throw fail(`'${name}' is damaged: ${(e as Error).message.replace(/\.$/, '')}`, 'Run that shard again.');
  }
  if (sum !== f.checksum) {
    throw fail(
      `'${name}' is damaged or was edited: its content hashes to ${sum.slice(0, 16)}…, not the checksum it carries`,
      'Run that shard again.',
    );
  }
  const hash = configHash(f.config);
  if (hash !== f.configHash) {
    throw fail(
      `'${name}' is damaged or was edited: its configuration hashes to ${hash}, not the ${f.configHash} it is tagged with`,
      'Run that shard again.',
    );
  }
  validateSweepPlan(f.config.plan);
  const s = f.shard;
  if (
    s == null ||
    !Number.isInteger(s.index) ||
    !Number.isInteger(s.count) ||
    s.count < 1 ||
    s.index < 1 ||
    s.index > s.count
  ) {
    throw fail(`'${name}' has a bad shard index ${JSON.stringify(s)}`, 'Run that shard again.');
  }
  const units = sweepUnits(f.config.plan);
  const position = new Map(units.map((u, k) => [unitKey(u), k]));
  for (const r of f.units) {
    const k = r == null || r.unit == null ? undefined : position.get(unitKey(r.unit));
    if (k === undefined || r.key !== unitKey(r.unit)) {
      throw fail(
        `'${name}' holds a unit ${JSON.stringify(r?.key)} that is not part of its sweep`,
        'Run that shard again.',
      );
    }
    if (shardOfUnit(k, s.count) !== s.index) {
      throw fail(
        `'${name}' (shard ${formatShard(s)}) holds unit ${r.key}, which belongs to shard ${shardOfUnit(k, s.count)}/${s.count}`,
        'Run that shard again.',
      );
    }
    const bad = badNumber(r.output, `${r.key}.output`, f.config.plan.eps);
    if (bad) throw fail(`'${name}' holds ${bad}`, 'Run that shard again.');
  }
  return f;
}

// The numbers of a unit's output: every rate, distortion and eps is a finite number (the distortion ≥ 0, the eps
// one of the plan's); other numbers are finite or null (JSON's NaN). Returns the first offence, in words.
// A rate may be below 0 only as a Monte Carlo estimate can be near R = 0: by at most RATE_SE_TOLERANCE standard
// errors when the point carries a finite `rateSe`, else by rounding (RATE_ROUNDING_TOLERANCE nats).
const RATE_SE_TOLERANCE = 4;
const RATE_ROUNDING_TOLERANCE = 1e-9;
function badNumber(value: unknown, where: string, eps: readonly number[]): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const b = badNumber(value[i], `${where}[${i}]`, eps);
      if (b) return b;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = `${where}.${k}`;
    if (k === 'rate' || k === 'distortion' || k === 'eps') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${at} = ${JSON.stringify(v)}, not a finite number`;
      if (k === 'distortion' && v < 0) return `${at} = ${v}, a negative distortion`;
      if (k === 'rate' && v < 0) {
        const se = (value as Record<string, unknown>).rateSe;
        const floor = typeof se === 'number' && Number.isFinite(se) && se > 0 ? -RATE_SE_TOLERANCE * se : 0;
        if (v < floor - RATE_ROUNDING_TOLERANCE)
          return `${at} = ${v}, a negative rate beyond Monte Carlo noise (allowed down to ${floor === 0 ? '0' : `−${RATE_SE_TOLERANCE}·rateSe = ${floor}`})`;
      }
      if (k === 'eps' && !eps.includes(v) && !where.includes('reference'))
        return `${at} = ${v}, not one of the run's eps (${eps.join(',')})`;
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      return `${at} = ${v}, not a finite number`;
    } else {
      const b = badNumber(v, at, eps);
      if (b) return b;
    }
  }
  return undefined;
}

/**
 * Combine validated parts (`name` is shown in errors): they must share one configuration hash and together hold
 * every unit of the plan exactly once. Returns the configuration and the unit records in plan order. The errors
 * are one line each, naming the odd file, the duplicated units or the missing units and their shards.
 *
 * @example
 * ```ts
 * import { combineShards } from '@ratedistortion/cli';
 * import { makeShardFile } from '@ratedistortion/cli/shard';
 * const config = { kind: 'curve' as const, plan: { methods: [{ name: 'ba', amortised: true }], eps: [0.5], seeds: 1 }, baseSeed: 0, settings: {} };
 * const part = makeShardFile(config, { index: 1, count: 1 }, [{ key: 'ba/all-eps/seed0', unit: { method: 'ba', eps: 'all', seed: 0 }, seed: 0, output: {} }]);
 * console.log(combineShards([{ name: 'a.json', file: part }]).records.length); // 1
 * ```
 */
export function combineShards(parts: readonly { name: string; file: ShardFile }[]): {
  config: SweepConfig;
  configHash: string;
  records: UnitRecord[];
} {
  if (parts.length === 0) throw fail('no shard files to merge');
  const first = parts[0];
  for (const p of parts.slice(1)) {
    if (p.file.configHash !== first.file.configHash) {
      throw fail(
        `'${p.name}' comes from another run than '${first.name}' (configuration ${p.file.configHash} ≠ ${first.file.configHash})`,
        'Merge only the shards of one command (same options, only --shard differing).',
      );
    }
  }
  const config = first.file.config;
  const units = sweepUnits(config.plan);
  const owner = new Map<string, { name: string; record: UnitRecord }>();
  const duplicated: string[] = [];
  for (const p of parts) {
    for (const r of p.file.units) {
      const seen = owner.get(r.key);
      if (seen) duplicated.push(`${r.key} (in '${seen.name}' and '${p.name}')`);
      else owner.set(r.key, { name: p.name, record: r });
    }
  }
  if (duplicated.length > 0) {
    throw fail(
      `${duplicated.length} unit(s) given twice: ${list(duplicated)}`,
      'Pass each shard once (the same shard file twice, or shards of different --shard counts that overlap).',
    );
  }
  const missing = units.map((u, k) => ({ key: unitKey(u), k })).filter((u) => !owner.has(u.key));
  if (missing.length > 0) {
    const counts = [...new Set(parts.map((p) => p.file.shard.count))];
    const count = counts.length === 1 ? counts[0] : undefined;
    const shards =
      count === undefined
        ? ''
        : `; run shard(s) ${[...new Set(missing.map((m) => shardOfUnit(m.k, count)))].map((i) => `${i}/${count}`).join(', ')} and merge again`;
    throw fail(
      `${missing.length} of ${units.length} units missing: ${list(missing.map((m) => m.key))}${shards}`,
      'Every shard of the run must be merged.',
    );
  }
  return { config, configHash: first.file.configHash, records: units.map((u) => owner.get(unitKey(u))!.record) };
}

function list(items: readonly string[], max = 6): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
