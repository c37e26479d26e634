import { describe, expect, it } from 'vitest';
import { digamma, logGamma, logUnitBallVolume, trigamma } from './special-functions.js';

describe('special functions (closed-form values)', () => {
  it('digamma: ψ(1) = −γ, ψ(1/2) = −γ − 2 log 2, recurrence ψ(x+1) = ψ(x) + 1/x', () => {
    const gamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-gamma, 13);
    expect(digamma(0.5)).toBeCloseTo(-gamma - 2 * Math.LN2, 13);
    for (const x of [0.1, 2.7, 13.2, 1000.5]) expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 12);
  });
  it('trigamma: ψ₁(1) = π²/6, ψ₁(1/2) = π²/2, recurrence ψ₁(x+1) = ψ₁(x) − 1/x²', () => {
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 12);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 12);
    for (const x of [0.3, 4.4, 50]) expect(trigamma(x + 1)).toBeCloseTo(trigamma(x) - 1 / (x * x), 12);
  });
  it('logGamma matches factorials and Γ(1/2) = √π; unit-ball volumes V_1 = 2, V_2 = π, V_3 = 4π/3', () => {
    let f = 1;
    for (let k = 1; k <= 20; k++) {
      expect(logGamma(k + 1)).toBeCloseTo(Math.log((f *= k)), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(Math.exp(logUnitBallVolume(1))).toBeCloseTo(2, 13);
    expect(Math.exp(logUnitBallVolume(2))).toBeCloseTo(Math.PI, 13);
    expect(Math.exp(logUnitBallVolume(3))).toBeCloseTo((4 * Math.PI) / 3, 13);
  });
  it('rejects non-positive arguments', () => {
    expect(() => digamma(0)).toThrow(/Invalid x/);
    expect(() => trigamma(-1)).toThrow(/Invalid x/);
    expect(() => logGamma(NaN)).toThrow(/Invalid x/);
    expect(() => logUnitBallVolume(0)).toThrow(/Invalid d/);
  });
});
