import { Random, useBackend, tf } from '@ratedistortion/core';
import { NERD } from './index.js';
const backend = process.argv[2] ?? 'cpu';
await useBackend(backend as 'cpu');
const source = { dim: 1, sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }) };
for (const eps of [0.1, 0.5]) {
  const est = new NERD(source, { eps, ySamples: 4000, evalYSamples: 8000, seed: 1, ...(process.argv[3] ? { hidden: [32, 32] } : {}) });
  const t0 = performance.now();
  const res = await est.train({ steps: Number(process.argv[4] ?? 300), progressEvery: 100, onProgress: (p) => console.log(p.step, p.loss.toFixed(4), p.rate.toFixed(4), p.distortion.toFixed(4)) });
  const p = est.evaluate(eps, { batches: 4, batchSize: 1000 });
  console.log(eps, 'truth', 0.5 * Math.log(1 / eps), 'est', p.rate, p.distortion, 'train s', res.seconds, 'eval s', (performance.now() - t0) / 1000 - res.seconds, tf.memory().numTensors);
  est.dispose();
}
