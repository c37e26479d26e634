// Child process of wasm-threads.test.ts: loads wasm with the thread count given (a number or 'auto'), or with the
// default (below), trains an R2D2 at d = 1 and at d = 3 and takes a few large products, and prints
// the thread count, the backend's description and a hash of every number as JSON. It ends without process.exit:
// the pool's threads must not keep it alive. `again N` then asks useBackend for N threads a second time.
import { createHash } from 'node:crypto';
import { describeCurrentBackend, tf, useBackend, wasmThreadCount } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators';

const [arg, again, secondCount] = process.argv.slice(2);
// 'env': no count (the variable, else one thread); 'wide' / 'narrow': no count, a network 160 / 64 wide in view.
const byDefault = arg === 'env' || arg === 'wide' || arg === 'narrow';
const networkWidth = arg === 'wide' ? 160 : arg === 'narrow' ? 64 : undefined;
const wasmThreads = byDefault ? undefined : arg === 'auto' ? 'auto' : Number(arg);
await useBackend('wasm', wasmThreads === undefined ? { networkWidth } : { wasmThreads });
const hash = createHash('sha256');
// WASM_THREADS_CHILD_QUICK: only load the backend (the tests of the count chosen need no training).
const quick = process.env.WASM_THREADS_CHILD_QUICK === '1';
for (const dim of quick ? [] : [1, 3]) {
  const spec = dim === 1 ? { kind: 'gaussian', variance: 1 } : { kind: 'gaussian', variance: 1, dim };
  const est = new R2D2(sourceFromSpec(spec as never), {
    epsMin: 0.1,
    epsMax: 0.9,
    batchSize: 256,
    dt: 0.05,
    hidden: [160, 160],
    entropy: 'gaussian',
    seed: 11,
  });
  await est.train({ steps: 4 });
  const ck = est.toJSON();
  hash.update(JSON.stringify([ck.weights, ck.entropyModel]));
  est.dispose();
}
// Products wide enough for XNNPACK to split them over every thread (and the transposed form the backward pass uses).
tf.tidy(() => {
  if (quick) return;
  const a = tf.randomNormal([512, 384], 0, 1, 'float32', 5);
  const b = tf.randomNormal([384, 320], 0, 1, 'float32', 6);
  hash.update(tf.matMul(a, b).dataSync());
  hash.update(tf.matMul(tf.transpose(a), tf.matMul(a, b)).dataSync());
});
let secondCall = 'not asked';
if (again === 'again') {
  try {
    await useBackend('wasm', { wasmThreads: Number(secondCount) });
    secondCall = 'accepted';
  } catch (e) {
    secondCall = `${(e as Error).name}: ${(e as Error).message}`;
  }
}
console.log(
  JSON.stringify({
    threads: wasmThreadCount(),
    described: describeCurrentBackend(),
    hash: hash.digest('hex'),
    secondCall,
  }),
);
