import { describe, expect, it } from 'vitest';
import type { CurveProgress } from '@ratedistortion/estimators';
import { formatDuration, formatProgress, progressEta } from './format-progress.js';

const wgdEvent: CurveProgress = {
  method: 'wgd',
  model: 1,
  models: 4,
  modelEps: 0.5,
  step: 150,
  targetSteps: 300,
  remainingSteps: 750,
  stepsPerSecond: 50,
  loss: 0.61,
  energy: 0.5,
  entropy: 0.11,
  eps: 0.5,
  rate: 0.3466,
  distortion: 0.2519,
  elapsedSeconds: 3,
};

describe('formatProgress', () => {
  it('formats a known per-eps event exactly, with and without the bar', () => {
    // ETA = 750 remaining steps / 50 steps/s = 15 s; the bar is 150/300 = half full.
    expect(formatProgress(wgdEvent, { barWidth: 10 })).toBe(
      'wgd model 2/4 eps=0.5 [#####-----] step 150/300  50.0 steps/s  ETA 15s  loss 0.6100  R̂ 0.3466  D̂ 0.2519',
    );
    expect(formatProgress(wgdEvent)).toBe(
      'wgd model 2/4 eps=0.5 step 150/300  50.0 steps/s  ETA 15s  loss 0.6100  R̂ 0.3466  D̂ 0.2519',
    );
  });

  it('on worker threads: how many models train at once, and the ETA of the job at that many times one rate', () => {
    // ETA = 750 remaining steps / (50 steps/s × 2 models at once) = 7.5 s, shown rounded to 8 s.
    expect(formatProgress({ ...wgdEvent, training: 2 })).toBe(
      'wgd model 2/4 eps=0.5 (2 at once) step 150/300  50.0 steps/s  ETA 8s  loss 0.6100  R̂ 0.3466  D̂ 0.2519',
    );
  });

  it('an amortised model under a seconds budget: no model counter, ETA from the seconds left, unknown target', () => {
    const p: CurveProgress = {
      method: 'r2d2',
      model: 0,
      models: 1,
      step: 42,
      remainingSeconds: 125,
      stepsPerSecond: 12.345,
      loss: -1.5,
      energy: 0.2,
      entropy: 1.4,
      eps: 0.25,
      rate: Math.LN2,
      distortion: 0.125,
      elapsedSeconds: 3.4,
    };
    expect(formatProgress(p, { barWidth: 4 })).toBe(
      'r2d2 [????] step 42  12.3 steps/s  ETA 2m05s  loss -1.5000  R̂ 0.6931  D̂ 0.1250',
    );
    // R2D2 names the rollout chain that noise: 'auto' resolved to.
    expect(formatProgress({ ...p, chain: 'controlled' })).toBe(
      'r2d2 (controlled chain) step 42  12.3 steps/s  ETA 2m05s  loss -1.5000  R̂ 0.6931  D̂ 0.1250',
    );
  });

  it('durations and ETAs', () => {
    expect([
      formatDuration(0),
      formatDuration(59.4),
      formatDuration(60),
      formatDuration(3725),
      formatDuration(NaN),
    ]).toEqual(['0s', '59s', '1m00s', '1h02m', '?']);
    expect(progressEta({ remainingSteps: 100, stepsPerSecond: 20 })).toBe(5);
    expect(progressEta({ remainingSeconds: 7, remainingSteps: 100, stepsPerSecond: 20 })).toBe(7);
    expect(progressEta({ stepsPerSecond: 20 })).toBeNaN();
    expect(progressEta({ remainingSteps: 0, stepsPerSecond: 0 })).toBe(0);
    expect(progressEta({ remainingSteps: 5, stepsPerSecond: 0 })).toBeNaN();
    // Two models training at once take the job's steps twice as fast as one model's rate.
    expect(progressEta({ remainingSteps: 100, stepsPerSecond: 20, training: 2 })).toBe(2.5);
  });
});
