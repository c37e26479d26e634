// Child process of default-backend.test.ts: trains a tiny R2D2 the way a library user would, with (`create`)
// or without (`new`) choosing, or on cpu (`cpu`, where tfjs would print its Node banner), a backend, and prints the backend and the losses as JSON;
// `ensure` only calls ensureDefaultBackend before any tensor exists.
import { type Random, currentBackend, ensureDefaultBackend, useBackend } from '@ratedistortion/core';
import { R2D2 } from '@ratedistortion/estimators';

const source = {
  dim: 1,
  sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
};
const options = {
  epsMin: 0.2,
  epsMax: 0.8,
  batchSize: 64,
  dt: 0.1,
  hidden: [8],
  entropy: 'gaussian' as const,
  seed: 3,
};
if (process.argv[2] === 'ensure') {
  // Before any tensor exists (tfjs has picked no backend yet).
  console.log(JSON.stringify({ backend: await ensureDefaultBackend(), losses: [] }));
  process.exit(0);
}
if (process.argv[2] === 'cpu') await useBackend('cpu');
const est = process.argv[2] === 'create' ? await R2D2.create(source, options) : new R2D2(source, options);
const losses: number[] = [];
await est.train({ steps: 3, progressEvery: 1, onProgress: (p) => losses.push(p.loss) });
console.log(JSON.stringify({ backend: currentBackend(), losses }));
est.dispose();
