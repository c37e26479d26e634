import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/index.js';
import { MLP_ACTIVATIONS, activationTf, type MlpActivation } from './activation.js';

const inputs = [-3, -0.5, 0, 0.7, 2];
const reference: Record<MlpActivation, (v: number) => number> = {
  'leaky-relu': (v) => (v < 0 ? 0.01 * v : v),
  relu: (v) => Math.max(0, v),
  tanh: Math.tanh,
  silu: (v) => v / (1 + Math.exp(-v)),
};

describe('activationTf', () => {
  it.each(MLP_ACTIVATIONS.map((a) => [a]))('%s matches its float64 formula', async (a) => {
    await useBackend('cpu');
    const x = tf.tensor2d([inputs]);
    const y = activationTf(x, a);
    const got = Array.from(y.dataSync());
    inputs.forEach((v, i) => expect(got[i]).toBeCloseTo(reference[a](v), 6));
    tf.dispose([x, y]);
  });

  it('lists every activation once', () => {
    expect([...MLP_ACTIVATIONS].sort()).toEqual(Object.keys(reference).sort());
  });
});
