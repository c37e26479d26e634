// h(X) for X = Y + N(0, σ²I): the entropy the Shannon lower bound needs for the deconvolution sources of the RD
// benchmark suite. Independent coordinates (Laplace, uniform) give a sum of 1-D entropies, each by nested adaptive
// Gauss–Kronrod quadrature: the density p_X(x) = ∫ p_Y(y) φ_σ(x − y) dy over |x − y| ≤ 14σ (the Gaussian tail
// beyond carries < 1e-44), with the kinks of p_Y as breakpoints, then h = −∫ p_X log p_X. Gaussian mixtures stay
// Gaussian mixtures (every covariance grows by σ²I): their entropy is the mixture entropy of the smoothed mixture.
import {
  GaussianMixtureLaw,
  InvalidParameterError,
  LaplaceLaw,
  UniformLaw,
  assertPositive,
  integrate,
  type GaussianMixtureSpec,
  type GaussianSpec,
  type LaplaceSpec,
  type UniformSpec,
} from '@ratedistortion/core';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { mixtureEntropy } from '../mixture/mixture-entropy.js';

/**
 * The entropy of a smoothed source, with how it was computed: `errorEstimate` sums the quadrature error estimates
 * (nats); `stdError` is present for Monte Carlo (Gaussian mixtures above dimension 2).
 *
 * @example
 * ```ts
 * import { smoothedEntropy, type SmoothedEntropy } from '@ratedistortion/analytic';
 * const h: SmoothedEntropy = smoothedEntropy({ kind: 'uniform', low: 0, high: 1 }, 0.01);
 * console.log(h.entropy, h.method); // ≈ 0.18064 'quadrature'
 * ```
 */
export interface SmoothedEntropy {
  entropy: number;
  method: 'exact' | 'quadrature' | 'monte-carlo';
  errorEstimate?: number;
  stdError?: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function entropy1d(
  density: (y: number) => number,
  kinks: number[],
  lo: number,
  hi: number,
  s2: number,
): { value: number; error: number } {
  const s = Math.sqrt(s2);
  const phi = (z: number) => Math.exp((-0.5 * (z * z)) / s2) / (s * SQRT_2PI);
  const p = (x: number): number => {
    const a = Math.max(lo, x - 14 * s);
    const b = Math.min(hi, x + 14 * s);
    if (!(b > a)) return 0;
    const breakpoints = kinks.filter((k) => k > a && k < b);
    return integrate((y) => density(y) * phi(x - y), a, b, { absTol: 1e-15, relTol: 1e-12, breakpoints }).value;
  };
  const outerBreaks = [...kinks, ...kinks.map((k) => k - s), ...kinks.map((k) => k + s)].sort((u, v) => u - v);
  const xa = lo - 14 * s;
  const xb = hi + 14 * s;
  const r = integrate(
    (x) => {
      const v = p(x);
      return v > 0 ? -v * Math.log(v) : 0;
    },
    xa,
    xb,
    {
      absTol: 1e-11,
      relTol: 1e-11,
      maxIntervals: 4000,
      breakpoints: outerBreaks.filter((k) => k > xa && k < xb),
    },
  );
  return { value: r.value, error: r.error };
}

/**
 * Differential entropy (nats) of `X = Y + N(0, noiseVariance·I)` for Y a Laplace or uniform source (any dimension:
 * a sum over coordinates, each by nested quadrature) or a Gaussian / Gaussian mixture (the smoothed mixture's
 * entropy: quadrature in 1-D/2-D, Monte Carlo above). Checked against scipy (closed-form densities, `quad`):
 * agreement to 1e-9 nats.
 *
 * @example
 * ```ts
 * import { smoothedEntropy } from '@ratedistortion/analytic';
 * console.log(smoothedEntropy({ kind: 'laplace', scale: 1 }, 0.05).entropy); // ≈ 1.714387 (Laplace alone: 1 + log 2)
 * ```
 */
export function smoothedEntropy(
  base: LaplaceSpec | UniformSpec | GaussianSpec | GaussianMixtureSpec,
  noiseVariance: number,
): SmoothedEntropy {
  assertPositive('noiseVariance', noiseVariance);
  if (base == null || typeof base !== 'object')
    throw new InvalidParameterError('source', 'a laplace, uniform, gaussian or gmm spec', base);
  switch (base.kind) {
    case 'laplace':
      return sumOverCoordinates(LaplaceLaw.fromSpec(base).scale, (b) =>
        entropy1d((y) => Math.exp(-Math.abs(y) / b) / (2 * b), [0], -45 * b, 45 * b, noiseVariance),
      );
    case 'uniform': {
      const law = UniformLaw.fromSpec(base);
      return sumOverCoordinates(
        law.high.map((h, i) => h - law.low[i]),
        (w) => entropy1d(() => 1 / w, [0, w], 0, w, noiseVariance),
      );
    }
    case 'gaussian':
    case 'gmm': {
      const g = GaussianMixtureLaw.fromSpec(base);
      const smoothed = new GaussianMixture(g.components, noiseVariance);
      const h = mixtureEntropy(smoothed);
      return h.stdError !== undefined
        ? { entropy: h.entropy, method: 'monte-carlo', stdError: h.stdError }
        : { entropy: h.entropy, method: base.kind === 'gaussian' ? 'exact' : 'quadrature' };
    }
    default:
      throw new InvalidParameterError(
        'source.kind',
        "'laplace', 'uniform', 'gaussian' or 'gmm'",
        (base as { kind: unknown }).kind,
      );
  }
}

/**
 * The entropy of independent coordinates, each given by its one parameter (a Laplace scale, a uniform width): the
 * sum of the 1-D entropies, each distinct parameter computed once.
 */
function sumOverCoordinates(
  parameters: Float64Array,
  entropyOf: (parameter: number) => { value: number; error: number },
): SmoothedEntropy {
  const cache = new Map<number, { value: number; error: number }>();
  let entropy = 0;
  let error = 0;
  for (const v of parameters) {
    let r = cache.get(v);
    if (r === undefined) {
      r = entropyOf(v);
      cache.set(v, r);
    }
    entropy += r.value;
    error += r.error;
  }
  return { entropy, method: 'quadrature', errorEstimate: error };
}
