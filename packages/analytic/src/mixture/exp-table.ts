// exp(d) for d ≤ 0 in plain arithmetic, ~4× faster than Math.exp in V8 (which is a call into C, not inlined),
// for the mixture drift's responsibilities (10⁷ calls per benchmark SDE run). Internal: not re-exported.
//
// Method (Tang 1989, table-driven): d = (64k + j)·ln2/64 + r with |r| ≤ ln2/128, so
// exp(d) = 2^k · 2^{j/64} · e^r; e^r by its degree-5 Taylor polynomial (truncation r⁶/720 < 3.5e-17), the
// reduction in two pieces (Cody–Waite: kf·LN2_64_HI is exact for |kf| < 2^13) and 2^k, 2^{j/64} from tables.
// Accurate to a few ulps (tested against Math.exp); defined for d in [EXP_TABLE_MIN, 0].

/** Smallest argument accepted (below it exp(d) < 3e-305 relative to exp(0): callers treat it as 0). */
export const EXP_TABLE_MIN = -700;

const LN2_64 = Math.LN2 / 64;
const LN2_64_HI = Math.round(LN2_64 * 2 ** 40) / 2 ** 40;
// ln 2 − Math.LN2 = 2.3190468138462996e-17: without it the reduction drifts by |d|·1e-16·¼ (2e-14 at d = −700).
const LN2_64_LO = LN2_64 - LN2_64_HI + 2.3190468138462996e-17 / 64;
const INV_LN2_64 = 64 / Math.LN2;
const ROUND = 6755399441055744; // 1.5·2^52: (v + ROUND) − ROUND rounds v to the nearest integer
const POW2_FRAC = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
const POW2_INT_BIAS = 1100;
const POW2_INT = Float64Array.from({ length: POW2_INT_BIAS + 1 }, (_, i) => 2 ** (i - POW2_INT_BIAS));

/** exp(d) for EXP_TABLE_MIN ≤ d ≤ 0 (outside that range the result is wrong: callers guarantee it). */
export function expNonPositive(d: number): number {
  const kf = d * INV_LN2_64 + ROUND - ROUND;
  const r = d - kf * LN2_64_HI - kf * LN2_64_LO;
  const ki = kf | 0;
  const j = ki & 63;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return POW2_INT[((ki - j) >> 6) + POW2_INT_BIAS] * POW2_FRAC[j] * p;
}
