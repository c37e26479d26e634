// The library's RD numbers in the conventions of NERD, WGD, EBRD and the RD sandwich, and back.
// Run: npx tsx examples/convert-units.ts
//
// The library reports D = ½E‖X−X̂‖² (half the squared error), rates in nats, and the slope as eps = 1/β
// (docs/conventions.md). Peers differ by a factor 2 (SSE), d (per-dimension MSE) or ln 2 (bits), and parametrise
// the slope by their own multiplier. The point below is exact: a 4-D isotropic unit Gaussian at eps = 0.25 has
// R = 4·½ log(1/0.25) nats and D = 4·0.25/2. Every conversion is checked against the formula written out here, and
// fromPeerUnits must invert toPeerUnits; the script exits with status 1 otherwise.
import { rdPoint } from '@ratedistortion/analytic';
import {
  epsToNerdLambda,
  fromPeerUnits,
  natsToBits,
  nerdLambdaToEps,
  toPeerUnits,
  toPerDimMse,
  toSse,
} from '@ratedistortion/core';
import { ebrdBetaToEps, epsToEbrdBeta, epsToWgdLambda, wgdLambdaToEps } from '@ratedistortion/estimators';

const dim = 4;
const eps = 0.25;
const point = rdPoint({ kind: 'gaussian', variance: 1, dim }, eps);
const checks: [string, number, number][] = [];
const show = (label: string, got: number, expected: number) => {
  checks.push([label, got, expected]);
  console.log(`${label.padEnd(52)}${got.toFixed(6)}`);
};

console.log(
  `library: rate ${point.rate.toFixed(6)} nats, D = ½E‖X−X̂‖² = ${point.distortion.toFixed(6)} (eps = ${eps}, d = ${dim})`,
);
show('library rate, closed form (d/2)·log(1/eps)', point.rate, (dim / 2) * Math.log(1 / eps));
show('library D, closed form d·eps/2', point.distortion, (dim * eps) / 2);
show('rate in bits', natsToBits(point.rate), point.rate / Math.LN2);
show('SSE E‖X−X̂‖²', toSse(point.distortion), 2 * point.distortion);
show('per-dimension MSE E‖X−X̂‖²/d', toPerDimMse(point.distortion, dim), (2 * point.distortion) / dim);

// NERD (Lei et al. 2022): SSE and bits; the slope is λ < 0 on the SSE, λ = −1/(2·eps).
const nerd = toPeerUnits(point, { distortion: 'sse', rate: 'bits' });
show('NERD: rate (bits)', nerd.rate, point.rate / Math.LN2);
show('NERD: distortion (SSE)', nerd.distortion, 2 * point.distortion);
show('NERD: λ for this eps', epsToNerdLambda(eps), -1 / (2 * eps));
show('NERD: eps from λ = −2', nerdLambdaToEps(-2), 0.25);

// RD sandwich (Yang & Mandt): per-dimension MSE and bits.
const sandwich = toPeerUnits(point, { distortion: 'mse', rate: 'bits', dim });
show('RD sandwich: distortion (MSE per dimension)', sandwich.distortion, (2 * point.distortion) / dim);

// WGD (Yang et al. 2024): rd_lambda multiplies the distortion the user chose (half_sse, sse or mse).
show("WGD: rd_lambda for 'half_sse'", epsToWgdLambda(eps, 'half_sse', dim), 1 / eps);
show("WGD: rd_lambda for 'sse'", epsToWgdLambda(eps, 'sse', dim), 1 / (2 * eps));
show("WGD: rd_lambda for 'mse'", epsToWgdLambda(eps, 'mse', dim), dim / (2 * eps));
show("WGD: eps from rd_lambda = 8 on 'mse'", wgdLambdaToEps(8, 'mse', dim), dim / (2 * 8));

// EBRD (Wu et al.): β multiplies ‖x − y‖², so eps = 1/(2β).
show('EBRD: β for this eps', epsToEbrdBeta(eps), 1 / (2 * eps));
show('EBRD: eps from β = 2', ebrdBetaToEps(2), 0.25);

// Back from a peer's units to the library's.
const back = fromPeerUnits(sandwich, { distortion: 'mse', rate: 'bits', dim });
show('round trip: rate (nats)', back.rate, point.rate);
show('round trip: D', back.distortion, point.distortion);

const bad = checks.filter(
  ([, got, expected]) => !(Math.abs(got - expected) <= 1e-12 * Math.max(1, Math.abs(expected))),
);
if (bad.length > 0) {
  for (const [label, got, expected] of bad) console.error(`${label}: got ${got}, expected ${expected}`);
  process.exit(1);
}
console.log(`all ${checks.length} conversions agree with the formulas`);
