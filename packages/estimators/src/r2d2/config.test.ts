import { describe, expect, it } from 'vitest';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2_DV_MAX_DIM, R2D2_KNN_EVAL_MAX_DIM, resolveR2D2Config } from './config.js';
import { R2D2 } from './r2d2.js';

describe('resolveR2D2Config defaults', () => {
  it('training entropy: DV up to d = 20, the Gaussian plug-in above (benchmarks/results/entropy-in-r2d2.json); an explicit choice wins', () => {
    const at = (d: number) => resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, d).entropy;
    expect(R2D2_DV_MAX_DIM).toBe(20);
    expect([1, 4, 5, 16, 20].map(at)).toEqual(['dv', 'dv', 'dv', 'dv', 'dv']);
    expect([21, 33].map(at)).toEqual(['gaussian', 'gaussian']);
    expect(resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5, entropy: 'knife' }, 33).entropy).toBe('knife');
  });

  it('evaluation entropy: whitened k-NN up to d = 5, the training estimator above, the plug-in for a Gaussian source; an explicit choice wins', () => {
    const at = (d: number) => resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, d).evalEntropy;
    expect(R2D2_KNN_EVAL_MAX_DIM).toBe(5);
    expect([1, 2, 5, 6, 33].map(at)).toEqual(['knn', 'knn', 'knn', 'train', 'train']);
    const opts = { epsMin: 0.1, epsMax: 0.5, hidden: [4] };
    const gmm = new R2D2(
      sourceFromSpec({ kind: 'gmm', weights: [0.5, 0.5], means: [-1, 1], variances: [0.1, 0.1] }),
      opts,
    );
    const gauss = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 2 }), opts);
    const chosen = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 2 }), { ...opts, evalEntropy: 'train' });
    expect([gmm, gauss, chosen].map((e) => e.config.evalEntropy)).toEqual(['knn', 'gaussian', 'train']);
    // The resolved choice is stored in the checkpoint, so a resumed run reads out the same way.
    expect(R2D2.fromJSON(gauss.toJSON(), sourceFromSpec({ kind: 'gaussian', variance: 2 })).config.evalEntropy).toBe(
      'gaussian',
    );
    for (const e of [gmm, gauss, chosen]) e.dispose();
  });

  it('controller: two hidden layers of 64 at learning rate 1e-3 with either start; the DV critic the same; explicit choices win', () => {
    for (const init of ['gaussian', 'zero'] as const) {
      const c = resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5, init }, 1);
      expect([c.hidden, c.learningRate, c.entropyHidden, c.entropyLearningRate]).toEqual([
        [64, 64],
        1e-3,
        [64, 64],
        1e-3,
      ]);
    }
    const paper = resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5, hidden: [128], learningRate: 1e-4 }, 1);
    expect([paper.hidden, paper.learningRate, paper.entropyHidden, paper.entropyLearningRate]).toEqual([
      [128],
      1e-4,
      [128],
      1e-4,
    ]);
  });

  it("noise: 'auto' and init: 'gaussian' are the defaults", () => {
    const c = resolveR2D2Config({ epsMin: 0.05, epsMax: 0.5 }, 2);
    expect(c.noise).toBe('auto');
    expect(c.init).toBe('gaussian');
  });
});
