// controlEnergyTf against the op-by-op energy addN(mul(sum(square(u_i)), ½Δt_i/n)) it computes as one op: values and
// gradients w.r.t. every drift bit-identical under tfjs's autodiff of that form, on a uniform and a non-uniform grid,
// on every host backend; and the closed form on a small case.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { backendsForTests, useBackend } from '../backend/use-backend.js';
import { Random } from '../random/random.js';
import { customGrid, stepSizes, type TimeGrid, uniformGrid } from '../sde/grid.js';
import { controlEnergyTf } from './energy.js';

/** Energy and its gradient w.r.t. each drift (the loss is energy·3 + a term through the drifts too). */
function energyAndGrads(grid: TimeGrid, opByOp: boolean, seed: number) {
  const rng = new Random(seed);
  const k = grid.times.length - 1;
  const n = 16;
  const drifts = Array.from({ length: k }, () =>
    tf.tensor2d(Float32Array.from(rng.fillNormal(new Float64Array(n * 2))), [n, 2]),
  );
  const dt = stepSizes(grid);
  const f = (...us: tf.Tensor[]): tf.Scalar => {
    const energy = opByOp
      ? tf.addN(us.map((u, i) => tf.mul(tf.sum(tf.square(u)), (0.5 * dt[i]) / n)))
      : controlEnergyTf(us as tf.Tensor2D[], grid);
    // Another use of each drift, so that gradients are accumulated as in a rollout.
    return tf.add(tf.mul(energy, 3), tf.addN(us.map((u) => tf.sum(tf.sin(u))))) as tf.Scalar;
  };
  const { value, grads } = tf.valueAndGrads(f)(drifts);
  const out = { value: value.dataSync()[0], grads: grads.map((g) => Array.from(g.dataSync())) };
  tf.dispose([value, ...grads, ...drifts]);
  return out;
}

for (const backend of backendsForTests()) {
  describe(`controlEnergyTf on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    it.each([
      ['a uniform grid of 12 steps', uniformGrid(12)],
      ['a non-uniform grid', customGrid([0, 0.05, 0.2, 0.25, 0.6, 1])],
      ['one step', uniformGrid(1)],
    ])('on %s: value and gradients bit-identical to the op-by-op form, no tensors left', (_, grid) => {
      const before = tf.memory().numTensors;
      const reference = energyAndGrads(grid, true, 7);
      const ours = energyAndGrads(grid, false, 7);
      expect(tf.memory().numTensors).toBe(before);
      expect(ours.value).toBe(reference.value);
      expect(ours.grads).toEqual(reference.grads);
    });

    it('is ½ Σ ‖u‖² Δt averaged over the batch', () => {
      const drifts = [tf.tensor2d([[1], [3]]), tf.tensor2d([[2], [2]])];
      const e = controlEnergyTf(drifts, uniformGrid(2));
      expect(e.dataSync()[0]).toBeCloseTo(0.5 * ((0.5 * (1 + 9)) / 2 + (0.5 * (4 + 4)) / 2), 6);
      tf.dispose([e, ...drifts]);
    });
  });
}
