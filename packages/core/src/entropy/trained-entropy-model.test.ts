import { describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/index.js';
import { InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { DvNegentropyModel } from './dv.js';
import { KnifeEntropyModel } from './knife.js';
import type { TrainedEntropyModel } from './trained-entropy-model.js';

const makers: [string, () => TrainedEntropyModel][] = [
  ['KnifeEntropyModel', () => new KnifeEntropyModel({ dim: 2, components: 3, rng: new Random(4) })],
  ['DvNegentropyModel', () => new DvNegentropyModel({ dim: 2, rng: new Random(4), hidden: [8] })],
];

describe('TrainedEntropyModel (the shared life cycle of KNIFE and DV)', () => {
  it.each(makers)(
    '%s: update and fitStep are one trainSteps step; after dispose every method refuses',
    async (name, make) => {
      await useBackend('cpu');
      const rng = new Random(9);
      const x = tf.tensor2d(rng.fillNormal(new Float32Array(200)), [100, 2]);
      const before = tf.memory().numTensors;
      const [a, b, c] = [make(), make(), make()];
      a.trainSteps(x, 1);
      b.fitStep(x);
      c.update(x);
      const wa = a.getWeights();
      for (const m of [b, c]) {
        const w = m.getWeights();
        expect(w.length).toBe(wa.length);
        w.forEach((arr, i) => expect(Array.from(arr)).toEqual(Array.from(wa[i])));
      }
      for (const m of [a, b, c]) {
        m.dispose();
        m.dispose(); // idempotent
        expect(() => m.entropyTf(x)).toThrow(new RegExp(`${name} that has not been disposed`));
        expect(() => m.trainSteps(x, 1)).toThrow(InvalidParameterError);
        expect(() => m.getWeights()).toThrow(/disposed/);
      }
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    },
  );

  it('validates the shared options and the subclass options before allocating anything', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    expect(() => new KnifeEntropyModel(null as never)).toThrow(/options.*KnifeModelOptions/);
    expect(() => new DvNegentropyModel({ dim: 1.5, rng: new Random(1) })).toThrow(/Invalid dim/);
    expect(() => new DvNegentropyModel({ dim: 1, rng: 3 as never })).toThrow(/Invalid rng/);
    expect(() => new KnifeEntropyModel({ dim: 1, components: 2, rng: new Random(1), learningRate: 0 })).toThrow(
      /learningRate/,
    );
    expect(() => new KnifeEntropyModel({ dim: 1, components: 0, rng: new Random(1) })).toThrow(/Invalid components/);
    expect(() => new DvNegentropyModel({ dim: 1, rng: new Random(1), gaussianSamples: 1 })).toThrow(/gaussianSamples/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
