// The single place the library imports TensorFlow.js from. tfjs-core alone registers no gradients, so
// they are registered here as a side effect (see ./gradient-registry.ts for why file by file), together
// with the pure-JS CPU backend (always available; the test oracle for every other backend). The
// BatchMatMul gradient is replaced by the transpose-free one (./matmul-gradient.ts) because the stock
// one is ~10× slower on wasm, and the Add gradient reduces biases through matMul (./add-gradient.ts).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { stockGradConfigs } from './gradient-registry.js';
import { useMatMulGradient } from './matmul-gradient.js';
import { prodGradConfig } from './prod-gradient.js';
import { matMulReductionAddGradConfig } from './add-gradient.js';

for (const config of stockGradConfigs) tf.registerGradient(config);
tf.registerGradient(prodGradConfig);
useMatMulGradient('explicit-transpose');
tf.registerGradient(matMulReductionAddGradConfig);

export { tf };
