// `rd curve --shard i/n`: the (method, eps) units of this shard — the amortised R2D2 model and the
// Blahut–Arimoto solve are one unit each — run and written as a partial result for `rd merge`.
import { writeFileAtomic } from '@ratedistortion/core';
import { CURVE_METHODS, type CurveMethod, type CurveProgress } from '@ratedistortion/estimators';
import type { CliIo } from '../io/cli-io.js';
import { checkOutputPath } from '../io/output-path.js';
import { formatJson, formatTable, type Cell } from '../io/format.js';
import { configHash } from './config-hash.js';
import { formatShard, type Shard } from './parse-shard.js';
import { runShard } from './run-units.js';
import { shardFileName, type SweepConfig } from './shard-file.js';
import { runCurveUnit, type CurveUnitOutput, type CurveUnitSettings } from './curve-units.js';
import type { SweepMethod } from './sweep-units.js';

/**
 * The sweep methods of a curve: R2D2 (one model for the whole eps range) and Blahut–Arimoto (one grid for every
 * eps) are one unit per seed; NERD, WGD and EBRD one unit per eps and seed.
 *
 * @example
 * ```ts
 * import { curveSweepMethods } from '@ratedistortion/cli/shard';
 * console.log(curveSweepMethods(['r2d2', 'wgd'])); // [{ name: 'r2d2', amortised: true }, { name: 'wgd', amortised: false }]
 * ```
 */
export function curveSweepMethods(methods: readonly CurveMethod[]): SweepMethod[] {
  return methods.map((name) => ({ name, amortised: CURVE_METHODS[name].amortised || name === 'ba' }));
}

/**
 * The sweep configuration of an `rd curve` call (what its shards are tagged with).
 *
 * @example
 * ```ts
 * import { curveSweepConfig } from '@ratedistortion/cli/shard';
 * const c = curveSweepConfig(['wgd'], [0.1, 0.5], { source: { kind: 'gaussian', variance: 1 }, steps: 100, backend: 'cpu' }, 0);
 * console.log(c.plan.seeds); // 1
 * ```
 */
export function curveSweepConfig(
  methods: readonly CurveMethod[],
  eps: readonly number[],
  settings: CurveUnitSettings,
  seed: number,
  seeds = 1,
): SweepConfig {
  // undefined fields are dropped so that "not given" and "given as the default's absence" hash alike.
  const clean = JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
  return {
    kind: 'curve',
    plan: { methods: curveSweepMethods(methods), eps: [...eps], seeds },
    baseSeed: seed,
    settings: clean,
  };
}

/**
 * Run one shard of an `rd curve` call: write its partial result (to `out`, or a file named after the
 * configuration hash and the shard in `io.cwd`), print the units it ran, and say how to merge.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { curveSweepConfig, runCurveShard } from '@ratedistortion/cli/shard';
 * const config = curveSweepConfig(['ba'], [0.25, 0.5], { source: { kind: 'gaussian', variance: 1 }, ba: { samples: 20000, points: 100 }, backend: 'cpu' }, 0);
 * const cwd = mkdtempSync(join(tmpdir(), 'rd-shard-'));
 * const file = await runCurveShard(config, { index: 1, count: 1 }, { stdout: console.log, stderr: console.error, cwd });
 * console.log(file); // .../rd-curve-<hash>-shard-1-of-1.json
 * ```
 */
export async function runCurveShard(
  config: SweepConfig,
  shard: Shard,
  io: CliIo,
  opts: {
    out?: string;
    json?: boolean;
    force?: boolean;
    onProgress?: (p: CurveProgress) => void;
    progressEvery?: Partial<Record<CurveMethod, number>>;
  } = {},
): Promise<string> {
  const hash = configHash(config);
  const settings = config.settings as CurveUnitSettings;
  // Checked before any unit runs: an existing shard is another run's finished work (replaced only with --force).
  const path = checkOutputPath(io, '--shard-out', opts.out ?? shardFileName('rd-curve', hash, shard), {
    overwrite: opts.force === true,
  });
  const file = await runShard(config, shard, (unit) =>
    runCurveUnit(settings, config.plan.eps, config.baseSeed, unit, {
      onProgress: opts.onProgress,
      progressEvery: opts.progressEvery,
    }),
  );
  writeFileAtomic(path, JSON.stringify(file));
  if (opts.json) {
    io.stdout(formatJson(file));
  } else {
    const rows: Cell[][] = [];
    for (const r of file.units) {
      for (const p of (r.output as CurveUnitOutput).points) rows.push([r.key, p.eps, p.rate, p.distortion]);
    }
    io.stdout(
      `# shard ${formatShard(shard)} of configuration ${hash}: ${file.units.length} unit(s)\n` +
        (rows.length > 0
          ? formatTable(['unit', 'eps', 'rate (nats)', 'distortion'], rows)
          : '# (no units: more shards than units)\n'),
    );
  }
  const parts = opts.out === undefined ? `rd-curve-${hash}-shard-*.json` : `<the ${shard.count} shard files>`;
  io.stderr(
    `rd curve: wrote shard ${formatShard(shard)} to ${path}; when every shard is done: rd merge ${parts} -o curve.json\n`,
  );
  return path;
}
