import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '@ratedistortion/core';
import { SUITE_SOURCES } from './suite-catalogue.js';
import { suiteReferenceAtDistortion, suiteReferenceAtEps } from './suite-reference.js';
import { SUITE_REFERENCES_V1 } from './suite-references-v1.js';
import { runSuite } from './run-suite.js';

const scipyEntropy = JSON.parse(
  readFileSync(new URL('../../../analytic/src/bounds/fixtures/smoothed-entropy.json', import.meta.url), 'utf8'),
) as {
  cases: { base: { kind: string }; noiseVariance: number; entropy: number }[];
};

describe('RD benchmark suite: catalogue and references', () => {
  it('the versioned table has every catalogue source at every catalogue eps, and the cheap entries recompute to 1e-12', () => {
    expect(SUITE_REFERENCES_V1.map((t) => t.id)).toEqual(SUITE_SOURCES.map((s) => s.id));
    for (const s of SUITE_SOURCES) {
      const t = SUITE_REFERENCES_V1.find((x) => x.id === s.id)!;
      expect(t.points.map((p) => p.eps)).toEqual(s.eps);
      for (const p of t.points) {
        expect(['exact', 'ba']).toContain(p.kind);
        if (p.method === 'ba') continue; // BA entries: one is recomputed below (seconds each)
        const again = suiteReferenceAtEps(s, p.eps);
        expect(Math.abs(again.rate - p.rate)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.rate)));
        expect(again.distortion).toBeCloseTo(p.distortion, 14);
      }
    }
    const gmm = SUITE_SOURCES.find((s) => s.id === 'gmm-2d')!;
    const stored = SUITE_REFERENCES_V1.find((x) => x.id === 'gmm-2d')!.points[1];
    expect(suiteReferenceAtEps(gmm, stored.eps).rate).toBeCloseTo(stored.rate, 12);
  });

  it('deconvolution sources: the SLB with h(X) from quadrature, equal to the scipy entropy, and no reference beyond D = dσ²/2', () => {
    const s = SUITE_SOURCES.find((x) => x.id === 'uniform-noisy-1d')!;
    const h = scipyEntropy.cases.find((c) => c.base.kind === 'uniform' && c.noiseVariance === 0.01)!.entropy;
    const p = suiteReferenceAtEps(s, 0.01);
    expect(Math.abs(p.rate - (h - 0.5 * Math.log(2 * Math.PI * Math.E * 0.01)))).toBeLessThan(1e-8);
    expect(p.distortion).toBe(0.005);
    const atD = suiteReferenceAtDistortion(s, 0.0025);
    expect(atD.rate).toBeCloseTo(suiteReferenceAtEps(s, 0.005).rate, 12);
    expect(() => suiteReferenceAtDistortion(s, 0.006)).toThrow(ValidityRangeError);
    expect(() => suiteReferenceAtEps(s, 0.02)).toThrow(ValidityRangeError);
    const l = SUITE_SOURCES.find((x) => x.id === 'laplace-noisy-2d')!;
    const hl = scipyEntropy.cases.find((c) => c.base.kind === 'laplace' && c.noiseVariance === 0.05)!.entropy;
    expect(Math.abs(suiteReferenceAtEps(l, 0.05).rate - (2 * hl - Math.log(2 * Math.PI * Math.E * 0.05)))).toBeLessThan(
      2e-8,
    );
  });

  it('runSuite trains a per-eps method on one thread unless told otherwise (equal threads across methods)', async () => {
    // runCurve alone would give WGD one thread per eps model on a multi-core machine (see CurveJobSettings.workers).
    const r = await runSuite({ method: 'wgd', seconds: 0.6, sources: ['gaussian-1d'], backend: 'cpu', seed: 0 });
    expect(r.rows).toHaveLength(3);
    for (const row of r.rows) expect(row.workers).toBe(1);
  });

  it('runSuite scores each point at the distortion it reached, with an error bar, and names sources it does not know', async () => {
    const r = await runSuite({
      method: 'ba',
      seconds: 1,
      sources: ['gaussian-1d', 'uniform-noisy-1d'],
      backend: 'cpu',
      seed: 1,
      curve: { ba: { samples: 50_000, points: 200 } },
    });
    expect(r.suite.version).toBe(1);
    expect(r.rows.map((x) => x.source)).toEqual([
      'gaussian-1d',
      'gaussian-1d',
      'gaussian-1d',
      'uniform-noisy-1d',
      'uniform-noisy-1d',
      'uniform-noisy-1d',
    ]);
    for (const row of r.rows.filter((x) => x.source === 'gaussian-1d')) {
      // Gaussian: R(D̂) = ½log(1/(2D̂)) exactly
      expect(row.reference!.rate).toBeCloseTo(0.5 * Math.log(1 / (2 * row.distortion)), 10);
      expect(row.errorAtDistortion).toBeCloseTo(row.rate - row.reference!.rate, 12);
      if (row.errorSe !== undefined) expect(row.errorSe).toBeGreaterThanOrEqual(0);
      // BA on 5·10⁴ samples: sampling SD √(½/N) = 0.0032 nats, histogram grid < 1e-3
      expect(Math.abs(row.errorAtDistortion!)).toBeLessThan(0.02);
    }
    for (const row of r.rows.filter((x) => x.source === 'uniform-noisy-1d')) {
      if (row.distortion <= 0.005) expect(row.reference!.method).toBe('slb-deconvolution');
      else expect(row.note).toMatch(/distortion/);
    }
    await expect(runSuite({ method: 'ba', seconds: 1, sources: ['nope'] })).rejects.toThrow(/sources\[0\]/);
    await expect(runSuite({ method: 'ba', seconds: 0 })).rejects.toThrow(InvalidParameterError);
  });
});
