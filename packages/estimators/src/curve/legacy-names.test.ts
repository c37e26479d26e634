// `batch` became `batchSize` (R2D2, runCurve, CurveJob) and R2D2's time-step count `steps` became `timeSteps`:
// the old option names still work, both names with different values are refused, and a run checkpoint written
// before the rename (fixtures/legacy-names-run-checkpoint.json, made at 0f4b35f by the script beside it) resumes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '../r2d2/r2d2.js';
import { fusedRolloutState } from '../r2d2/fused-rollout.js';
import { runCurve, type RunCurveOptions } from './run-curve.js';
import { CURVE_METHODS } from './methods.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/legacy-names-run-checkpoint.json', import.meta.url));
const legacy = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  run: { source: RunCurveOptions['source']; eps: number[]; backend: 'cpu'; options: Record<string, unknown> };
  methods: { r2d2: { config: Record<string, unknown> } };
};

// The settings the fixture was written with (its run configuration), without the budget and the batch size under
// its old name.
const { steps: _steps, batch: _batch, ...recorded } = legacy.run.options;
const settings: Omit<RunCurveOptions, 'steps'> = {
  ...(recorded as Partial<RunCurveOptions>),
  source: legacy.run.source,
  method: 'r2d2',
  eps: legacy.run.eps,
  backend: legacy.run.backend,
};

describe('the batchSize and timeSteps renames', () => {
  it('the fixture holds the old names (written before the rename)', () => {
    expect(legacy.run.options).toMatchObject({ batch: 8, steps: 2 });
    expect(legacy.run.options).not.toHaveProperty('batchSize');
    expect(legacy.methods.r2d2.config).toMatchObject({ batch: 8, steps: 4 });
    expect(legacy.methods.r2d2.config).not.toHaveProperty('batchSize');
    expect(legacy.methods.r2d2.config).not.toHaveProperty('timeSteps');
  });

  it('an R2D2 checkpoint that stores batch and steps loads under the new names', () => {
    const est = R2D2.fromJSON(legacy.methods.r2d2, sourceFromSpec({ kind: 'gaussian', variance: 1 }));
    try {
      expect(est.config).toMatchObject({ batchSize: 8, timeSteps: 4 });
      expect(est.config).not.toHaveProperty('batch');
      expect(est.config).not.toHaveProperty('steps');
      expect(est.steps).toBe(2);
      expect(est.toJSON().config).toMatchObject({ batchSize: 8, timeSteps: 4 });
    } finally {
      est.dispose();
    }
  });

  it('a run checkpoint that records batch resumes (given batchSize or batch) to the straight run', async () => {
    // The checkpoint's R2D2 config holds the learning rate of its day (1e-3; the warm start's default was 1e-4 for a
    // while after it), which a resumed run keeps: the straight run is given the same, whatever the default. Its first two
    // steps were trained through the taped rollout (before fused-rollout.ts, whose gradients differ in the last bits),
    // so both runs here take that path and compare bit for bit.
    const r2d2 = { ...(settings.r2d2 ?? {}), learningRate: legacy.methods.r2d2.config.learningRate as number };
    fusedRolloutState.enabled = false;
    try {
      const straight = await runCurve({ ...settings, r2d2, batchSize: 8, steps: 4 });
      for (const name of ['batchSize', 'batch'] as const) {
        const resumed = await runCurve({ ...settings, [name]: 8, steps: 4, budget: 'total', resume: FIXTURE });
        expect(resumed.train).toMatchObject({ steps: 2, totalSteps: 4 });
        expect(resumed.points).toEqual(straight.points);
      }
      // Left out, the batch size is the checkpoint's; another one is refused, named under its new name.
      const taken = await runCurve({ ...settings, steps: 4, budget: 'total', resume: FIXTURE });
      expect(taken.points).toEqual(straight.points);
    } finally {
      fusedRolloutState.enabled = true;
    }
    await expect(runCurve({ ...settings, batchSize: 16, steps: 4, budget: 'total', resume: FIXTURE })).rejects.toThrow(
      /options\.batchSize: 8 in the checkpoint, 16 given/,
    );
  });

  it('takes the deprecated batch as batchSize and refuses both with different values, naming batch', async () => {
    const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
    const small = { epsMin: 0.2, epsMax: 0.8, dt: 0.5, hidden: [4], entropy: 'gaussian' } as const;
    const est = new R2D2(source, { ...small, batch: 12 });
    expect(est.config.batchSize).toBe(12);
    est.dispose();
    const both = new R2D2(source, { ...small, batch: 12, batchSize: 12 });
    expect(both.config).toMatchObject({ batchSize: 12, timeSteps: 2 });
    both.dispose();
    expect(() => new R2D2(source, { ...small, batch: 12, batchSize: 16 })).toThrow(InvalidParameterError);
    expect(() => new R2D2(source, { ...small, batch: 12, batchSize: 16 })).toThrow(/batch.*batchSize \(16\)/);
    await expect(runCurve({ ...settings, steps: 1, batch: 8, batchSize: 16 })).rejects.toThrow(/batchSize \(16\)/);
    await expect(CURVE_METHODS.nerd.run({ source, eps: [0.5], steps: 1, batch: 8, batchSize: 16 })).rejects.toThrow(
      /batchSize \(16\)/,
    );
    await expect(runCurve({ ...settings, steps: 1, r2d2: { batch: 8, batchSize: 16 } })).rejects.toThrow(
      /batchSize \(16\)/,
    );
  });
});
