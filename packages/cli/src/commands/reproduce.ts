// `rd reproduce FIG`: regenerate one of the paper's figures — its result JSON (which `rd plot` redraws), a plot
// and a table — under the paper's budget (App. E.2) or a quick one, whole or as one shard of a job array.
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { BACKEND_CHOICES as BACKENDS, writeFileAtomic } from '@ratedistortion/core';
import { CliUsageError } from '../args/usage-error.js';
import { parseByteSize, parseChoice, parseInteger, parsePositiveList } from '../args/values.js';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { CONVENTION_OPTIONS, Conventions } from '../args/conventions.js';
import type { ParsedOptions } from '../args/options.js';
import { figureTableInConventions } from '../reproduce/figure-units.js';
import type { CliIo } from '../io/cli-io.js';
import { formatJson, formatTable } from '../io/format.js';
import { resultPlotSvg } from '../plot/result-plot.js';
import { checkOutputPath } from '../io/output-path.js';
import { plotFormatOf, writePlot } from '../plot/write-plot.js';
import { createProgressReporter, type ProgressMode } from '../progress/progress-reporter.js';
import { FIGURE_IDS, type FigureDefinition, type FigureResult } from '../reproduce/figure.js';
import { FIGURES } from '../reproduce/figures.js';
import { checkFigureData } from '../reproduce/data-check.js';
import { figureConfig, figureSettings, reproduceFigure } from '../reproduce/run-figure.js';
import { configHash } from '../shard/config-hash.js';
import { formatShard, parseShard } from '../shard/parse-shard.js';
import { shardFileName } from '../shard/shard-file.js';
import { unitKey } from '../shard/sweep-units.js';
import { stringOption, type Command } from './command.js';
import { CURVE_PROGRESS_MODES } from './curve.js';

const NAME = 'reproduce';

/**
 * The printed form of a figure result: a header naming the figure and the budget, the table, and the notes.
 *
 * @example
 * ```ts
 * import { figureReport } from '@ratedistortion/cli/commands';
 * import { type FigureResult } from '@ratedistortion/cli';
 * const print = (r: FigureResult) => console.log(figureReport(r));
 * ```
 */
export function figureReport(r: FigureResult): string {
  const s = r.settings;
  const trained = s.steps > 0 ? `, ${s.steps} steps per model, ${s.seeds} seed(s)` : '';
  const what =
    s.steps === 0
      ? r.budget === 'quick'
        ? ' (a coarser grid than --budget paper)'
        : ' (the finest grid)'
      : r.budget === 'quick'
        ? ' (a tiny training budget: rough numbers; --budget paper for the settings of App. E.2)'
        : ' (the settings of App. E.2)';
  const head = `# ${r.title}\n# budget: ${r.budget}${what}${trained}; eps: ${s.eps.join(', ')}\n`;
  return (
    head +
    formatTable(r.table.headers, r.table.rows) +
    r.notes.map((n) => `# ${n}\n`).join('') +
    `# ${r.seconds > 0 ? `${Number(r.seconds.toFixed(1))} s of training/solving; ` : ''}configuration ${r.configHash}\n`
  );
}

/**
 * Write a figure result: the JSON (`--out DIR` → DIR/FIG.json, and DIR/FIG.svg) and the `--plot` file; returns
 * the paths written.
 *
 * @example
 * ```ts
 * import { writeFigureOutputs } from '@ratedistortion/cli/commands';
 * import { type FigureResult } from '@ratedistortion/cli';
 * const save = (r: FigureResult) => writeFigureOutputs(r, { outDir: 'out' });
 * ```
 */
