// `rd analytic` end to end, against references computed here: Gaussian closed forms and reverse water-filling,
// the GMM BHE density (Eq. 22) and the GMM rate h(P0) − ½log(2πe·eps) with h(P0) by composite Simpson.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '@ratedistortion/core';
import { silvermanBandwidth } from '@ratedistortion/estimators';
import { rd } from '../run/rd-in-memory.test-util.js';

type Point = {
  eps: number;
  rate: number;
  distortion: number;
  method: string;
  reference: string;
  bheValid: boolean;
  gap?: number;
};
const gauss = (x: number, m: number, v: number) => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

describe('rd analytic: Gaussian sources', () => {
  it('scalar N(0, 2): R = ½log(σ²/eps), D = eps/2 below σ²; R = 0, D = σ²/2 above', async () => {
    const s2 = 2;
    const eps = [0.01, 0.1, 0.5, 1.9, 2.5, 4];
    const r = await rd([
      'analytic',
      '--source',
      `{"kind":"gaussian","variance":${s2}}`,
      '--eps',
      eps.join(','),
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { points } = JSON.parse(r.out) as { points: Point[] };
    expect(points.map((p) => p.eps)).toEqual(eps);
    for (const p of points) {
      const below = p.eps < s2;
      expect(p.rate).toBeCloseTo(below ? 0.5 * Math.log(s2 / p.eps) : 0, 12);
      expect(p.distortion).toBeCloseTo(below ? p.eps / 2 : s2 / 2, 12);
      expect(p.bheValid).toBe(below);
      expect(p.reference).toBe('exact');
      expect(typeof p.method).toBe('string');
    }
  });

  it('2-D correlated Gaussian: reverse water-filling on the eigenvalues of Σ', async () => {
    // Σ = [[2, .5], [.5, 1]]: eigenvalues (3 ± √2)/2 = 2.2071..., 0.7929...
    const lam = [(3 + Math.SQRT2) / 2, (3 - Math.SQRT2) / 2];
    const eps = [0.3, 1, 2, 3];
    const r = await rd([
      'analytic',
      '--source',
      '{"kind":"gaussian","covariance":[[2,0.5],[0.5,1]]}',
      '--eps',
      eps.join(','),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { points } = JSON.parse(r.out) as { points: Point[] };
    points.forEach((p, i) => {
      const e = eps[i];
      const rate = lam.reduce((a, l) => a + Math.max(0, 0.5 * Math.log(l / e)), 0);
      const dist = lam.reduce((a, l) => a + Math.min(e, l) / 2, 0);
      expect(p.rate).toBeCloseTo(rate, 10);
      expect(p.distortion).toBeCloseTo(dist, 10);
    });
  });

  it('the README quick-start: --eps-range 0.05:0.95:10 gives ten points, as a table, CSV and JSON', async () => {
    const src = '{"kind":"gaussian","variance":1}';
    const table = await rd(['analytic', '--source', src, '--eps-range', '0.05:0.95:10']);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/eps\s+rate \(nats\)\s+distortion \(half-sse\)\s+method\s+reference\s+gap \(nats\)/);
    expect(lines[1].trim().split(/\s+/).slice(0, 3).map(Number)).toEqual([
      0.05,
      Number((0.5 * Math.log(20)).toPrecision(6)),
      0.025,
    ]);

    const csv = await rd(['analytic', '--source', src, '--eps-range', '0.05:0.95:10', '--csv']);
    const rows = csv.out.trim().split('\n');
    expect(rows[0]).toBe('eps,rate,distortion,method,reference,gap');
    expect(rows).toHaveLength(11);
    rows.slice(1).forEach((row, i) => {
      const [e, rate, d] = row.split(',').map(Number);
      expect(e).toBeCloseTo(0.05 + 0.1 * i, 14);
      expect(rate).toBeCloseTo(-0.5 * Math.log(e), 12);
      expect(d).toBeCloseTo(e / 2, 14);
    });
  });

  it('--density: p_1 of N(0, σ²) at eps is the N(0, σ² − eps) density', async () => {
    const r = await rd([
      'analytic',
      '--source',
      '{"kind":"gaussian","variance":1}',
      '--density',
      '--eps',
      '0.36',
      '--x',
      '-2:2:9',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { eps, x, density } = JSON.parse(r.out) as { eps: number; x: number[]; density: number[] };
    expect(eps).toBe(0.36);
    expect(x).toEqual([-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]);
    x.forEach((xi, i) => expect(density[i]).toBeCloseTo(gauss(xi, 0, 0.64), 12));
  });
});

describe('rd analytic: Gaussian mixture in the BHE range', () => {
  const w = [0.3, 0.7];
  const mu = [-1, 0.8];
  const v = [0.2, 0.3];
  const spec = JSON.stringify({ kind: 'gmm', weights: w, means: mu, variances: v });
  const p0 = (x: number) => w.reduce((a, wi, i) => a + wi * gauss(x, mu[i], v[i]), 0);

  it('R = h(P0) − ½log(2πe·eps) and D = eps/2 for eps below the smallest variance', async () => {
    // h(P0) by composite Simpson on [-9, 9] (the tails beyond carry < 1e-40 of the mass), 36000 intervals.
    const a = -9,
      b = 9,
      m = 36000,
      h = (b - a) / m;
    let acc = 0;
    for (let i = 0; i <= m; i++) {
      const x = a + i * h;
      const p = p0(x);
      const f = p > 0 ? -p * Math.log(p) : 0;
      acc += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * f;
    }
    const entropy = (acc * h) / 3;
    const eps = [0.02, 0.1, 0.19];
    const r = await rd(['analytic', '--source', spec, '--eps', eps.join(','), '--json']);
    expect(r.err).toBe('');
    const { points } = JSON.parse(r.out) as { points: Point[] };
    points.forEach((p, i) => {
      expect(p.bheValid).toBe(true);
      expect(p.reference).toBe('exact');
      expect(p.distortion).toBeCloseTo(eps[i] / 2, 12);
      expect(p.rate).toBeCloseTo(entropy - 0.5 * Math.log(2 * Math.PI * Math.E * eps[i]), 8);
    });
  });

  it('--density gives Eq. (22): components N(μᵢ, σᵢ² − eps)', async () => {
    const eps = 0.15;
    const r = await rd(['analytic', '--source', spec, '--density', '--eps', String(eps), '--x', '-3:3:25', '--csv']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toBe('x,density');
    for (const row of rows.slice(1)) {
      const [x, p] = row.split(',').map(Number);
      expect(p).toBeCloseTo(
        w.reduce((acc, wi, i) => acc + wi * gauss(x, mu[i], v[i] - eps), 0),
        10,
      );
    }
  });

  it('--method bhe outside the validity range is a one-line usage error', async () => {
    const r = await rd(['analytic', '--source', spec, '--eps', '0.5', '--method', 'bhe']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^rd: .*eps/);
  });
});

describe('rd analytic: Blahut–Arimoto for any density, targets, units', () => {
  it('Laplace --method ba: converged BA rows with their dual gap, within 2e-4 nats of the scipy fixture at the reached D', async () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../../analytic/src/blahut-arimoto/fixtures/laplace-ba.json', import.meta.url), 'utf8'),
    ) as {
      points: { eps: number; rate: number; distortion: number }[];
    };
    const r = await rd([
      'analytic',
      '--source',
      '{"kind":"laplace","scale":1}',
      '--eps',
      '0.2,0.5',
      '--method',
      'ba',
      '--json',
    ]);
    expect(r.err).toBe('');
    const out = JSON.parse(r.out) as { conventions: { rate: string; distortion: string }; points: Point[] };
    expect(out.conventions).toMatchObject({ rate: 'nats', distortion: 'half-sse' });
    for (const p of out.points) {
      const f = fixture.points.find((q) => q.eps === p.eps) as (typeof fixture.points)[number];
      expect(p.reference).toBe('ba');
      expect(p.gap).toBeGreaterThanOrEqual(0);
      expect(Math.abs(p.rate - (f.rate + (f.distortion - p.distortion) / f.eps))).toBeLessThan(2e-4);
    }
  });

  it('--units bits --distortion sse|mse convert the printed numbers; --at-distortion / --at-rate read them in those units', async () => {
    const src = '{"kind":"gaussian","covariance":[[1,0],[0,0.25]]}';
    const nats = JSON.parse((await rd(['analytic', '--source', src, '--eps', '0.1', '--json'])).out) as {
      points: Point[];
    };
    const bits = JSON.parse(
      (await rd(['analytic', '--source', src, '--eps', '0.1', '--units', 'bits', '--distortion', 'mse', '--json'])).out,
    ) as {
      conventions: { rate: string; distortion: string; dim: number };
      points: Point[];
    };
    expect(bits.conventions).toMatchObject({ rate: 'bits', distortion: 'mse', dim: 2 });
    expect(bits.points[0].rate).toBeCloseTo(nats.points[0].rate / Math.LN2, 14);
    expect(bits.points[0].distortion).toBeCloseTo(nats.points[0].distortion, 14); // mse = 2D/d = D in 2-D
    const sse = JSON.parse(
      (await rd(['analytic', '--source', src, '--eps', '0.1', '--distortion', 'sse', '--json'])).out,
    ) as { points: Point[] };
    expect(sse.points[0].distortion).toBeCloseTo(2 * nats.points[0].distortion, 14);
    // water-filling at eps 0.1: D = 0.1 (half-sse) = 0.2 (sse); R = ½log(10) + ½log(2.5) nats
    const at = JSON.parse(
      (
        await rd([
          'analytic',
          '--source',
          src,
          '--at-distortion',
          '0.2',
          '--distortion',
          'sse',
          '--units',
          'bits',
          '--json',
        ])
      ).out,
    ) as { points: Point[] };
    expect(at.points[0].eps).toBeCloseTo(0.1, 14);
    expect(at.points[0].rate).toBeCloseTo((0.5 * Math.log(10) + 0.5 * Math.log(2.5)) / Math.LN2, 12);
    const back = JSON.parse(
      (await rd(['analytic', '--source', src, '--at-rate', String(at.points[0].rate), '--units', 'bits', '--json']))
        .out,
    ) as { points: Point[] };
    expect(back.points[0].distortion).toBeCloseTo(0.1, 12);
  });

  it('a grid-density SPEC is answered by BA on its own grid: a N(0, 1) grid on [−6, 6] gives ½log(1/eps)', async () => {
    const n = 240;
    const values = Array.from({ length: n }, (_, i) => Math.exp(-0.5 * (-6 + (i + 0.5) * (12 / n)) ** 2));
    const r = await rd([
      'analytic',
      '--source',
      JSON.stringify({ kind: 'grid-density', x: [-6, 6, n], values }),
      '--eps',
      '0.5',
      '--json',
    ]);
    expect(r.err).toBe('');
    const p = (JSON.parse(r.out) as { points: Point[] }).points[0];
    expect(p.reference).toBe('ba');
    // cell width 0.05: the grid's variance is 1 + O(h²) (h²/12 ≈ 2e-4 from the midpoint rule), so R within 1e-3
    expect(Math.abs(p.rate - 0.5 * Math.log(2))).toBeLessThan(1e-3);
  });

  it('a 1-D samples source is answered by BA on its kernel density estimate: N(0, 1) quantiles give ½log((1 + bw²)/eps)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-analytic-'));
    // 20,000 normal quantiles (no sampling noise; variance 0.9995): the Gaussian KDE is N(0, var + bw²) up to the
    // quantile grid, so R = ½log((var + bw²)/eps); the 200-point grid adds O(h²) ≈ 1e-4
    const n = 20000;
    const rows = Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
    const variance = rows.reduce((a, x) => a + x * x, 0) / n;
    const bw = silvermanBandwidth(rows);
    writeFileSync(join(dir, 'x.csv'), rows.join('\n'));
    const file = JSON.stringify(join(dir, 'x.csv'));
    const r = await rd(['analytic', '--source', `{"kind":"samples","file":${file}}`, '--eps', '0.25', '--json'], dir);
    expect(r.err).toBe('');
    const p = (JSON.parse(r.out) as { points: Point[] }).points[0];
    expect(p.method).toBe('ba');
    expect(p.reference).toBe('ba');
    expect(Math.abs(p.rate - 0.5 * Math.log((variance + bw * bw) / 0.25))).toBeLessThan(1e-3);
  });
});

describe('rd analytic: bad input', () => {
  const src = '{"kind":"gaussian","variance":1}';
  const cases: [string, string[], RegExp][] = [
    ['missing --source', ['--eps', '0.1'], /missing --source SPEC/],
    [
      'missing --eps',
      ['--source', src],
      /missing --eps LIST, --eps-range A:B:N, --at-distortion LIST or --at-rate LIST/,
    ],
    [
      'both eps forms',
      ['--source', src, '--eps', '0.1', '--eps-range', '0.1:0.2:2'],
      /give one of .*got --eps and --eps-range/,
    ],
    ['eps and a target', ['--source', src, '--eps', '0.1', '--at-rate', '1'], /got --eps and --at-rate/],
    [
      'bad units',
      ['--source', src, '--eps', '0.1', '--units', 'hartleys'],
      /--units must be nats or bits, got "hartleys"/,
    ],
    [
      'bad distortion convention',
      ['--source', src, '--eps', '0.1', '--distortion', 'rmse'],
      /--distortion must be one of half-sse, sse, mse/,
    ],
    ['distortion at or above ½·tr Cov', ['--source', src, '--at-distortion', '0.5'], /distortion.*\(0, 0\.5\)/],
    [
      'bhe for a Laplace source',
      ['--source', '{"kind":"laplace","scale":1}', '--eps', '0.1', '--method', 'bhe'],
      /'auto' or 'ba' for a laplace source/,
    ],
    [
      '3-D samples',
      ['--source', '{"kind":"samples","rows":[[0,1,2],[1,2,0],[2,0,1]]}', '--eps', '0.1'],
      /dimension 1 or 2 \(this one has 3\)/,
    ],
    ['non-numeric eps', ['--source', src, '--eps', 'abc'], /--eps expects a number, got 'abc'/],
    ['zero eps', ['--source', src, '--eps', '0.1,0'], /--eps must be > 0, got 0/],
    ['bad range', ['--source', src, '--eps-range', '0.1:0.5'], /--eps-range expects a:b:n/],
    ['non-positive range', ['--source', src, '--eps-range', '0:0.5:3'], /--eps-range start must be > 0/],
    [
      'unknown method',
      ['--source', src, '--eps', '0.1', '--method', 'magic'],
      /--method must be one of auto, closed-form, bhe, fourier, ba/,
    ],
    ['unknown kind', ['--source', '{"kind":"cauchy"}', '--eps', '0.1'], /cauchy.*Run 'rd sources'/],
    ['invalid JSON', ['--source', '{"kind":gaussian}', '--eps', '0.1'], /--source is not valid JSON/],
    [
      'missing spec file',
      ['--source', 'no-such-spec.json', '--eps', '0.1'],
      /cannot read --source file 'no-such-spec.json' \(no such file/,
    ],
    ['density without x', ['--source', src, '--density', '--eps', '0.1'], /--density needs --x A:B:N/],
    [
      'density with a list',
      ['--source', src, '--density', '--eps', '0.1,0.2', '--x', '0:1:3'],
      /--eps expects a number/,
    ],
    ['x without density', ['--source', src, '--eps', '0.1', '--x', '0:1:3'], /--x only applies with --density/],
  ];
  for (const [what, argv, message] of cases) {
    it(`${what}: exit 2, one line`, async () => {
      const r = await rd(['analytic', ...argv]);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^rd: /);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.code).toBe(2);
    });
  }

  it('reads --source from a JSON file relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-analytic-'));
    writeFileSync(join(dir, 'g.json'), '{"kind":"gaussian","variance":4}');
    const r = await rd(['analytic', '--source', 'g.json', '--eps', '1', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).points[0].rate).toBeCloseTo(0.5 * Math.log(4), 12);
  });
});
