import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random } from '@ratedistortion/core';
import { sourceFromSpec } from '../registry/source-from-spec.js';
import { NoisySource } from './noisy.js';

describe('NoisySource: X = Y + N(0, σ²I)', () => {
  it('moments of uniform[0, 1] + N(0, 0.01): mean ½, variance 1/12 + 0.01, fourth moment of the sum, within 4 SE', () => {
    const x = sourceFromSpec({ kind: 'noisy', source: { kind: 'uniform', low: 0, high: 1 }, noiseVariance: 0.01 });
    const n = 100_000;
    const s = x.sample(n, new Random(3)).data;
    let m = 0;
    for (const v of s) m += v;
    m /= n;
    let v2 = 0;
    for (const v of s) v2 += (v - m) ** 2;
    v2 /= n;
    const variance = 1 / 12 + 0.01;
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(variance / n));
    // SE of a sample variance ≈ σ²·√((κ − 1)/n), κ ≤ 3 here
    expect(Math.abs(v2 - variance)).toBeLessThan(4 * variance * Math.sqrt(2 / n));
    expect(x.covariance()[0][0]).toBeCloseTo(variance, 15);
    expect(x.mean()[0]).toBe(0.5);
  });

  it('round-trips its SPEC, multiplies the characteristic function by e^{−σ²ω²/2}, rejects bad fields', () => {
    const spec = { kind: 'noisy', source: { kind: 'laplace', scale: [1, 2] }, noiseVariance: 0.05 };
    const x = sourceFromSpec(spec) as NoisySource;
    expect(x).toBeInstanceOf(NoisySource);
    expect(x.dim).toBe(2);
    expect(sourceFromSpec(x.toSpec()).toSpec()).toEqual(x.toSpec());
    const phi = x.characteristicFunction(Float64Array.from([1, 0.5]));
    expect(phi.re).toBeCloseTo((1 / 2) * (1 / 2) * Math.exp((-0.05 * 1.25) / 2), 14);
    expect(() =>
      sourceFromSpec({ kind: 'noisy', source: { kind: 'gaussian', variance: 1 }, noiseVariance: 0 }),
    ).toThrow(/noiseVariance/);
    expect(() => sourceFromSpec({ kind: 'noisy', noiseVariance: 1 })).toThrow(InvalidParameterError);
    expect(() =>
      sourceFromSpec({ kind: 'noisy', source: { kind: 'gaussian', variance: 1 }, noiseVariance: 1, sigma: 2 }),
    ).toThrow(/sigma/);
    expect(x.hasEntropy).toBe(false);
  });

  it('has a finite fourth moment exactly when its base has (the added Gaussian has every moment)', () => {
    expect(
      sourceFromSpec({ kind: 'noisy', source: { kind: 'laplace', scale: 1 }, noiseVariance: 0.1 })
        .hasFiniteFourthMoment,
    ).toBe(true);
    const heavy = { kind: 'sinc4-mixture', weights: [1], scales: [1] };
    expect(sourceFromSpec(heavy).hasFiniteFourthMoment).toBe(false);
    expect(sourceFromSpec({ kind: 'noisy', source: heavy, noiseVariance: 0.1 }).hasFiniteFourthMoment).toBe(false);
  });
});
