// The computation the browser test runs, shared by the page (Chromium) and the Node reference run, so the two
// can be compared number for number: a k-NN entropy, an analytic RD point, and a tfjs entropy on a backend.
import {
  Random,
  gaussianEntropy,
  gaussianEntropyTf,
  knnEntropy,
  tf,
  useBackend,
  type BackendName,
} from '@ratedistortion/core';
import { rdPoint } from '@ratedistortion/analytic';

export interface BrowserCheckResult {
  backend: string;
  /** rdPoint of N(0, 1) at eps = 0.25 (closed form: R = log 2, D = 0.125). */
  rate: number;
  distortion: number;
  /** Kozachenko–Leonenko entropy of 4000 seeded N(0, 1) draws (true h = ½ log 2πe). */
  knnEntropy: number;
  /** Gaussian plug-in entropy of 1000 seeded 2-D draws: float64 JavaScript and the tfjs backend (float32). */
  gaussianEntropy64: number;
  gaussianEntropyTf: number;
  tensorsLeaked: number;
  userAgent: string;
}

export async function runBrowserCheck(backend: BackendName, wasmPaths?: string): Promise<BrowserCheckResult> {
  const used = await useBackend(backend, wasmPaths === undefined ? {} : { wasmPaths });
  const p = rdPoint({ kind: 'gaussian', variance: 1 }, 0.25);
  const x = new Random(7).fillNormal(new Float64Array(4000));
  const h = knnEntropy(x).entropy;
  const rng = new Random(8);
  const y = new Float64Array(2000);
  for (let i = 0; i < 1000; i++) {
    y[2 * i] = rng.normal();
    y[2 * i + 1] = 0.5 * y[2 * i] + rng.normal();
  }
  const g64 = gaussianEntropy({ data: y, dim: 2 }).entropy;
  const before = tf.memory().numTensors;
  const gTf = tf.tidy(() => gaussianEntropyTf(tf.tensor2d(Float32Array.from(y), [1000, 2])).dataSync()[0]);
  return {
    backend: used,
    rate: p.rate,
    distortion: p.distortion,
    knnEntropy: h,
    gaussianEntropy64: g64,
    gaussianEntropyTf: gTf,
    tensorsLeaked: tf.memory().numTensors - before,
    userAgent: typeof navigator === 'undefined' ? `node ${process.version}` : navigator.userAgent,
  };
}
