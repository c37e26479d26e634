// The step-form LeakyRelu gradient against tfjs's stock rule (bit for bit) and the exact slope, on every backend.
import { expect, it, vi } from 'vitest';
import { leakyReluGradConfig } from '@tensorflow/tfjs-core/dist/gradients/LeakyRelu_grad.js';
import { tf } from './tf.js';
import { stepLeakyReluGradConfig } from './leaky-relu-gradient.js';
import { describeOnEachBackend } from './each-backend.test-util.js';

// x covers both signs, exact zeros (where both rules take the alpha slope) and tiny and large magnitudes.
const xs = Float32Array.from([-3, -1e-30, 0, 0, 1e-30, 0.5, 2, -0.25, 7e10, -7e10, 1, -1]);
const dys = Float32Array.from([0.3, -1.7, 2.5, -0.1, 4, 1e-20, -3e3, 0.7, 1.5, -2.25, 0, -0]);

function gradWith(config: tf.GradConfig, alpha: number): Float32Array {
  tf.registerGradient(config);
  try {
    return tf.tidy(() => {
      const x = tf.tensor2d(xs, [3, 4]);
      const dy = tf.tensor2d(dys, [3, 4]);
      const g = tf.grad((t) => tf.sum(tf.mul(tf.leakyRelu(t as tf.Tensor2D, alpha), dy)))(x);
      return g.dataSync() as Float32Array;
    });
  } finally {
    tf.registerGradient(stepLeakyReluGradConfig);
  }
}

describeOnEachBackend('step-form LeakyRelu gradient', () => {
  it('is registered on import', () => {
    expect(tf.getGradient(tf.LeakyRelu)).toBe(stepLeakyReluGradConfig);
  });

  it.each([0.01, 0.2, 0])('equals the stock rule bit for bit and the exact slope (alpha = %s)', (alpha) => {
    const before = tf.memory().numTensors;
    const ours = gradWith(stepLeakyReluGradConfig, alpha);
    const stock = gradWith(leakyReluGradConfig, alpha);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < xs.length; i++) {
      expect(ours[i]).toBe(stock[i]);
      expect(ours[i]).toBe(Math.fround(dys[i] * (xs[i] > 0 ? 1 : Math.fround(alpha))));
    }
  });

  it('launches no Greater or Select kernel', () => {
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    try {
      gradWith(stepLeakyReluGradConfig, 0.01);
      const names = spy.mock.calls.map(([name]) => name);
      expect(names).toContain(tf.Step);
      expect(names).not.toContain(tf.Greater);
      expect(names).not.toContain(tf.Select);
    } finally {
      spy.mockRestore();
    }
  });
});
