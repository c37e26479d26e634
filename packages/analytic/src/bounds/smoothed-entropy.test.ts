import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { smoothedEntropy } from './smoothed-entropy.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/smoothed-entropy.json', import.meta.url), 'utf8')) as {
  cases: {
    base: { kind: 'laplace'; scale: number } | { kind: 'uniform'; low: number; high: number };
    noiseVariance: number;
    entropy: number;
  }[];
};

describe('smoothedEntropy: h(Y + N(0, σ²I))', () => {
  it('Laplace and uniform bases match the scipy fixture (closed-form densities, quad) to 1e-8 nats', () => {
    for (const c of fixture.cases) {
      const h = smoothedEntropy(c.base, c.noiseVariance);
      expect(Math.abs(h.entropy - c.entropy)).toBeLessThan(1e-8);
      expect(h.errorEstimate).toBeLessThan(1e-8);
    }
  });
  it('independent coordinates add; a Gaussian base is exact: ½log(2πe(σ₀² + σ²)) per coordinate', () => {
    const one = smoothedEntropy({ kind: 'uniform', low: 0, high: 1 }, 0.01).entropy;
    expect(smoothedEntropy({ kind: 'uniform', low: [0, 5, -1], high: [1, 6, 0] }, 0.01).entropy).toBeCloseTo(
      3 * one,
      12,
    );
    const g = smoothedEntropy({ kind: 'gaussian', variance: 1, dim: 2 } as never, 0.5);
    expect(g.entropy).toBeCloseTo(Math.log(2 * Math.PI * Math.E * 1.5), 9);
    // smoothing never lowers the entropy: h(Y + N) ≥ max(h(Y), h(N))
    expect(one).toBeGreaterThan(0.5 * Math.log(2 * Math.PI * Math.E * 0.01));
    expect(() => smoothedEntropy({ kind: 'laplace', scale: 1 }, 0)).toThrow(/noiseVariance/);
    expect(() => smoothedEntropy({ kind: 'sinc4-mixture' } as never, 0.1)).toThrow(InvalidParameterError);
  });
});
