// The shared class behaviour of the trained estimators: dim/steps, curve checking the whole list first, the
// disposed guard, and a checkpoint refused for a source of another dimension.
import { DimensionMismatchError, InvalidParameterError, type Random } from '@ratedistortion/core';
import { describe, expect, it } from 'vitest';
import { EBRD } from '../ebrd/ebrd.js';
import { NERD } from '../nerd/nerd.js';
import { R2D2 } from '../r2d2/r2d2.js';
import { WGD } from '../wgd/wgd.js';
import { EstimatorBase } from './estimator-base.js';

const source = (dim: number) => ({
  dim,
  sample: (n: number, rng: Random) => ({ n, dim, data: rng.fillNormal(new Float64Array(n * dim)) }),
});

const builders = [
  ['r2d2', (d: number) => new R2D2(source(d), { epsMin: 0.2, epsMax: 0.8, hidden: [4], dt: 0.1, batchSize: 16 })],
  ['nerd', (d: number) => new NERD(source(d), { eps: 0.5, hidden: [4], ySamples: 64, batchSize: 16 })],
  ['wgd', (d: number) => new WGD(source(d), { eps: 0.5, particles: 8, batchSize: 16 })],
  ['ebrd', (d: number) => new EBRD(source(d), { eps: 0.5, hidden: [4] })],
] as const;

describe('EstimatorBase', () => {
  for (const [name, build] of builders) {
    it(`${name}: dim, steps, curve checks every eps first, disposed guard, checkpoint of another dimension refused`, () => {
      const est = build(2);
      expect(est).toBeInstanceOf(EstimatorBase);
      expect(est.dim).toBe(2);
      expect(est.steps).toBe(0);
      // The bad entry is last: nothing is read out before the list is refused.
      expect(() => est.curve([0.5, -1])).toThrow(InvalidParameterError);
      const ck = JSON.stringify(est.toJSON());
      const restore = { r2d2: R2D2, nerd: NERD, wgd: WGD, ebrd: EBRD }[name];
      expect(() => restore.fromJSON(ck, source(3))).toThrow(DimensionMismatchError);
      expect(() => restore.fromJSON(ck, source(3))).toThrow(/trained on another dimension/);
      est.dispose();
      expect(() => est.curve([0.5])).toThrow(/not been disposed/);
    });
  }
});
