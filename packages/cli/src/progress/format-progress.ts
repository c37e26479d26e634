// One progress event → one line of text, the same for the redrawn TTY bar and the periodic log lines, so what a
// user sees in a terminal and in a CI log agree. Pure: a test can pin the exact text of a known event.
import type { CurveProgress } from '@ratedistortion/estimators';

/**
 * A duration as `1h02m`, `3m05s` or `42s` (whole seconds; `?` for a non-finite value).
 *
 * @example
 * ```ts
 * import { formatDuration } from '@ratedistortion/cli/progress';
 * console.log(formatDuration(185)); // 3m05s
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Seconds left in a curve job: `remainingSeconds` under a seconds budget, else the remaining steps at the
 * reported throughput; NaN when neither is known.
 *
 * @example
 * ```ts
 * import { progressEta } from '@ratedistortion/cli/progress';
 * console.log(progressEta({ remainingSteps: 100, stepsPerSecond: 20 })); // 5
 * ```
 */
export function progressEta(
  p: Pick<CurveProgress, 'remainingSteps' | 'remainingSeconds' | 'stepsPerSecond' | 'training'>,
): number {
  if (p.remainingSeconds !== undefined) return p.remainingSeconds;
  if (p.remainingSteps === 0) return 0;
  // Models training at once (per-eps methods on worker threads) take the job's steps that many times as fast.
  if (p.remainingSteps !== undefined && p.stepsPerSecond > 0)
    return p.remainingSteps / (p.stepsPerSecond * (p.training ?? 1));
  return NaN;
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/**
 * Options of {@link formatProgress}.
 *
 * @example
 * ```ts
 * import type { FormatProgressOptions } from '@ratedistortion/cli/progress';
 * const o: FormatProgressOptions = { barWidth: 20 };
 * ```
 */
export interface FormatProgressOptions {
  /** Characters of the `[####....]` bar; 0 (default) leaves the bar out (log lines). */
  barWidth?: number;
}

/**
 * The progress line of a curve-job event: method (with R2D2's rollout chain), model (per-eps methods, with the models
 * training at once on worker threads), a bar when asked, step/target,
 * throughput, ETA, and the batch's loss, R̂ (nats) and D̂ (= ½‖X−X̂‖² mean). Numbers are the estimator's
 * monitoring read-outs of one batch, not results.
 *
 * @example
 * ```ts
 * import { formatProgress } from '@ratedistortion/cli/progress';
 * console.log(formatProgress({
 *   method: 'wgd', model: 1, models: 4, modelEps: 0.5, step: 150, targetSteps: 300, remainingSteps: 750,
 *   stepsPerSecond: 50, loss: 0.61, energy: 0.5, entropy: 0.11, eps: 0.5, rate: 0.3466, distortion: 0.2519, elapsedSeconds: 3,
 * }, { barWidth: 10 }));
 * // wgd model 2/4 eps=0.5 [#####-----] step 150/300  50.0 steps/s  ETA 15s  loss 0.6100  R̂ 0.3466  D̂ 0.2519
 * ```
 */
export function formatProgress(p: CurveProgress, options: FormatProgressOptions = {}): string {
  const parts: string[] = [p.chain ? `${p.method} (${p.chain} chain)` : p.method];
  if (p.models > 1) parts.push(`model ${p.model + 1}/${p.models}`);
  if (p.modelEps !== undefined) parts.push(`eps=${Number(p.modelEps.toPrecision(6))}`);
  // Per-eps models on worker threads: how many train at once (the ETA counts them).
  if (p.training !== undefined) parts.push(`(${p.training} at once)`);
  const width = options.barWidth ?? 0;
  if (width > 0) {
    const frac =
      p.targetSteps !== undefined && p.targetSteps > 0 ? Math.min(1, Math.max(0, p.step / p.targetSteps)) : NaN;
    const filled = Number.isFinite(frac) ? Math.round(frac * width) : 0;
    parts.push(`[${'#'.repeat(filled)}${(Number.isFinite(frac) ? '-' : '?').repeat(width - filled)}]`);
  }
  parts.push(`step ${p.step}${p.targetSteps !== undefined ? `/${p.targetSteps}` : ''}`);
  return [
    parts.join(' '),
    `${fixed(p.stepsPerSecond, 1)} steps/s`,
    `ETA ${formatDuration(progressEta(p))}`,
    `loss ${fixed(p.loss, 4)}`,
    `R̂ ${fixed(p.rate, 4)}`,
    `D̂ ${fixed(p.distortion, 4)}`,
  ].join('  ');
}
