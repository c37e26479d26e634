import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, integrate } from '@ratedistortion/core';
import { bheFourierDirect } from '../fourier/bhe-fourier.js';
import { bheMinimumDensity, bheValidityLimit } from '../fourier/bhe-validity.js';
import { Sinc4Mixture, sinc4Transform } from './sinc4-mixture.js';
import { sinc4BheGrid, sinc4FarField } from './sinc4-bhe.js';
import { sinc4Entropy } from './sinc4-entropy.js';

const ref = JSON.parse(readFileSync(new URL('../mixture/fixtures/reference.json', import.meta.url), 'utf8')) as {
  sinc4: { xs: number[]; eps: number[]; p1: number[][] };
};
const s = Sinc4Mixture.paperExample();

describe('sinc⁴ mixture (App. D.3)', () => {
  it('closed-form transform (Eqs. 87–89) matches the numerical FT of sinc⁴ and the mixture φ(0) = 1', () => {
    for (const w of [0, 0.3, 1.7, 2, 2.9, 3.99]) {
      // ∫ sinc⁴(x) cos(wx) dx over [−L, L] panel by panel; the x⁻⁴ tail beyond L = 4000 is < 1e-10.
      let tot = 0;
      for (let a = 0; a < 4000; a += 2)
        tot +=
          2 *
          integrate(
            (x) => {
              const q = x === 0 ? 1 : Math.sin(x) / x;
              return q ** 4 * Math.cos(w * x);
            },
            a,
            a + 2,
            { absTol: 1e-15, relTol: 1e-14 },
          ).value;
      expect(Math.abs(tot - sinc4Transform(w))).toBeLessThan(1e-9);
    }
    expect(sinc4Transform(4.5)).toBe(0);
    expect(s.characteristicFunction(0).re).toBeCloseTo(1, 15);
  });
  it('density integrates to 1', () => {
    let tot = 0;
    for (let a = 0; a < 4000; a += 2) tot += 2 * integrate((x) => s.densityAt(x), a, a + 2, { absTol: 1e-15 }).value;
    expect(Math.abs(tot - 1)).toBeLessThan(1e-9);
  });
  it('p₁ on the FFT grid matches scipy quad fixtures and the direct-quadrature path to 1e-10', () => {
    ref.sinc4.eps.forEach((eps, e) => {
      const direct = bheFourierDirect(ref.sinc4.xs, {
        charFn: s.characteristicFunction,
        eps,
        t: 1,
        omegaMax: 4,
        breakpoints: s.spectralBreakpoints,
      });
      // dx = 1/128; aliasing error of the ±512 window ≈ 2Ā/1024⁴ ≈ 5e-12
      const grid = sinc4BheGrid(s, eps, 1, { halfWidth: 512, points: 1 << 17 });
      ref.sinc4.xs.forEach((x, i) => {
        expect(Math.abs(direct.density[i] - ref.sinc4.p1[e][i])).toBeLessThan(1e-10);
        const j = Math.round((x + 512) * 128);
        const jd = bheFourierDirect([grid.xs[j]], {
          charFn: s.characteristicFunction,
          eps,
          t: 1,
          omegaMax: 4,
          breakpoints: s.spectralBreakpoints,
        });
        expect(Math.abs(grid.density[j] - jd.density[0])).toBeLessThan(1e-10);
      });
    });
  });
  it('self-consistency: p₁ * N(0, eps) = p₀ (numerical convolution of the FFT p₁)', () => {
    const eps = 0.06;
    const r = sinc4BheGrid(s, eps, 1, { halfWidth: 512, points: 1 << 17 });
    const dx = r.xs[1] - r.xs[0];
    for (const x of [0, 1.3, 4.4, 10]) {
      // trapezoid of a smooth integrand on a fine uniform grid: spectrally accurate
      let c = 0;
      for (let j = 0; j < r.xs.length; j++) {
        const d = x - r.xs[j];
        if (Math.abs(d) < 12 * Math.sqrt(eps)) c += r.density[j] * Math.exp(-(d * d) / (2 * eps));
      }
      c *= dx / Math.sqrt(2 * Math.PI * eps);
      expect(Math.abs(c - s.densityAt(x))).toBeLessThan(1e-10);
    }
  });
  it("Fig. 3/10's eps (0.01–0.06): p₁ ≥ 0 on [−20, 20], integrates to ~1, sharper than p₀ at 0", () => {
    const halfWidth = 512;
    const points = 1 << 17;
    const dx = (2 * halfWidth) / points;
    const j0 = Math.ceil((halfWidth - 20) / dx);
    const j1 = Math.floor((halfWidth + 20) / dx);
    const xs = new Float64Array(j1 - j0 + 1).map((_, j) => -halfWidth + (j0 + j) * dx);
    const fig = {
      xs,
      p0: s.density(xs),
      p1: [0.01, 0.02, 0.04, 0.06].map((eps) =>
        sinc4BheGrid(s, eps, 1, { halfWidth, points }).density.slice(j0, j1 + 1),
      ),
    };
    fig.p1.forEach((p1, k) => {
      expect(Math.min(...p1)).toBeGreaterThanOrEqual(0);
      const j0 = fig.xs.findIndex((x) => Math.abs(x) < 1e-12);
      expect(p1[j0]).toBeGreaterThan(fig.p0[j0]);
      if (k > 0) expect(p1[j0]).toBeGreaterThan(fig.p1[k - 1][j0]); // the peak sharpens with eps
    });
    const full = sinc4BheGrid(s, 0.06, 1, { halfWidth: 512, points: 1 << 17 });
    let mass = 0;
    for (const p of full.density) mass += p * (full.xs[1] - full.xs[0]);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-6); // mass outside ±512 ≈ 2Ā/(3·512³) ≈ 1e-8
  });
  it('far field: A(x)/x⁴ matches p₁ at large x, and p₁ is negative at x ≈ 128.45 for eps = 0.05 (direct quadrature confirms)', () => {
    const eps = 0.05;
    const ff = sinc4FarField(s, eps);
    expect(ff.infimum).toBeLessThan(0);
    const xs = [60.2, 97.7, 128.45];
    const d = bheFourierDirect(xs, {
      charFn: s.characteristicFunction,
      eps,
      t: 1,
      omegaMax: 4,
      breakpoints: s.spectralBreakpoints,
      tol: 1e-17,
    });
    xs.forEach((x, i) => {
      const approx = ff.coefficient(x) / x ** 4;
      expect(Math.abs(d.density[i] - approx)).toBeLessThan(0.05 * Math.abs(approx) + 2e-12);
    });
    expect(ff.coefficient(128.45)).toBeLessThan(0);
    expect(d.density[2]).toBeLessThan(0);
    expect(sinc4FarField(s, 1e-3).infimum).toBeLessThan(0);
  });
  it('validity limit by bisection depends on the window: ≈0.07 on ±50, smaller on ±1000', () => {
    const r = bheValidityLimit({
      charFn: s.characteristicFunction,
      bandLimit: s.bandLimit,
      halfWidth: 50,
      points: 1 << 13,
      epsMax: 1,
      tol: 1e-4,
    });
    expect(r.epsLimit).toBeGreaterThan(0.06);
    expect(r.epsLimit).toBeLessThan(0.1);
    expect(
      bheMinimumDensity(s.characteristicFunction, r.bracket[1], {
        bandLimit: s.bandLimit,
        halfWidth: 50,
        points: 1 << 13,
      }).min,
    ).toBeLessThan(0);
    expect(
      bheMinimumDensity(s.characteristicFunction, 0.05, { bandLimit: s.bandLimit, halfWidth: 1000, points: 1 << 16 })
        .min,
    ).toBeLessThan(0);
  });
  it('entropy matches the scipy-independent check ∫ −p log p to 1e-8 and samples pass a KS test', () => {
    const h = sinc4Entropy(s);
    expect(h.error).toBeLessThan(1e-8);
    // sampling: KS against the CDF obtained by quadrature of the density
    const n = 20000;
    const x = Float64Array.from(s.sample(n, new Random(5)).data).sort();
    const grid = Array.from({ length: 41 }, (_, i) => -20 + i);
    let ks = 0;
    for (const g of grid) {
      let cdf = 0.5;
      cdf +=
        g >= 0
          ? integrate((u) => s.densityAt(u), 0, g || 1e-12, { absTol: 1e-12 }).value
          : -integrate((u) => s.densityAt(u), g, 0, { absTol: 1e-12 }).value;
      let cnt = 0;
      while (cnt < n && x[cnt] <= g) cnt++;
      ks = Math.max(ks, Math.abs(cnt / n - cdf));
    }
    expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
    expect(() => new Sinc4Mixture([0.5, 0.6], [1, 2])).toThrow(InvalidParameterError);
    expect(() => new Sinc4Mixture([0.5, 0.5], [1, -2])).toThrow(InvalidParameterError);
  });
});
