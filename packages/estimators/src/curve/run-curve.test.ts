import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, type Random } from '@ratedistortion/core';
import { R2D2 } from '../r2d2/r2d2.js';
import { WGD } from '../wgd/wgd.js';
import { runCurve } from './run-curve.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-curve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quick = {
  batchSize: 64,
  dt: 0.05,
  hidden: [16],
  entropy: 'gaussian' as const,
  backend: 'cpu' as const,
  evalBatches: 3,
  evalBatchSize: 256,
  learningRate: 3e-3,
};

describe('runCurve', () => {
  it("records R2D2's read-out on a source with an infinite fourth moment: no control variate, why, stratified batches", async () => {
    const res = await runCurve({
      source: { kind: 'sinc4-mixture', weights: [1], scales: [1] },
      eps: [0.02, 0.04],
      steps: 1,
      ...quick,
      evalBatches: 2,
    });
    expect(res.train.readout).toEqual({
      entropy: 'knn',
      controlVariate: false,
      controlVariateWithheld: 'infinite-fourth-moment',
      sampling: 'stratified',
    });
  });

  it('trains, evaluates, attaches the closed-form Gaussian reference, writes and resumes a checkpoint', async () => {
    const file = join(dir, 'ckpt.json');
    const eps = [0.3, 0.6];
    const res = await runCurve({
      source: { kind: 'gaussian', variance: 2 },
      eps,
      steps: 80,
      seed: 1,
      checkpoint: file,
      ...quick,
    });
    expect(res.method).toBe('r2d2');
    expect(res.train).toMatchObject({ steps: 80, totalSteps: 80, backend: 'cpu', aborted: false, checkpoint: file });
    // eps up to 0.6 on variance 2: the fixed chain's Euler floor is small, so 'auto' keeps the paper's SDE.
    expect(res.train.chain).toBe('fixed');
    expect(res.points.map((p) => p.eps)).toEqual(eps);
    for (const p of res.points) {
      // Reference: R = ½ log(σ²/eps), D = eps/2 for a scalar Gaussian with eps < σ² (paper Eq. 78).
      expect(p.reference!.rate).toBeCloseTo(0.5 * Math.log(2 / p.eps), 10);
      expect(p.reference!.distortion).toBeCloseTo(p.eps / 2, 10);
      expect(p.rateError).toBeCloseTo(p.rate - p.reference!.rate, 12);
      // 80 small steps already put R̂ within ~0.05 nats here; 0.2 is a loose bound that a broken read-out fails.
      expect(Math.abs(p.rateError!)).toBeLessThan(0.2);
      expect(p.rateSe).toBeGreaterThan(0);
      expect(p.distortionSe).toBeGreaterThan(0);
      expect(p.rateIqr[0]).toBeLessThanOrEqual(p.rate);
      expect(p.rate).toBeLessThanOrEqual(p.rateIqr[1]);
      // At the distortion reached: R(D̂) = ½ log(σ²/(2D̂)) for D̂ < σ²/2.
      expect(p.referenceAtDistortion!.rate).toBeCloseTo(0.5 * Math.log(2 / (2 * p.distortion)), 10);
      expect(p.referenceAtDistortion!.eps).toBeCloseTo(2 * p.distortion, 12);
      expect(p.referenceAtDistortion!.reference).toBe('exact');
      expect(p.rateErrorAtDistortion).toBeCloseTo(p.rate - p.referenceAtDistortion!.rate, 12);
    }
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.format).toBe('ratedistortion/run-checkpoint');
    expect(saved.run).toMatchObject({
      source: { kind: 'gaussian', variance: 2 },
      methods: ['r2d2'],
      eps,
      backend: 'cpu',
      options: { seed: 1, hidden: [16] },
    });
    expect(saved.methods.r2d2.progress.steps).toBe(80);
    // The seed is left out: the checkpoint's (1) is used; steps may change.
    const resumed = await runCurve({
      source: { kind: 'gaussian', variance: 2 },
      eps,
      steps: 10,
      resume: file,
      ...quick,
    });
    expect(resumed.train.totalSteps).toBe(90);
    expect(resumed.train.steps).toBe(10);
  });

  it('evaluates per-eps methods on stratified source draws by default: smaller standard errors than i.i.d. draws', async () => {
    const job = {
      source: { kind: 'gaussian', variance: 1 },
      method: 'wgd' as const,
      eps: [0.5],
      steps: 30,
      seed: 2,
      ...quick,
      evalBatches: 8,
      evalBatchSize: 512,
    };
    const strat = await runCurve(job);
    const iid = await runCurve({ ...job, evalSampling: 'iid' });
    expect(strat.train.chain).toBeUndefined();
    // Measured (seeds 2, 3): rate SE 8–13× and distortion SE 4–9× smaller.
    expect(strat.points[0].rateSe).toBeLessThan(iid.points[0].rateSe / 3);
    expect(strat.points[0].distortionSe).toBeLessThan(iid.points[0].distortionSe / 2);
    await expect(runCurve({ ...job, evalSampling: 'lhs' as never })).rejects.toThrow(/evalSampling/);
  });

  it('attaches the reference for a full-covariance Gaussian: R = ½ log(det Σ / eps^d) below the smallest eigenvalue', async () => {
    const res = await runCurve({
      source: {
        kind: 'gaussian',
        covariance: [
          [1, 0.3],
          [0.3, 2],
        ],
      },
      eps: [0.2],
      steps: 1,
      ...quick,
    });
    // det Σ = 2 − 0.09 = 1.91; eigenvalues ≈ 0.92 and 2.08, both above eps, so every direction gets eps/2.
    expect(res.points[0].reference!.rate).toBeCloseTo(0.5 * Math.log(1.91 / 0.04), 8);
    expect(res.points[0].reference!.distortion).toBeCloseTo(0.2, 10);
  });

  it('omits the reference for sources without an analytic answer and rejects bad options', async () => {
    const res = await runCurve({ source: { kind: 'samples', rows: [0, 1, 3, 4] }, eps: [0.5], steps: 2, ...quick });
    expect(res.points[0].reference).toBeUndefined();
    expect(res.points[0].rateError).toBeUndefined();
    expect(res.points[0].referenceAtDistortion).toBeUndefined();
    await expect(runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [], ...quick })).rejects.toThrow(
      InvalidParameterError,
    );
    await expect(runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [0.1, -1], ...quick })).rejects.toThrow(
      /eps\[1\]/,
    );
    await expect(
      runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [0.1], method: 'vae' as never, ...quick }),
    ).rejects.toThrow(/method/);
    await expect(runCurve({ source: { kind: 'nope' }, eps: [0.1], ...quick })).rejects.toThrow(InvalidParameterError);
    // A checkpoint of a 1-D source cannot drive a 2-D one.
    const file = join(dir, 'one-d.json');
    await runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [0.5], steps: 1, checkpoint: file, ...quick });
    await expect(
      runCurve({ source: { kind: 'gaussian', variance: 1, dim: 2 }, eps: [0.5], steps: 1, resume: file, ...quick }),
    ).rejects.toThrow(/source\.dim/);
  });

  it('resume is checked: another source, method, width, seed or eps is refused naming the first difference; damage is refused', async () => {
    const file = join(dir, 'checked.json');
    const base = {
      source: { kind: 'gaussian', variance: 1 },
      eps: [0.25, 0.5],
      steps: 2,
      seed: 0,
      checkpoint: file,
      ...quick,
    };
    await runCurve(base);
    const again = { ...base, checkpoint: undefined, resume: file };
    await expect(runCurve({ ...again, source: { kind: 'laplace', scale: 1 } })).rejects.toThrow(
      /source\.kind: "gaussian" in the checkpoint, "laplace" given/,
    );
    await expect(runCurve({ ...again, hidden: [64, 64] })).rejects.toThrow(
      /options\.hidden: \[16\] in the checkpoint, \[64,64\] given/,
    );
    await expect(runCurve({ ...again, seed: 5 })).rejects.toThrow(/options\.seed: 0 in the checkpoint, 5 given/);
    await expect(runCurve({ ...again, method: 'wgd' })).rejects.toThrow(
      /methods\[0\]: "r2d2" in the checkpoint, "wgd" given/,
    );
    await expect(runCurve({ ...again, eps: [0.25, 0.75] })).rejects.toThrow(/eps\[1\]/);
    await expect(runCurve({ ...again, r2d2: { noise: 'controlled' } })).rejects.toThrow(
      /options\.r2d2\.noise: absent in the checkpoint, "controlled" given/,
    );
    // Steps, seconds and the memory budget may change.
    expect((await runCurve({ ...again, steps: 1, r2d2: { memoryBudget: 2 ** 30 } })).train.totalSteps).toBe(3);
    // A flipped byte, a truncated file, an empty file, a folder, a missing file: typed errors naming --resume.
    const text = readFileSync(file, 'utf8');
    const flipped = join(dir, 'flipped.json');
    writeFileSync(flipped, text.replace('"variance":1', '"variance":2'));
    await expect(runCurve({ ...again, resume: flipped })).rejects.toThrow(/Invalid resume: .*damaged or was edited/);
    writeFileSync(flipped, text.slice(0, text.length >> 1));
    await expect(runCurve({ ...again, resume: flipped })).rejects.toThrow(/Invalid resume: .*not valid JSON/);
    writeFileSync(flipped, '');
    await expect(runCurve({ ...again, resume: flipped })).rejects.toThrow(/the file is empty/);
    await expect(runCurve({ ...again, resume: dir })).rejects.toThrow(/Invalid resume: .*it is a folder/);
    await expect(runCurve({ ...again, resume: join(dir, 'none.json') })).rejects.toThrow(
      /Invalid resume: .*no such file/,
    );
    // The estimators read the same file (their own state out of it, checksum verified).
    const est = R2D2.fromJSON(text, {
      dim: 1,
      sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
    });
    expect(est.toJSON().progress.steps).toBe(3 - 1);
    est.dispose();
    expect(() =>
      WGD.fromJSON(text, {
        dim: 1,
        sample: () => {
          throw new Error('unused');
        },
      }),
    ).toThrow(/holding method 'wgd'/);
  });

  it('an unwritable checkpoint path fails before any training', async () => {
    const t0 = performance.now();
    await expect(
      runCurve({
        source: { kind: 'gaussian', variance: 1 },
        eps: [0.5],
        steps: 100000,
        checkpoint: join(dir, 'no', 'ck.json'),
        ...quick,
      }),
    ).rejects.toThrow(/Invalid checkpoint: .*folder does not exist/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
