// R2D2 (the paper's Alg. 1) on a 1-D unit Gaussian with a small training budget, against the closed form.
// Run: npx tsx examples/r2d2-curve.ts
//
// One amortised controller is trained for every eps in [0.1, 0.9] at once, then read out at five eps with Eq. (24):
// D̂ = ½ mean‖X₁ − X₀‖² and R̂ = (energy + eps·Ĥ(X₁) − D̂)/eps − (d/2) log(2π·eps), medians over batches. The exact
// curve is R(D) = ½ log(σ²/(2D)) nats, i.e. R = ½ log(1/eps), D = eps/2 (docs/concepts.md). The training entropy
// is the Gaussian plug-in, exact in form for this source. 400 steps (≈ 5–10 s) land within about 0.05 nats of
// the curve; the paper's 25,000 steps reach 0.01 (benchmarks/r2d2/README.md). Exits with status 1 if a point is
// more than 0.06 nats from the curve.
import { useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators';

const backend = await useBackend('wasm');
const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
const est = new R2D2(source, {
  epsMin: 0.1,
  epsMax: 0.9,
  batchSize: 256,
  dt: 0.05,
  hidden: [32],
  entropy: 'gaussian',
  seed: 1,
});
const t0 = Date.now();
const trained = await est.train({ steps: 400 });
console.log(`trained ${trained.steps} steps on ${backend} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// A point (D̂, R̂) is judged by the distance to the curve at its own distortion, R(D̂) = ½ log(σ²/(2D̂)): a short run
// lands at a slightly different slope than asked for, which is not an error of the curve.
console.log('eps    D̂ = ½E‖X₁−X₀‖²  R̂ (nats)  R(D̂) exact  R̂ − R(D̂)  R(eps) exact');
let worst = 0;
for (const eps of [0.1, 0.3, 0.5, 0.7, 0.9]) {
  const p = est.evaluate(eps, { batches: 4, batchSize: 1024 });
  const exactAtD = 0.5 * Math.log(1 / (2 * p.distortion));
  worst = Math.max(worst, Math.abs(p.rate - exactAtD));
  console.log(
    `${eps.toFixed(1)}    ${p.distortion.toFixed(4).padEnd(18)}${p.rate.toFixed(4).padEnd(11)}${exactAtD.toFixed(4).padEnd(13)}` +
      `${(p.rate - exactAtD).toFixed(4).padStart(7)}     ${(0.5 * Math.log(1 / eps)).toFixed(4)}`,
  );
}
est.dispose();
console.log(`largest |R̂ − R(D̂)|: ${worst.toFixed(4)} nats`);
if (!(worst < 0.06)) {
  console.error('R2D2 is further from the closed form than expected for this budget');
  process.exit(1);
}
