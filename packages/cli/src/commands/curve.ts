// `rd curve`: estimate an RD curve with one or several methods (R2D2, NERD, WGD, EBRD, Blahut–Arimoto) in one
// call, with progress on stderr and Ctrl-C that stops training, saves a checkpoint and says how to resume.
// The command is parse (curve-args.ts) → run (runCurves of the estimators package, on the Source built once)
// → format (curve-format.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BACKEND_CHOICES as BACKENDS,
  RateDistortionError,
  describeCurrentBackend,
  useBackend,
  writeFileAtomic,
} from '@ratedistortion/core';
import type { CurveProgress, RunCurveResult } from '@ratedistortion/estimators';
import type { ParsedOptions } from '../args/options.js';
import type { CliIo } from '../io/cli-io.js';
import { resultPlotSvg } from '../plot/result-plot.js';
import { writePlot } from '../plot/write-plot.js';
import { createProgressReporter, type ProgressMode } from '../progress/progress-reporter.js';
import { handleInterrupts, type SignalSource } from '../progress/interrupt.js';
import {
  CURVE_COMMAND_METHODS,
  CURVE_ENTROPIES,
  CURVE_PROGRESS_MODES,
  parseCurveArgs,
  type CurveArgs,
} from './curve-args.js';
import { formatCurveResults } from './curve-format.js';
import { CONVENTION_OPTIONS } from '../args/conventions.js';
import type { Command } from './command.js';

export { CURVE_COMMAND_METHODS, CURVE_ENTROPIES, CURVE_PROGRESS_MODES } from './curve-args.js';

const NAME = 'curve';

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
export const curveInterrupts: { target: SignalSource; exitNow: (signal?: 'SIGINT' | 'SIGTERM') => void } = {
  target: process,
  exitNow: (signal) => process.exit(signal === 'SIGTERM' ? 143 : 130),
};

