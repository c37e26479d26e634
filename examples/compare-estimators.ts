// Several RD estimators on one source through runCurves, each against the closed form.
// Run: npx tsx examples/compare-estimators.ts
//
// Source: a 2-D Gaussian with variances 1 and 0.25. Reverse water-filling gives R(eps) = Σᵢ max(0, ½ log(λᵢ/eps))
// nats and D = Σᵢ min(eps, λᵢ)/2; runCurves attaches that reference to every point (`reference`, `rateError`).
// The neural methods get a budget of seconds here, far below what they need to converge (docs/choosing-an-estimator.md
// lists the budgets and errors measured in this repository), so their rows show the *kind* of error each makes at a
// small budget. Blahut–Arimoto needs no training and is checked: the script exits with status 1 if its rates are
// more than 0.05 nats from the closed form, or if any method returns a non-finite point.
import { runCurves } from '@ratedistortion/estimators';

const source = {
  kind: 'gaussian',
  covariance: [
    [1, 0],
    [0, 0.25],
  ],
};
const eps = [0.1, 0.4];
const t0 = Date.now();
const results = await runCurves({
  source,
  methods: ['r2d2', 'nerd', 'wgd', 'ba'],
  eps,
  steps: 150,
  batchSize: 128,
  backend: 'wasm',
  evalBatches: 4,
  evalBatchSize: 512,
  r2d2: { dt: 0.05, hidden: [32], entropy: 'gaussian' },
  nerd: { ySamples: 500, evalYSamples: 2000 },
  wgd: { particles: 500 },
  ba: { samples: 20000, points: 40 },
});
console.log(`source ${JSON.stringify(source)}, ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
console.log('method  eps    rate (nats)  exact    error     D = ½E‖X−X̂‖²  exact D');
let baWorst = 0;
let finite = true;
for (const r of results) {
  for (const p of r.points) {
    const ref = p.reference!;
    const error = p.rate - ref.rate;
    if (r.method === 'ba') baWorst = Math.max(baWorst, Math.abs(error));
    finite &&= Number.isFinite(p.rate) && Number.isFinite(p.distortion);
    console.log(
      `${r.method.padEnd(8)}${p.eps.toFixed(2).padEnd(7)}${p.rate.toFixed(4).padEnd(13)}${ref.rate.toFixed(4).padEnd(9)}` +
        `${error.toFixed(4).padStart(7)}   ${p.distortion.toFixed(4).padEnd(15)}${ref.distortion.toFixed(4)}`,
    );
  }
}
console.log(`Blahut–Arimoto: largest |rate error| ${baWorst.toFixed(4)} nats`);
if (!finite || !(baWorst < 0.05)) {
  console.error('an estimator returned a non-finite point or Blahut–Arimoto missed the closed form');
  process.exit(1);
}
