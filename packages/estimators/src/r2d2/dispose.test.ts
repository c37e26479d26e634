// An R2D2 estimator owns tensors (controller, optimiser moments, entropy model, scaling constants): after
// dispose() none may remain, whether it was built fresh or restored from a checkpoint.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Random, tf, useBackend } from '@ratedistortion/core';
import { R2D2 } from './r2d2.js';

const source = {
  dim: 1,
  sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
};

beforeAll(async () => {
  await useBackend('cpu');
});

describe('R2D2 dispose', () => {
  for (const entropy of ['gaussian', 'dv'] as const) {
    it(`frees every tensor it allocated (entropy ${entropy}), fresh and restored from JSON`, async () => {
      const baseline = tf.memory().numTensors;
      const est = new R2D2(source, { epsMin: 0.2, epsMax: 0.8, batchSize: 32, dt: 0.1, hidden: [8], entropy, seed: 3 });
      await est.train({ steps: 2 });
      const ckpt = JSON.parse(JSON.stringify(est.toJSON()));
      est.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
      const restored = R2D2.fromJSON(ckpt, source);
      await restored.train({ steps: 1 });
      restored.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    });
  }
});
