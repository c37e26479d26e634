import { describe, expect, it } from 'vitest';
import { Random, type Samples } from '@ratedistortion/core';
import { GaussianSource, sourceFromSpec } from '@ratedistortion/datasets';
import { stratifiedEvaluation } from './stratified-evaluation.js';

// The second moment of a batch of N draws of N(0, 1): i.i.d. it has sd √(2/N); Latin-hypercube draws hit 1 to
// within O(1/N), so over 20 batches of 1,000 the spreads differ by a factor ≫ 10.
function spreadOfSecondMoment(draw: () => Samples): number {
  const m = Array.from({ length: 20 }, () => {
    const x = draw();
    let s = 0;
    for (const v of x.data) s += v * v;
    return s / x.n;
  });
  const mean = m.reduce((a, b) => a + b, 0) / m.length;
  return Math.sqrt(m.reduce((a, b) => a + (b - mean) ** 2, 0) / (m.length - 1));
}

describe('stratifiedEvaluation', () => {
  it('answers sample() with stratified draws only inside evaluating(), and keeps the source what it was', () => {
    const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    const view = stratifiedEvaluation(source);
    expect(view.stratified).toBe(true);
    expect(view.source).toBeInstanceOf(GaussianSource);
    expect(view.source.dim).toBe(1);
    expect(view.source.toSpec()).toEqual(source.toSpec());
    const rng = new Random(4);
    const iid = spreadOfSecondMoment(() => view.source.sample(1000, rng));
    const strat = view.evaluating(() => spreadOfSecondMoment(() => view.source.sample(1000, rng)));
    expect(iid).toBeGreaterThan(0.02); // √(2/1000) = 0.045
    expect(strat).toBeLessThan(iid / 10);
    // The switch is off again afterwards, also after a throw.
    expect(() =>
      view.evaluating(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(spreadOfSecondMoment(() => view.source.sample(1000, rng))).toBeGreaterThan(0.02);
  });

  it('passes a source without sampleStratified through unchanged', () => {
    const plain = {
      dim: 1,
      sample: (n: number, rng: Random): Samples => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
    };
    const view = stratifiedEvaluation(plain);
    expect(view.stratified).toBe(false);
    expect(view.source).toBe(plain);
    expect(view.evaluating(() => 7)).toBe(7);
  });
});
