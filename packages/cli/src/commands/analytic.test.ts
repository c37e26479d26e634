// `rd analytic` end to end, against references computed here: Gaussian closed forms and reverse water-filling,
// the GMM BHE density (Eq. 22) and the GMM rate h(P0) − ½log(2πe·eps) with h(P0) by composite Simpson.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdInMemory } from '../run/rd-in-memory.test-util.js';

const rd = (argv: string[], cwd?: string) => rdInMemory(argv, { cwd });

type Point = { eps: number; rate: number; distortion: number; method: string; valid: boolean };
const gauss = (x: number, m: number, v: number) => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

describe('rd analytic: Gaussian sources', () => {
  it('scalar N(0, 2): R = ½log(σ²/eps), D = eps/2 below σ²; R = 0, D = σ²/2 above', async () => {
    const s2 = 2;
    const eps = [0.01, 0.1, 0.5, 1.9, 2.5, 4];
    const r = await rd(['analytic', '--source', `{"kind":"gaussian","variance":${s2}}`, '--eps', eps.join(','), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { points } = JSON.parse(r.out) as { points: Point[] };
    expect(points.map((p) => p.eps)).toEqual(eps);
    for (const p of points) {
      const below = p.eps < s2;
      expect(p.rate).toBeCloseTo(below ? 0.5 * Math.log(s2 / p.eps) : 0, 12);
      expect(p.distortion).toBeCloseTo(below ? p.eps / 2 : s2 / 2, 12);
      expect(p.valid).toBe(below);
      expect(typeof p.method).toBe('string');
    }
  });

  it('2-D correlated Gaussian: reverse water-filling on the eigenvalues of Σ', async () => {
    // Σ = [[2, .5], [.5, 1]]: eigenvalues (3 ± √2)/2 = 2.2071..., 0.7929...
    const lam = [(3 + Math.SQRT2) / 2, (3 - Math.SQRT2) / 2];
    const eps = [0.3, 1, 2, 3];
    const r = await rd(['analytic', '--source', '{"kind":"gaussian","covariance":[[2,0.5],[0.5,1]]}', '--eps', eps.join(','), '--json']);
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
    expect(lines[0]).toMatch(/eps\s+rate \(nats\)\s+distortion\s+method\s+valid/);
    expect(lines[1].trim().split(/\s+/).slice(0, 3).map(Number)).toEqual([0.05, Number((0.5 * Math.log(20)).toPrecision(6)), 0.025]);

    const csv = await rd(['analytic', '--source', src, '--eps-range', '0.05:0.95:10', '--csv']);
    const rows = csv.out.trim().split('\n');
    expect(rows[0]).toBe('eps,rate,distortion,method,valid');
    expect(rows).toHaveLength(11);
    rows.slice(1).forEach((row, i) => {
      const [e, rate, d] = row.split(',').map(Number);
      expect(e).toBeCloseTo(0.05 + 0.1 * i, 14);
      expect(rate).toBeCloseTo(-0.5 * Math.log(e), 12);
      expect(d).toBeCloseTo(e / 2, 14);
    });
  });

  it('--density: p_1 of N(0, σ²) at eps is the N(0, σ² − eps) density', async () => {
    const r = await rd(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--density', '--eps', '0.36', '--x', '-2:2:9', '--json']);
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
    const a = -9, b = 9, m = 36000, h = (b - a) / m;
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
      expect(p.valid).toBe(true);
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
      expect(p).toBeCloseTo(w.reduce((acc, wi, i) => acc + wi * gauss(x, mu[i], v[i] - eps), 0), 10);
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

describe('rd analytic: bad input', () => {
  const src = '{"kind":"gaussian","variance":1}';
  const cases: [string, string[], RegExp][] = [
    ['missing --source', ['--eps', '0.1'], /missing --source SPEC/],
    ['missing --eps', ['--source', src], /missing --eps LIST or --eps-range A:B:N/],
    ['both eps forms', ['--source', src, '--eps', '0.1', '--eps-range', '0.1:0.2:2'], /either --eps or --eps-range/],
    ['non-numeric eps', ['--source', src, '--eps', 'abc'], /--eps expects a number, got 'abc'/],
    ['zero eps', ['--source', src, '--eps', '0.1,0'], /--eps must be > 0, got 0/],
    ['bad range', ['--source', src, '--eps-range', '0.1:0.5'], /--eps-range expects a:b:n/],
    ['non-positive range', ['--source', src, '--eps-range', '0:0.5:3'], /--eps-range start must be > 0/],
    ['unknown method', ['--source', src, '--eps', '0.1', '--method', 'magic'], /--method must be one of auto, closed-form, bhe, fourier, ba/],
    ['unknown kind', ['--source', '{"kind":"cauchy"}', '--eps', '0.1'], /cauchy.*Run 'rd sources'/],
    ['invalid JSON', ['--source', '{"kind":gaussian}', '--eps', '0.1'], /--source is not valid JSON/],
    ['missing spec file', ['--source', 'no-such-spec.json', '--eps', '0.1'], /cannot read --source file 'no-such-spec.json' \(no such file/],
    ['no analytic answer', ['--source', '{"kind":"laplace","scale":1}', '--eps', '0.1'], /no analytic answer for kind 'laplace'/],
    ['density without x', ['--source', src, '--density', '--eps', '0.1'], /--density needs --x A:B:N/],
    ['density with a list', ['--source', src, '--density', '--eps', '0.1,0.2', '--x', '0:1:3'], /--eps expects a number/],
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
