import { describe, expect, it } from 'vitest';
import { perEpsSeconds } from './per-eps-runner.js';

describe('perEpsSeconds', () => {
  it('splits the training seconds left over the models still to start, read-outs not charged', () => {
    // 60 s budget, 20 s trained by earlier models: 40 s left over 2 models.
    expect(perEpsSeconds({ seconds: 60 }, 20, 2)).toBe(20);
    // A first model of four gets a quarter.
    expect(perEpsSeconds({ seconds: 60 }, 0, 4)).toBe(15);
  });

  it('gives nothing once the training seconds are spent, and no limit under a steps budget', () => {
    expect(perEpsSeconds({ seconds: 10 }, 12, 1)).toBe(0);
    expect(perEpsSeconds({}, 5, 3)).toBeUndefined();
  });
});

describe('a per-eps curve under a seconds budget', () => {
  it('trains for the whole budget however long its read-outs take', async () => {
    const { runCurve } = await import('./run-curve.js');
    const seconds = 0.6;
    const t0 = performance.now();
    // Large read-outs (2 × 1,024 draws per eps, on the slow cpu backend) between the models: charged to the budget, they would leave
    // the later models little or no training time.
    const result = await runCurve({
      method: 'wgd',
      source: { kind: 'gaussian', variance: 1 },
      eps: [0.2, 0.4, 0.6],
      seconds,
      backend: 'cpu',
      evalBatches: 2,
      evalBatchSize: 1024,
      // One thread: its train.seconds sums the models' training times, which is what this test separates from the
      // read-outs (on worker threads train.seconds is the wall-clock time of the threads, read-outs included).
      workers: 1,
    });
    const wall = (performance.now() - t0) / 1000;
    // The read-outs took a sizeable time of their own (so the assertion below can fail if they were charged)...
    expect(wall - result.train.seconds).toBeGreaterThan(0.2 * seconds);
    // ...and training still used the whole budget (each model stops at the first step past its share).
    expect(result.train.seconds).toBeGreaterThanOrEqual(0.95 * seconds);
    expect(result.points).toHaveLength(3);
  });
});
