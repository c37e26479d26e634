// Iterations and time of Blahut–Arimoto to a given stopping rule, plain vs SQUAREM-accelerated, on the
// benchmark problem (Fig. 8 GMM, eps = 0.02, 1000-point grid on [−2, 2]). Errors are against the exact
// BHE rate (the grid's own R(D) differs from it by O(h²) ≈ 1e-9 here). `npx tsx benchmarks/analytic/ba-convergence.ts`
import {
  GaussianMixture,
  blahutArimotoGrid1d,
  mixtureRateDistortion,
  type BlahutArimotoOptions,
} from '@ratedistortion/analytic';

const eps = 0.02;
const points = Number(process.argv[2] ?? 1000);
const g = GaussianMixture.fromSpec({
  kind: 'gmm',
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
});
const exact = mixtureRateDistortion(g, eps);
const source = { density: (x: number) => g.density([x])[0], xMin: -2, xMax: 2, points };
const cases: [string, BlahutArimotoOptions][] = [];
for (const acceleration of ['none', 'squarem'] as const) {
  for (const tol of [1e-9, 1e-11, 1e-13])
    cases.push([`${acceleration} tol ${tol}`, { acceleration, tol, maxIterations: 20000 }]);
  cases.push([
    `${acceleration} gap 1e-6`,
    { acceleration, tol: 1e-300, gapTol: 1e-6, maxIterations: acceleration === 'none' ? 4000 : 20000 },
  ]);
}
const rows = cases.map(([name, o]) => {
  const t0 = performance.now();
  const r = blahutArimotoGrid1d(source, eps, o);
  const s = (performance.now() - t0) / 1000;
  return {
    case: name,
    it: r.iterations,
    stop: r.stopReason,
    'time (s)': s.toFixed(2),
    'R − exact': (r.rate - exact.rate).toExponential(2),
    'D − exact': (r.distortion - exact.distortion).toExponential(2),
    gap: r.gap.toExponential(2),
    ΔL: r.lagrangianChange.toExponential(2),
  };
});
console.table(rows);