/**
 * The error `rd curve` ends with after Ctrl-C (SIGINT) or SIGTERM: training stopped, the checkpoint was written,
 * and the message says how to resume. Exit code 130 after SIGINT, 143 after SIGTERM (the shell's 128 + signal).
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
  /** The signal that stopped training. */
  readonly signal: 'SIGINT' | 'SIGTERM';
  constructor(checkpoint: string, where: string, signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super(
      'INTERRUPTED',
      `training interrupted (${where}); checkpoint written to ${checkpoint}. Continue with the same command plus --resume ${checkpoint}`,
    );
    this.checkpoint = checkpoint;
    this.signal = signal;
  }
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
      '         [--batch-size M] [--dt 0.01] [--noise auto|fixed|controlled] [--hidden 128x2] [--entropy dv|knife|gaussian] [--backend B] [--seed S]',
      '         [--memory-budget SIZE]',
      '         [--checkpoint FILE] [--resume FILE] [--progress auto|bar|log|none] [--json | --csv] [--plot FILE.svg|png]',
      '         [--shard i/n [--shard-out FILE]]',
    ],
    options: {
      source: { type: 'string', value: 'SPEC', description: "source: inline JSON or a JSON file (see 'rd sources')" },
      ...CONVENTION_OPTIONS,
      method: {
        type: 'string',
        value: 'M[,M...]',
        description: `${CURVE_COMMAND_METHODS.join('|')}, or a comma list to compare (default r2d2)`,
      },
      eps: { type: 'string', value: 'LIST', description: 'comma-separated eps = 1/β values (> 0)' },
      'eps-range': { type: 'string', value: 'A:B:N', description: 'N evenly spaced eps values from A to B inclusive' },
      steps: {
        type: 'string',
        value: 'N',
        description: 'training steps: of the amortised R2D2 model, of EACH per-eps model (nerd, wgd, ebrd)',
      },
      seconds: {
        type: 'string',
        value: 'S',
        description:
          'training time per method instead of --steps (per-eps methods split it over their models; the read-out of the points comes on top)',
      },
      'batch-size': {
        type: 'string',
        value: 'M',
        description: "training batch size (r2d2, nerd, wgd, ebrd; default: each method's)",
      },
      batch: { type: 'string', value: 'M', description: 'training batch size', aliasOf: 'batch-size' },
      dt: { type: 'string', value: 'DT', description: 'SDE time step of r2d2, 1/DT an integer (default 0.01)' },
      noise: {
        type: 'string',
        value: 'N',
        description:
          "r2d2 rollout noise: auto (default: controlled when some principal variance of the source is at or near the eps range, else fixed; the table footer and progress line say which), fixed (the paper's SDE) or controlled (also learns each step's noise gain)",
      },
      workers: {
        type: 'string',
        value: 'N|auto',
        description:
          "worker threads (auto: the available cores, at most 8): nerd, wgd, ebrd (default auto, at most one per eps; one thread for a source the threads cannot rebuild) train that many eps models at once, the same curve as one thread, bit for bit (--seconds stays the job's training budget, split by each thread over its own models, so each model trains longer); r2d2 (default 1: its result depends on the count by float32 rounding; its products use --threads) shares each training step's batch among them; the footer and --json (train.workers) say how many trained; a resumed run may change the count",
      },
      threads: {
        type: 'string',
        value: 'N|auto',
        description:
          "threads of the wasm backend's kernels (auto: the available cores, at most 8; default auto when the widest network is at least 128 wide, else 1, unless RATEDISTORTION_WASM_THREADS says otherwise): every method's matrix products run on them, with the same numbers bit for bit on any count; the footer and --json (train.kernelThreads) say how many",
      },
      'memory-budget': {
        type: 'string',
        value: 'SIZE',
        description:
          "r2d2: memory for the rollout's gradient tape, e.g. 512MiB or 2GiB (default 1GiB); above it the rollout is checkpointed (segments recomputed in the backward pass)",
      },
      hidden: {
        type: 'string',
        value: 'WxL',
        description:
          "hidden layers, e.g. 128x2 or 64,32 (r2d2 controller, default 64x2; nerd generator, ebrd energy: default each method's)",
      },
      entropy: {
        type: 'string',
        value: 'E',
        description: `entropy estimator in the r2d2 loss: ${CURVE_ENTROPIES.join('|')} (default dv for d ≤ 20, else gaussian)`,
      },
      'learning-rate': {
        type: 'string',
        value: 'LR',
        description: "learning rate (default: each method's; wgd: 0.2·eps)",
      },
      'eval-batches': {
        type: 'string',
        value: 'N',
        description: 'evaluation batches per eps (default 8; the IQR is over them)',
      },
      'eval-batch-size': { type: 'string', value: 'N', description: 'samples per evaluation batch (default 1024)' },
      backend: { type: 'string', value: 'B', description: `tfjs backend: ${BACKENDS.join('|')} (default wasm)` },
      seed: { type: 'string', value: 'S', description: 'seed (default 0)' },
      checkpoint: {
        type: 'string',
        value: 'FILE',
        description:
          'write the checkpoint to FILE (during training every --checkpoint-every, after training, after each per-eps model, on Ctrl-C or SIGTERM)',
      },
      'checkpoint-every': {
        type: 'string',
        value: 'N|T',
        description:
          'with --checkpoint: also checkpoint during training every N steps or every duration T such as 30s, 5m, 1h (default 5m)',
      },
      resume: {
        type: 'string',
        value: 'FILE',
        description: 'continue from a checkpoint: training goes on until --steps in total',
      },
      progress: {
        type: 'string',
        value: 'P',
        description: `${CURVE_PROGRESS_MODES.join('|')}: progress on stderr (default auto: a bar on a terminal, else a line every 10 s)`,
      },
      json: {
        type: 'boolean',
        description:
          'print JSON: {"method","source","points":[{"eps","rate","distortion","rateSe","distortionSe","rateIqr","distortionIqr",...}],"train"}; several methods: {"results":[...]}',
      },
      csv: { type: 'boolean', description: 'print CSV with a header line' },
      plot: { type: 'string', value: 'FILE', description: 'also draw the curve(s) as FILE.svg or FILE.png' },
      shard: {
        type: 'string',
        value: 'i/n',
        description:
          'run only shard i of n of the units (r2d2, ba: the whole eps list; nerd, wgd, ebrd: one eps) and write a partial result for rd merge; needs --steps',
      },
      'shard-out': {
        type: 'string',
        value: 'FILE',
        description:
          'file of the partial result (default rd-curve-<config hash>-shard-<i>-of-<n>.json); an existing one is refused',
      },
      force: { type: 'boolean', description: 'with --shard: replace an existing shard file' },
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
    const args = parseCurveArgs(options, io);
    const mode: ProgressMode =
      args.progressMode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'log') : args.progressMode;
    const reporter = createProgressReporter({ mode, write: (s) => io.stderr(s) });
    if (args.shard) {
      try {
        await runShard(args, args.shard, io, (p) => reporter.update(p), options.json === true);
      } finally {
        reporter.finish();
      }
      return;
    }
    const results = await runJob(args, io, reporter);
    io.stdout(formatCurveResults(results, args.output, args.conventions));
    if (args.plotFile !== undefined) {
      const written = await writePlot(args.plotFile, resultPlotSvg(results), io.cwd);
      io.stderr(`rd curve: wrote ${written.path}\n`);
    }
  },
};

