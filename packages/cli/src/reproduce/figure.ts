// What a reproducible figure is: its settings under the paper's budget (App. E.2) and a quick one, how one
// unit of its eps × seed sweep runs, and how the units' outputs become the figure (panes, table, notes).
import type { CurveProgress } from '@ratedistortion/estimators';
import type { Cell } from '../io/format.js';
import type { SweepMethod, SweepUnit } from '../shard/sweep-units.js';
import type { UnitRecord } from '../shard/shard-file.js';
import type { CurveUnitSettings } from '../shard/curve-units.js';

/**
 * The figures `rd reproduce` regenerates.
 *
 * @example
 * ```ts
 * import { FIGURE_IDS } from '@ratedistortion/cli';
 * console.log(FIGURE_IDS.join(' '));
 * ```
 */
export const FIGURE_IDS = [
  'fig2',
  'fig3',
  'fig4',
  'fig5-cifar',
  'fig5-speech',
  'fig7',
  'fig8',
  'fig9',
  'fig10',
] as const;

/**
 * One of {@link FIGURE_IDS}.
 *
 * @example
 * ```ts
 * import type { FigureId } from '@ratedistortion/cli';
 * const id: FigureId = 'fig3';
 * ```
 */
export type FigureId = (typeof FIGURE_IDS)[number];

/**
 * `paper`: the settings of App. E.2 (hours to days of training here); `quick`: a few minutes on a laptop, the
 * same pipeline at a tiny budget (the numbers are then rough).
 *
 * @example
 * ```ts
 * import type { FigureBudget } from '@ratedistortion/cli/reproduce';
 * const b: FigureBudget = 'quick';
 * ```
 */
export type FigureBudget = 'quick' | 'paper';

/**
 * Fully resolved settings of a figure run: every value that decides its numbers (hashed into shard files).
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * const s = FIGURES.fig2.settings('quick');
 * console.log(s.eps, s.seeds, s.steps);
 * ```
 */
export interface FigureSettings {
  budget: FigureBudget;
  /** The evaluated eps values. */
  eps: number[];
  seeds: number;
  /** Training steps per model (0 for figures that train nothing). */
  steps: number;
  /** Base seed; seed index s runs with `unitSeed(seed, s)`. */
  seed: number;
  methods: SweepMethod[];
  /** Source SPEC without the data folder (`--data` is where the data lie, not what they are). */
  source: Record<string, unknown>;
  /** Per-method `runCurve` settings (everything but source, eps, seed and steps). */
  perMethod: Record<string, Omit<CurveUnitSettings, 'source' | 'steps'>>;
  /** Figure-specific settings (p₁ eps, histogram size, drift times, plot window, ...). */
  extra: Record<string, unknown>;
}

/**
 * A pane of a figure: a result of a shape `rd plot` draws (curve(s), analytic points, density, drift or xy).
 *
 * @example
 * ```ts
 * import type { FigurePanel } from '@ratedistortion/cli/reproduce';
 * const p: FigurePanel = { name: 'p1', title: 'p₁', result: { x: [0], density: [0.4] } };
 * ```
 */
export interface FigurePanel {
  name: string;
  title: string;
  result: unknown;
}

/**
 * The table printed for a figure.
 *
 * @example
 * ```ts
 * import type { FigureTable } from '@ratedistortion/cli/reproduce';
 * const t: FigureTable = { headers: ['eps', 'rate'], rows: [[0.5, 0.35]] };
 * ```
 */
export interface FigureTable {
  headers: string[];
  rows: Cell[][];
}

/**
 * What a figure's `assemble` returns.
 *
 * @example
 * ```ts
 * import type { FigureOutput } from '@ratedistortion/cli/reproduce';
 * const o: FigureOutput = { panels: [], table: { headers: [], rows: [] }, notes: [] };
 * ```
 */
export interface FigureOutput {
  panels: FigurePanel[];
  table: FigureTable;
  notes: string[];
}

/**
 * The result file of `rd reproduce` (and of `rd merge` of its shards); `rd plot` redraws it (all panes).
 *
 * @example
 * ```ts
 * import type { FigureResult } from '@ratedistortion/cli';
 * const panes = (r: FigureResult) => r.panels.map((p) => p.name);
 * ```
 */
export interface FigureResult extends FigureOutput {
  figure: FigureId;
  title: string;
  budget: FigureBudget;
  configHash: string;
  settings: FigureSettings;
  /** Training/solving time summed over units (seconds). */
  seconds: number;
}

/**
 * Run-time context of a unit: where the data lie and where progress goes.
 *
 * @example
 * ```ts
 * import type { FigureContext } from '@ratedistortion/cli/reproduce';
 * const ctx: FigureContext = { dataDir: './cifar-10-batches-bin' };
 * ```
 */
export interface FigureContext {
  dataDir?: string;
  onProgress?: (p: CurveProgress) => void;
}

/**
 * A figure `rd reproduce` can regenerate.
 *
 * @example
 * ```ts
 * import { FIGURES } from '@ratedistortion/cli';
 * console.log(FIGURES.fig9.title, FIGURES.fig9.runtime.quick);
 * ```
 */
export interface FigureDefinition {
  readonly id: FigureId;
  readonly title: string;
  /** What the paper's figure shows. */
  readonly paper: string;
  /** Real-data figures: which data set `--data` must hold. */
  readonly data?: 'cifar10' | 'fsdd';
  /** Expected run time on this repository's 2-core test machine. */
  readonly runtime: { quick: string; paper: string };
  settings(budget: FigureBudget): FigureSettings;
  /** Run one unit (with its seed) and return its output (JSON). */
  runUnit(settings: FigureSettings, unit: SweepUnit, seed: number, ctx: FigureContext): Promise<unknown>;
  /** The figure from every unit's record (in plan order). */
  assemble(settings: FigureSettings, records: readonly UnitRecord[]): FigureOutput | Promise<FigureOutput>;
}
