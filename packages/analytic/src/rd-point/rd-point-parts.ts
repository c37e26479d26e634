// Pieces shared by rdPoint and the distortion/rate-targeted references (not exported from the package).
import type { BlahutArimotoOptions } from '../blahut-arimoto/blahut-arimoto.js';
import { bheMinimumDensity } from '../fourier/bhe-validity.js';
import type { Sinc4Mixture } from '../sinc4/sinc4-mixture.js';
import { sinc4Entropy } from '../sinc4/sinc4-entropy.js';
import type { BaReference } from './ba-reference.js';
import type { RdPointOptions, RdPointResult } from './rd-point.js';

const sinc4EntropyCache = new Map<string, number>();

export function sinc4H(s: Sinc4Mixture): number {
  const key = JSON.stringify([Array.from(s.weights), Array.from(s.scales)]);
  let h = sinc4EntropyCache.get(key);
  if (h === undefined) {
    h = sinc4Entropy(s).entropy;
    sinc4EntropyCache.set(key, h);
  }
  return h;
}

export function sinc4ValidAt(s: Sinc4Mixture, eps: number, halfWidth: number): boolean {
  return (
    bheMinimumDensity(s.characteristicFunction, eps, { bandLimit: s.bandLimit, halfWidth, points: 1 << 15 }).min >= 0
  );
}

/** A dual gap at or below this (nats) certifies a BA point even when the stopping rule was not met. */
export const BA_CERTIFIED_GAP = 1e-5;

/** An RdPointResult from a BA reference (summed over its grid problems). */
export function rdPointFromBa(r: BaReference, bheValid: boolean): RdPointResult {
  return {
    eps: r.eps,
    rate: r.rate,
    distortion: r.distortion,
    method: 'ba',
    reference: r.converged || r.gap <= BA_CERTIFIED_GAP ? 'ba' : 'ba-unconverged',
    bheValid,
    lowerBound: r.lowerBound,
    gap: r.gap,
    iterations: r.iterations,
    converged: r.converged,
  };
}

/** The BA stopping rule of {@link RdPointOptions}. */
export function baRunOptions(opts: RdPointOptions): BlahutArimotoOptions {
  const ba = opts.ba ?? {};
  return { tol: ba.tol ?? 1e-11, gapTol: ba.gapTol, maxIterations: ba.maxIterations ?? 100000 };
}