// Every step reports (the reporter throttles what is shown), except NERD, whose report costs a read-out.
const PROGRESS_EVERY = { r2d2: 1, wgd: 1, ebrd: 1, ba: 1 };

/** The job with Ctrl-C/SIGTERM handling: the first stops training and saves the checkpoint, the second exits at once. */
async function runJob(
  args: CurveArgs,
  io: CliIo,
  reporter: ReturnType<typeof createProgressReporter>,
): Promise<RunCurveResult[]> {
  const controller = new AbortController();
  let lastCheckpoint: unknown;
  let stopSignal: 'SIGINT' | 'SIGTERM' = 'SIGINT';
  const release = handleInterrupts({
    target: curveInterrupts.target,
    onFirst: (signal) => {
      stopSignal = signal;
      reporter.finish();
      const again = signal === 'SIGTERM' ? 'SIGTERM or Ctrl-C again' : 'Ctrl-C again';
      io.stderr(
        `rd curve: ${signal === 'SIGTERM' ? 'SIGTERM: ' : ''}stopping after the current step and saving a checkpoint (${again} to quit at once)\n`,
      );
      controller.abort();
    },
    onSecond: (signal) => curveInterrupts.exitNow(signal),
  });
  const { runCurves } = await import('@ratedistortion/estimators');
  if (args.job.backend === 'webgpu') {
    // The adapter decides what the figures mean (a software one is slower than wasm): name it before training.
    await useBackend('webgpu');
    io.stderr(`rd curve: training on ${describeCurrentBackend()}\n`);
  }
  let results: RunCurveResult[];
  try {
    results = await runCurves({
      ...args.job,
      source: args.loaded.source,
      signal: controller.signal,
      progressEvery: PROGRESS_EVERY,
      onCheckpoint: (c) => {
        lastCheckpoint = c;
      },
      onProgress: (p) => reporter.update(p),
    });
  } finally {
    release();
    reporter.finish();
  }
  const stopped = results.find((r) => r.train.aborted);
  if (stopped) {
    let file = args.job.checkpoint;
    if (file === undefined) {
      file = defaultCheckpointPath(args.cwd);
      writeFileAtomic(file, JSON.stringify(lastCheckpoint));
    }
    const where = `${stopped.method} after ${stopped.train.steps} steps this run, ${stopped.train.totalSteps} in all`;
    throw new TrainingInterruptedError(file, where, stopSignal);
  }
  return results;
}

/** `--shard i/n`: this shard's units of the sweep, written as a partial result for `rd merge`. */
async function runShard(
  args: CurveArgs,
  shard: NonNullable<CurveArgs['shard']>,
  io: CliIo,
  onProgress: (p: CurveProgress) => void,
  json: boolean,
): Promise<void> {
  const { curveSweepConfig, runCurveShard } = await import('../shard/curve-shard.js');
  const { methods, job, loaded, settings } = args;
  const config = curveSweepConfig(methods, job.eps, { source: loaded.spec, ...settings }, job.seed ?? 0);
  await runCurveShard(config, shard.shard, io, {
    out: shard.out,
    force: shard.force,
    json,
    onProgress,
    progressEvery: PROGRESS_EVERY,
  });
}
