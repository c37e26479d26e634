import { runCurve } from '@ratedistortion/estimators';
const eps = process.argv[2].split(',').map(Number);
const workers = Number(process.argv[3]);
const t0 = performance.now();
const r = await runCurve({
  source: { kind: 'gaussian', variance: 1 },
  method: 'nerd',
  eps,
  steps: 50,
  seed: 0,
  backend: 'wasm',
  workers,
});
console.log(JSON.stringify({ eps, workers, wall: (performance.now() - t0) / 1000, train: r.train.seconds }));
