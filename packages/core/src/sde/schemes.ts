// The step rules, shared by the Float64 and the tfjs solvers so that both forms implement the very same
// arithmetic (the tfjs form is tested against the Float64 form on identical increments).
//
// Euler–Maruyama (the paper's Alg. 2):
//   X_{i+1} = X_i + u(X_i, t_i) h + σ ΔW_i.
// Weak order 1, strong order 1 for additive noise.
//
// SRA1 (A. Rößler, "Runge–Kutta methods for the strong approximation of solutions of stochastic
// differential equations", SIAM J. Numer. Anal. 48(3):922–952, 2010, Table 5.1 / SRA1), specialised to
// constant additive noise σ. With the tableau c⁰ = (0, 3/4), A⁰₂₁ = 3/4, B⁰₂₁ = 3/2, α = (1/3, 2/3),
// β¹ = (1, 0), β² = (−1, 1), and I_(1,0) = ∫_{t_i}^{t_{i+1}} (W_s − W_{t_i}) ds = h(ΔW/2 + H):
//   H₂       = X_i + (3/4) h u(X_i, t_i) + (3/2) σ I_(1,0)/h
//   X_{i+1}  = X_i + h [ (1/3) u(X_i, t_i) + (2/3) u(H₂, t_i + 3h/4) ] + σ ΔW_i
// (for constant σ the β² terms cancel, leaving σ ΔW). Strong order 1.5 and weak order 2 for additive noise;
// its drift part is Ralston's second-order Runge–Kutta method. For the Ornstein–Uhlenbeck drift −θx one
// step gives X' = (1 − θh + θ²h²/2) X + σ(1 − θh/2)ΔW − θhσH, whose mean and variance match the exact
// transition to O(h³) per step.

/**
 * Integration scheme for `dX = u(X,t) dt + σ dW` with constant additive noise:
 * `'euler-maruyama'` (weak order 1, the paper's Alg. 2) or `'sra1'` (Rößler 2010, weak order 2, two drift
 * evaluations per step).
 *
 * @example
 * ```ts
 * import type { SdeScheme } from '@ratedistortion/core';
 * const scheme: SdeScheme = 'sra1';
 * ```
 */
export type SdeScheme = 'euler-maruyama' | 'sra1';

/**
 * Properties of a scheme, for documentation, benchmarks and error messages.
 *
 * @example
 * ```ts
 * import { SDE_SCHEMES, type SdeSchemeInfo } from '@ratedistortion/core';
 * const info: SdeSchemeInfo = SDE_SCHEMES['euler-maruyama'];
 * console.log(info.weakOrder, info.driftEvaluations); // 1 1
 * ```
 */
export interface SdeSchemeInfo {
  readonly name: SdeScheme;
  /** Weak order of convergence for additive noise and smooth drift. */
  readonly weakOrder: number;
  /** Strong order of convergence for additive noise and smooth drift. */
  readonly strongOrder: number;
  /** Drift evaluations per step. */
  readonly driftEvaluations: number;
  /** Whether each step needs the space-time Lévy area H besides ΔW. */
  readonly needsLevyArea: boolean;
  readonly reference: string;
}

/**
 * The schemes {@link solveSde64} and {@link solveSdeTf} implement, keyed by name.
 *
 * @example
 * ```ts
 * import { SDE_SCHEMES } from '@ratedistortion/core';
 * console.log(SDE_SCHEMES.sra1.weakOrder); // 2
 * ```
 */
export const SDE_SCHEMES: Readonly<Record<SdeScheme, SdeSchemeInfo>> = Object.freeze({
  'euler-maruyama': Object.freeze({
    name: 'euler-maruyama',
    weakOrder: 1,
    strongOrder: 1,
    driftEvaluations: 1,
    needsLevyArea: false,
    reference: 'Kloeden & Platen (1992), §9.1; Freirich & Weinberger (2026), Alg. 2',
  }),
  sra1: Object.freeze({
    name: 'sra1',
    weakOrder: 2,
    strongOrder: 1.5,
    driftEvaluations: 2,
    needsLevyArea: true,
    reference: 'Rößler (2010), SIAM J. Numer. Anal. 48(3), SRA1',
  }),
}) as Readonly<Record<SdeScheme, SdeSchemeInfo>>;
