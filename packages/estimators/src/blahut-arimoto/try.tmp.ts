import { Random } from '@ratedistortion/core';
import { BlahutArimotoEstimator } from './index.js';
const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
for (const density of ['histogram', 'kde'] as const) {
  const t0 = performance.now();
  const est = new BlahutArimotoEstimator(source, { eps: [0.1, 0.5], samples: 100000, density, replicates: 4, seed: 1 });
  await est.train({ steps: 100 });
  const t1 = performance.now();
  for (const eps of [0.1, 0.5]) { const p = est.evaluate(eps); console.log(density, eps, p.rate.toFixed(5), (0.5*Math.log(1/eps)).toFixed(5), p.distortion.toFixed(5), p.rateIqr.map(v=>v.toFixed(4)), p.converged, p.rateLowerBound.toFixed(5)); }
  console.log('time', ((t1 - t0) / 1000).toFixed(2));
}
const src2 = { dim: 2, sample: (n: number, rng: Random) => { const d = rng.fillNormal(new Float64Array(2 * n)); for (let i = 0; i < n; i++) d[2*i+1] *= 0.5; return { n, dim: 2, data: d }; } };
for (const density of ['histogram', 'kde'] as const) {
  const t0 = performance.now();
  const est = new BlahutArimotoEstimator(src2, { eps: [0.1, 0.5], samples: 100000, density, seed: 1 });
  await est.train({ steps: 100 });
  for (const eps of [0.1, 0.5]) { const p = est.evaluate(eps); console.log('2d', density, eps, p.rate.toFixed(5), p.distortion.toFixed(5), p.converged); }
  console.log('time', ((performance.now() - t0) / 1000).toFixed(2));
}
