import { describe, expect, it } from 'vitest';
import type { CurveProgress } from '@ratedistortion/estimators';
import { formatProgress } from './format-progress.js';
import { createProgressReporter } from './progress-reporter.js';

const event = (step: number, model = 0): CurveProgress => ({
  method: 'nerd',
  model,
  models: 2,
  modelEps: model === 0 ? 0.1 : 0.2,
  step,
  targetSteps: 100,
  remainingSteps: 100 - step + (1 - model) * 100,
  stepsPerSecond: 10,
  loss: 1,
  energy: 0.5,
  entropy: 0.5,
  eps: 0.1,
  rate: 0.8,
  distortion: 0.05,
  elapsedSeconds: step / 10,
});

/** A log-mode reporter on a fake clock (set `clock.t`); `lines` collects what it writes. */
function logReporter(options: { logIntervalSeconds: number; rateWindowSeconds?: number }) {
  const clock = { t: 0 };
  const lines: string[] = [];
  const r = createProgressReporter({ mode: 'log', write: (s) => lines.push(s), now: () => clock.t, ...options });
  return { r, lines, clock };
}

describe('createProgressReporter', () => {
  it('log mode with models trained at once (worker threads): each model logged at its first event, throughput per model', () => {
    const { r, lines, clock } = logReporter({ logIntervalSeconds: 10, rateWindowSeconds: 1 });
    // Models 0 and 1 alternate; each takes 10 steps per second, so a window that mixed them would see jumps.
    for (let k = 0; k < 8; k++) {
      clock.t = k * 0.5;
      r.update(event(10 + 5 * k, 0));
      r.update(event(50 + 5 * k, 1));
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/model 1\/2 .*step 10\/100/);
    expect(lines[1]).toMatch(/model 2\/2 .*step 50\/100/);
    clock.t = 11;
    r.update(event(100, 0));
    expect(lines[2]).toMatch(/model 1\/2 .*step 100\/100 +(\d+\.\d) steps\/s/);
    const rate = Number(/(\d+\.\d) steps\/s/.exec(lines[2])![1]);
    // Model 0's window last restarted at step 40 (t = 3): 60 steps in 8 s (a window mixing in model 1 would differ).
    expect(rate).toBe(7.5);
  });

  it('log mode: a line at the first event of each model, then one per interval, the target step and the last state', () => {
    const { r, lines, clock } = logReporter({ logIntervalSeconds: 10 });
    for (const [time, step] of [
      [0, 10],
      [3, 20],
      [11, 30],
      [12, 40],
      [13, 100],
    ] as const) {
      clock.t = time;
      r.update(event(step));
    }
    clock.t = 14;
    r.update(event(10, 1));
    r.update(event(20, 1));
    r.finish();
    // Shown steps/s: measured over ≥ 1 s windows of the fake clock: (30 − 20)/(11 − 3) at step 30, (100 − 40)/(13 − 12)
    // at step 100; the estimator's own figure at the start of each model, before a window has passed.
    const expected = [
      event(10),
      { ...event(30), stepsPerSecond: 1.25 },
      { ...event(100), stepsPerSecond: 60 },
      event(10, 1),
      event(20, 1),
    ].map((e) => `rd curve: ${formatProgress(e)}\n`);
    expect(lines).toEqual(expected);
  });

  it('jobs one after the other that number their models from 0 (rd reproduce units): no rate across two models', () => {
    const { r, lines, clock } = logReporter({ logIntervalSeconds: 0, rateWindowSeconds: 1 });
    // Two jobs, each with one model numbered 0: eps 0.1 to step 30, then eps 0.2 from step 1, 2 s later.
    const second = (step: number): CurveProgress => ({ ...event(step), modelEps: 0.2 });
    for (const [time, e] of [
      [0, event(10)],
      [2, event(30)],
      [4, second(1)],
      [4.5, second(3)],
      [6, second(13)],
    ] as const) {
      clock.t = time;
      r.update(e);
    }
    r.finish();
    const rates = lines.map((l) => Number(/([-\d.]+) steps\/s/.exec(l)?.[1]));
    expect(rates.every((x) => x >= 0)).toBe(true);
    // The second model's window starts at its own first event: (13 − 1)/(6 − 4).
    expect(lines.at(-1)).toBe(`rd curve: ${formatProgress({ ...second(13), stepsPerSecond: 6 })}\n`);
  });

  it('bar mode: redraws one line with \\r, throttled, and ends it with a newline', () => {
    let t = 0;
    let out = '';
    const r = createProgressReporter({
      mode: 'bar',
      write: (s) => {
        out += s;
      },
      now: () => t,
      redrawSeconds: 1,
      barWidth: 4,
    });
    r.update(event(10));
    t = 0.5;
    r.update(event(20)); // within 1 s of the last draw: held back
    t = 2;
    r.update(event(50));
    r.finish();
    const draw = (e: CurveProgress) => `\rrd curve: ${formatProgress(e, { barWidth: 4 })}\x1b[K`;
    // steps/s of the second draw: (50 − 10)/(2 − 0) over the window since the first event.
    expect(out).toBe(draw(event(10)) + draw({ ...event(50), stepsPerSecond: 20 }) + '\n');
  });

  it('none mode writes nothing', () => {
    let out = '';
    const r = createProgressReporter({
      mode: 'none',
      write: (s) => {
        out += s;
      },
    });
    r.update(event(1));
    r.finish();
    expect(out).toBe('');
  });
});
