// The engine behind `rd reproduce`: resolve a figure's settings (budget, overrides), run all of its units or
// one shard's, and assemble the figure — the same assembly `rd merge` applies to the shards' records.
import { InvalidParameterError, type BackendChoice } from '@ratedistortion/core';
import { configHash } from '../shard/config-hash.js';
import type { Shard } from '../shard/parse-shard.js';
import { runShard, runUnits } from '../shard/run-units.js';
import type { ShardFile, SweepConfig, UnitRecord } from '../shard/shard-file.js';
import { sweepUnits, type SweepUnit } from '../shard/sweep-units.js';
import type { FigureContext, FigureDefinition, FigureResult, FigureSettings } from './figure.js';

/**
 * Overrides of a figure's budget (`--steps`, `--seeds`, `--eps`, `--seed`).
 *
 * @example
 * ```ts
 * import type { FigureOverrides } from '@ratedistortion/cli';
 * const o: FigureOverrides = { steps: 50, seeds: 2 };
 * ```
 */
export interface FigureOverrides {
  steps?: number;
  seeds?: number;
  eps?: number[];
  seed?: number;
  /** tfjs backend of every method (the budgets use wasm). */
  backend?: BackendChoice;
  /** Evaluation batches per eps and their size, for every method (e.g. a short check of the paper's settings). */
  evalBatches?: number;
  evalBatchSize?: number;
  /** R2D2's memoryBudget (bytes for the rollout's gradient tape; the budgets use R2D2's default, 1 GiB). */
  memoryBudget?: number;
}

/**
 * A figure's settings under `budget` with the overrides applied. `steps` and `seeds` are refused for a figure
 * that trains nothing (fig3/fig10); eps values must be > 0.
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * import { figureSettings } from '@ratedistortion/cli/reproduce';
 * const s = figureSettings(FIGURES.fig2, 'quick', { seeds: 2 });
 * console.log(s.seeds); // 2
 * ```
 */
export function figureSettings(
  def: FigureDefinition,
  budget: 'quick' | 'paper',
  overrides: FigureOverrides = {},
): FigureSettings {
  const s = def.settings(budget);
  const trains = s.steps > 0;
  if (overrides.steps !== undefined) {
    if (!trains)
      throw new InvalidParameterError('--steps', `no --steps for ${def.id} (it trains nothing)`, overrides.steps);
    if (!Number.isInteger(overrides.steps) || overrides.steps < 1)
      throw new InvalidParameterError('--steps', 'a whole number ≥ 1', overrides.steps);
    s.steps = overrides.steps;
  }
  if (overrides.seeds !== undefined) {
    if (!trains)
      throw new InvalidParameterError(
        '--seeds',
        `no --seeds for ${def.id} (it is computed, not sampled)`,
        overrides.seeds,
      );
    if (!Number.isInteger(overrides.seeds) || overrides.seeds < 1)
      throw new InvalidParameterError('--seeds', 'a whole number ≥ 1', overrides.seeds);
    s.seeds = overrides.seeds;
  }
  if (overrides.eps !== undefined) {
    if (overrides.eps.length === 0 || overrides.eps.some((e) => !(e > 0) || !Number.isFinite(e)))
      throw new InvalidParameterError('--eps', 'a list of eps values > 0', overrides.eps);
    s.eps = [...overrides.eps];
  }
  if (overrides.seed !== undefined) s.seed = overrides.seed;
  if (overrides.backend !== undefined) {
    if (!trains)
      throw new InvalidParameterError('--backend', `no --backend for ${def.id} (it trains nothing)`, overrides.backend);
    for (const m of Object.keys(s.perMethod)) s.perMethod[m] = { ...s.perMethod[m], backend: overrides.backend };
  }
  for (const key of ['evalBatches', 'evalBatchSize'] as const) {
    const v = overrides[key];
    if (v === undefined) continue;
    const flag = key === 'evalBatches' ? '--eval-batches' : '--eval-batch-size';
    if (!trains) throw new InvalidParameterError(flag, `no ${flag} for ${def.id} (it trains nothing)`, v);
    if (!Number.isInteger(v) || v < (key === 'evalBatches' ? 1 : 2))
      throw new InvalidParameterError(flag, `a whole number ≥ ${key === 'evalBatches' ? 1 : 2}`, v);
    for (const m of Object.keys(s.perMethod)) s.perMethod[m] = { ...s.perMethod[m], [key]: v };
  }
  if (overrides.memoryBudget !== undefined) {
    if (!s.methods.some((m) => m.name === 'r2d2'))
      throw new InvalidParameterError(
        '--memory-budget',
        `no --memory-budget for ${def.id} (it trains no R2D2 model)`,
        overrides.memoryBudget,
      );
    if (!(overrides.memoryBudget > 0))
      throw new InvalidParameterError('--memory-budget', 'a size > 0', overrides.memoryBudget);
    const r = s.perMethod.r2d2 ?? {};
    s.perMethod.r2d2 = { ...r, r2d2: { ...r.r2d2, memoryBudget: overrides.memoryBudget } };
  }
  return s;
}

