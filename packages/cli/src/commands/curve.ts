// `rd curve`: estimate an RD curve with one or several methods (R2D2, NERD, WGD, EBRD, Blahut–Arimoto) in one
// call, with progress on stderr and Ctrl-C that stops training, saves a checkpoint and says how to resume.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BACKEND_CHOICES as BACKENDS, RateDistortionError, writeFileAtomic } from '@ratedistortion/core';
import { CliUsageError } from '../args/usage-error.js';
import { parseByteSize, parseChoice, parseInteger, parsePositive, parsePositiveList, parseRange } from '../args/values.js';
import type { ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';
import { formatCsv, formatJson, formatNumber, formatTable, type Cell } from '../io/format.js';
import { loadSource } from '../io/source.js';
import { resultPlotSvg } from '../plot/result-plot.js';
import { plotFormatOf, writePlot } from '../plot/write-plot.js';
import { createProgressReporter, type ProgressMode } from '../progress/progress-reporter.js';
import { handleInterrupts, type SignalSource } from '../progress/interrupt.js';
import { parseShard } from '../shard/parse-shard.js';
import { stringOption, type Command } from './command.js';
import type { RunCurveResult } from '@ratedistortion/estimators';

const NAME = 'curve';

/**
 * The methods `rd curve --method` accepts (the estimators package's `CURVE_METHODS`).
 *
 * @example
 * ```ts
 * import { CURVE_COMMAND_METHODS } from '@ratedistortion/cli/commands';
 * console.log(CURVE_COMMAND_METHODS.join('|')); // r2d2|nerd|wgd|ebrd|ba
 * ```
 */
export const CURVE_COMMAND_METHODS = ['r2d2', 'nerd', 'wgd', 'ebrd', 'ba'] as const;
type Method = (typeof CURVE_COMMAND_METHODS)[number];

/**
 * Training entropy estimators of R2D2 (`--entropy`).
 *
 * @example
 * ```ts
 * import { CURVE_ENTROPIES } from '@ratedistortion/cli/commands';
 * console.log(CURVE_ENTROPIES); // ['dv', 'knife', 'gaussian']
 * ```
 */
export const CURVE_ENTROPIES = ['dv', 'knife', 'gaussian'] as const;

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
  batch: ['r2d2', 'nerd', 'wgd', 'ebrd'],
  hidden: ['r2d2', 'nerd', 'ebrd'],
  'learning-rate': ['r2d2', 'nerd', 'wgd', 'ebrd'],
  dt: ['r2d2'],
  noise: ['r2d2'],
  'memory-budget': ['r2d2'],
  entropy: ['r2d2'],
  'eval-batches': ['r2d2', 'nerd', 'wgd', 'ebrd'],
  'eval-batch-size': ['r2d2', 'nerd', 'wgd', 'ebrd'],
};

/**
 * Settings of the `rd curve` process around the command: where SIGINT comes from and what a second Ctrl-C
 * does. Tests replace them; the `rd` executable uses the defaults (`process`, exit 130).
 *
 * @example
 * ```ts
 * import { EventEmitter } from 'node:events';
 * import { curveInterrupts } from '@ratedistortion/cli/commands';
 * curveInterrupts.target = new EventEmitter(); // a test's stand-in for process
 * ```
 */
export const curveInterrupts: { target: SignalSource; exitNow: () => void } = {
  target: process,
  exitNow: () => process.exit(130),
};

/**
 * The error `rd curve` ends with after Ctrl-C: training stopped, the checkpoint was written, and the message
 * says how to resume. Exit code 1 (the run did not produce its result).
 *
 * @example
 * ```ts
 * import { TrainingInterruptedError } from '@ratedistortion/cli';
 * const e = new TrainingInterruptedError('ckpt.json', 'r2d2 at step 700');
 * console.log(e.checkpoint); // ckpt.json
 * ```
 */
export class TrainingInterruptedError extends RateDistortionError {
  /** The checkpoint file written. */
  readonly checkpoint: string;
  constructor(checkpoint: string, where: string) {
    super('INTERRUPTED', `training interrupted (${where}); checkpoint written to ${checkpoint}. Continue with the same command plus --resume ${checkpoint}`);
    this.checkpoint = checkpoint;
  }
}

