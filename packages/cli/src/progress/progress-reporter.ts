// Where progress lines go. A terminal gets one line redrawn in place (`\r`, then clear to the end of the line),
// throttled so that drawing never costs more than the training; a log file or CI console gets whole lines,
// the first event of each model, then one every `logIntervalSeconds` (and every `logEverySteps`, if set).
// Estimators report the throughput of the last few steps, which jitters from step to step on a busy machine;
// shown steps/s (and so the ETA) are measured here over windows of at least `rateWindowSeconds` instead.
import type { CurveProgress } from '@ratedistortion/estimators';
import { formatProgress } from './format-progress.js';

/**
 * How {@link createProgressReporter} shows progress: `'bar'` (a redrawn line, for terminals), `'log'` (periodic
 * lines) or `'none'`.
 *
 * @example
 * ```ts
 * import type { ProgressMode } from '@ratedistortion/cli';
 * const mode: ProgressMode = process.stderr.isTTY ? 'bar' : 'log';
 * ```
 */
export type ProgressMode = 'bar' | 'log' | 'none';

/**
 * Options of {@link createProgressReporter}.
 *
 * @example
 * ```ts
 * import type { ProgressReporterOptions } from '@ratedistortion/cli';
 * const o: ProgressReporterOptions = { mode: 'log', write: (s) => process.stderr.write(s), logIntervalSeconds: 10 };
 * ```
 */
export interface ProgressReporterOptions {
  mode: ProgressMode;
  /** Receives the text (stderr in `rd curve`). */
  write: (text: string) => void;
  /** Clock in seconds (default `performance.now() / 1000`); tests pass a fake one. */
  now?: () => number;
  /** Log mode: at most one line per this many seconds within a model (default 10). */
  logIntervalSeconds?: number;
  /** Log mode: also a line whenever this many steps passed since the last one (default: off). */
  logEverySteps?: number;
  /** Bar mode: minimum seconds between redraws (default 0.1). */
  redrawSeconds?: number;
  /** Bar mode: width of the `[###---]` bar (default 24). */
  barWidth?: number;
  /** Prefix of every line (default `'rd curve: '`). */
  prefix?: string;
  /** Shortest window over which steps/s is measured (default 1 s; until one has passed, the estimator's figure). */
  rateWindowSeconds?: number;
}

/**
 * A progress sink: `update` with every event, `finish` once at the end (ends a redrawn line).
 *
 * @example
 * ```ts
 * import { createProgressReporter } from '@ratedistortion/cli';
 * const r = createProgressReporter({ mode: 'none', write: () => {} });
 * r.finish();
 * ```
 */
export interface ProgressReporter {
  update(p: CurveProgress): void;
  finish(): void;
}

/**
 * Build a {@link ProgressReporter} for the given mode.
 *
 * @example
 * ```ts
 * import { createProgressReporter } from '@ratedistortion/cli';
 * let text = '';
 * const r = createProgressReporter({ mode: 'log', write: (s) => { text += s; } });
 * r.update({ method: 'r2d2', model: 0, models: 1, step: 10, targetSteps: 100, remainingSteps: 90, stepsPerSecond: 30,
 *   loss: 1.2, energy: 0.9, entropy: 1.1, eps: 0.4, rate: 0.5, distortion: 0.2, elapsedSeconds: 0.3 });
 * r.finish();
 * console.log(text); // rd curve: r2d2 step 10/100  30.0 steps/s  ETA 3s  loss 1.2000  R̂ 0.5000  D̂ 0.2000
 * ```
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now() / 1000);
  const prefix = options.prefix ?? 'rd curve: ';
  if (options.mode === 'none') return { update() {}, finish() {} };
  const smooth = windowedThroughput(options.rateWindowSeconds ?? 1);
  const report = createReporter(options, now, prefix);
  return { update: (p) => report.update(smooth(p, now())), finish: () => report.finish() };
}

function windowedThroughput(window: number): (p: CurveProgress, t: number) => CurveProgress {
  // Per model: models trained at once (per-eps methods on worker threads) send their events interleaved. A model is
  // its method, index and eps (jobs run one after the other, e.g. `rd reproduce`'s units, each number theirs from 0),
  // and a step below the window's start begins a new window (a model trained again from its start).
  const refs = new Map<string, { step: number; time: number; rate?: number }>();
  return (p, t) => {
    const model = `${p.method}/${p.model}/${p.modelEps ?? ''}`;
    const ref = refs.get(model);
    if (ref === undefined || p.step < ref.step) refs.set(model, { step: p.step, time: t });
    else if (t - ref.time >= window)
      refs.set(model, { step: p.step, time: t, rate: (p.step - ref.step) / (t - ref.time) });
    const rate = refs.get(model)!.rate;
    return rate === undefined ? p : { ...p, stepsPerSecond: rate };
  };
}

function createReporter(options: ProgressReporterOptions, now: () => number, prefix: string): ProgressReporter {
  if (options.mode === 'bar') {
    const every = options.redrawSeconds ?? 0.1;
    let last = -Infinity;
    let drawn = false;
    let pending: CurveProgress | null = null;
    const draw = (p: CurveProgress) => {
      options.write(`\r${prefix}${formatProgress(p, { barWidth: options.barWidth ?? 24 })}\x1b[K`);
      drawn = true;
      pending = null;
      last = now();
    };
    return {
      update(p) {
        if (now() - last >= every) draw(p);
        else pending = p;
      },
      finish() {
        if (pending) draw(pending);
        if (drawn) options.write('\n');
        drawn = false;
      },
    };
  }
  const interval = options.logIntervalSeconds ?? 10;
  const everySteps = options.logEverySteps;
  let lastTime = -Infinity;
  // The step each model was last logged at: a model's first event is always logged.
  const lastStep = new Map<string, number>();
  let pending: CurveProgress | null = null;
  const line = (p: CurveProgress) => {
    options.write(`${prefix}${formatProgress(p)}\n`);
    lastTime = now();
    lastStep.set(`${p.method}/${p.model}`, p.step);
    pending = null;
  };
  return {
    update(p) {
      const last = lastStep.get(`${p.method}/${p.model}`);
      const due =
        last === undefined ||
        now() - lastTime >= interval ||
        (everySteps !== undefined && p.step - last >= everySteps) ||
        (p.targetSteps !== undefined && p.step >= p.targetSteps);
      if (due) line(p);
      else pending = p;
    },
    finish() {
      // The last state is always logged, so a log ends with where training stopped.
      if (pending) line(pending);
    },
  };
}
