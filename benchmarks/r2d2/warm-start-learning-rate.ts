// R2D2's learning rate with the Gaussian warm start (init: 'gaussian'): ΔR = R̂ − R(D̂) at each eps after a fixed
// number of training steps, for each --lr, on the paper's 1-D mixtures, Laplace, the sinc⁴ mixture and NERD's 20-dim
// Gaussian (seed 0, library defaults otherwise; read-out as `evaluate` does by default). Why it matters: the warm start
// is already the optimum for a Gaussian source, and Adam's first steps move every weight of the correction network by
// about α whatever the gradient's size, so a large α walks the controller away from the optimum before the
// gradient's signal takes over.
//
//   npx tsx benchmarks/r2d2/warm-start-learning-rate.ts [--sources gmm-1,gmm-2,laplace,sinc4,nerd-20] [--steps 300]
//        [--lr 1e-3,1e-4] [--hidden 64,64]      (prints a table; the run behind docs/choosing-an-estimator.md is in
//                                benchmarks/results/r2d2-warm-start-learning-rate.txt)
import { parseArgs } from 'node:util';
import { rateAtDistortion } from '@ratedistortion/analytic';
import { sourceFromSpec, type SourceSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators';

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: 'gmm-1,gmm-2,laplace,sinc4,nerd-20' },
    steps: { type: 'string', default: '300' },
    lr: { type: 'string', default: '1e-3,1e-4' },
    hidden: { type: 'string', default: '' },
  },
  strict: true,
});
const third = 1 / 3;
const CASES: Record<string, { spec: SourceSpec; eps: number[] }> = {
  'gmm-1': {
    spec: { kind: 'gmm', weights: [third, third, third], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] },
    eps: [0.001, 0.004, 0.016],
  },
  'gmm-2': {
    spec: { kind: 'gmm', weights: [third, third, third], means: [-0.8, 0, 0.8], variances: [0.04, 0.05, 0.06] },
    eps: [0.012, 0.02, 0.028],
  },
  laplace: { spec: { kind: 'laplace', scale: 1 }, eps: [0.1, 0.3, 0.6] },
  sinc4: {
    spec: { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] },
    eps: [0.01, 0.02, 0.04, 0.06],
  },
  'nerd-20': { spec: { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 }, eps: [0.05, 0.1, 0.25, 1] },
};
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 0) throw new Error(`--steps must be a whole number ≥ 0, got ${values.steps}`);
// Hidden widths of the controller, e.g. 64,64 (default: the library's).
const hidden = values.hidden ? values.hidden.split(',').map(Number) : undefined;
if (hidden?.some((h) => !Number.isInteger(h) || h < 1))
  throw new Error(`--hidden must be positive whole numbers, got ${values.hidden}`);
const rates = values.lr!.split(',').map(Number);
if (rates.some((r) => !(r > 0))) throw new Error(`--lr must be positive numbers, got ${values.lr}`);
for (const name of values.sources!.split(',')) {
  const c = CASES[name];
  if (!c) throw new Error(`--sources: unknown '${name}' (known: ${Object.keys(CASES).join(', ')})`);
  const source = sourceFromSpec(c.spec);
  // The rotated Gaussian family's reference is water-filling on its covariance.
  const refSpec =
    c.spec.kind === 'gaussian' && 'decay' in c.spec
      ? ({
          kind: 'gaussian',
          covariance: (source as unknown as { covariance(): Float64Array[] }).covariance().map((r) => Array.from(r)),
        } as SourceSpec)
      : c.spec;
  for (const learningRate of rates) {
    const est = new R2D2(source, {
      epsMin: Math.min(...c.eps),
      epsMax: Math.max(...c.eps),
      seed: 0,
      learningRate,
      hidden,
    });
    const t0 = performance.now();
    await est.train({ steps });
    const cells = c.eps.map((eps) => {
      const p = est.evaluate(eps);
      const dR = p.rate - rateAtDistortion(refSpec as Parameters<typeof rateAtDistortion>[0], p.distortion).rate;
      return `${eps}: ${dR >= 0 ? '+' : ''}${dR.toFixed(4)} ± ${p.rateSe.toFixed(4)}`;
    });
    console.log(
      `${name.padEnd(8)} lr ${learningRate.toExponential(0)}  ${steps} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s   ΔR  ${cells.join('   ')}`,
    );
    est.dispose();
  }
}