/** Parse `--hidden`: `128x2` (width × layers) or a comma list of widths such as `64,32`. */
function parseHidden(text: string): number[] {
  const m = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(text);
  if (m) {
    const width = parseInteger('--hidden width', m[1], 1, 1_000_000, NAME);
    const layers = parseInteger('--hidden layers', m[2], 1, 1000, NAME);
    return Array.from({ length: layers }, () => width);
  }
  const parts = text.split(',');
  if (parts.some((p) => p.trim() === '')) throw new CliUsageError(`--hidden expects WIDTHxLAYERS (e.g. 128x2) or widths such as 64,32, got '${text}'`, NAME);
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

/** A file name for the checkpoint of an interrupted run without `--checkpoint`, not overwriting anything. */
function defaultCheckpointPath(cwd: string): string {
  for (let i = 0; ; i++) {
    const path = resolve(cwd, i === 0 ? 'rd-curve.checkpoint.json' : `rd-curve.checkpoint-${i}.json`);
    if (!existsSync(path)) return path;
  }
}

/**
 * `rd curve`: estimate R(D) with `--method` (one or a comma list) at `--eps` or `--eps-range`, printing a table
 * (with the analytic answer and the error beside each point when the source has one), `--json` or `--csv`.
 *
 * @example
 * ```ts
 * import { runCli } from '@ratedistortion/cli';
 * await runCli(['curve', '--source', '{"kind":"gaussian","variance":1}', '--method', 'ba', '--eps', '0.25,0.5', '--json']);
 * ```
 */
export const curveCommand: Command = {
  spec: {
    name: NAME,
    summary: 'estimate an RD curve with R2D2, NERD, WGD, EBRD or Blahut–Arimoto (several at once: --method a,b)',
    usage: [
      'rd curve --source SPEC [--method r2d2|nerd|wgd|ebrd|ba[,...]] (--eps LIST | --eps-range A:B:N) (--steps N | --seconds S)',
      '         [--batch M] [--dt 0.01] [--noise auto|fixed|controlled] [--hidden 128x2] [--entropy dv|knife|gaussian] [--backend B] [--seed S]',
      '         [--memory-budget SIZE]',
      '         [--checkpoint FILE] [--resume FILE] [--progress auto|bar|log|none] [--json | --csv] [--plot FILE.svg|png]',
      '         [--shard i/n [--shard-out FILE]]',
    ],
    options: {
      source: { type: 'string', value: 'SPEC', description: "source: inline JSON or a JSON file (see 'rd sources')" },
      method: { type: 'string', value: 'M[,M...]', description: `${CURVE_COMMAND_METHODS.join('|')}, or a comma list to compare (default r2d2)` },
      eps: { type: 'string', value: 'LIST', description: 'comma-separated eps = 1/β values (> 0)' },
      'eps-range': { type: 'string', value: 'A:B:N', description: 'N evenly spaced eps values from A to B inclusive' },
      steps: { type: 'string', value: 'N', description: 'training steps: of the amortised R2D2 model, of EACH per-eps model (nerd, wgd, ebrd)' },
      seconds: { type: 'string', value: 'S', description: 'training time per method instead of --steps (per-eps methods split it over their models)' },
      batch: { type: 'string', value: 'M', description: 'training batch size (r2d2, nerd, wgd, ebrd; default: each method\'s)' },
      dt: { type: 'string', value: 'DT', description: 'SDE time step of r2d2, 1/DT an integer (default 0.01)' },
      noise: { type: 'string', value: 'N', description: "r2d2 rollout noise: auto (default: controlled when some principal variance of the source is at or near the eps range, else fixed; the table footer and progress line say which), fixed (the paper's SDE) or controlled (also learns each step's noise gain)" },
      'memory-budget': { type: 'string', value: 'SIZE', description: "r2d2: memory for the rollout's gradient tape, e.g. 512MiB or 2GiB (default 1GiB); above it the rollout is checkpointed (segments recomputed in the backward pass)" },
      hidden: { type: 'string', value: 'WxL', description: 'hidden layers, e.g. 128x2 or 64,32 (r2d2 controller, nerd generator, ebrd energy)' },
      entropy: { type: 'string', value: 'E', description: `entropy estimator in the r2d2 loss: ${CURVE_ENTROPIES.join('|')} (default dv for d ≤ 20, else gaussian)` },
      'learning-rate': { type: 'string', value: 'LR', description: 'learning rate (default: each method\'s; wgd: 0.2·eps)' },
      'eval-batches': { type: 'string', value: 'N', description: 'evaluation batches per eps (default 8; the IQR is over them)' },
      'eval-batch-size': { type: 'string', value: 'N', description: 'samples per evaluation batch (default 1024)' },
      backend: { type: 'string', value: 'B', description: `tfjs backend: ${BACKENDS.join('|')} (default wasm)` },
      seed: { type: 'string', value: 'S', description: 'seed (default 0)' },
      checkpoint: { type: 'string', value: 'FILE', description: 'write the checkpoint to FILE (after training, after each per-eps model, on Ctrl-C)' },
      resume: { type: 'string', value: 'FILE', description: 'continue from a checkpoint: training goes on until --steps in total' },
      progress: { type: 'string', value: 'P', description: `${CURVE_PROGRESS_MODES.join('|')}: progress on stderr (default auto: a bar on a terminal, else a line every 10 s)` },
      json: { type: 'boolean', description: 'print JSON: {"method","source","points":[{"eps","rate","distortion","rateSe","distortionSe","rateIqr","distortionIqr",...}],"train"}; several methods: {"results":[...]}' },
      csv: { type: 'boolean', description: 'print CSV with a header line' },
      plot: { type: 'string', value: 'FILE', description: 'also draw the curve(s) as FILE.svg or FILE.png' },
      shard: { type: 'string', value: 'i/n', description: 'run only shard i of n of the units (r2d2, ba: the whole eps list; nerd, wgd, ebrd: one eps) and write a partial result for rd merge; needs --steps' },
      'shard-out': { type: 'string', value: 'FILE', description: 'file of the partial result (default rd-curve-<config hash>-shard-<i>-of-<n>.json)' },
    },
    notes: [
      'r2d2 trains one controller for the whole eps range; nerd, wgd and ebrd train one model per eps; ba (Blahut–Arimoto',
      'on a grid density of 10⁵ source samples, 1-D and 2-D sources) needs no --steps. Rates in nats, D = ½E‖X−X̂‖².',
      'When the source has an analytic answer (Gaussian, GMM, sinc⁴ mixture) it is printed beside each point, with the error.',
      'Ctrl-C stops training, writes the checkpoint (to --checkpoint, or a file it names) and prints how to --resume;',
      'a second Ctrl-C exits at once. With --resume, rerun the same command: training continues up to --steps in total.',
      'With --shard i/n (a job array: Slurm, Kubernetes Jobs, a CI matrix), each job runs its share of the units and writes',
      'a partial result; rd merge PARTS... -o curve.json combines them into exactly the unsharded result.',
    ],
    examples: [
      `rd curve --source '{"kind":"gaussian","variance":1}' --method r2d2 --eps-range 0.1:0.9:5 --steps 2000`,
      `rd curve --source '{"kind":"gmm","weights":[0.5,0.5],"means":[-1,1],"variances":[0.2,0.2]}' --method r2d2,wgd,ba --eps 0.05,0.1,0.3 --steps 1000 --json`,
      `rd curve --source '{"kind":"laplace","scale":1}' --method r2d2 --eps 0.1,0.5 --seconds 60 --checkpoint run.json`,
    ],
  },
  async run(options: ParsedOptions, io: CliIo) {
    const sourceText = stringOption(options, 'source');
    if (sourceText === undefined) throw new CliUsageError('missing --source SPEC', NAME);
    if (options.json && options.csv) throw new CliUsageError('--json and --csv are exclusive', NAME);
    const methods = parseMethods(stringOption(options, 'method', 'r2d2'));
    const epsText = stringOption(options, 'eps');
    const rangeText = stringOption(options, 'eps-range');
    if (epsText !== undefined && rangeText !== undefined) throw new CliUsageError('give either --eps or --eps-range, not both', NAME);
    if (epsText === undefined && rangeText === undefined) throw new CliUsageError('missing --eps LIST or --eps-range A:B:N', NAME);
    const eps = epsText !== undefined
      ? parsePositiveList('--eps', epsText, NAME)
      : parseRange('--eps-range', rangeText as string, { positive: true, command: NAME });
    const stepsText = stringOption(options, 'steps');
    const secondsText = stringOption(options, 'seconds');
    if (stepsText !== undefined && secondsText !== undefined) throw new CliUsageError('give either --steps or --seconds, not both', NAME);
    const trained = methods.filter((m) => m !== 'ba');
    if (stepsText === undefined && secondsText === undefined && trained.length > 0) {
      throw new CliUsageError(`missing --steps N or --seconds S (the training budget of ${trained.join(', ')})`, NAME);
    }
    const steps = stepsText === undefined ? undefined : parseInteger('--steps', stepsText, 1, Number.MAX_SAFE_INTEGER, NAME);
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
    const batch = int('batch');
    const evalBatches = int('eval-batches');
    const evalBatchSize = int('eval-batch-size');
    const dtText = stringOption(options, 'dt');
    const dt = dtText === undefined ? undefined : parsePositive('--dt', dtText, NAME);
    const noiseText = stringOption(options, 'noise');
    const budgetText = stringOption(options, 'memory-budget');
    const r2d2 = noiseText === undefined && budgetText === undefined ? undefined : {
      ...(noiseText === undefined ? {} : { noise: parseChoice('--noise', noiseText, ['auto', 'fixed', 'controlled'] as const, NAME) }),
      ...(budgetText === undefined ? {} : { memoryBudget: parseByteSize('--memory-budget', budgetText, NAME) }),
    };
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
    if (plotFile !== undefined) plotFormatOf(plotFile);
    const cwd = io.cwd ?? process.cwd();
    const path = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(cwd, p));
    const checkpoint = path(stringOption(options, 'checkpoint'));
    const resume = path(stringOption(options, 'resume'));
    if (resume !== undefined && !existsSync(resume)) {
      throw new CliUsageError(`cannot read --resume file '${stringOption(options, 'resume')}' (no such file; looked at ${resume})`, NAME);
    }
    const loaded = loadSource(io, sourceText, NAME);
    if (methods.includes('ba') && loaded.source.dim > 2) {
      throw new CliUsageError(`--method ba needs a 1-D or 2-D source, this one has dimension ${loaded.source.dim}`, NAME);
    }
    const shardText = stringOption(options, 'shard');
    if (shardText === undefined && options['shard-out'] !== undefined) throw new CliUsageError('--shard-out goes with --shard i/n', NAME);
    if (shardText !== undefined) {
      const shard = parseShard(shardText);
      for (const o of ['seconds', 'checkpoint', 'resume', 'csv', 'plot']) {
        if (options[o] !== undefined) throw new CliUsageError(`--${o} cannot be used with --shard (shards need a --steps budget; plot or print the merged result of rd merge)`, NAME);
      }
      const { curveSweepConfig, runCurveShard } = await import('../shard/curve-shard.js');
      const config = curveSweepConfig(methods, eps, {
        source: loaded.spec, steps, budget: 'total', batch, dt, hidden, entropy, learningRate, evalBatches, evalBatchSize, backend,
        ...(r2d2 ? { r2d2 } : {}),
      }, seed);
      const mode: ProgressMode = progressMode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'log') : progressMode;
      const reporter = createProgressReporter({ mode, write: (s) => io.stderr(s) });
      try {
        await runCurveShard(config, shard, io, {
          out: stringOption(options, 'shard-out'), json: options.json === true, onProgress: (p) => reporter.update(p),
          progressEvery: { r2d2: 1, wgd: 1, ebrd: 1, ba: 1 },
        });
      } finally {
        reporter.finish();
      }
      return;
    }

    const mode: ProgressMode = progressMode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'log') : progressMode;
    const reporter = createProgressReporter({ mode, write: (s) => io.stderr(s) });
    const controller = new AbortController();
    let lastCheckpoint: unknown;
    const release = handleInterrupts({
      target: curveInterrupts.target,
      onFirst: () => {
        reporter.finish();
        io.stderr(`rd curve: stopping after the current step and saving a checkpoint (Ctrl-C again to quit at once)\n`);
        controller.abort();
      },
      onSecond: () => curveInterrupts.exitNow(),
    });
    const { runCurves } = await import('@ratedistortion/estimators');
    let results: RunCurveResult[];
    try {
      results = await runCurves({
        source: loaded.source, methods, eps, steps, seconds, budget: 'total', batch, dt, hidden, entropy, learningRate, r2d2,
        evalBatches, evalBatchSize, backend, seed, checkpoint, resume, evaluateOnAbort: false, signal: controller.signal,
        // Every step reports (the reporter throttles what is shown), except NERD, whose report costs a read-out.
        progressEvery: { r2d2: 1, wgd: 1, ebrd: 1, ba: 1 },
        onCheckpoint: (c) => { lastCheckpoint = c; },
        onProgress: (p) => reporter.update(p),
      });
    } finally {
      release();
      reporter.finish();
    }
    const stopped = results.find((r) => r.train.aborted);
    if (stopped) {
      let file = checkpoint;
      if (file === undefined) {
        file = defaultCheckpointPath(cwd);
        writeFileAtomic(file, JSON.stringify(lastCheckpoint));
      }
      const where = `${stopped.method} after ${stopped.train.steps} steps this run, ${stopped.train.totalSteps} in all`;
      throw new TrainingInterruptedError(file, where);
    }

    if (options.json) io.stdout(formatJson(results.length === 1 ? results[0] : { results }));
    else if (options.csv) io.stdout(csvOf(results));
    else io.stdout(tableOf(results));
    if (plotFile !== undefined) {
      const written = await writePlot(plotFile, resultPlotSvg(results), io.cwd);
      io.stderr(`rd curve: wrote ${written.path}\n`);
    }
  },
};

