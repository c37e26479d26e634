// Fig. 3 (and Fig. 10): the sinc⁴ mixture p₀ = Σ ¼·Cᵢ⁻¹·sinc⁴(x/mᵢ), m = [1, √2, π, e]. Its optimal
// reconstruction density p₁ solves the backward heat equation, computed here by Fourier inversion of Eq. (90)
// (an FFT of the band-limited spectrum times e^{½·eps·ω²}; the paper sums Eq. 91 directly). The validity
// report says on which window p₁ is a density: the largest eps with p₁ ≥ 0 on it, and the far-field sign.
// One unit per eps (nothing is random: one "seed").
import { Sinc4Mixture, bheValidityLimit, sinc4BheGrid, sinc4FarField } from '@ratedistortion/analytic';
import type { Cell } from '../io/format.js';
import type { UnitRecord } from '../shard/shard-file.js';
import type { FigureBudget, FigureDefinition, FigureOutput, FigureSettings } from './figure.js';

/**
 * What one eps of the sinc⁴ figure produced.
 *
 * @example
 * ```ts
 * import type { Sinc4Unit } from '@ratedistortion/cli/reproduce';
 * const valid = (u: Sinc4Unit) => u.min >= 0;
 * ```
 */
export interface Sinc4Unit {
  eps: number;
  /** Grid on [−xMax, xMax] and p₁ on it. */
  x: number[];
  p1: number[];
  /** Minimum of p₁ over the whole FFT window and where. */
  min: number;
  minAt: number;
  /** ∫p₁ over the window (Riemann sum on the grid). */
  mass: number;
  /** Infimum of the far-field coefficient A(x) of p₁ ≈ A(x)/x⁴ (< 0: negative somewhere far out). */
  farFieldInfimum: number;
  seconds: number;
}

/** The figure's eps values: the paper does not list its own; these all give p₁ ≥ 0 on [−20, 20]. */
const SINC4_FIGURE_EPS: readonly number[] = [0.01, 0.02, 0.04, 0.06];

function sinc4Settings(budget: FigureBudget): FigureSettings {
  // The paper does not list its eps values; SINC4_FIGURE_EPS all give p₁ ≥ 0 on [−20, 20]. The paper sums
  // Eq. (91) with K = 4·32·10⁴ frequencies; the FFT grid here resolves x to 1/128 on a ±512 window.
  const paper = budget === 'paper';
  return {
    budget,
    eps: [...SINC4_FIGURE_EPS],
    seeds: 1,
    steps: 0,
    seed: 0,
    methods: [{ name: 'bhe', amortised: false }],
    source: { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] },
    perMethod: {},
    extra: {
      xMax: 20,
      halfWidth: paper ? 512 : 128,
      points: paper ? 1 << 17 : 1 << 15,
      validityHalfWidth: paper ? 100 : 50,
      validityTol: paper ? 1e-6 : 1e-4,
      zooms: [
        [-0.6, 0.6],
        [8, 11],
      ],
    },
  };
}

function sourceOf(s: FigureSettings): Sinc4Mixture {
  const src = s.source as { weights: number[]; scales: number[] };
  return new Sinc4Mixture(src.weights, src.scales);
}

function runSinc4Unit(s: FigureSettings, eps: number): Sinc4Unit {
  const t0 = performance.now();
  const source = sourceOf(s);
  const { xMax, halfWidth, points } = s.extra as { xMax: number; halfWidth: number; points: number };
  const grid = sinc4BheGrid(source, eps, 1, { halfWidth, points });
  const dx = grid.xs[1] - grid.xs[0];
  let min = Infinity;
  let minAt = 0;
  let mass = 0;
  const x: number[] = [];
  const p1: number[] = [];
  for (let j = 0; j < grid.xs.length; j++) {
    const v = grid.density[j];
    mass += v * dx;
    if (v < min) {
      min = v;
      minAt = grid.xs[j];
    }
    if (Math.abs(grid.xs[j]) <= xMax) {
      x.push(grid.xs[j]);
      p1.push(v);
    }
  }
  return {
    eps,
    x,
    p1,
    min,
    minAt,
    mass,
    farFieldInfimum: sinc4FarField(source, eps, 1).infimum,
    seconds: (performance.now() - t0) / 1000,
  };
}

