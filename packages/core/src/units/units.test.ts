import { describe, expect, it } from 'vitest';
import {
  epsToMultiplier,
  multiplierToEps,
  bitsToNats,
  convertDistortion,
  epsToNerdLambda,
  fromPeerUnits,
  fromPerDimMse,
  fromSse,
  natsToBits,
  nerdLambdaToEps,
  toPeerUnits,
  toPerDimMse,
  toSse,
} from './units.js';
import { InvalidParameterError } from '../errors/errors.js';

describe('convention converters', () => {
  it('round-trip every pair of distortion conventions', () => {
    const all = ['half-sse', 'sse', 'mse'] as const;
    for (const a of all)
      for (const b of all) {
        const v = 0.37;
        expect(convertDistortion(convertDistortion(v, a, b, 7), b, a, 7)).toBeCloseTo(v, 14);
      }
    expect(fromSse(toSse(0.2))).toBe(0.2);
    expect(fromPerDimMse(toPerDimMse(0.2, 3), 3)).toBeCloseTo(0.2, 15);
    expect(bitsToNats(natsToBits(1.7))).toBeCloseTo(1.7, 15);
  });

  it('Gaussian sanity: N(0,1) at eps has SSE = eps, per-dim MSE = eps, R = ½log2(1/eps) bits', () => {
    const eps = 0.05;
    const D = eps / 2; // library convention
    expect(toSse(D)).toBeCloseTo(eps, 15);
    expect(toPerDimMse(D, 1)).toBeCloseTo(eps, 15);
    expect(natsToBits(0.5 * Math.log(1 / eps))).toBeCloseTo(0.5 * Math.log2(1 / eps), 14);
  });

  it("NERD's λ maps to eps = −1/(2λ) and matches their Gaussian numbers after conversion", () => {
    expect(nerdLambdaToEps(-10)).toBeCloseTo(0.05, 15);
    expect(epsToNerdLambda(nerdLambdaToEps(-3))).toBeCloseTo(-3, 14);
    // For a d-dim Gaussian with all variances above the water level, NERD's SSE at λ is d/(−2λ)... i.e. d·eps,
    // and the rate in bits is Σ ½ log2(σ_i²/eps). Check the converter reproduces that from library units.
    const sig2 = [4, 2, 1];
    const eps = nerdLambdaToEps(-10);
    const libPoint = {
      rate: sig2.reduce((a, s) => a + 0.5 * Math.log(s / eps), 0),
      distortion: (sig2.length * eps) / 2,
    };
    const nerd = toPeerUnits(libPoint, { distortion: 'sse', rate: 'bits' });
    expect(nerd.distortion).toBeCloseTo(sig2.length * 0.05, 14);
    expect(nerd.rate).toBeCloseTo(
      sig2.reduce((a, s) => a + 0.5 * Math.log2(s / 0.05), 0),
      12,
    );
    const back = fromPeerUnits(nerd, { distortion: 'sse', rate: 'bits' });
    expect(back.rate).toBeCloseTo(libPoint.rate, 12);
    expect(back.distortion).toBeCloseTo(libPoint.distortion, 14);
  });

  it('multipliers of every peer convention map to the same eps', () => {
    // λ·cost = ½‖x−y‖²/eps for cost = ½‖·‖², ‖·‖², ‖·‖²/d: eps = 1/λ, 1/(2λ), d/(2λ)
    expect(multiplierToEps(4, 'half-sse')).toBeCloseTo(0.25, 15);
    expect(multiplierToEps(4, 'sse')).toBeCloseTo(0.125, 15);
    expect(multiplierToEps(4, 'mse', 3)).toBeCloseTo(3 / 8, 15);
    for (const c of ['half-sse', 'sse', 'mse'] as const)
      expect(epsToMultiplier(multiplierToEps(7, c, 5), c, 5)).toBeCloseTo(7, 12);
    expect(() => multiplierToEps(1, 'mse')).toThrow(/dim/);
    expect(() => multiplierToEps(-1, 'sse')).toThrow(/multiplier/);
  });

  it('rejects bad input with typed errors naming the parameter', () => {
    expect(() => nerdLambdaToEps(1)).toThrow(InvalidParameterError);
    expect(() => toPerDimMse(1, 0)).toThrow(/dim/);
    expect(() => convertDistortion(1, 'sse', 'mse')).toThrow(/dim/);
    expect(() => toSse(NaN)).toThrow(/distortion/);
  });
});
