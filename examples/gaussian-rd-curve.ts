// The rate–distortion curve of a 2-D correlated Gaussian, in the library's units and in a peer's.
// Run: npx tsx examples/gaussian-rd-curve.ts
//
// R(D) comes from @ratedistortion/analytic (reverse water-filling on the eigenvalues of Σ). The script checks
// each point against the water-filling formula written out below and exits with status 1 on a mismatch.
import { rdPoint } from '@ratedistortion/analytic';
import { toPeerUnits } from '@ratedistortion/core';

const covariance = [
  [2, 0.5],
  [0.5, 1],
];
// Eigenvalues of a symmetric 2×2 matrix [[a, b], [b, c]]: (a + c)/2 ± √(((a − c)/2)² + b²).
const half = (covariance[0][0] + covariance[1][1]) / 2;
const r = Math.hypot((covariance[0][0] - covariance[1][1]) / 2, covariance[0][1]);
const eigenvalues = [half + r, half - r];

console.log('eps      rate (nats)  D = ½E‖X−X̂‖²  rate (bits)  SSE        method');
let worst = 0;
for (const eps of [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2]) {
  const p = rdPoint({ kind: 'gaussian', covariance }, eps);
  const peer = toPeerUnits(p, { distortion: 'sse', rate: 'bits' });
  // Water level eps: direction i keeps rate ½log(λᵢ/eps) and distortion eps/2 while λᵢ > eps, else 0 and λᵢ/2.
  const rate = eigenvalues.reduce((a, l) => a + Math.max(0, 0.5 * Math.log(l / eps)), 0);
  const distortion = eigenvalues.reduce((a, l) => a + Math.min(eps, l) / 2, 0);
  worst = Math.max(worst, Math.abs(p.rate - rate), Math.abs(p.distortion - distortion));
  console.log(
    `${eps.toFixed(2).padEnd(9)}${p.rate.toFixed(6).padEnd(13)}${p.distortion.toFixed(6).padEnd(15)}` +
      `${peer.rate.toFixed(6).padEnd(13)}${peer.distortion.toFixed(6).padEnd(11)}${p.method}`,
  );
}
console.log(`largest deviation from water-filling: ${worst.toExponential(2)}`);
if (!(worst < 1e-10)) {
  console.error('mismatch with reverse water-filling');
  process.exit(1);
}