export async function writeFigureOutputs(
  r: FigureResult,
  opts: { outDir?: string; plot?: string; cwd?: string },
): Promise<string[]> {
  const written: string[] = [];
  const cwd = opts.cwd ?? process.cwd();
  const svg = opts.outDir !== undefined || opts.plot !== undefined ? resultPlotSvg([r]) : '';
  if (opts.outDir !== undefined) {
    const dir = isAbsolute(opts.outDir) ? opts.outDir : resolve(cwd, opts.outDir);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, `${r.figure}.json`), JSON.stringify(r, null, 1));
    writeFileAtomic(join(dir, `${r.figure}.svg`), svg);
    written.push(join(dir, `${r.figure}.json`), join(dir, `${r.figure}.svg`));
  }
  if (opts.plot !== undefined) written.push((await writePlot(opts.plot, svg, cwd)).path);
  return written;
}

function figureOf(name: string | undefined): FigureDefinition {
  if (name === undefined) throw new CliUsageError(`missing FIG (one of ${FIGURE_IDS.join(', ')})`, NAME);
  const id = parseChoice('FIG', name, FIGURE_IDS, NAME);
  return FIGURES[id];
}

/**
 * `rd reproduce FIG`: regenerate a figure of the paper.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { runCli } from '@ratedistortion/cli';
 * const out = mkdtempSync(join(tmpdir(), 'rd-figures-'));
 * const code = await runCli(['reproduce', 'fig3', '--out', out, '--progress', 'none']);
 * console.log(code); // 0, and out/fig3.json, out/fig3.svg written
 * ```
 */
