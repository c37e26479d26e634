// Pieces shared by solveSde64 and solveSdeTf that are not part of the public API.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { BrownianIncrements, type BrownianSource } from './brownian.js';
import type { TimeGrid } from './grid.js';
import { SDE_SCHEMES, type SdeScheme } from './schemes.js';

// SRA1 tableau entries for constant additive noise (derivation in schemes.ts).
export const SRA1_STAGE_TIME = 3 / 4; // c⁰₂
export const SRA1_STAGE_DRIFT = 3 / 4; // A⁰₂₁
export const SRA1_STAGE_NOISE = 3 / 2; // B⁰₂₁, multiplies I_(1,0)/h = ΔW/2 + H
export const SRA1_WEIGHT_1 = 1 / 3; // α₁
export const SRA1_WEIGHT_2 = 2 / 3; // α₂

export function resolveScheme(scheme: SdeScheme | undefined): SdeScheme {
  const s = scheme ?? 'euler-maruyama';
  if (!Object.hasOwn(SDE_SCHEMES, s)) {
    throw new InvalidParameterError(
      'scheme',
      `one of ${Object.keys(SDE_SCHEMES)
        .map((k) => `'${k}'`)
        .join(', ')}`,
      s,
    );
  }
  return s;
}

/** The Brownian source a solve uses: a fresh one drawn from `rng`, or the given one after shape checks. */
export function resolveBrownian(
  rng: Random | undefined,
  brownian: BrownianSource | undefined,
  n: number,
  dim: number,
  grid: TimeGrid,
): BrownianSource {
  if (brownian !== undefined) {
    if (rng !== undefined) {
      throw new InvalidParameterError(
        'rng',
        'undefined when a brownian source is given (pass one or the other)',
        'a Random',
      );
    }
    if (brownian == null || typeof brownian.increment !== 'function') {
      throw new InvalidParameterError('brownian', 'a BrownianSource (e.g. brownianIncrements(rng, ...))', brownian);
    }
    if (brownian.n !== n)
      throw new DimensionMismatchError('brownian.n', n, brownian.n, 'one Brownian path per sample of x0');
    if (brownian.dim !== dim) throw new DimensionMismatchError('brownian.dim', dim, brownian.dim);
    const a = brownian.grid?.times;
    const b = grid.times;
    let same = a instanceof Float64Array && a.length === b.length;
    for (let i = 0; same && i < b.length; i++) same = a[i] === b[i];
    if (!same) throw new InvalidParameterError('brownian.grid', 'the same time points as grid', a);
    return brownian;
  }
  if (!(rng instanceof Random)) {
    throw new InvalidParameterError('rng', 'a Random instance (or a brownian source)', rng);
  }
  return new BrownianIncrements(rng, { n, dim, grid });
}
