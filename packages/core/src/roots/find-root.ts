// A bracketed scalar root finder: Brent's method (inverse quadratic interpolation, secant and bisection steps,
// Brent 1973, ch. 4), which keeps a sign-changing bracket and so always converges, at worst like bisection.
import { InvalidParameterError, NumericalError } from '../errors/errors.js';
import { assertFinite, assertInteger } from '../errors/validate.js';

/**
 * Options of {@link findRoot}.
 *
 * @example
 * ```ts
 * import { findRoot, type FindRootOptions } from '@ratedistortion/core';
 * const opts: FindRootOptions = { xtol: 1e-14 };
 * console.log(findRoot((x) => x * x - 2, 0, 2, opts).root); // 1.4142135623730951
 * ```
 */
export interface FindRootOptions {
  /** Absolute tolerance on the root (default 1e-12). */
  xtol?: number;
  /** Relative tolerance on the root (default 4·2⁻⁵³); the bracket stops shrinking at `xtol + rtol·|x|`. */
  rtol?: number;
  /** Iteration limit (default 200); exceeding it throws `NumericalError`. */
  maxIterations?: number;
  /** f(a) when already known (saves one evaluation). */
  fa?: number;
  /** f(b) when already known. */
  fb?: number;
}

/**
 * Result of {@link findRoot}: the root, the final bracket `[lo, hi]` (f changes sign on it, `hi − lo ≤ 2·tol`)
 * and the number of function evaluations.
 *
 * @example
 * ```ts
 * import { findRoot, type RootResult } from '@ratedistortion/core';
 * const r: RootResult = findRoot(Math.cos, 0, 3);
 * console.log(r.root, Math.PI / 2); // equal to 1e-12
 * ```
 */
export interface RootResult {
  root: number;
  /** f at `root`. */
  value: number;
  bracket: [number, number];
  evaluations: number;
}

/**
 * A root of the continuous function `f` in `[a, b]`, where `f(a)` and `f(b)` differ in sign (or one is 0), by
 * Brent's method. Throws `InvalidParameterError` when the values do not bracket a root or are not finite.
 *
 * @example
 * ```ts
 * import { findRoot } from '@ratedistortion/core';
 * // The eps at which a unit-variance Gaussian's rate ½log(1/eps) is 1 nat:
 * console.log(findRoot((eps) => 0.5 * Math.log(1 / eps) - 1, 1e-6, 1).root, Math.exp(-2)); // 0.1353… 0.1353…
 * ```
 */
export function findRoot(f: (x: number) => number, a: number, b: number, opts: FindRootOptions = {}): RootResult {
  assertFinite('a', a);
  assertFinite('b', b);
  const xtol = opts.xtol ?? 1e-12;
  const rtol = opts.rtol ?? 4 * 2 ** -53;
  const maxIterations = opts.maxIterations ?? 200;
  if (!(xtol >= 0) || !(rtol >= 0) || xtol + rtol <= 0)
    throw new InvalidParameterError('xtol', 'xtol >= 0 and rtol >= 0, not both zero', xtol);
  assertInteger('maxIterations', maxIterations, 1);
  let fa = opts.fa ?? f(a);
  let fb = opts.fb ?? f(b);
  let evaluations = (opts.fa === undefined ? 1 : 0) + (opts.fb === undefined ? 1 : 0);
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) {
    throw new InvalidParameterError(
      'f',
      'a function finite at both ends of the bracket',
      [fa, fb],
      `f(${a}) = ${fa}, f(${b}) = ${fb}`,
    );
  }
  if (fa === 0) return { root: a, value: 0, bracket: [a, a], evaluations };
  if (fb === 0) return { root: b, value: 0, bracket: [b, b], evaluations };
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new InvalidParameterError(
      '[a, b]',
      'a bracket on which f changes sign',
      [a, b],
      `f(${a}) = ${fa}, f(${b}) = ${fb}`,
    );
  }
  // b is the best estimate, a the previous one, c the other end of the sign-changing bracket [b, c].
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < maxIterations; it++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * rtol * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) {
      return { root: b, value: fb, bracket: b < c ? [b, c] : [c, b], evaluations };
    }
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation: secant when a = c, inverse quadratic otherwise.
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    evaluations++;
    if (!Number.isFinite(fb)) throw new NumericalError('findRoot', `f(${b}) = ${fb} inside the bracket`);
  }
  throw new NumericalError('findRoot', `no convergence in ${maxIterations} iterations`);
}
