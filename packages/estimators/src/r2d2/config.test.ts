import { describe, expect, it } from 'vitest';
import { R2D2_DV_MAX_DIM, resolveR2D2Config } from './config.js';

describe('resolveR2D2Config defaults', () => {
  it('training entropy: DV up to d = 20, the Gaussian plug-in above (benchmarks/results/entropy-in-r2d2.json); an explicit choice wins', () => {
    const at = (d: number) => resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, d).entropy;
    expect(R2D2_DV_MAX_DIM).toBe(20);
    expect([1, 4, 5, 16, 20].map(at)).toEqual(['dv', 'dv', 'dv', 'dv', 'dv']);
    expect([21, 33].map(at)).toEqual(['gaussian', 'gaussian']);
    expect(resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5, entropy: 'knife' }, 33).entropy).toBe('knife');
    expect(resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, 5).evalEntropy).toBe('train');
  });

  it("noise: 'auto' and init: 'gaussian' are the defaults", () => {
    const c = resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, 2);
    expect(c.noise).toBe('auto');
    expect(c.init).toBe('gaussian');
  });
});
