// The matMul-reduction Add gradient against the stock tfjs rule and against float64 sums, on every backend.
import { expect, it } from 'vitest';
import { addGradConfig } from '@tensorflow/tfjs-core/dist/gradients/Add_grad.js';
import { tf } from './tf.js';
import { matMulReductionAddGradConfig } from './add-gradient.js';
import { describeOnEachBackend } from './each-backend.test-util.js';

const shapes: [number[], number[]][] = [
  [
    [6, 4],
    [1, 4],
  ], // bias row: the matMul path
  [[6, 4], [4]], // bias vector: the matMul path
  [
    [6, 4],
    [6, 4],
  ], // no broadcast
  [[6, 4], []], // scalar
  [
    [6, 1],
    [1, 4],
  ], // both broadcast: reductions over axis 1 and 0 of a [6, 4] dy
  [[2, 3, 4], [4]], // rank 3: the stock path
];

function grads(config: tf.GradConfig, aShape: number[], bShape: number[], w: tf.Tensor) {
  tf.registerGradient(config);
  return tf.tidy(() => {
    const a = tf.variable(
      tf.div(
        tf.reshape(
          tf.range(
            0,
            aShape.reduce((x, y) => x * y, 1),
          ),
          aShape,
        ),
        7,
      ),
      true,
    );
    const b = tf.variable(
      tf.div(
        tf.reshape(
          tf.range(
            0,
            Math.max(
              1,
              bShape.reduce((x, y) => x * y, 1),
            ),
          ),
          bShape,
        ),
        5,
      ),
      true,
    );
    const { grads: g } = tf.variableGrads(() => tf.sum(tf.mul(tf.add(a, b), w)), [a, b]);
    const out = [Array.from(g[a.name].dataSync()), Array.from(g[b.name].dataSync()), g[a.name].shape, g[b.name].shape];
    a.dispose();
    b.dispose();
    return out;
  });
}

describeOnEachBackend('matMul-reduction Add gradient', () => {
  it('equals the stock gradient and the float64 sums of the upstream gradient for every broadcast', () => {
    for (const [aShape, bShape] of shapes) {
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(aShape, bShape);
      const size = outShape.reduce((x, y) => x * y, 1);
      const wData = Float32Array.from({ length: size }, (_, i) => Math.sin(i + 1));
      const w = tf.tensor(wData, outShape);
      const before = tf.memory().numTensors;
      const ours = grads(matMulReductionAddGradConfig, aShape, bShape, w);
      const stock = grads(addGradConfig, aShape, bShape, w);
      tf.registerGradient(matMulReductionAddGradConfig);
      expect(tf.memory().numTensors).toBe(before);
      expect(ours[2]).toEqual(aShape);
      expect(ours[3]).toEqual(bShape);
      for (let k = 0; k < 2; k++) {
        const o = ours[k] as number[];
        const s = stock[k] as number[];
        o.forEach((v, i) => expect(v).toBeCloseTo(s[i], 5));
      }
      // float64 reference for b's gradient: sum of w over the broadcast axes.
      const bSize = Math.max(
        1,
        bShape.reduce((x, y) => x * y, 1),
      );
      const ref = new Float64Array(bSize);
      const bFull = [...Array(outShape.length - bShape.length).fill(1), ...bShape];
      for (let i = 0; i < size; i++) {
        let rem = i;
        let bi = 0;
        let stride = 1;
        const idx: number[] = [];
        for (let d = outShape.length - 1; d >= 0; d--) {
          idx[d] = rem % outShape[d];
          rem = Math.floor(rem / outShape[d]);
        }
        for (let d = outShape.length - 1; d >= 0; d--) {
          bi += (bFull[d] === 1 ? 0 : idx[d]) * stride;
          stride *= bFull[d];
        }
        ref[bi] += wData[i];
      }
      (ours[1] as number[]).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 5));
      w.dispose();
    }
  });
});
