import { Random } from '@ratedistortion/core';
import { gaussianRateDistortion } from '@ratedistortion/analytic';
import { WGD } from './index.js';
const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
for (const seed of [2, 3, 4]) {
const eps = 0.25;
const est = new WGD(source, { eps, particles: 200, batch: 512, learningRate: 0.2 * eps, scheduleSteps: 400, seed, lowerBoundMeanShift: 3 });
let t0 = performance.now();
await est.train({ steps: 400 });
let t1 = performance.now();
const p = est.evaluate(eps, { batches: 16, batchSize: 8192 });
let t2 = performance.now();
const tr = gaussianRateDistortion([1], p.distortion).rate;
console.log(seed, ((t1-t0)/1000).toFixed(2), ((t2-t1)/1000).toFixed(2), 'R', p.rate.toFixed(5), 'R(D)', tr.toFixed(5), 'lb', p.rateLowerBound.toFixed(5), 'L', p.lagrangian.toFixed(5), 'opt', (0.5*Math.log(4)+0.5).toFixed(5));
}
