// The exact reconstruction law P1 of a Gaussian mixture and the optimal (BHE) drift that produces it.
// Run: npx tsx examples/gmm-reconstruction-density.ts
//
// For the paper's mixture #1 (Fig. 4/8: weights ⅓, means −0.4, 0, 0.4, variances 0.04, 0.05, 0.06) and
// eps < 0.04 (the smallest variance: the BHE validity limit), the backward heat equation has the solution
// p_t = Σ wᵢ N(μᵢ, σᵢ² − eps·t), so the optimal reconstruction law is P1 = Σ wᵢ N(μᵢ, σᵢ² − eps). The script
//  1. prints P1's components (GaussianMixture.atTime),
//  2. simulates the optimal SDE dX = eps·∇log p_t(X) dt + √eps dW from X₀ ~ P0 (mixtureOptimalDrift + solveSde64),
//  3. compares the histogram of X₁ with the density of P1 and D̂ = ½E(X₁ − X₀)² with eps/2,
//  4. prints the exact R(eps) = h(P0) − ½ log(2πe·eps) (mixtureRateDistortion),
//  5. shows that eps above the validity limit is refused with a ValidityRangeError.
// Exits with status 1 if D̂ is more than 4 standard errors + 1 % from eps/2 (the 1 % bounds the O(Δt) bias of 100
// Euler steps), if a histogram bin misses p1 by more than 0.1 (bins of width 0.05 hold ≈ 1600 of the 40,000
// samples: SD of the density ≈ 0.02, so 0.1 is 5 SD), or if the histogram is not closer to P1 than to P0.
import { GaussianMixture, mixtureOptimalDrift, mixtureRateDistortion } from '@ratedistortion/analytic';
import { Random, ValidityRangeError, solveSde64, uniformGrid } from '@ratedistortion/core';

const spec = {
  kind: 'gmm' as const,
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
};
const eps = 0.02;
const p0 = GaussianMixture.fromSpec(spec);
const p1 = p0.atTime(eps, 1);
console.log(`BHE validity limit: eps < ${p0.bheValidityLimit}; eps = ${eps}`);
console.log(`P1 = Σ ⅓ N(μᵢ, σᵢ² − eps): variances ${spec.variances.map((v) => (v - eps).toFixed(3)).join(', ')}`);

const n = 40_000;
const x0 = p0.sample(n, new Random(1));
const { x1 } = solveSde64({
  drift: mixtureOptimalDrift(p0, eps),
  x0,
  sigma: Math.sqrt(eps),
  grid: uniformGrid(100),
  rng: new Random(2),
});

let s = 0;
let s2 = 0;
for (let i = 0; i < n; i++) {
  const d = 0.5 * (x1.data[i] - x0.data[i]) ** 2;
  s += d;
  s2 += d * d;
}
const dHat = s / n;
const se = Math.sqrt((s2 / n - dHat * dHat) / n);
console.log(`D̂ = ½E(X₁ − X₀)² = ${dHat.toFixed(5)} ± ${se.toFixed(5)}  (eps/2 = ${eps / 2})`);

console.log('x        histogram of X₁   p1(x) exact   p0(x)');
const width = 0.05;
let worstBin = 0;
let ss1 = 0;
let ss0 = 0;
for (let c = -0.6; c <= 0.6 + 1e-9; c += 0.1) {
  let count = 0;
  for (let i = 0; i < n; i++) if (Math.abs(x1.data[i] - c) < width / 2) count++;
  const hist = count / (n * width);
  const exact = p1.density([c])[0];
  worstBin = Math.max(worstBin, Math.abs(hist - exact));
  ss1 += (hist - exact) ** 2;
  ss0 += (hist - p0.density([c])[0]) ** 2;
  console.log(
    `${c.toFixed(2).padStart(5)}    ${hist.toFixed(3).padEnd(18)}${exact.toFixed(3).padEnd(14)}${p0.density([c])[0].toFixed(3)}`,
  );
}

const point = mixtureRateDistortion(spec, eps);
console.log(
  `exact R(${eps}) = ${point.rate.toFixed(4)} nats (h(P0) = ${point.entropy.entropy.toFixed(4)}), D = ${point.distortion}`,
);

try {
  mixtureOptimalDrift(p0, 0.05);
  console.error('eps = 0.05 should be outside the validity range');
  process.exit(1);
} catch (err) {
  if (!(err instanceof ValidityRangeError)) throw err;
  console.log(`eps = 0.05: ${err.message}`);
}

console.log(`squared histogram distance to p1: ${ss1.toFixed(4)}, to p0: ${ss0.toFixed(4)}`);
if (!(Math.abs(dHat - eps / 2) < 4 * se + 0.01 * (eps / 2)) || !(worstBin < 0.1) || !(ss1 < ss0)) {
  console.error(`mismatch: |D̂ − eps/2| = ${Math.abs(dHat - eps / 2)}, worst histogram bin off by ${worstBin}`);
  process.exit(1);
}