function tableOf(results: readonly RunCurveResult[]): string {
  const withRef = results.some((r) => r.points.some((p) => p.reference));
  const headers = ['method', 'eps', 'rate (nats)', 'rate SE', 'distortion', 'distortion SE', ...(withRef ? ['R(D) exact', 'D exact', 'rate error', 'R(D̂)', 'error at D̂'] : [])];
  const se = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toPrecision(2));
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const p of r.points) {
      const atD: Cell[] = p.referenceAtDistortion ? [p.referenceAtDistortion.rate, p.rateErrorAtDistortion as number] : ['', ''];
      const ref: Cell[] = withRef ? [...(p.reference ? [p.reference.rate, p.reference.distortion, p.rateError as number] : ['', '', '']), ...atD] : [];
      rows.push([r.method, p.eps, p.rate, se(p.rateSe), p.distortion, se(p.distortionSe), ...ref]);
    }
  }
  const lines = results.map((r) => {
    const models = r.train.models !== undefined && r.train.models > 1 ? ` (${r.train.models} models)` : '';
    const chain = r.train.chain ? `, ${r.train.chain} chain` : '';
    return `# ${r.method}: ${r.train.steps} steps${models} in ${formatNumber(Number(r.train.seconds.toFixed(2)))} s on ${r.train.backend}${chain}`;
  });
  return formatTable(headers, rows) + lines.join('\n') + '\n';
}

function csvOf(results: readonly RunCurveResult[]): string {
  const headers = [
    'method', 'eps', 'rate', 'distortion', 'rate_se', 'distortion_se', 'rate_q25', 'rate_q75', 'distortion_q25', 'distortion_q75',
    'reference_rate', 'reference_distortion', 'rate_error', 'reference_rate_at_distortion', 'rate_error_at_distortion',
  ];
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const p of r.points) {
      rows.push([r.method, p.eps, p.rate, p.distortion, p.rateSe ?? '', p.distortionSe ?? '', p.rateIqr[0], p.rateIqr[1], p.distortionIqr[0], p.distortionIqr[1],
        p.reference?.rate ?? '', p.reference?.distortion ?? '', p.rateError ?? '', p.referenceAtDistortion?.rate ?? '', p.rateErrorAtDistortion ?? '']);
    }
  }
  return formatCsv(headers, rows);
}
