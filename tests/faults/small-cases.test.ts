// The smaller cases of issue 18 and the resource bounds: each gets a typed error naming the parameter (or the
// right answer) instead of NaN, a raw system error, or an allocation that runs the machine out of memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, NonFiniteValueError, Random, kdeBandwidth, logSumExp64 } from '@ratedistortion/core';
import { histogramSource1d, reconstructionDensity } from '@ratedistortion/analytic';
import { GAUSSIAN_MAX_DIM, SPEC_MAX_DIM, sourceFromSpec } from '@ratedistortion/datasets';
import { BlahutArimotoEstimator, WGD, runCurve } from '@ratedistortion/estimators';
import { rdInMemory } from '../../packages/cli/src/run/rd-in-memory.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-fault-small-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rd = (argv: string[]) => rdInMemory(argv, { cwd: dir });
const normal = {
  dim: 1,
  sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
};

describe('resource bounds', () => {
  it('a Gaussian of dim 100000 is refused at once (dense covariance); uniform/Laplace above SPEC_MAX_DIM too', () => {
    const t0 = performance.now();
    expect(() => sourceFromSpec({ kind: 'gaussian', variance: 1, dim: 100000 })).toThrow(
      new RegExp(`Invalid dim: expected an integer in \\[1, ${GAUSSIAN_MAX_DIM}\\]`),
    );
    expect(() => sourceFromSpec({ kind: 'gaussian', decay: 0.1, dim: 5000 })).toThrow(/dense d×d covariance/);
    expect(() => sourceFromSpec({ kind: 'uniform', low: 0, high: 1, dim: SPEC_MAX_DIM + 1 })).toThrow(
      InvalidParameterError,
    );
    expect(() => sourceFromSpec({ kind: 'laplace', scale: 1, dim: 2 ** 53 - 1 })).toThrow(InvalidParameterError);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(sourceFromSpec({ kind: 'gaussian', variance: 1, dim: 64 }).dim).toBe(64);
  });

  it('rd plot --width 100000 is refused before drawing', async () => {
    const r = await rd(['plot', 'none.json', '--out', 'p.png', '--width', '100000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--width/);
  });
});

describe('smaller cases', () => {
  it('rd curve --eval-batch-size 1 is refused before training, for every method', async () => {
    for (const method of ['r2d2', 'wgd']) {
      const r = await rd([
        'curve',
        '--source',
        '{"kind":"gaussian","variance":1}',
        '--method',
        method,
        '--eps',
        '0.5',
        '--steps',
        '100000',
        '--eval-batch-size',
        '1',
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--eval-batch-size/);
    }
    await expect(
      runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [0.5], steps: 1e6, evalBatchSize: 1 }),
    ).rejects.toThrow(/Invalid evalBatchSize/);
  });

  it('a samples SPEC naming a missing file exits 2 with the path', async () => {
    const r = await rd(['entropy', '--source', '{"kind":"samples","file":"no-such.csv"}']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such\.csv/);
  });

  it('runCurve({ resume: missing }), WGD/BA fromJSON of bad text: typed errors', async () => {
    await expect(
      runCurve({ source: { kind: 'gaussian', variance: 1 }, eps: [0.5], steps: 1, resume: join(dir, 'none.json') }),
    ).rejects.toThrow(InvalidParameterError);
    expect(() => WGD.fromJSON('{bad', normal)).toThrow(/Invalid checkpoint: expected JSON text of a WGD checkpoint/);
    expect(() => BlahutArimotoEstimator.fromJSON('{bad', normal)).toThrow(InvalidParameterError);
  });

  it('core and analytic edge inputs: typed errors instead of NaN, Infinity or −1', () => {
    expect(() => histogramSource1d([], -1, 1, 10)).toThrow(/Invalid samples/);
    expect(() => kdeBandwidth('scott', 0, 1)).toThrow(/Invalid n/);
    expect(() => new Random(1).categorical([])).toThrow(/Invalid weights/);
    expect(() => new Random(1).categorical([1, -1])).toThrow(/Invalid weights\[1\]/);
    expect(() => reconstructionDensity({ kind: 'gaussian', mean: [0], covariance: [[1]] }, 0.5, [NaN])).toThrow(
      /Invalid xs/,
    );
    expect(() => logSumExp64([NaN, 1])).toThrow(NonFiniteValueError);
    expect(logSumExp64([0, 0])).toBeCloseTo(Math.log(2), 15);
  });
});
