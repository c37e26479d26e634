// The unrolled 1-D drift paths (k = 1, 2, 3 and the general loop) against the mixture's own score, an
// independent implementation (per-point log-sum-exp with Math.exp in GaussianMixture.scoreAt), and against a
// central difference of the log-density.
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from './gaussian-mixture.js';
import { mixtureOptimalDrift } from './optimal-drift.js';
import { paperMixtureSpec } from '../sources/paper-mixture.js';

const specs = {
  gaussian: { kind: 'gaussian' as const, mean: [0.3], variance: 0.5 },
  two: { kind: 'gmm' as const, weights: [0.3, 0.7], means: [-1, 1.5], variances: [0.2, 0.6] },
  fig8: paperMixtureSpec(),
  four: {
    kind: 'gmm' as const,
    weights: [0.1, 0.2, 0.3, 0.4],
    means: [-2, -0.5, 0.7, 3],
    variances: [0.3, 0.1, 0.2, 0.5],
  },
};

describe('mixtureOptimalDrift (1-D fast paths)', () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: equals eps·score of p_t to 1e-13 relative (to the terms' scale), bulk to far tails (|x| up to 60 sd)`, () => {
      const g = GaussianMixture.fromSpec(spec);
      const eps = 0.5 * g.bheValidityLimit;
      const u = mixtureOptimalDrift(g, eps);
      const xs = new Float64Array(4001);
      const sd = Math.sqrt(Math.max(...('variances' in spec ? spec.variances : [spec.variance])));
      for (let i = 0; i < xs.length; i++) xs[i] = (i / (xs.length - 1) - 0.5) * 120 * sd;
      const out = new Float64Array(xs.length);
      for (const t of [0, 0.37, 1]) {
        u(xs, t, out, xs.length, 1);
        const ref = g.atTime(eps, t).score(xs);
        const comps = g.atTime(eps, t).components;
        for (let i = 0; i < xs.length; i++) {
          expect(Number.isFinite(out[i])).toBe(true);
          // relative to the size of the largest component term eps·|x − μᵢ|/vᵢ: near a zero of u the weighted
          // sum cancels, and both implementations round at that scale
          let scale = 0;
          for (const c of comps)
            scale = Math.max(scale, (eps * Math.abs(xs[i] - c.mean[0])) / (c.eigenvalues[0] - eps * t));
          expect(Math.abs(out[i] - eps * ref[i])).toBeLessThanOrEqual(1e-13 * (Math.abs(eps * ref[i]) + scale));
        }
        // central difference of log p_t at bulk points: error O(δ²·|∂³ log p|) + rounding/δ ≈ 1e-7 relative
        const pt = g.atTime(eps, t);
        const delta = 1e-5;
        for (let i = 1500; i <= 2500; i += 50) {
          const fd = (pt.logDensity([xs[i] + delta])[0] - pt.logDensity([xs[i] - delta])[0]) / (2 * delta);
          expect(Math.abs(out[i] - eps * fd)).toBeLessThan(1e-6 * (1 + Math.abs(eps * fd)));
        }
      }
    });
  }
});
