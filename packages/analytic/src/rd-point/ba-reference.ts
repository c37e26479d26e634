// Blahut–Arimoto references for any source with a density in 1-D or 2-D, and for Laplace and uniform sources in any
// dimension: a source is turned into grid problems whose rates and distortions add at a common eps. Independent
// coordinates (Laplace, uniform) are one 1-D problem per distinct coordinate law — for a product source under an
// additive distortion the optimal channel at slope −1/eps is the product of the per-coordinate optimal channels, so
// R and D are sums — which keeps every grid 1-D and the answer exact in any dimension up to the 1-D grid error.
import {
  GaussianMixtureLaw,
  GridDensityLaw,
  InvalidParameterError,
  LaplaceLaw,
  Sinc4MixtureLaw,
  UniformLaw,
  assertInteger,
  assertPositive,
  type AnalyticSourceSpec,
  type GaussianMixtureSpec,
  type GaussianSpec,
  type GridDensitySpec,
} from '@ratedistortion/core';
import {
  blahutArimotoGrid,
  type BlahutArimotoOptions,
  type GridSource1d,
  type GridSource2d,
} from '../blahut-arimoto/blahut-arimoto.js';

/**
 * One grid problem of a source's BA reference; `multiplicity` identical copies (independent coordinates with the
 * same law) contribute `multiplicity` times its rate and distortion.
 *
 * @example
 * ```ts
 * import { baGridProblems, type BaGridProblem } from '@ratedistortion/analytic';
 * const [p]: BaGridProblem[] = baGridProblems({ kind: 'laplace', scale: 1, dim: 3 }, 0.5);
 * console.log(p.multiplicity); // 3
 * ```
 */
export interface BaGridProblem {
  grid: GridSource1d | GridSource2d;
  multiplicity: number;
}

/**
 * Grid resolution of {@link baGridProblems}: `points` per axis overrides the default choice.
 *
 * @example
 * ```ts
 * import type { BaGridOptions } from '@ratedistortion/analytic';
 * const o: BaGridOptions = { points: 800 };
 * ```
 */
export interface BaGridOptions {
  points?: number;
}

/** Laplace grids cover ±LAPLACE_RANGE scales: the mass outside, e^{−20} ≈ 2.1e-9, is dropped. */
const LAPLACE_RANGE = 20;

function clampPoints(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.ceil(n)));
}

/**
 * The grid problems of a source's Blahut–Arimoto reference at `eps` (the cell width follows √eps):
 *
 * - Gaussian / Gaussian mixture, 1-D: the 10-standard-deviation box, cell width ¼√min(eps, smallest variance),
 *   200–1200 cells; 2-D: 80 × 80 cells on that box.
 * - sinc⁴ mixture: ±20·max mᵢ (the x⁻⁴ tails beyond carry mass ≈ 1e-5 of the scale), cell width ¼√eps, 200–1200 cells.
 * - Laplace (any dim): per distinct scale b, [−20b, 20b] with the kink on a cell boundary, cell width
 *   min(¼√eps, b/16), 640–4000 cells. Measured against scipy fixtures (exact cell masses, two grids, Richardson):
 *   the rate at the reached distortion is high by 1.2e-4–1.5e-4 nats for eps 0.1–2; the error is O(h²) (6e-4 at
 *   b/8, 3.8e-5 at b/32).
 * - uniform (any dim): per distinct width w, [0, w] exactly, cell width min(⅛√eps, w/100), 100–4000 cells
 *   (the grid underestimates: by 2.2e-4 nats at eps 0.002 with ¼√eps cells, 5e-5 with 200 cells; scipy fixture).
 * - grid-density: its own grid.
 *
 * Throws `InvalidParameterError` for Gaussian mixtures above dimension 2.
 *
 * @example
 * ```ts
 * import { baGridProblems } from '@ratedistortion/analytic';
 * const problems = baGridProblems({ kind: 'uniform', low: [0, 0], high: [1, 2] }, 0.1);
 * console.log(problems.length); // 2 (widths 1 and 2)
 * ```
 */
