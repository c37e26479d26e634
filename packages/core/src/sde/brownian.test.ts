import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, NonFiniteValueError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { BrownianIncrements, brownianFromIncrements, brownianIncrements, drawBrownianIncrements } from './brownian.js';
import { customGrid, uniformGrid } from './grid.js';

describe('Brownian increments', () => {
  it('ΔW ~ N(0, h) and H ~ N(0, h/12) independent of ΔW, within Monte Carlo error', () => {
    const n = 20_000;
    const dim = 2;
    const N = n * dim;
    const grid = customGrid([0, 0.01, 0.3]);
    const bm = new BrownianIncrements(new Random(11), { n, dim, grid });
    for (let step = 0; step < 2; step++) {
      const h = grid.times[step + 1] - grid.times[step];
      const dW = new Float64Array(N);
      const H = new Float64Array(N);
      bm.increment(step, dW, H);
      let sw = 0,
        sww = 0,
        sh = 0,
        shh = 0,
        swh = 0;
      for (let k = 0; k < N; k++) {
        const w = dW[k] / Math.sqrt(h);
        const a = H[k] / Math.sqrt(h / 12);
        sw += w;
        sww += w * w;
        sh += a;
        shh += a * a;
        swh += w * a;
      }
      // Standardised draws: SE(mean) = 1/√N, SE(second moment) = √(2/N), SE(cross moment) = 1/√N; 5 SE bounds.
      expect(Math.abs(sw / N)).toBeLessThan(5 / Math.sqrt(N));
      expect(Math.abs(sh / N)).toBeLessThan(5 / Math.sqrt(N));
      expect(Math.abs(sww / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
      expect(Math.abs(shh / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
      expect(Math.abs(swh / N)).toBeLessThan(5 / Math.sqrt(N));
    }
  });

  it('summed increments on a non-uniform grid give Var W(t1) − W(t0) = t1 − t0', () => {
    const n = 40_000;
    const grid = customGrid([0.1, 0.15, 0.4, 0.45, 0.9, 1.3]);
    const { dW } = drawBrownianIncrements(new Random(2), { n, dim: 1, grid });
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      let w = 0;
      for (const step of dW) w += step[k];
      s2 += w * w;
    }
    // E[W²] = 1.2; SE of the mean of W² is 1.2·√(2/n); 5 SE bound.
    expect(Math.abs(s2 / n - 1.2)).toBeLessThan(5 * 1.2 * Math.sqrt(2 / n));
  });

  it('is reproducible from the seed, and ΔW does not depend on whether H is drawn', () => {
    const shape = { n: 5, dim: 3, grid: uniformGrid(4) };
    const a = drawBrownianIncrements(new Random(9), shape, { levyArea: true });
    const b = drawBrownianIncrements(new Random(9), shape);
    const c = drawBrownianIncrements(new Random(10), shape);
    for (let i = 0; i < 4; i++) {
      expect(Array.from(b.dW[i])).toEqual(Array.from(a.dW[i]));
      expect(Array.from(c.dW[i])).not.toEqual(Array.from(a.dW[i]));
    }
    expect(a.levyArea?.length).toBe(4);
    // stepping a source gives the same numbers as drawing them up front
    const src = brownianIncrements(new Random(9), shape);
    const w = new Float64Array(15);
    src.increment(0, w);
    expect(Array.from(w)).toEqual(Array.from(a.dW[0]));
    expect(src.position).toBe(1);
  });

  it('enforces in-order steps and buffer sizes', () => {
    const src = brownianIncrements(new Random(1), { n: 2, dim: 1, grid: uniformGrid(2) });
    expect(() => src.increment(1, new Float64Array(2))).toThrow(InvalidParameterError);
    expect(() => src.increment(0, new Float64Array(3))).toThrow(DimensionMismatchError);
    src.increment(0, new Float64Array(2));
    src.increment(1, new Float64Array(2));
    expect(() => src.increment(2, new Float64Array(2))).toThrow(InvalidParameterError);
    expect(() => brownianIncrements({} as Random, { n: 1, dim: 1, grid: uniformGrid(1) })).toThrow(
      InvalidParameterError,
    );
    expect(() => brownianIncrements(new Random(1), { n: 0, dim: 1, grid: uniformGrid(1) })).toThrow(
      InvalidParameterError,
    );
  });

  it('replays stored increments and validates them', () => {
    const grid = uniformGrid(2);
    const shape = { n: 1, dim: 2, grid };
    const dW = [new Float64Array([1, 2]), new Float64Array([3, 4])];
    const src = brownianFromIncrements(shape, { dW });
    const out = new Float64Array(2);
    src.increment(1, out);
    expect(Array.from(out)).toEqual([3, 4]);
    src.increment(0, out);
    expect(Array.from(out)).toEqual([1, 2]);
    expect(() => src.increment(0, out, new Float64Array(2))).toThrow(/levyArea/);
    expect(() => brownianFromIncrements(shape, { dW: [dW[0]] })).toThrow(InvalidParameterError);
    expect(() => brownianFromIncrements(shape, { dW: [dW[0], new Float64Array(3)] })).toThrow(DimensionMismatchError);
    expect(() => brownianFromIncrements(shape, { dW: [dW[0], new Float64Array([0, NaN])] })).toThrow(
      NonFiniteValueError,
    );
  });
});
