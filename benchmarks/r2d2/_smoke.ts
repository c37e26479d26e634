import { Random, useBackend, tf } from '@ratedistortion/core';
import { R2D2 } from '../../packages/estimators/src/r2d2/index.js';
const backend = process.argv[2] ?? 'cpu';
const entropy = (process.argv[3] ?? 'gaussian') as 'gaussian' | 'dv';
await useBackend(backend as 'cpu');
const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }), mean: () => new Float64Array([0]), covariance: () => [new Float64Array([1])] };
const est = new R2D2(source, { epsMin: 0.025, epsMax: 0.975, batch: 512, dt: 0.01, hidden: [128], entropy, seed: 1 });
const t0 = performance.now();
const r = await est.train({ steps: Number(process.argv[4] ?? 20), progressEvery: 10, onProgress: (p) => console.log(p.step, p.loss.toFixed(4), p.eps.toFixed(3), p.rate.toFixed(3), (0.5*Math.log(1/(2*p.distortion))).toFixed(3), p.stepsPerSecond.toFixed(2)) });
console.log(backend, entropy, 'steps/s', r.stepsPerSecond, 'tensors', tf.memory().numTensors);
for (const eps of [0.1, 0.5, 0.9]) { const p = est.evaluate(eps, { batches: 4, batchSize: 1024 }); console.log(eps, p.rate, p.distortion, 0.5*Math.log(1/(2*p.distortion))); }
est.dispose();
console.log('ms', performance.now() - t0);