/**
 * The sweep configuration of a figure run (what its shards carry and are hashed by).
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * import { figureConfig } from '@ratedistortion/cli/reproduce';
 * console.log(figureConfig(FIGURES.fig3, FIGURES.fig3.settings('quick')).plan.methods);
 * ```
 */
export function figureConfig(def: FigureDefinition, settings: FigureSettings): SweepConfig {
  return {
    kind: 'figure',
    figure: def.id,
    plan: { methods: settings.methods, eps: settings.eps, seeds: settings.seeds },
    baseSeed: settings.seed,
    settings: JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
  };
}

/**
 * Turn the records of every unit into the figure result.
 *
 * @example
 * ```ts
 * import { assembleFigure } from '@ratedistortion/cli/reproduce';
 * import { type FigureDefinition, type UnitRecord } from '@ratedistortion/cli';
 * const redo = (def: FigureDefinition, settings: Parameters<FigureDefinition['assemble']>[0], records: UnitRecord[]) => assembleFigure(def, settings, records);
 * ```
 */
export async function assembleFigure(
  def: FigureDefinition,
  settings: FigureSettings,
  records: readonly UnitRecord[],
): Promise<FigureResult> {
  const out = await def.assemble(settings, records);
  const seconds = records.reduce((a, r) => a + unitSeconds(r.output), 0);
  return {
    figure: def.id,
    title: def.title,
    budget: settings.budget,
    configHash: configHash(figureConfig(def, settings)),
    settings,
    seconds,
    ...out,
  };
}

function unitSeconds(output: unknown): number {
  const t = output as { train?: { seconds?: unknown }; seconds?: unknown } | null;
  const v = t?.train?.seconds ?? t?.seconds;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Run a figure: every unit (returns the figure) or one shard's units (returns the shard file to write).
 *
 * @example
 * ```ts
 * import { FIGURES, reproduceFigure } from '@ratedistortion/cli';
 * import { figureSettings } from '@ratedistortion/cli/reproduce';
 * const run = await reproduceFigure(FIGURES.fig3, figureSettings(FIGURES.fig3, 'quick'));
 * if (run.kind === 'figure') console.log(run.result.table.rows.length);
 * ```
 */
export async function reproduceFigure(
  def: FigureDefinition,
  settings: FigureSettings,
  opts: {
    shard?: Shard;
    ctx?: FigureContext;
    onUnit?: (unit: SweepUnit, position: number, count: number) => void;
  } = {},
): Promise<{ kind: 'figure'; result: FigureResult } | { kind: 'shard'; file: ShardFile }> {
  const config = figureConfig(def, settings);
  const run = (unit: SweepUnit, seed: number) => def.runUnit(settings, unit, seed, opts.ctx ?? {});
  if (opts.shard) return { kind: 'shard', file: await runShard(config, opts.shard, run, opts.onUnit) };
  const records = await runUnits(config, sweepUnits(config.plan), run, opts.onUnit);
  return { kind: 'figure', result: await assembleFigure(def, settings, records) };
}