// The full-range pane keeps every `stride`-th grid point (dx = 1/32 there: p₁ is band-limited to |ω| ≤ 4, so
// that is still ~50 points per shortest period); the close-ups keep the whole grid.
function window(
  x: readonly number[],
  y: readonly number[],
  [a, b]: readonly number[],
  stride = 1,
): { x: number[]; density: number[] } {
  const idx = x.map((_, j) => j).filter((j) => x[j] >= a && x[j] <= b && j % stride === 0);
  return { x: idx.map((j) => x[j]), density: idx.map((j) => y[j]) };
}

function assembleSinc4(s: FigureSettings, records: readonly UnitRecord[]): FigureOutput {
  const units = records.map((r) => r.output as Sinc4Unit);
  const source = sourceOf(s);
  const { validityHalfWidth, validityTol, zooms, halfWidth } = s.extra as {
    validityHalfWidth: number;
    validityTol: number;
    zooms: number[][];
    halfWidth: number;
  };
  const x = units[0].x;
  const p0 = Array.from(source.density(x));
  const curvesIn = (w: readonly number[], stride = 1) => [
    { name: 'p_0 (source)', ...window(x, p0, w, stride) },
    ...units.map((u) => ({ name: `p_1, eps = ${u.eps}`, ...window(u.x, u.p1, w, stride) })),
  ];
  const full = [x[0], x[x.length - 1]];
  const panels = [
    {
      name: 'p1',
      title: 'sinc⁴ mixture: reconstruction density p₁ for several eps',
      result: { title: 'p_1 of the sinc⁴ mixture', curves: curvesIn(full, 4) },
    },
    ...zooms.map((w, k) => ({
      name: `zoom-${k + 1}`,
      title: `closer look: x ∈ [${w[0]}, ${w[1]}]`,
      result: { curves: curvesIn(w) },
    })),
  ];
  const limit = bheValidityLimit({
    charFn: source.characteristicFunction,
    bandLimit: source.bandLimit,
    halfWidth: validityHalfWidth,
    epsMax: 1,
    tol: validityTol,
  });
  const rows: Cell[][] = units.map((u) => [
    u.eps,
    u.p1[u.x.findIndex((v) => v >= 0)],
    u.min,
    u.minAt,
    u.mass,
    u.min >= 0 ? 'yes' : 'no',
    u.farFieldInfimum,
  ]);
  const notes = [
    `validity: p₁ ≥ 0 on [−${validityHalfWidth}, ${validityHalfWidth}] for eps ≤ ${Number(limit.epsLimit.toPrecision(6))} (bisection to ${validityTol}; grid dx = ${Number(limit.dx.toPrecision(4))})`,
    `every eps > 0 has a far-field coefficient inf A < 0 (p₁ ≈ A(x)/x⁴): p₁ dips below 0 somewhere far out, so it is a density only on a window (min over [−${halfWidth}, ${halfWidth}] in the table)`,
  ];
  return {
    panels,
    table: {
      headers: [
        'eps',
        'p₁(0)',
        `min p₁ on ±${halfWidth}`,
        'at x',
        '∫p₁',
        `p₁ ≥ 0 on ±${halfWidth}`,
        'inf A (far field)',
      ],
      rows,
    },
    notes,
  };
}

/**
 * The sinc⁴ figure `fig3` or its appendix twin `fig10` (same data).
 *
 * @example
 * ```ts
 * import { sinc4FigureDefinition } from '@ratedistortion/cli/reproduce';
 * console.log(sinc4FigureDefinition('fig10').title);
 * ```
 */
export function sinc4FigureDefinition(id: 'fig3' | 'fig10'): FigureDefinition {
  return {
    id,
    title: `Fig. ${id === 'fig3' ? 3 : 10}: reconstruction density p₁ of the sinc⁴ mixture m = [1, √2, π, e]`,
    paper: 'p₁(x) of the sinc⁴ mixture for several eps by numerical integration of Eq. (90)/(91), with two close-ups',
    runtime: { quick: '≈ 2–8 s', paper: '≈ 2–10 s' },
    settings: sinc4Settings,
    runUnit: async (s, unit) => runSinc4Unit(s, s.eps[unit.eps as number]),
    assemble: assembleSinc4,
  };
}

/**
 * Fig. 3 of the paper.
 *
 * @example
 * ```ts
 * import { FIG3 } from '@ratedistortion/cli/reproduce';
 * console.log(FIG3.settings('quick').eps);
 * ```
 */
export const FIG3: FigureDefinition = sinc4FigureDefinition('fig3');
