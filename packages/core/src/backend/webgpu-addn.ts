// tfjs-webgpu's AddN binds one storage buffer per input, and WebGPU caps storage buffers per shader stage (8 by
// default; the adapter's maximum is requested, e.g. 8 on llvmpipe). Autodiff sums the gradients of a tensor used at
// every time step of a rollout with one AddN of ~100 inputs, whose pipeline the device rejects (the result is then
// silently NaN). This kernel sums in chunks that fit. Registered for 'webgpu' only; internal to core.
import * as tf from '@tensorflow/tfjs-core';

let installed = false;

/** Replace webgpu's AddN by a chunked one; `maxInputs` is the device's storage-buffer limit minus the output. */
export function installChunkedAddN(maxInputs: number): void {
  if (installed) return;
  const stock = tf.getKernel(tf.AddN, 'webgpu');
  if (stock === undefined) return;
  const chunk = Math.max(2, maxInputs);
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({
    kernelName: tf.AddN,
    backendName: 'webgpu',
    kernelFunc: (args) => {
      let inputs = args.inputs as unknown as tf.TensorInfo[];
      const backend = args.backend as tf.KernelBackend & { disposeData(id: object): void };
      const made: tf.TensorInfo[] = [];
      while (inputs.length > chunk) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < inputs.length; i += chunk) {
          const part = inputs.slice(i, i + chunk);
          if (part.length === 1) {
            next.push(part[0]);
            continue;
          }
          const sum = stock.kernelFunc({ ...args, inputs: part as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
          made.push(sum);
          next.push(sum);
        }
        inputs = next;
      }
      const out = stock.kernelFunc({ ...args, inputs: inputs as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
      for (const t of made) backend.disposeData(t.dataId);
      return out;
    },
  });
  installed = true;
}
