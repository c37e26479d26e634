// Simulating the optimal SDE dX = eps·∇log p_t(X) dt + √eps dW with core's integrators must give
// D = ½E(X₁ − X₀)² = eps/2 and X₁ ~ p₁ = Σ wᵢ N(μᵢ, σᵢ² − eps).
import { describe, expect, it } from 'vitest';
import { Random, solveSde64, uniformGrid } from '@ratedistortion/core';
import { GaussianMixture } from './gaussian-mixture.js';
import { mixtureOptimalDrift } from './optimal-drift.js';
import { paperMixtureSpec } from '../sources/paper-mixture.js';
// An independent normal distribution function, shared with core's sampler tests.
import { normalCdf } from '../../../core/src/random/normal-cdf.test-util.js';

const fig8 = paperMixtureSpec();

describe('optimal GMM drift integrated by core solveSde64', () => {
  const eps = 0.02; // half the validity limit 0.04: the drift stays non-stiff up to t = 1
  const n = 40_000;
  const g = GaussianMixture.fromSpec(fig8);
  const p1 = g.atTime(eps, 1);
  const cdf1 = (x: number): number =>
    fig8.weights.reduce((s, w, i) => s + w * normalCdf((x - fig8.means[i]) / Math.sqrt(fig8.variances[i] - eps)), 0);

  for (const scheme of ['euler-maruyama', 'sra1'] as const) {
    it(`${scheme}: D within Monte Carlo error of eps/2 and KS test of X₁ against p₁`, () => {
      const x0 = g.sample(n, new Random(11));
      const r = solveSde64({
        drift: mixtureOptimalDrift(g, eps),
        x0,
        sigma: Math.sqrt(eps),
        grid: uniformGrid(200),
        scheme,
        rng: new Random(12),
      });
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const d = 0.5 * (r.x1.data[i] - x0.data[i]) ** 2;
        s += d;
        s2 += d * d;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      // Tolerance: 4 standard errors (≈ 4·eps/√(2n) ≈ 2.8e-4) plus the O(Δt) discretisation bias of the
      // energy-free distortion, bounded at 1% of D for Δt = 1/200 with eps at half the validity limit.
      expect(Math.abs(mean - eps / 2)).toBeLessThan(4 * se + 0.01 * (eps / 2));
      // KS: sup|F_n − F| against the exact p₁ CDF; critical value 1.95/√n is the 0.1% level.
      const xs = Float64Array.from(r.x1.data).sort();
      let ks = 0;
      for (let i = 0; i < n; i++) {
        const f = cdf1(xs[i]);
        ks = Math.max(ks, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
      }
      expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
      // The same statistic against P0 must be far above the threshold (the test can fail).
      const cdf0 = (x: number): number =>
        fig8.weights.reduce((acc, w, i) => acc + w * normalCdf((x - fig8.means[i]) / Math.sqrt(fig8.variances[i])), 0);
      let ks0 = 0;
      for (let i = 0; i < n; i++) ks0 = Math.max(ks0, Math.abs(cdf0(xs[i]) - (i + 0.5) / n));
      expect(ks0).toBeGreaterThan(3 * (1.95 / Math.sqrt(n)));
      expect(p1.shift).toBe(-eps);
    });
  }
});
