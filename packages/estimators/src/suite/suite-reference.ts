// References of the suite's sources: at a slope eps (the catalogue's table) and at any distortion (scoring an
// estimate at the distortion it reached). Analytic kinds go through the analytic package (water-filling, BHE/SLB,
// Blahut–Arimoto); deconvolution sources X = Y + N(0, σ²I) through the Shannon lower bound with h(X) by quadrature,
// inside the range D ≤ dσ²/2 where it is R(D), and nowhere else.
import {
  rateAtDistortion,
  rdPoint,
  shannonLowerBound,
  shannonLowerBoundAtEps,
  smoothedEntropy,
  type RdReferenceKind,
} from '@ratedistortion/analytic';
import {
  InvalidParameterError,
  ValidityRangeError,
  assertPositive,
  type AnalyticSourceSpec,
} from '@ratedistortion/core';
import { sourceFromSpec, type NoisySpec } from '@ratedistortion/datasets';
import type { SuiteSource } from './suite-catalogue.js';

/**
 * One reference point of a suite source: rate (nats) and distortion ½E‖X−X̂‖² at `eps`, what kind of reference
 * it is, and its error certificate: `gap` (Blahut–Arimoto's dual gap), `errorEstimate` (quadrature, nats).
 *
 * @example
 * ```ts
 * import { suiteReferenceAtEps, SUITE_SOURCES, type SuiteReferencePoint } from '@ratedistortion/estimators';
 * const p: SuiteReferencePoint = suiteReferenceAtEps(SUITE_SOURCES[0], 0.5);
 * console.log(p.rate, p.kind); // ½log 2, 'exact'
 * ```
 */
export interface SuiteReferencePoint {
  eps: number;
  rate: number;
  distortion: number;
  kind: RdReferenceKind;
  method: string;
  gap?: number;
  errorEstimate?: number;
}

function analyticSpecOf(source: SuiteSource): AnalyticSourceSpec {
  const spec = sourceFromSpec(source.spec).analyticSpec();
  if (spec === undefined)
    throw new InvalidParameterError('source', 'a suite source with an analytic reference', source.id);
  return spec;
}

const entropyCache = new Map<string, { entropy: number; errorEstimate?: number }>();

function noisyEntropy(source: SuiteSource): { entropy: number; errorEstimate?: number; noiseVariance: number } {
  const spec = source.spec as NoisySpec;
  let h = entropyCache.get(source.id);
  if (h === undefined) {
    const r = smoothedEntropy(spec.source as Parameters<typeof smoothedEntropy>[0], spec.noiseVariance);
    h = { entropy: r.entropy, errorEstimate: r.errorEstimate };
    entropyCache.set(source.id, h);
  }
  return { ...h, noiseVariance: spec.noiseVariance };
}

/**
 * The reference of a suite source at slope `eps`. Deconvolution sources have one only for eps ≤ σ² (a
 * `ValidityRangeError` beyond).
 *
 * @example
 * ```ts
 * import { suiteReferenceAtEps, SUITE_SOURCES } from '@ratedistortion/estimators';
 * const noisy = SUITE_SOURCES.find((s) => s.id === 'uniform-noisy-1d')!;
 * console.log(suiteReferenceAtEps(noisy, 0.005)); // SLB: D = 0.0025, rate h(X) − ½log(2πe·0.005)
 * ```
 */
export function suiteReferenceAtEps(source: SuiteSource, eps: number): SuiteReferencePoint {
  assertPositive('eps', eps);
  if (source.reference === 'slb-deconvolution') {
    const h = noisyEntropy(source);
    if (eps > h.noiseVariance)
      throw new ValidityRangeError(
        'eps',
        `a value in (0, ${h.noiseVariance}]`,
        eps,
        'the Shannon lower bound of a deconvolution source (eps ≤ σ²)',
      );
    const p = shannonLowerBoundAtEps(h.entropy, eps, source.dim);
    return {
      eps,
      rate: p.rate,
      distortion: p.distortion,
      kind: 'exact',
      method: 'slb-deconvolution',
      ...(h.errorEstimate !== undefined ? { errorEstimate: h.errorEstimate } : {}),
    };
  }
  const r = rdPoint(analyticSpecOf(source), eps);
  return {
    eps,
    rate: r.rate,
    distortion: r.distortion,
    kind: r.reference,
    method: r.method,
    ...(r.gap !== undefined ? { gap: r.gap } : {}),
  };
}

/**
 * R(D) of a suite source at distortion `D` (½E‖X−X̂‖²), with the eps where the curve has that distortion; for
 * deconvolution sources only for D ≤ dσ²/2 (`ValidityRangeError` beyond, where no certified reference exists).
 *
 * @example
 * ```ts
 * import { suiteReferenceAtDistortion, SUITE_SOURCES } from '@ratedistortion/estimators';
 * console.log(suiteReferenceAtDistortion(SUITE_SOURCES[0], 0.25).rate); // ½log 2
 * ```
 */
export function suiteReferenceAtDistortion(source: SuiteSource, distortion: number): SuiteReferencePoint {
  assertPositive('distortion', distortion);
  if (source.reference === 'slb-deconvolution') {
    const h = noisyEntropy(source);
    const max = (source.dim * h.noiseVariance) / 2;
    if (distortion > max)
      throw new ValidityRangeError(
        'distortion',
        `a value in (0, ${max}]`,
        distortion,
        'the Shannon lower bound of a deconvolution source (D ≤ dσ²/2)',
      );
    return {
      eps: (2 * distortion) / source.dim,
      rate: shannonLowerBound(h.entropy, distortion, source.dim),
      distortion,
      kind: 'exact',
      method: 'slb-deconvolution',
      ...(h.errorEstimate !== undefined ? { errorEstimate: h.errorEstimate } : {}),
    };
  }
  const r = rateAtDistortion(analyticSpecOf(source), distortion);
  return {
    eps: r.eps,
    rate: r.rate,
    distortion: r.distortion,
    kind: r.reference,
    method: r.method,
    ...(r.gap !== undefined ? { gap: r.gap } : {}),
  };
}
