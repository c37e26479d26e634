// `rd sample` end to end: the printed samples have the spec's mean and covariance within Monte Carlo error,
// are reproducible from the seed, and the CSV and JSON forms carry the same float64 values.
import { describe, expect, it } from 'vitest';
import { parseSampleTable } from '../io/csv.js';
import { rd } from '../run/rd-in-memory.test-util.js';

describe('rd sample', () => {
  const cov = [
    [2, 0.6],
    [0.6, 1],
  ];
  const mean = [1, -2];
  const spec = JSON.stringify({ kind: 'gaussian', mean, covariance: cov });

  it('N(μ, Σ): sample mean and covariance within 4.5 standard errors of the exact values', async () => {
    const n = 6000;
    const r = await rd(['sample', '--source', spec, '--n', String(n), '--seed', '11']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { samples, header } = parseSampleTable(r.out);
    expect(header).toBeUndefined();
    expect(samples.n).toBe(n);
    expect(samples.dim).toBe(2);
    const m = [0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) m[j] += samples.data[2 * i + j] / n;
    const c = [
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) {
          c[a][b] += ((samples.data[2 * i + a] - m[a]) * (samples.data[2 * i + b] - m[b])) / (n - 1);
        }
    }
    // SE of a sample mean: sqrt(Σ_jj/n). SE of a Gaussian sample covariance entry: sqrt((Σ_aa Σ_bb + Σ_ab²)/n).
    // 4.5 SE: each of the 5 checks fails with probability < 1e-5 for a random seed; the seed is fixed anyway.
    for (let j = 0; j < 2; j++) expect(Math.abs(m[j] - mean[j])).toBeLessThan(4.5 * Math.sqrt(cov[j][j] / n));
    for (let a = 0; a < 2; a++)
      for (let b = a; b < 2; b++) {
        const se = Math.sqrt((cov[a][a] * cov[b][b] + cov[a][b] ** 2) / n);
        expect(Math.abs(c[a][b] - cov[a][b])).toBeLessThan(4.5 * se);
      }
  });

  it('the same seed reproduces the output; another seed changes it; the default seed is 0', async () => {
    const a = await rd(['sample', '--source', spec, '--n', '20', '--seed', '3']);
    const b = await rd(['sample', '--source', spec, '--n', '20', '--seed', '3']);
    const c = await rd(['sample', '--source', spec, '--n', '20', '--seed', '4']);
    const d0 = await rd(['sample', '--source', spec, '--n', '20']);
    const d1 = await rd(['sample', '--source', spec, '--n', '20', '--seed', '0']);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    expect(d0.out).toBe(d1.out);
  });

  it('--json and --csv --header carry the same values', async () => {
    const j = await rd(['sample', '--source', spec, '--n', '7', '--seed', '9', '--json']);
    const c = await rd(['sample', '--source', spec, '--n', '7', '--seed', '9', '--csv', '--header']);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out) as { kind: string; n: number; dim: number; seed: number; samples: number[][] };
    expect(parsed).toMatchObject({ kind: 'gaussian', n: 7, dim: 2, seed: 9 });
    const table = parseSampleTable(c.out);
    expect(table.header).toEqual(['x1', 'x2']);
    expect(parsed.samples.flat()).toEqual(Array.from(table.samples.data));
  });

  const bad: [string, string[], RegExp][] = [
    ['missing --n', ['--source', spec], /missing --n N/],
    ['zero n', ['--source', spec, '--n', '0'], /--n expects an integer in \[1, 100000000\], got '0'/],
    ['fractional n', ['--source', spec, '--n', '2.5'], /--n expects an integer/],
    ['negative seed', ['--source', spec, '--n', '3', '--seed', '-1'], /--seed expects an integer in \[0, 4294967295\]/],
    ['json and csv', ['--source', spec, '--n', '3', '--json', '--csv'], /exclusive/],
    ['unknown kind', ['--source', '{"kind":"nope"}', '--n', '3'], /nope.*Run 'rd sources'/],
    [
      'bad gmm weights',
      ['--source', '{"kind":"gmm","weights":[0.5,0.6],"means":[0,1],"variances":[1,1]}', '--n', '3'],
      /weights/,
    ],
    ['non-PD covariance', ['--source', '{"kind":"gaussian","covariance":[[1,2],[2,1]]}', '--n', '3'], /covariance/],
  ];
  for (const [what, argv, message] of bad) {
    it(`${what}: exit 2 with one line`, async () => {
      const r = await rd(['sample', ...argv]);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.code).toBe(2);
    });
  }
});
