// R2D2's settings on NERD's 20-dim Gaussian (rotated, eigenvalues 4e^(−0.5 i)): train with the Gaussian plug-in
// entropy (exact family for a Gaussian X1, so what remains is the controller and the discretisation) and compare
// input/output parametrisations at one equal step budget, against reverse water-filling.
//
//   npx tsx benchmarks/baselines/r2d2-anisotropic.ts [--steps 400] [--variants old,new] [--dt 0.02] [--lr 1e-3]
//        [--eps 0.05,0.25,1] [--seed 0]
import { parseArgs } from 'node:util';
import os from 'node:os';
import { symmetricEigen64, useBackend } from '@ratedistortion/core';
import { gaussianRateDistortion, reverseWaterFilling } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2, type R2D2Options } from '@ratedistortion/estimators/r2d2';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '400' },
    variants: { type: 'string', default: 'old,new' },
    dt: { type: 'string', default: '0.02' },
    lr: { type: 'string', default: '1e-3' },
    eps: { type: 'string', default: '0.05,0.25,1' },
    seed: { type: 'string', default: '0' },
    sampling: { type: 'string', default: 'uniform' },
    hidden: { type: 'string', default: '128' },
  },
  strict: true,
});
await useBackend('wasm');
const source = sourceFromSpec({ kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 });
const eig = Float64Array.from(symmetricEigen64(source.covariance()).values);
const epsList = String(values.eps).split(',').map(Number);
const VARIANTS: Record<string, Partial<R2D2Options>> = {
  old: { inputScaling: 'diagonal', outputScaling: 'eps-score' },
  whiten: { inputScaling: 'whiten', outputScaling: 'eps-score' },
  capped: { inputScaling: 'diagonal', outputScaling: 'capped-eps-score' },
  new: { inputScaling: 'whiten', outputScaling: 'capped-eps-score' },
};
for (const v of String(values.variants).split(',')) {
  const est = new R2D2(source, {
    epsMin: Math.min(...epsList),
    epsMax: Math.max(...epsList),
    batchSize: 256,
    dt: Number(values.dt),
    hidden: String(values.hidden).split(',').map(Number),
    epsSampling: values.sampling as 'uniform' | 'log-uniform',
    learningRate: Number(values.lr),
    entropy: 'gaussian',
    evalEntropy: 'gaussian',
    seed: Number(values.seed),
    ...VARIANTS[v],
  });
  let res: Awaited<ReturnType<typeof est.train>>;
  try {
    res = await est.train({ steps: Number(values.steps) });
  } catch (e) {
    console.log(`${v}: training failed: ${(e as Error).message}`);
    est.dispose();
    continue;
  }
  const pts = est.curve(epsList, { batches: 2, batchSize: 2000 });
  for (const p of pts) {
    const truth = gaussianRateDistortion(eig, p.distortion).rate;
    const exact = reverseWaterFilling(eig, p.eps);
    console.log(
      `${v} eps=${p.eps}: R̂=${p.rate.toFixed(3)} D̂=${p.distortion.toFixed(4)} R(D̂)=${truth.toFixed(3)} ΔR@D̂=${(p.rate - truth).toFixed(3)} nats | exact R=${exact.rate.toFixed(3)} D=${exact.distortion.toFixed(4)} | ${res.steps} steps ${res.seconds.toFixed(0)} s load ${os.loadavg()[0].toFixed(1)}`,
    );
  }
  est.dispose();
}
