// `rd plot` and `rd analytic --plot` end to end: results saved by the CLI itself are redrawn, and the SVG read
// back through its axes must carry the closed-form Gaussian R(D) / p_1 / u* it was given.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisMap, decodePng, findAll, hasClass, parseXml, pathPoints } from '../plot/svg-reader.test-util.js';
import { rd } from '../run/rd-in-memory.test-util.js';

const GAUSS = '{"kind":"gaussian","variance":1}';

describe('rd plot', () => {
  it('redraws a saved rd analytic --json result: the reference line is R = ½log(1/eps) at D = eps/2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const a = await rd(['analytic', '--source', GAUSS, '--eps-range', '0.1:0.9:9', '--json']);
    expect(a.code).toBe(0);
    writeFileSync(join(dir, 'rd.json'), a.out);
    const r = await rd(['plot', 'rd.json', '--out', 'rd.svg', '--title', 'unit Gaussian'], dir);
    expect(r.err).toBe(`rd plot: wrote ${join(dir, 'rd.svg')}\n`);
    expect(r.code).toBe(0);
    const svg = parseXml(readFileSync(join(dir, 'rd.svg'), 'utf8'));
    const X = axisMap(svg, 'x');
    const Y = axisMap(svg, 'y');
    const pts = pathPoints(findAll(svg, hasClass('reference'))[0].attrs.d);
    expect(pts).toHaveLength(9);
    pts.forEach(([px, py], i) => {
      const e = 0.1 + 0.1 * i;
      expect(X.toData(px)).toBeCloseTo(e / 2, 4);
      expect(Y.toData(py)).toBeCloseTo(0.5 * Math.log(1 / e), 4);
    });
    expect(findAll(svg, hasClass('title'))[0].text).toBe('unit Gaussian');
  });

  it('draws several curve results (one per method) in one plot with IQR bands and one shared reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const eps = [0.2, 0.5, 0.8];
    const curve = (method: string, bias: number) => ({
      method,
      source: { kind: 'gaussian', variance: 1 },
      points: eps.map((e) => {
        const ref = 0.5 * Math.log(1 / e);
        return {
          eps: e,
          rate: ref + bias,
          distortion: e / 2,
          rateIqr: [ref + bias - 0.02, ref + bias + 0.02],
          distortionIqr: [e / 2 - 0.01, e / 2 + 0.01],
          reference: { rate: ref, distortion: e / 2, method: 'closed-form' },
          rateError: bias,
        };
      }),
      train: { steps: 10, totalSteps: 10, seconds: 1, backend: 'cpu', aborted: false },
    });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(curve('r2d2', 0.01)));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(curve('nerd', 0.08)));
    const r = await rd(['plot', 'a.json', 'b.json', '--out', 'both.svg'], dir);
    expect(r.code).toBe(0);
    const svg = parseXml(readFileSync(join(dir, 'both.svg'), 'utf8'));
    expect(findAll(svg, hasClass('series-line')).map((n) => n.attrs['data-name'])).toEqual(['r2d2', 'nerd']);
    expect(findAll(svg, hasClass('iqr-band'))).toHaveLength(2);
    expect(findAll(svg, hasClass('reference'))).toHaveLength(1);
    const Y = axisMap(svg, 'y');
    const nerd = findAll(svg, (n) => hasClass('series-points')(n) && n.attrs['data-name'] === 'nerd')[0];
    findAll(nerd, (n) => n.name === 'circle').forEach((c, i) =>
      expect(Y.toData(Number(c.attrs.cy))).toBeCloseTo(0.5 * Math.log(1 / eps[i]) + 0.08, 4),
    );
  });

  it('a drift result naming its source gets u* = −eps·x/(σ² − eps·t) filled in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const x = [-2, -1, 0, 1, 2];
    writeFileSync(
      join(dir, 'drift.json'),
      JSON.stringify({
        eps: 0.5,
        source: { kind: 'gaussian', variance: 1 },
        slices: [0, 1].map((t) => ({ t, x, drift: x.map((v) => -0.45 * v) })),
      }),
    );
    const r = await rd(['plot', 'drift.json', '--out', 'drift.svg'], dir);
    expect(r.code).toBe(0);
    const svg = parseXml(readFileSync(join(dir, 'drift.svg'), 'utf8'));
    const Y = axisMap(svg, 'y');
    const refs = findAll(svg, hasClass('reference-drift'));
    expect(refs).toHaveLength(2);
    refs.forEach((p, k) =>
      pathPoints(p.attrs.d).forEach(([, py], i) => expect(Y.toData(py)).toBeCloseTo((-0.5 * x[i]) / (1 - 0.5 * k), 3)),
    );
  });

  it('usage errors exit with 2 and one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    writeFileSync(join(dir, 'bad.json'), '{"points": 3');
    writeFileSync(join(dir, 'odd.json'), '{"hello": 1}');
    writeFileSync(join(dir, 'ok.json'), '{"eps":0.1,"x":[0,1],"density":[0.3,0.2]}');
    const cases: [string[], RegExp][] = [
      [['plot', '--out', 'x.svg'], /missing RESULT\.json/],
      [['plot', 'ok.json'], /missing --out/],
      [['plot', 'ok.json', '--out', 'x.pdf'], /must end in \.svg or \.png/],
      [['plot', 'nope.json', '--out', 'x.svg'], /cannot read RESULT file 'nope\.json' \(no such file/],
      [['plot', 'bad.json', '--out', 'x.svg'], /'bad\.json' is not JSON/],
      [['plot', 'odd.json', '--out', 'x.svg'], /Invalid result.*keys hello/],
      [['plot', 'ok.json', 'ok.json', '--out', 'x.svg'], /a single density result/],
      [['plot', 'ok.json', '--out', 'x.svg', '--bins', '0'], /--bins/],
    ];
    for (const [argv, re] of cases) {
      const r = await rd(argv, dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(re);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('--help lists the RESULT.json argument and the options', async () => {
    const r = await rd(['plot', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Arguments:\n\s+RESULT\.json\s+JSON result files/);
    expect(r.out).toMatch(/--out FILE/);
  });
});

describe('rd analytic --plot', () => {
  it('writes the density p_1 = N(0, 1 − eps) as PNG beside the normal output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const r = await rd(
      ['analytic', '--source', GAUSS, '--density', '--eps', '0.36', '--x', '-3:3:61', '--json', '--plot', 'p1.png'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).density).toHaveLength(61);
    expect(r.err).toMatch(/wrote .*p1\.png/);
    const png = decodePng(readFileSync(join(dir, 'p1.png')));
    expect([png.width, png.height]).toEqual([1280, 840]);
  });

  it('writes the R(D) curve as SVG; a bad plot name fails before any work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-plot-'));
    const r = await rd(['analytic', '--source', GAUSS, '--eps', '0.25,0.5', '--plot', 'rd.svg'], dir);
    expect(r.code).toBe(0);
    const svg = parseXml(readFileSync(join(dir, 'rd.svg'), 'utf8'));
    const X = axisMap(svg, 'x');
    const Y = axisMap(svg, 'y');
    const pts = pathPoints(findAll(svg, hasClass('reference'))[0].attrs.d);
    expect(pts.map(([px]) => Number(X.toData(px).toFixed(4)))).toEqual([0.125, 0.25]);
    expect(Y.toData(pts[0][1])).toBeCloseTo(Math.log(2), 4);
    const bad = await rd(['analytic', '--source', GAUSS, '--eps', '0.25', '--plot', 'rd.jpg'], dir);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
  });
});
