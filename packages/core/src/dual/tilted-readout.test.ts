import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { nerdLambdaToEps, toPeerUnits } from '../units/units.js';
import { tiltedDualReadout } from './tilted-readout.js';

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9), used to place
// y on an equal-weight quantile grid of Q = N(0, q): mean_j f(y_j) is then a deterministic quadrature of E_Q f
// with error far below the tolerances here (m = 20,000 nodes).
function normalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

// Midpoint quantiles under-represent the tails (their second moment falls short of 1 by O(log m / m)); rescaling
// the nodes to the exact variance removes that leading error term.
function quantileGrid(m: number, variance: number): Float64Array {
  const g = Float64Array.from({ length: m }, (_, j) => normalQuantile((j + 0.5) / m));
  const m2 = g.reduce((acc, v) => acc + v * v, 0) / m;
  return g.map((v) => v * Math.sqrt(variance / m2));
}

// Closed forms for one source value x against Q = N(0, q) at β = 1/eps, per dimension (s = 1 + βq):
//   E_Q exp(−β(x−y)²/2) = s^{−1/2} exp(−βx²/(2s))  ⇒  L_x = ½ log s + βx²/(2s);
//   the tilted conditional is N(βq·x/s, q/s)          ⇒  D_x = ½(x²/s² + q/s);   R_x = L_x − β·D_x.
function closedForm(x: number, q: number, eps: number): { dual: number; distortion: number; rate: number } {
  const beta = 1 / eps;
  const s = 1 + beta * q;
  const dual = 0.5 * Math.log(s) + (beta * x * x) / (2 * s);
  const distortion = 0.5 * ((x * x) / (s * s) + q / s);
  return { dual, distortion, rate: dual - beta * distortion };
}

