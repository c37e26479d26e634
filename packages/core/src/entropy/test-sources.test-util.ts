// Test sources with closed-form differential entropies (nats), drawn from the seeded Random.
// Used only by the *.test.ts files of this folder; not re-exported from the package.
import { cholesky64 } from '../linalg/cholesky.js';
import { Random } from '../random/random.js';
import type { Samples } from '../samples/samples.js';

export interface TestSource {
  name: string;
  samples: Samples;
  /** Exact differential entropy of the source distribution. */
  entropy: number;
  /** Entropy of the Gaussian with the source's covariance (H + negentropy). */
  gaussianEntropy: number;
  /** Excess kurtosis + 3 of each coordinate (3 for Gaussian): sets the plug-in Gaussian estimator's variance. */
  kurtosis: number;
}

const LOG_2PIE = Math.log(2 * Math.PI * Math.E);

/** N(0, Σ) with Σ_ij = s_i s_j ρ^|i−j| (ρ = 0.6, s_i = 0.5 + 0.25 i): non-diagonal, anisotropic. */
export function gaussianSource(n: number, d: number, seed: number): TestSource {
  const rho = 0.6;
  const s = Array.from({ length: d }, (_, i) => 0.5 + 0.25 * i);
  const cov = s.map((si, i) => s.map((sj, j) => si * sj * rho ** Math.abs(i - j)));
  const L = cholesky64(cov);
  const rng = new Random(seed);
  const data = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    rng.fillNormal(z);
    for (let a = 0; a < d; a++) {
      let t = 0;
      for (let b = 0; b <= a; b++) t += L[a][b] * z[b];
      data[r * d + a] = t;
    }
  }
  // det of the AR(1) correlation matrix is (1 − ρ²)^(d−1).
  let H = 0.5 * d * LOG_2PIE + 0.5 * (d - 1) * Math.log(1 - rho * rho);
  for (const v of s) H += Math.log(v);
  return { name: `gaussian d=${d}`, samples: { n, dim: d, data }, entropy: H, gaussianEntropy: H, kurtosis: 3 };
}

/** Uniform on the box Π [0, i+1]: H = Σ log(side). */
export function uniformBoxSource(n: number, d: number, seed: number): TestSource {
  const rng = new Random(seed);
  const sides = Array.from({ length: d }, (_, i) => i + 1);
  const data = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) data[r * d + j] = sides[j] * rng.uniform();
  const H = sides.reduce((h, a) => h + Math.log(a), 0);
  // Var = a²/12 per coordinate.
  const Hg = sides.reduce((h, a) => h + 0.5 * Math.log((2 * Math.PI * Math.E * a * a) / 12), 0);
  return { name: `uniform box d=${d}`, samples: { n, dim: d, data }, entropy: H, gaussianEntropy: Hg, kurtosis: 1.8 };
}

/** Independent Laplace coordinates with scales b_i = 1 + 0.5 i: H = Σ (1 + log 2b_i). */
export function laplaceSource(n: number, d: number, seed: number): TestSource {
  const rng = new Random(seed);
  const b = Array.from({ length: d }, (_, i) => 1 + 0.5 * i);
  const data = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) data[r * d + j] = b[j] * (rng.uniform() < 0.5 ? -1 : 1) * rng.exponential();
  }
  const H = b.reduce((h, v) => h + 1 + Math.log(2 * v), 0);
  // Var = 2b² per coordinate.
  const Hg = b.reduce((h, v) => h + 0.5 * Math.log(2 * Math.PI * Math.E * 2 * v * v), 0);
  return { name: `laplace d=${d}`, samples: { n, dim: d, data }, entropy: H, gaussianEntropy: Hg, kurtosis: 6 };
}
