// `rd curve`'s arguments: every option parsed and checked against the methods that use it, the source loaded
// (parsed and built once), and the job described as the estimators package's runCurves options. No training here.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BACKEND_CHOICES as BACKENDS, MAX_WASM_THREADS } from '@ratedistortion/core';
import {
  CURVE_METHOD_NAMES,
  R2D2_NOISES,
  R2D2_TRAIN_ENTROPIES,
  type CurveMethod,
  type RunCurvesOptions,
} from '@ratedistortion/estimators';
import { Conventions } from '../args/conventions.js';
import { CliUsageError } from '../args/usage-error.js';
import {
  parseByteSize,
  parseChoice,
  parseInteger,
  parseStepsOrDuration,
  parsePositive,
  parsePositiveList,
  parseRange,
} from '../args/values.js';
import type { ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';
import { checkOutputPath } from '../io/output-path.js';
import { loadSource, type LoadedSource } from '../io/source.js';
import { plotFormatOf } from '../plot/write-plot.js';
import { parseShard, type Shard } from '../shard/parse-shard.js';
import type { CurveUnitSettings } from '../shard/curve-units.js';
import { stringOption } from './command.js';

const NAME = 'curve';

/**
 * The methods `rd curve --method` accepts: the estimators package's `CURVE_METHOD_NAMES` (the same array, not a copy).
 *
 * @example
 * ```ts
 * import { CURVE_COMMAND_METHODS } from '@ratedistortion/cli/commands';
 * console.log(CURVE_COMMAND_METHODS.join('|')); // r2d2|nerd|wgd|ebrd|ba
 * ```
 */
export const CURVE_COMMAND_METHODS: typeof CURVE_METHOD_NAMES = CURVE_METHOD_NAMES;
type Method = CurveMethod;

/**
 * Training entropy estimators of R2D2 (`--entropy`): the estimators package's R2D2_TRAIN_ENTROPIES itself.
 *
 * @example
 * ```ts
 * import { CURVE_ENTROPIES } from '@ratedistortion/cli/commands';
 * console.log(CURVE_ENTROPIES); // ['dv', 'knife', 'gaussian']
 * ```
 */
export const CURVE_ENTROPIES: typeof R2D2_TRAIN_ENTROPIES = R2D2_TRAIN_ENTROPIES;

/**
 * How `rd curve --progress` shows training progress (`auto`: a redrawn bar on a terminal, else log lines).
 *
 * @example
 * ```ts
 * import { CURVE_PROGRESS_MODES } from '@ratedistortion/cli/commands';
 * console.log(CURVE_PROGRESS_MODES); // ['auto', 'bar', 'log', 'none']
 * ```
 */
export const CURVE_PROGRESS_MODES = ['auto', 'bar', 'log', 'none'] as const;

// Which methods each method-specific option feeds; an option none of the chosen methods uses is an error
// rather than silently ignored.
const APPLIES: Readonly<Record<string, readonly Method[]>> = {
  'batch-size': ['r2d2', 'nerd', 'wgd', 'ebrd'],
  hidden: ['r2d2', 'nerd', 'ebrd'],
  'learning-rate': ['r2d2', 'nerd', 'wgd', 'ebrd'],
  dt: ['r2d2'],
  noise: ['r2d2'],
  'memory-budget': ['r2d2'],
  workers: ['r2d2', 'nerd', 'wgd', 'ebrd'],
  entropy: ['r2d2'],
  'eval-batches': ['r2d2', 'nerd', 'wgd', 'ebrd'],
  'eval-batch-size': ['r2d2', 'nerd', 'wgd', 'ebrd'],
};

/** Parse `--hidden`: `128x2` (width × layers) or a comma list of widths such as `64,32`. */
function parseHidden(text: string): number[] {
  const m = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(text);
  if (m) {
    const width = parseInteger('--hidden width', m[1], 1, 1_000_000, NAME);
    const layers = parseInteger('--hidden layers', m[2], 1, 1000, NAME);
    return Array.from({ length: layers }, () => width);
  }
  const parts = text.split(',');
  if (parts.some((p) => p.trim() === ''))
    throw new CliUsageError(`--hidden expects WIDTHxLAYERS (e.g. 128x2) or widths such as 64,32, got '${text}'`, NAME);
  return parts.map((p) => parseInteger('--hidden', p, 1, 1_000_000, NAME));
}

function parseMethods(text: string): Method[] {
  const parts = text.split(',').map((p) => p.trim());
  const methods = parts.map((p) => parseChoice('--method', p, CURVE_COMMAND_METHODS, NAME));
  const seen = new Set<string>();
  for (const m of methods) {
    if (seen.has(m)) throw new CliUsageError(`--method lists '${m}' twice`, NAME);
    seen.add(m);
  }
  return methods;
}

/**
 * `rd curve`'s parsed arguments: the loaded source, the job's settings (runCurves options without the source,
 * the abort signal and the callbacks), and what the command does around the job.
 *
 * @internal
 */
export interface CurveArgs {
  loaded: LoadedSource;
  methods: Method[];
  job: Omit<RunCurvesOptions, 'source' | 'signal' | 'onProgress' | 'onCheckpoint' | 'progressEvery'>;
  /** The job's settings that decide every model's numbers (with the source: a shard's configuration). */
  settings: Omit<CurveUnitSettings, 'source'>;
  progressMode: (typeof CURVE_PROGRESS_MODES)[number];
  output: 'json' | 'csv' | 'table';
  /** `--units` / `--distortion`: how rates and distortions are printed. */
  conventions: Conventions;
  plotFile?: string;
  cwd: string;
  /** With `--shard i/n`: the shard, its output file and whether an existing one may be replaced (`--force`). */
  shard?: { shard: Shard; out?: string; force?: boolean };
}

/**
 * Parse `rd curve`'s options into {@link CurveArgs}; every usage error is raised here, before any training.
 *
 * @internal
 */
export function parseCurveArgs(options: ParsedOptions, io: CliIo): CurveArgs {
  const sourceText = stringOption(options, 'source');
  if (sourceText === undefined) throw new CliUsageError('missing --source SPEC', NAME);
  if (options.json && options.csv) throw new CliUsageError('--json and --csv are exclusive', NAME);
  const methods = parseMethods(stringOption(options, 'method', 'r2d2'));
  const epsText = stringOption(options, 'eps');
  const rangeText = stringOption(options, 'eps-range');
  if (epsText !== undefined && rangeText !== undefined)
    throw new CliUsageError('give either --eps or --eps-range, not both', NAME);
  if (epsText === undefined && rangeText === undefined)
    throw new CliUsageError('missing --eps LIST or --eps-range A:B:N', NAME);
  const eps =
    epsText !== undefined
      ? parsePositiveList('--eps', epsText, NAME)
      : parseRange('--eps-range', rangeText as string, { positive: true, command: NAME });
  const stepsText = stringOption(options, 'steps');
  const secondsText = stringOption(options, 'seconds');
  if (stepsText !== undefined && secondsText !== undefined)
    throw new CliUsageError('give either --steps or --seconds, not both', NAME);
  const trained = methods.filter((m) => m !== 'ba');
  if (stepsText === undefined && secondsText === undefined && trained.length > 0) {
    throw new CliUsageError(`missing --steps N or --seconds S (the training budget of ${trained.join(', ')})`, NAME);
  }
  const steps =
    stepsText === undefined ? undefined : parseInteger('--steps', stepsText, 1, Number.MAX_SAFE_INTEGER, NAME);
  const seconds = secondsText === undefined ? undefined : parsePositive('--seconds', secondsText, NAME);
  for (const [option, users] of Object.entries(APPLIES)) {
    if (options[option] !== undefined && !methods.some((m) => users.includes(m))) {
      throw new CliUsageError(`--${option} is used by ${users.join(', ')}, not by ${methods.join(', ')}`, NAME);
    }
  }
  const int = (option: string) => {
    const t = stringOption(options, option);
    return t === undefined ? undefined : parseInteger(`--${option}`, t, 1, Number.MAX_SAFE_INTEGER, NAME);
  };
  const batchSize = int('batch-size');
  const evalBatches = int('eval-batches');
  // One sample per batch gives no spread (IQRs, SEs) and R2D2/EBRD refuse it: checked here, before any training.
  const evalBatchSizeText = stringOption(options, 'eval-batch-size');
  const evalBatchSize =
    evalBatchSizeText === undefined
      ? undefined
      : parseInteger('--eval-batch-size', evalBatchSizeText, 2, Number.MAX_SAFE_INTEGER, NAME);
  const dtText = stringOption(options, 'dt');
  const dt = dtText === undefined ? undefined : parsePositive('--dt', dtText, NAME);
  const noiseText = stringOption(options, 'noise');
  const budgetText = stringOption(options, 'memory-budget');
  const r2d2 =
    noiseText === undefined && budgetText === undefined
      ? undefined
      : {
          ...(noiseText === undefined ? {} : { noise: parseChoice('--noise', noiseText, R2D2_NOISES, NAME) }),
          ...(budgetText === undefined ? {} : { memoryBudget: parseByteSize('--memory-budget', budgetText, NAME) }),
        };
  const workersText = stringOption(options, 'workers');
  const workers =
    workersText === undefined || workersText === 'auto'
      ? workersText
      : parseInteger('--workers', workersText, 1, 1024, NAME);
  const threadsText = stringOption(options, 'threads');
  const wasmThreads =
    threadsText === undefined || threadsText === 'auto'
      ? threadsText
      : parseInteger('--threads', threadsText, 1, MAX_WASM_THREADS, NAME);
  const hiddenText = stringOption(options, 'hidden');
  const hidden = hiddenText === undefined ? undefined : parseHidden(hiddenText);
  const entropyText = stringOption(options, 'entropy');
  const entropy = entropyText === undefined ? undefined : parseChoice('--entropy', entropyText, CURVE_ENTROPIES, NAME);
  const lrText = stringOption(options, 'learning-rate');
  const learningRate = lrText === undefined ? undefined : parsePositive('--learning-rate', lrText, NAME);
  const backend = parseChoice('--backend', stringOption(options, 'backend', 'wasm'), BACKENDS, NAME);
  const seed = parseInteger('--seed', stringOption(options, 'seed', '0'), 0, 2 ** 32 - 1, NAME);
  const progressMode = parseChoice('--progress', stringOption(options, 'progress', 'auto'), CURVE_PROGRESS_MODES, NAME);
  const plotFile = stringOption(options, 'plot');
  if (plotFile !== undefined) {
    plotFormatOf(plotFile);
    checkOutputPath(io, '--plot', plotFile);
  }
  const cwd = io.cwd ?? process.cwd();
  const path = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(cwd, p));
  const checkpoint = path(stringOption(options, 'checkpoint'));
  if (checkpoint !== undefined) checkOutputPath(io, '--checkpoint', checkpoint);
  const everyText = stringOption(options, 'checkpoint-every');
  if (everyText !== undefined && checkpoint === undefined)
    throw new CliUsageError('--checkpoint-every goes with --checkpoint FILE', NAME);
  const every = everyText === undefined ? undefined : parseStepsOrDuration('--checkpoint-every', everyText, NAME);
  const resume = path(stringOption(options, 'resume'));
  if (resume !== undefined && !existsSync(resume)) {
    throw new CliUsageError(
      `cannot read --resume file '${stringOption(options, 'resume')}' (no such file; looked at ${resume})`,
      NAME,
    );
  }
  Conventions.fromOptions(options, NAME, 1); // a bad --units / --distortion fails before the source is read
  const loaded = loadSource(io, sourceText, NAME);
  const conventions = Conventions.fromOptions(options, NAME, loaded.source.dim);
  if (methods.includes('ba') && loaded.source.dim > 2) {
    throw new CliUsageError(`--method ba needs a 1-D or 2-D source, this one has dimension ${loaded.source.dim}`, NAME);
  }
  const shardText = stringOption(options, 'shard');
  if (shardText === undefined && options['shard-out'] !== undefined)
    throw new CliUsageError('--shard-out goes with --shard i/n', NAME);
  if (shardText === undefined && options.force !== undefined)
    throw new CliUsageError('--force goes with --shard i/n (it replaces an existing shard file)', NAME);
  let shard: CurveArgs['shard'];
  if (shardText !== undefined) {
    shard = { shard: parseShard(shardText), out: stringOption(options, 'shard-out'), force: options.force === true };
    if (options.workers !== undefined)
      throw new CliUsageError(
        '--workers cannot be used with --shard (shards train in one thread each; run several shards at once instead)',
        NAME,
      );
    for (const o of ['seconds', 'checkpoint', 'checkpoint-every', 'resume', 'csv', 'plot']) {
      if (options[o] !== undefined)
        throw new CliUsageError(
          `--${o} cannot be used with --shard (shards need a --steps budget; plot or print the merged result of rd merge)`,
          NAME,
        );
    }
  }
  // What decides every model's numbers (also a shard's configuration, with the source).
  const settings: CurveArgs['settings'] = {
    steps,
    budget: 'total',
    batchSize,
    dt,
    hidden,
    entropy,
    learningRate,
    r2d2,
    evalBatches,
    evalBatchSize,
    backend,
  };
  return {
    loaded,
    methods,
    progressMode,
    cwd,
    shard,
    output: options.json ? 'json' : options.csv ? 'csv' : 'table',
    conventions,
    ...(plotFile !== undefined ? { plotFile } : {}),
    settings,
    job: {
      methods,
      eps,
      seconds,
      ...settings,
      seed,
      ...(workers !== undefined ? { workers } : {}),
      ...(wasmThreads !== undefined ? { wasmThreads } : {}),
      checkpoint,
      ...(every !== undefined && 'steps' in every ? { checkpointEvery: every.steps } : {}),
      ...(every !== undefined && 'seconds' in every ? { checkpointEverySeconds: every.seconds } : {}),
      resume,
      evaluateOnAbort: false,
    },
  };
}