describe('tiltedDualReadout', () => {
  it.each([
    { q: 0.5, eps: 0.2 },
    { q: 0.8, eps: 1 },
    { q: 0.95, eps: 0.05 },
  ])('matches the closed form for a Gaussian Q = N(0, $q) at single source points (eps = $eps)', ({ q, eps }) => {
    const y = { data: quantileGrid(20_000, q), dim: 1 };
    for (const x of [-1.3, 0, 0.7, 2.1]) {
      const r = tiltedDualReadout([[x]], y, eps);
      const cf = closedForm(x, q, eps);
      // Equal-weight quantile nodes are a quadrature with error ~1e-5 here (measured ≤ 3.5e-5); a wrong factor in
      // β, ρ or the log m normalisation would be off by far more than the 2e-4 allowed.
      expect(Math.abs(r.dualValue - cf.dual)).toBeLessThan(2e-4);
      expect(Math.abs(r.distortion - cf.distortion)).toBeLessThan(2e-4);
      expect(Math.abs(r.rate - cf.rate)).toBeLessThan(2e-4);
    }
  });

  it('adds up over dimensions: 2-D product Q = N(0, diag(0.6, 0.3)) on a product quantile grid', () => {
    const g1 = quantileGrid(400, 0.6);
    const g2 = quantileGrid(400, 0.3);
    const data = new Float64Array(400 * 400 * 2);
    let k = 0;
    for (const a of g1)
      for (const b of g2) {
        data[k++] = a;
        data[k++] = b;
      }
    const eps = 0.25;
    const x = [0.4, -0.9];
    const r = tiltedDualReadout([x], { data, dim: 2 }, eps);
    const c1 = closedForm(x[0], 0.6, eps);
    const c2 = closedForm(x[1], 0.3, eps);
    // 400 nodes per axis: quadrature error ≲ 1e-3 (measured); 2e-3 allowed.
    expect(Math.abs(r.dualValue - (c1.dual + c2.dual))).toBeLessThan(2e-3);
    expect(Math.abs(r.distortion - (c1.distortion + c2.distortion))).toBeLessThan(2e-3);
    expect(Math.abs(r.rate - (c1.rate + c2.rate))).toBeLessThan(2e-3);
  });

  it('recovers R(eps) = ½ log(1/eps) and D = eps/2 for X ~ N(0,1) with the optimal Q = N(0, 1 − eps)', () => {
    const eps = 0.25;
    const n = 2000;
    const x = { data: new Random(77).fillNormal(new Float64Array(n)), dim: 1 };
    const r = tiltedDualReadout(x, { data: quantileGrid(20_000, 1 - eps), dim: 1 }, eps);
    // Per point (closed form above with q = 1 − eps, s = 1/eps): R_x = const + ½(1 − eps)·x², D_x = const + ½eps²·x²,
    // so over n points SE(R̂) = ½(1 − eps)√(2/n) ≈ 0.0119 and SE(D̂) = ½eps²√(2/n) ≈ 0.001; tolerance 4 SE.
    expect(Math.abs(r.rate - 0.5 * Math.log(1 / eps))).toBeLessThan(4 * 0.5 * (1 - eps) * Math.sqrt(2 / n));
    expect(Math.abs(r.distortion - eps / 2)).toBeLessThan(4 * 0.5 * eps * eps * Math.sqrt(2 / n));
  });

  it('never exceeds log m and reaches it when every x has its own y far from the others (Remark 4.1)', () => {
    const rng = new Random(3);
    const x = { data: rng.fillNormal(new Float64Array(50 * 3)), dim: 3 };
    const y = { data: rng.fillNormal(new Float64Array(64 * 3)), dim: 3 };
    for (const eps of [1e-4, 0.01, 1, 100]) {
      const r = tiltedDualReadout(x, y, eps);
      // Rounding slack only: the rate sums ~m·n float64 terms of size up to |log eps|, so a few 1e-12 of error
      // is rounding, while a rate above log m by any real amount would be far larger.
      expect(r.rate).toBeLessThanOrEqual(r.maxRate + 1e-10);
      expect(r.maxRate).toBeCloseTo(Math.log(64), 14);
    }
    const grid = Float64Array.from({ length: 32 }, (_, j) => 10 * j);
    const r = tiltedDualReadout({ data: grid, dim: 1 }, { data: grid, dim: 1 }, 0.01);
    expect(r.rate).toBeCloseTo(Math.log(32), 9);
    expect(r.distortion).toBeLessThan(1e-100);
  });

  it("equals the authors' formulas (SSE, bits, λ < 0) after conversion: their λ = −10 is eps = 0.05", () => {
    // A direct transcription of NERDlagr.py `training_step` in float64, independent of tiltedDualReadout:
    //   dist = ‖x−y‖², log_mu_x = logsumexp(λ·dist) − log m, g_loss = −mean(log_mu_x)/ln 2,
    //   distortion = mean_i Σ_j dist·exp(λ·dist − log_mu_x)/m, rate = λ·distortion/ln 2 + g_loss.
    const lambda = -10;
    const rng = new Random(12);
    const n = 40;
    const m = 300;
    const d = 20;
    const x = rng.fillNormal(new Float64Array(n * d), 0, 0.3);
    const y = rng.fillNormal(new Float64Array(m * d), 0, 0.3);
    let sumLogMu = 0;
    let sumDist = 0;
    for (let i = 0; i < n; i++) {
      const dist = Array.from({ length: m }, (_, j) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += (x[i * d + k] - y[j * d + k]) ** 2;
        return s;
      });
      const a = dist.map((v) => lambda * v);
      const mx = Math.max(...a);
      const logMu = mx + Math.log(a.reduce((acc, v) => acc + Math.exp(v - mx), 0)) - Math.log(m);
      sumLogMu += logMu;
      sumDist += dist.reduce((acc, v, j) => acc + v * Math.exp(a[j] - logMu), 0) / m;
    }
    const gLoss = -sumLogMu / n / Math.LN2;
    const theirDistortion = sumDist / n;
    const theirRate = (lambda * theirDistortion) / Math.LN2 + gLoss;
    const eps = nerdLambdaToEps(lambda);
    expect(eps).toBeCloseTo(0.05, 15);
    const ours = tiltedDualReadout({ data: x, dim: d }, { data: y, dim: d }, eps);
    const converted = toPeerUnits(ours, { distortion: 'sse', rate: 'bits' });
    expect(converted.distortion).toBeCloseTo(theirDistortion, 10);
    expect(converted.rate).toBeCloseTo(theirRate, 10);
    expect(theirRate).toBeGreaterThan(0.1); // a non-degenerate case
  });

  it('rejects bad input with typed errors', () => {
    const x = [[0, 1]];
    expect(() => tiltedDualReadout(x, [[0]], 0.5)).toThrow(DimensionMismatchError);
    expect(() => tiltedDualReadout(x, [[0, 1]], 0)).toThrow(/eps/);
    expect(() => tiltedDualReadout(x, [[0, 1]], NaN)).toThrow(InvalidParameterError);
    expect(() => tiltedDualReadout(x, [[0, NaN]], 0.5)).toThrow(InvalidParameterError);
  });
});
