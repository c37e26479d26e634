// Fault: Ctrl-C or SIGTERM arrives while a trained R2D2 model is being read out (the evaluation after training). The
// read-out must notice it after the current eps's point, return with `aborted`, and leave the checkpoint usable.
// The abort is fired from inside the read-out: the Gaussian source's stratified sampler is used only there.
import { GaussianSource } from '@ratedistortion/datasets';
import { runCurve } from '@ratedistortion/estimators';
import { describe, expect, it } from 'vitest';

describe('fault: an abort during the read-out', () => {
  it("stops after the current eps point and reports aborted; that point equals an uninterrupted run's", async () => {
    const controller = new AbortController();
    const source = GaussianSource.fromSpec({ kind: 'gaussian', variance: 1 });
    const stratified = source.sampleStratified.bind(source);
    let reads = 0;
    source.sampleStratified = (n, rng) => {
      reads++;
      controller.abort(); // as the SIGINT handler does, from the first evaluation batch on
      return stratified(n, rng);
    };
    let checkpoint: unknown;
    const options = {
      method: 'r2d2' as const,
      eps: [0.3, 0.5, 0.7],
      steps: 3,
      budget: 'total' as const,
      backend: 'cpu' as const,
      evalBatches: 2,
      evalBatchSize: 64,
      evalSampling: 'stratified' as const, // R2D2 reads out i.i.d. batches by default where its control variate applies
      r2d2: { hidden: [8], dt: 0.1, batchSize: 32 },
    };
    const r = await runCurve({
      ...options,
      source,
      signal: controller.signal,
      onCheckpoint: (c) => {
        checkpoint = c;
      },
    });
    expect(r.train.aborted).toBe(true);
    expect(r.train.steps).toBe(3); // training itself finished
    expect(r.points.map((p) => p.eps)).toEqual([0.3]); // the point being read when the abort came, no more
    expect(reads).toBe(2); // its two batches
    expect(checkpoint).toBeDefined();

    const whole = await runCurve({ ...options, source: GaussianSource.fromSpec({ kind: 'gaussian', variance: 1 }) });
    expect(whole.train.aborted).toBe(false);
    expect(whole.points).toHaveLength(3);
    expect(whole.points[0].rate).toBe(r.points[0].rate);
  });
});
