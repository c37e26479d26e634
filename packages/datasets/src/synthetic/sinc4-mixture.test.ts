import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, UNIT_SINC4_VARIANCE, gaussKronrod, sinc4Transform } from '@ratedistortion/core';
import { Sinc4MixtureSource } from './sinc4-mixture.js';

const reference = JSON.parse(readFileSync(new URL('../fixtures/reference.json', import.meta.url), 'utf8'));
const PAPER = { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] };

/** ∫_0^x p by GK on panels of width ≤ 0.25 (smooth integrand). */
function integrateFromZero(src: Sinc4MixtureSource, x: number): number {
  if (x === 0) return 0;
  return gaussKronrod((t) => src.pdf(t), 0, x, Math.max(1, Math.ceil(x / 0.25))).value;
}

describe('Sinc4MixtureSource', () => {
  const paper = Sinc4MixtureSource.fromSpec(PAPER);

  it('density integrates to 1 (normalisation Cᵢ = 2πmᵢ/3)', () => {
    // ∫_{|x|>T} p ≤ 2A/(3T³) with A = Σ wᵢ 3mᵢ³/2π: < 1e-9 for T = 2000.
    const mass = 2 * gaussKronrod((t) => paper.pdf(t), 0, 2000, 4000).value;
    expect(mass).toBeCloseTo(1, 8);
  });

  it('variance (3/4)Σwᵢmᵢ² equals ∫x²p by quadrature (plus the bounded tail)', () => {
    // ∫_{|x|>T} x² p ≤ 2A/T; T = 2·10⁴ gives < 4e-4 (relative 1e-4) for the paper mixture (A ≈ 3.3).
    const T = 2e4;
    const second = 2 * gaussKronrod((t) => t * t * paper.pdf(t), 0, T, 40_000).value;
    const A = PAPER.weights.reduce((s, w, i) => s + (w * 3 * PAPER.scales[i] ** 3) / (2 * Math.PI), 0);
    expect(Math.abs(paper.covariance()[0][0] - second)).toBeLessThan((2 * A) / T + 1e-9);
    expect(UNIT_SINC4_VARIANCE).toBe(0.75);
  });

  it("entropy by quadrature agrees with scipy (fixture) within the stated error bound plus the fixture's truncation", () => {
    for (const r of reference.sinc4) {
      const h = new Sinc4MixtureSource(r.weights, r.scales).entropy();
      expect(h.method).toBe('quadrature');
      expect(h.errorEstimate!).toBeLessThan(1e-9);
      // The fixture integrates 2∫₀^T with T = 2000·max mᵢ and no tail; with p(x) ≤ A x⁻⁴, A = Σ wᵢ 3mᵢ³/2π, and
      // −u log u increasing on [0, 1/e], the omitted 2∫_T^∞ −p log p is at most 2A(4 log T/3 + 4/9 − log A/3)/T³.
      const T = 2000 * Math.max(...r.scales);
      const A = r.weights.reduce(
        (s: number, w: number, i: number) => s + (w * 3 * r.scales[i] ** 3) / (2 * Math.PI),
        0,
      );
      const omitted = (2 * A * ((4 * Math.log(T)) / 3 + 4 / 9 - Math.log(A) / 3)) / T ** 3;
      expect(h.value - r.entropy).toBeGreaterThan(-2 * h.errorEstimate! - 1e-12);
      expect(h.value - r.entropy).toBeLessThan(omitted + 2 * h.errorEstimate! + 1e-12);
    }
  });

  it('entropy agrees with the Monte Carlo −E log p(X) of exact samples', () => {
    // log p(X) has finite variance (|log p| grows like 4 log|x| against an x⁻⁴ tail): 5 standard errors.
    const x = paper.sample(100_000, new Random(21));
    const lp = paper.logPdf(x);
    const m = lp.reduce((s, v) => s + v, 0) / lp.length;
    const sd = Math.sqrt(lp.reduce((s, v) => s + (v - m) ** 2, 0) / (lp.length - 1));
    expect(Math.abs(-m - paper.entropy().value)).toBeLessThan((5 * sd) / Math.sqrt(lp.length));
  });

  it('characteristic function (B-spline of four uniforms) matches scipy QAWF quadrature (fixture)', () => {
    // sinc4Transform(ω)/2π is the density f of the sum of four Uniform[−1, 1] variables: f(0) = 1/3.
    expect(sinc4Transform(0) / (2 * Math.PI)).toBeCloseTo(1 / 3, 15);
    // By hand: f(1.5) = (5.5³ − 4·3.5³ + 6·1.5³)/96 = 15.125/96, so φ(1.5) = 3f(1.5) = 0.47265625 for m = 1.
    expect(new Sinc4MixtureSource([1], [1]).characteristicFunction(1.5).re).toBeCloseTo(0.47265625, 15);
    for (const r of reference.sinc4) {
      const s = new Sinc4MixtureSource(r.weights, r.scales);
      r.omegas.forEach((w: number, i: number) => {
        // QAWF on [0, ∞) of a slowly decaying oscillatory integrand is itself accurate to a few 1e-8.
        expect(Math.abs(s.characteristicFunction(w).re - r.cf[i])).toBeLessThan(1e-7);
      });
    }
    // Band-limited: zero beyond 4/min mᵢ.
    expect(paper.characteristicFunction(4.0001).re).toBe(0);
  });

  it('exact sampler passes a Kolmogorov–Smirnov test against the quadrature CDF', () => {
    const n = 20_000;
    const xs = Float64Array.from(paper.sample(n, new Random(99)).data).sort();
    // F(x) = ½ + sign(x)∫_0^|x| p, accumulated over the sorted |x| to keep the cost linear.
    const abs = Array.from(xs, (v, i) => [Math.abs(v), i] as const).sort((a, b) => a[0] - b[0]);
    const F = new Float64Array(n);
    let acc = 0;
    let prev = 0;
    for (const [a, i] of abs) {
      if (a > prev) {
        acc += gaussKronrod((t) => paper.pdf(t), prev, a, Math.max(1, Math.ceil((a - prev) / 0.25))).value;
        prev = a;
      }
      F[i] = xs[i] < 0 ? 0.5 - acc : 0.5 + acc;
    }
    let D = 0;
    for (let i = 0; i < n; i++) D = Math.max(D, Math.abs(F[i] - i / n), Math.abs(F[i] - (i + 1) / n));
    // Asymptotic KS critical value at level 10⁻³: 1.949/√n.
    expect(D).toBeLessThan(1.949 / Math.sqrt(n));
  });

  it('a wrong scale is rejected by the same KS test (the test has power)', () => {
    const n = 20_000;
    const wrong = Sinc4MixtureSource.fromSpec({ ...PAPER, scales: PAPER.scales.map((m) => 1.1 * m) });
    const xs = Float64Array.from(wrong.sample(n, new Random(99)).data).sort();
    let D = 0;
    for (let i = 0; i < n; i++) {
      const F = 0.5 + Math.sign(xs[i]) * integrateFromZero(paper, Math.abs(xs[i]));
      D = Math.max(D, Math.abs(F - i / n));
    }
    expect(D).toBeGreaterThan(1.949 / Math.sqrt(n));
  });

  it('says its fourth moment is infinite: ∫ x⁴p over [T, 2T] grows like (3/8)·A·T (x⁴p → A·sin⁴, mean 3A/8)', () => {
    expect(paper.hasFiniteFourthMoment).toBe(false);
    // For |x| ≫ mᵢ, x⁴ p(x) = Σ wᵢ (3mᵢ³/2π) sin⁴(x/mᵢ) exactly, whose mean over x is 3A/8 (sin⁴ averages 3/8), so
    // every interval [T, 2T] adds about 3AT/8: the integral diverges linearly. Over [T, 2T] the mean of sin⁴(x/mᵢ)
    // is 3/8 up to mᵢ/T (a part period at each end): 2·10⁻³ relative for T = 1000 and mᵢ ≤ e; we allow 1 %.
    const A = PAPER.weights.reduce((s, w, i) => s + (w * 3 * PAPER.scales[i] ** 3) / (2 * Math.PI), 0);
    for (const T of [1000, 2000]) {
      const slab = gaussKronrod((t) => t ** 4 * paper.pdf(t), T, 2 * T, 8 * T).value;
      expect(Math.abs(slab / ((3 / 8) * A * T) - 1)).toBeLessThan(0.01);
    }
  });

  it('same seed ⇒ same samples; spec round trip; bad specs', () => {
    expect(paper.sample(30, new Random(5)).data).toEqual(paper.sample(30, new Random(5)).data);
    expect(Sinc4MixtureSource.fromSpec(paper.toSpec()).toSpec()).toEqual(paper.toSpec());
    expect(() => Sinc4MixtureSource.fromSpec({ ...PAPER, weights: [0.5, 0.5, 0.5, 0.5] })).toThrow(
      InvalidParameterError,
    );
    expect(() => Sinc4MixtureSource.fromSpec({ ...PAPER, scales: [1, 2] })).toThrow(/scales/);
    expect(() => Sinc4MixtureSource.fromSpec({ ...PAPER, scales: [1, 2, 0, 1] })).toThrow(/scales\[2\]/);
  });
});