export const reproduceCommand: Command = {
  spec: {
    name: NAME,
    summary: 'regenerate a figure of the paper (fig2, fig3, fig4, fig5-cifar, fig5-speech, fig7, fig8, fig9, fig10)',
    usage: [
      'rd reproduce FIG [--budget quick|paper] [--steps N] [--seeds N] [--eps LIST] [--seed S] [--backend B] [--data DIR]',
      '                 [--eval-batches N] [--eval-batch-size N] [--memory-budget SIZE]',
      '                 [--out DIR] [--plot FILE.svg|png] [--units U] [--distortion C] [--json] [--shard i/n] [--progress auto|bar|log|none]',
    ],
    positionals: { value: 'FIG', description: FIGURE_IDS.join(', ') },
    options: {
      budget: {
        type: 'string',
        value: 'B',
        description: 'quick (default: minutes, rough numbers) or paper (the settings of App. E.2)',
      },
      steps: { type: 'string', value: 'N', description: 'training steps per model (override the budget)' },
      seeds: { type: 'string', value: 'N', description: 'independent seeds (override the budget)' },
      eps: {
        type: 'string',
        value: 'LIST',
        description: 'comma-separated eps values to evaluate (override the budget)',
      },
      seed: {
        type: 'string',
        value: 'S',
        description: 'base seed (default 0); seed index s runs with a seed derived from (S, s)',
      },
      backend: {
        type: 'string',
        value: 'B',
        description: `tfjs backend of every method: ${BACKENDS.join('|')} (default wasm; node-gpu on a CUDA machine)`,
      },
      'eval-batches': {
        type: 'string',
        value: 'N',
        description: 'evaluation batches per eps of every method (override the budget)',
      },
      'eval-batch-size': {
        type: 'string',
        value: 'N',
        description: 'samples per evaluation batch of every method (override the budget)',
      },
      'memory-budget': {
        type: 'string',
        value: 'SIZE',
        description:
          "R2D2's memory for its rollout's gradient tape, e.g. 512MiB (default 1GiB); above it the rollout is checkpointed",
      },
      ...CONVENTION_OPTIONS,
      data: {
        type: 'string',
        value: 'DIR',
        description: 'data folder of real-data figures: CIFAR-10 batches (fig5-cifar), FSDD recordings (fig5-speech)',
      },
      out: {
        type: 'string',
        value: 'DIR',
        description:
          'write DIR/FIG.json (the result, redrawn by rd plot) and DIR/FIG.svg; shards write their part here',
      },
      plot: { type: 'string', value: 'FILE', description: 'also draw the figure as FILE.svg or FILE.png' },
      json: { type: 'boolean', description: 'print the result JSON instead of the table' },
      shard: {
        type: 'string',
        value: 'i/n',
        description: 'run only shard i of n of the units and write a partial result for rd merge',
      },
      progress: {
        type: 'string',
        value: 'P',
        description: `${CURVE_PROGRESS_MODES.join('|')}: training progress on stderr (default auto)`,
      },
    },
    notes: [
      'Units: R2D2 is one model amortised over the whole eps range, so its unit is a seed; NERD, WGD and EBRD train',
      'a model per eps, so their unit is an (eps, seed) pair; fig3/fig10 compute one eps per unit. With --shard i/n each',
      'job of an array runs every n-th unit and writes FIG-<config hash>-shard-<i>-of-<n>.json; rd merge combines them.',
      "See docs/reproducing-the-paper.md for every figure's settings, run times and job-array examples.",
    ],
    examples: [
      'rd reproduce fig3 --out figures',
      'rd reproduce fig2 --budget quick --plot fig2.svg',
      'rd reproduce fig5-cifar --data ./cifar-10-batches-bin --out figures',
      'rd reproduce fig2 --budget paper --shard 3/64 --out parts && rd merge parts/fig2-*-shard-*.json -o fig2.json --plot fig2.svg',
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const words = (options._ as string[] | undefined) ?? [];
    if (words.length > 1) throw new CliUsageError(`one figure at a time, got ${words.join(' ')}`, NAME);
    const def = figureOf(words[0]);
    const budget = parseChoice('--budget', stringOption(options, 'budget', 'quick'), ['quick', 'paper'] as const, NAME);
    const int = (o: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
      const t = stringOption(options, o);
      return t === undefined ? undefined : parseInteger(`--${o}`, t, min, max, NAME);
    };
    const epsText = stringOption(options, 'eps');
    const settings = figureSettings(def, budget, {
      steps: int('steps', 1),
      seeds: int('seeds', 1),
      seed: int('seed', 0, 2 ** 32 - 1),
      eps: epsText === undefined ? undefined : parsePositiveList('--eps', epsText, NAME),
      backend:
        options.backend === undefined
          ? undefined
          : parseChoice('--backend', stringOption(options, 'backend', ''), BACKENDS, NAME),
      evalBatches: int('eval-batches', 1),
      evalBatchSize: int('eval-batch-size', 2),
      memoryBudget:
        options['memory-budget'] === undefined
          ? undefined
          : parseByteSize('--memory-budget', stringOption(options, 'memory-budget', ''), NAME),
    });
    const plot = stringOption(options, 'plot');
    if (plot !== undefined) {
      plotFormatOf(plot);
      checkOutputPath(io, '--plot', plot);
    }
    // --units/--distortion convert the figure's table (checked now, before any training). The panes keep the
    // library's conventions, which their readers (rd plot, rd merge) know; --json says which is which.
    let conventions: ((r: FigureResult) => Conventions) | undefined;
    if (options.units !== undefined || options.distortion !== undefined) {
      Conventions.fromOptions(options, NAME, 1);
      conventions = (r) => Conventions.fromOptions(options, NAME, figureDimension(r, options.distortion === 'mse'));
    }
    // --out DIR is created when the figure is written; an existing one must take files now.
    const outDir = stringOption(options, 'out');
    if (outDir !== undefined) {
      const full = isAbsolute(outDir) ? outDir : resolve(io.cwd ?? process.cwd(), outDir);
      if (existsSync(full)) checkOutputPath(io, '--out', join(full, `${def.id}.json`));
    }
    const dataDir = stringOption(options, 'data');
    if (def.data) {
      const cwd = io.cwd ?? process.cwd();
      checkFigureData(
        def.id,
        def.data,
        dataDir === undefined ? undefined : isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
      );
    } else if (dataDir !== undefined) {
      throw new CliUsageError(`${def.id} uses no data set, --data is for fig5-cifar and fig5-speech`, NAME);
    }
    const shardText = stringOption(options, 'shard');
    const shard = shardText === undefined ? undefined : parseShard(shardText);
    if (shard && (plot !== undefined || options.json))
      throw new CliUsageError('--plot and --json apply to the whole figure: give them to rd merge', NAME);

    const progressMode = parseChoice(
      '--progress',
      stringOption(options, 'progress', 'auto'),
      CURVE_PROGRESS_MODES,
      NAME,
    );
    const mode: ProgressMode = progressMode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'log') : progressMode;
    const reporter = createProgressReporter({ mode, write: (s) => io.stderr(s) });
    const cwd = io.cwd ?? process.cwd();
    const absData = dataDir === undefined ? undefined : isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
    io.stderr(
      `rd reproduce: ${def.id}, budget ${budget}${shard ? `, shard ${formatShard(shard)}` : ''} (expected here: ${def.runtime[budget]})\n`,
    );
    let run: Awaited<ReturnType<typeof reproduceFigure>>;
    try {
      run = await reproduceFigure(def, settings, {
        shard,
        ctx: { dataDir: absData, onProgress: mode === 'none' ? undefined : (p) => reporter.update(p) },
        onUnit:
          mode === 'none'
            ? undefined
            : (u, k, n) => {
                reporter.finish();
                io.stderr(`rd reproduce: unit ${k + 1}/${n}: ${unitKey(u)}\n`);
              },
      });
    } finally {
      reporter.finish();
    }
    io.stderr(
      `rd reproduce: peak memory ${(process.resourceUsage().maxRSS / 2 ** 10).toFixed(0)} MiB (maximum resident set size of this process)\n`,
    );
    if (run.kind === 'shard') {
      const hash = configHash(figureConfig(def, settings));
      const dir = stringOption(options, 'out', '.');
      const full = isAbsolute(dir) ? dir : resolve(cwd, dir);
      mkdirSync(full, { recursive: true });
      const file = join(full, shardFileName(def.id, hash, run.file.shard));
      writeFileAtomic(file, JSON.stringify(run.file));
      io.stdout(
        `# ${def.title}\n# budget: ${budget}; shard ${formatShard(run.file.shard)} of configuration ${hash}: ${run.file.units.length} unit(s): ${run.file.units.map((u) => u.key).join(', ') || '(none)'}\n`,
      );
      io.stderr(
        `rd reproduce: wrote ${file}; when every shard is done: rd merge ${join(dir, `${def.id}-${hash}-shard-*.json`)} -o ${def.id}.json --plot ${def.id}.svg\n`,
      );
      return;
    }
    const result = run.result;
    const asked = conventions?.(result);
    const shown = asked
      ? {
          ...result,
          table: figureTableInConventions(result.table, asked),
          conventions: { table: asked.toJSON(), panels: LIBRARY_CONVENTIONS },
        }
      : result;
    io.stdout(options.json ? formatJson(shown) : figureReport(shown));
    for (const path of await writeFigureOutputs(result, { outDir: stringOption(options, 'out'), plot, cwd }))
      io.stderr(`rd reproduce: wrote ${path}\n`);
  },
};

/** What the panes of a figure result are in, whatever the table was converted to. */
const LIBRARY_CONVENTIONS = { rate: 'nats', distortion: 'half-sse', distortionFormula: '½E‖X−X̂‖²' } as const;

// The source dimension of a figure (for --distortion mse): the first curve pane's source.
function figureDimension(r: FigureResult, needed: boolean): number {
  if (!needed) return 1;
  for (const p of r.panels) {
    const spec = (p.result as { source?: unknown } | undefined)?.source;
    if (spec === undefined) continue;
    try {
      return sourceFromSpec(spec as Parameters<typeof sourceFromSpec>[0]).dim;
    } catch {
      // A pane whose source cannot be rebuilt here (e.g. a data file moved): try the next.
    }
  }
  throw new CliUsageError(
    `--distortion mse needs the source dimension, which ${r.figure}'s result does not hold`,
    NAME,
  );
}
