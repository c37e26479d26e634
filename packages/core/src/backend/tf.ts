// The single place the library imports TensorFlow.js from. tfjs-core alone registers no gradients, so
// they are registered here as a side effect (see ./gradient-registry.ts for why file by file), together
// with the pure-JS CPU backend (always available; the test oracle for every other backend). The
// BatchMatMul gradient is replaced by the transpose-free one (./matmul-gradient.ts) because the stock
// one is ~10× slower on wasm, the Add gradient reduces biases through matMul (./add-gradient.ts), and the
// LeakyRelu gradient multiplies by a step instead of masking and selecting (./leaky-relu-gradient.ts).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { stockGradConfigs } from './gradient-registry.js';
import { useMatMulGradient } from './matmul-gradient.js';
import { prodGradConfig } from './prod-gradient.js';
import { matMulReductionAddGradConfig } from './add-gradient.js';
import { stepLeakyReluGradConfig } from './leaky-relu-gradient.js';

for (const config of stockGradConfigs) tf.registerGradient(config);
tf.registerGradient(prodGradConfig);
useMatMulGradient('explicit-transpose');
tf.registerGradient(matMulReductionAddGradConfig);
tf.registerGradient(stepLeakyReluGradConfig);

// tfjs-backend-cpu prints a "Hi, looks like you are running TensorFlow.js in Node.js ... install our node
// backend" banner on the first tensor of every cpu backend instance in Node. The library's advice on backends is
// different (wasm by default; docs/backends.md) and the banner lands in users' consoles and notebook outputs, so
// every cpu instance tfjs creates starts marked as used. Nothing else tfjs warns about is affected.
const cpuEntry = tf.engine().registryFactory.cpu;
if (cpuEntry !== undefined) {
  const createCpu = cpuEntry.factory;
  cpuEntry.factory = () => {
    const backend = createCpu();
    if (!(backend instanceof Promise) && 'firstUse' in backend) (backend as { firstUse: boolean }).firstUse = false;
    return backend;
  };
}

/**
 * TensorFlow.js (`@tensorflow/tfjs-core`) with the gradients the library registers and the cpu backend loaded.
 * Import it from here, not from tfjs directly, so that every gradient the library relies on is registered.
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * const sum = tf.tidy(() => tf.sum(tf.square(tf.tensor1d([1, 2, 3]))).dataSync()[0]);
 * console.log(sum); // 14
 * ```
 */
export { tf };