export function baGridProblems(spec: AnalyticSourceSpec, eps: number, opts: BaGridOptions = {}): BaGridProblem[] {
  assertPositive('eps', eps);
  if (opts.points !== undefined) assertInteger('ba.points', opts.points, 2);
  if (spec == null || typeof spec !== 'object')
    throw new InvalidParameterError('source', 'an analytic source spec', spec);
  const byParameter = (values: Float64Array, make: (v: number) => GridSource1d): BaGridProblem[] => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return Array.from(counts, ([v, m]) => ({ grid: make(v), multiplicity: m }));
  };
  switch (spec.kind) {
    case 'laplace': {
      const law = LaplaceLaw.fromSpec(spec);
      return byParameter(law.scale, (b) => {
        const h = Math.min(0.25 * Math.sqrt(eps), b / 16);
        const half =
          opts.points !== undefined ? Math.ceil(opts.points / 2) : clampPoints((LAPLACE_RANGE * b) / h, 320, 2000);
        return {
          density: (x) => Math.exp(-Math.abs(x) / b),
          xMin: -LAPLACE_RANGE * b,
          xMax: LAPLACE_RANGE * b,
          points: 2 * half,
        };
      });
    }
    case 'uniform': {
      const law = UniformLaw.fromSpec(spec);
      const widths = law.high.map((h, i) => h - law.low[i]);
      return byParameter(widths, (w) => {
        const points = opts.points ?? clampPoints(w / Math.min(0.125 * Math.sqrt(eps), w / 100), 100, 4000);
        return { density: () => 1, xMin: 0, xMax: w, points };
      });
    }
    case 'grid-density':
      return [{ grid: gridDensitySource(spec), multiplicity: 1 }];
    case 'sinc4-mixture': {
      const s = Sinc4MixtureLaw.fromSpec(spec);
      const X = 20 * Math.max(...s.scales);
      const points = opts.points ?? clampPoints((2 * X) / (0.25 * Math.sqrt(eps)), 200, 1200);
      return [{ grid: { density: (x: number) => s.densityAt(x), xMin: -X, xMax: X, points }, multiplicity: 1 }];
    }
    case 'gaussian':
    case 'gmm': {
      const g = GaussianMixtureLaw.fromSpec(spec as GaussianSpec | GaussianMixtureSpec);
      const { lo, hi } = g.boundingBox(10);
      if (g.dim === 1) {
        const h = 0.25 * Math.sqrt(Math.min(eps, g.minEigenvalue));
        const points = opts.points ?? clampPoints((hi[0] - lo[0]) / h, 200, 1200);
        return [
          {
            grid: { density: (x: number) => Math.exp(g.logDensityAt([x])), xMin: lo[0], xMax: hi[0], points },
            multiplicity: 1,
          },
        ];
      }
      if (g.dim === 2) {
        const points = opts.points ?? 80;
        const pt = new Float64Array(2);
        return [
          {
            grid: {
              density: (x: number, y: number) => {
                pt[0] = x;
                pt[1] = y;
                return Math.exp(g.logDensityAt(pt));
              },
              x: [lo[0], hi[0], points],
              y: [lo[1], hi[1], points],
            },
            multiplicity: 1,
          },
        ];
      }
      throw new InvalidParameterError(
        'method',
        "'bhe' or 'closed-form' (Blahut–Arimoto is implemented for dimension 1 and 2)",
        'ba',
        `the source has dimension ${g.dim}`,
      );
    }
    default:
      throw new InvalidParameterError(
        'source.kind',
        "'gaussian', 'gmm', 'sinc4-mixture', 'laplace', 'uniform' or 'grid-density'",
        (spec as { kind: unknown }).kind,
      );
  }
}

/**
 * A {@link GridDensitySpec} validated (core's {@link GridDensityLaw}, with at least 2 points per axis) into a grid
 * source for the BA solvers.
 *
 * @example
 * ```ts
 * import { gridDensitySource } from '@ratedistortion/analytic';
 * console.log(gridDensitySource({ kind: 'grid-density', x: [0, 1, 2], values: [1, 3] })); // { probabilities: [1, 3], xMin: 0, xMax: 1, points: 2 }
 * ```
 */
export function gridDensitySource(spec: GridDensitySpec): GridSource1d | GridSource2d {
  const law = new GridDensityLaw(spec);
  law.axes.forEach((axis, a) => assertInteger(`${a === 0 ? 'x' : 'y'}[2]`, axis[2], 2));
  const [x, y] = law.axes;
  return y
    ? { probabilities: spec.values, x: [...x], y: [...y] }
    : { probabilities: spec.values, xMin: x[0], xMax: x[1], points: x[2] };
}

/**
 * A BA reference point: rates and distortions summed over the grid problems, the dual lower bound and gap
 * likewise, iterations summed, converged when every problem converged.
 *
 * @example
 * ```ts
 * import { BaReferenceSolver, baGridProblems, type BaReference } from '@ratedistortion/analytic';
 * const r: BaReference = new BaReferenceSolver(baGridProblems({ kind: 'laplace', scale: 1 }, 0.5)).at(0.5);
 * console.log(r.rate, r.distortion, r.gap);
 * ```
 */
export interface BaReference {
  eps: number;
  rate: number;
  distortion: number;
  lowerBound: number;
  gap: number;
  iterations: number;
  converged: boolean;
}

/**
 * Solves a fixed set of grid problems at any eps (each a cold-started BA run), summing rates, distortions and bounds
 * over the problems with their multiplicities.
 *
 * @example
 * ```ts
 * import { BaReferenceSolver, baGridProblems } from '@ratedistortion/analytic';
 * const solver = new BaReferenceSolver(baGridProblems({ kind: 'uniform', low: 0, high: 1 }, 0.01));
 * console.log(solver.at(0.01).rate, solver.at(0.012).rate);
 * ```
 */
export class BaReferenceSolver {
  constructor(
    private readonly problems: readonly BaGridProblem[],
    private readonly options: BlahutArimotoOptions = {},
  ) {
    if (!Array.isArray(problems) || problems.length === 0)
      throw new InvalidParameterError('problems', 'a non-empty array of grid problems', problems);
  }

  /** The summed BA reference at `eps`. */
  at(eps: number): BaReference {
    assertPositive('eps', eps);
    const out: BaReference = { eps, rate: 0, distortion: 0, lowerBound: 0, gap: 0, iterations: 0, converged: true };
    for (const p of this.problems) {
      const r = blahutArimotoGrid(p.grid, eps, this.options);
      out.rate += p.multiplicity * r.rate;
      out.distortion += p.multiplicity * r.distortion;
      out.lowerBound += p.multiplicity * r.lowerBound;
      out.gap += p.multiplicity * r.gap;
      out.iterations += r.iterations;
      out.converged &&= r.converged;
    }
    return out;
  }
}
