import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/errors.js';
import { createFft } from './fft.js';

describe('createFft', () => {
  it('forward/inverse/real transforms agree with the direct DFT (N = 16) to 1e-13', () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) + 0.1 * i * i);
    const fft = createFft(n);
    const data = fft.createComplexArray();
    x.forEach((v, i) => {
      data[2 * i] = v;
    });
    const out = fft.createComplexArray();
    fft.transform(out, data);
    const real = new Float64Array(2 * n);
    fft.realTransform(real, x);
    fft.completeSpectrum(real);
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += x[j] * Math.cos((2 * Math.PI * k * j) / n);
        im -= x[j] * Math.sin((2 * Math.PI * k * j) / n);
      }
      expect(Math.abs(out[2 * k] - re)).toBeLessThan(1e-12);
      expect(Math.abs(out[2 * k + 1] - im)).toBeLessThan(1e-12);
      expect(Math.abs(real[2 * k] - re)).toBeLessThan(1e-12);
      expect(Math.abs(real[2 * k + 1] - im)).toBeLessThan(1e-12);
    }
    const back = fft.createComplexArray();
    fft.inverseTransform(back, out);
    x.forEach((v, i) => expect(Math.abs(back[2 * i] - v)).toBeLessThan(1e-13));
  });
  it('rejects sizes that are not powers of two', () => {
    expect(() => createFft(12)).toThrow(InvalidParameterError);
    expect(() => createFft(1)).toThrow(/size/);
  });
});
